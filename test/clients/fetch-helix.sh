#!/usr/bin/env bash
# Fetches Helix for the editor tests: Debian 12 does not package it, so this takes Debian 13's `hx`
# with the libc and libgcc it was built against, unpacked into DEST (nothing is installed, no apt
# state of the machine changes). Run it as `DEST/root/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2
# --library-path DEST/root/usr/lib/x86_64-linux-gnu DEST/root/usr/lib/hx/hx`; DEST/hx does that.
set -euo pipefail
dest="${1:?usage: fetch-helix.sh DEST}"
suite="${HELIX_DEBIAN_SUITE:-trixie}"
mkdir -p "$dest"/apt/lists/partial "$dest"/apt/cache/archives/partial "$dest"/debs "$dest"/root
dest="$(cd "$dest" && pwd)"

# The machine's own Debian mirror (the first URI of its apt sources), asked for the newer suite.
mirror="$(grep -hoE '^(URIs:[[:space:]]*|deb[[:space:]]+)[a-z]+://[^[:space:]]+' \
  /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null | head -n 1 | grep -oE '[a-z]+://[^[:space:]]+' || true)"
[ -n "$mirror" ] || { echo "no Debian mirror in this machine's apt sources" >&2; exit 1; }
echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror $suite main" >"$dest/apt/sources.list"
apt=(apt-get -qq
  -o "Dir::Etc::sourcelist=$dest/apt/sources.list" -o "Dir::Etc::sourceparts=-"
  -o "Dir::State::Lists=$dest/apt/lists" -o "Dir::Cache=$dest/apt/cache"
  -o "APT::Sandbox::User=$(id -un)")
"${apt[@]}" update
(cd "$dest/debs" && "${apt[@]}" download hx libc6 libgcc-s1)
for deb in "$dest"/debs/*.deb; do dpkg-deb -x "$deb" "$dest/root"; done

lib="$dest/root/usr/lib/x86_64-linux-gnu"
cat >"$dest/hx" <<EOF
#!/bin/sh
# Debian 13's Helix with its own loader and libraries (Debian 12's glibc is too old for it).
HELIX_RUNTIME="\${HELIX_RUNTIME:-$dest/root/usr/lib/hx/runtime}" exec "$lib/ld-linux-x86-64.so.2" --library-path "$lib" "$dest/root/usr/lib/hx/hx" "\$@"
EOF
chmod +x "$dest/hx"
"$dest/hx" --version
