#!/usr/bin/env bash
# Fetches real TypeScript workloads, for the benchmark and for the differential corpus test
# (test/unit/typescript-corpus.test.ts): packages whose npm tarballs ship their src/,
# unpacked (never installed, built or run) under DEST/npm/<name>-<version>/package. Only the npm
# registry is needed, through `npm pack`, which checks each tarball against the registry's integrity
# hash. Python's workloads are the system's standard library (/usr/lib/python3.11), already on disk,
# and Django 3.2 from Debian's python3-django (below).
# A package unpacked before is kept, so a second run fetches nothing.
# usage: scripts/get-workloads.sh [DEST]   (DEST defaults to test/bench/workloads)
set -euo pipefail

# The versions test/bench/workloads.mjs and test/bench/RESULTS.md are measured on (effect, rxjs) and the
# corpus test reads (all three; blueprint brings TSX).
PACKAGES=(effect@4.1.0 rxjs@7.8.2 @blueprintjs/core@6.20.0)

root=$(cd "$(dirname "$0")/.." && pwd)
dest=${1:-$root/test/bench/workloads}
mkdir -p "$dest/npm"
download=$(mktemp -d)
trap 'rm -rf "$download"' EXIT

for spec in "${PACKAGES[@]}"; do
  name=${spec%@*}
  version=${spec##*@}
  # npm's tarball name: @scope/name becomes scope-name.
  folder=${name#@}
  target="$dest/npm/${folder//\//-}-$version"
  if [ -d "$target/package/src" ]; then
    echo "$spec: already in $target/package/src"
    continue
  fi
  tarball=$(cd "$download" && npm pack --silent "$spec" | tail -n 1)
  # Unpacked beside the target and moved into place at the end: an interrupted run never leaves a
  # half-unpacked folder that a later run would take for a complete one.
  rm -rf "$target.partial" && mkdir -p "$target.partial"
  tar -xzf "$download/$tarball" -C "$target.partial"
  rm -rf "$target" && mv "$target.partial" "$target"
  files=$(find "$target/package/src" -type f \( -name '*.ts' -o -name '*.tsx' \) ! -name '*.d.ts' | wc -l)
  echo "$spec: $files TypeScript files in $target/package/src"
done

# Django 3.2 as Debian packages it (python3-django): fetched with apt-get download (checked by apt against
# the archive's signed index), unpacked — never installed — under DEST/debian/python3-django. The package
# (…/usr/lib/python3/dist-packages/django) is the Python workload next to the standard library.
django="$dest/debian/python3-django"
if [ -d "$django/usr/lib/python3/dist-packages/django" ]; then
  echo "python3-django: already in $django"
elif command -v apt-get >/dev/null && command -v dpkg-deb >/dev/null; then
  # apt's download user cannot write into a folder of mktemp's; it warns and downloads as the caller.
  (cd "$download" && apt-get download python3-django 2>/dev/null) || true
  deb=$(ls "$download"/python3-django_*.deb 2>/dev/null | head -n 1)
  if [ -n "$deb" ]; then
    rm -rf "$django.partial" && mkdir -p "$django.partial"
    dpkg-deb -x "$deb" "$django.partial"
    rm -rf "$django" && mv "$django.partial" "$django"
    files=$(find "$django/usr/lib/python3/dist-packages/django" -name '*.py' | wc -l)
    echo "python3-django: $files Python files in $django/usr/lib/python3/dist-packages/django"
  else
    echo "python3-django: apt-get download failed; the Django workload is skipped" >&2
  fi
else
  echo "python3-django: no apt-get/dpkg-deb here; the Django workload is skipped" >&2
fi
