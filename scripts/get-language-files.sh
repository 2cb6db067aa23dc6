#!/usr/bin/env bash
# Fetches one large, real, hand-written source file per language Lantern parses beyond TypeScript and
# Python, for the benchmark's full-parse and one-keystroke-reparse rows (test/bench/languages.mjs).
# Sources are the registries these machines reach: Debian's packages (`apt-get download`, checked by apt
# against the archive's signatures; unpacked with dpkg-deb, never installed) and the npm registry
# (`npm pack`, checked against the registry's integrity hash). Generated files (Go's opGen.go, Rust's
# neon/generated.rs, UniTask's *.Generated.cs and T4 output) are avoided on purpose: they are not what
# a user edits. C comes from tree-sitter's own vendored sources, already in node_modules.
# A file fetched before is kept, so a second run fetches nothing.
# usage: scripts/get-language-files.sh [DEST]   (DEST defaults to test/bench/workloads/languages)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
dest=${1:-$root/test/bench/workloads/languages}
mkdir -p "$dest"
download=$(mktemp -d)
trap 'rm -rf "$download"' EXIT

# name in DEST | Debian package | path inside the package
DEBIAN_FILES=(
  "server.go|golang-1.19-src|./usr/share/go-1.19/src/net/http/server.go"
  "iterator.rs|rust-src|./usr/src/rustc-1.63.0/library/core/src/iter/traits/iterator.rs"
  "optparse.rb|libruby3.1|./usr/lib/ruby/3.1.0/optparse.rb"
  "json.hpp|nlohmann-json3-dev|./usr/include/nlohmann/json.hpp"
)

# Writes DEST/name atomically: a half-written file is never taken for a complete one by a later run.
place() {
  local name=$1 source=$2
  [ -s "$source" ] || { echo "$name: nothing extracted" >&2; return 1; }
  mv "$source" "$dest/$name"
  echo "$name: $(wc -l <"$dest/$name") lines"
}

for entry in "${DEBIAN_FILES[@]}"; do
  IFS='|' read -r name package path <<<"$entry"
  [ -s "$dest/$name" ] && { echo "$name: already in $dest"; continue; }
  (cd "$download" && apt-get download -qq "$package" 2>/dev/null)
  dpkg-deb --fsys-tarfile "$download/${package}"_*.deb | tar -xO "$path" >"$download/$name"
  place "$name" "$download/$name"
done

# Java: the JDK's sources come as one src.zip inside the package.
if [ ! -s "$dest/ConcurrentHashMap.java" ]; then
  (cd "$download" && apt-get download -qq openjdk-17-source 2>/dev/null)
  dpkg-deb --fsys-tarfile "$download"/openjdk-17-source_*.deb |
    tar -xO ./usr/lib/jvm/openjdk-17/lib/src.zip >"$download/src.zip"
  # python3 rather than unzip: every machine here has it (the README needs it for the tree-sitter compile).
  python3 -c 'import sys, zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))' \
    "$download/src.zip" java.base/java/util/concurrent/ConcurrentHashMap.java >"$download/ConcurrentHashMap.java"
  place ConcurrentHashMap.java "$download/ConcurrentHashMap.java"
else
  echo "ConcurrentHashMap.java: already in $dest"
fi

# C#: Cysharp's UniTask, published to npm for Unity's package manager.
if [ ! -s "$dest/UnityAsyncExtensions.cs" ]; then
  tarball=$(cd "$download" && npm pack --silent com.cysharp.unitask@2.2.5 | tail -n 1)
  tar -xzf "$download/$tarball" -C "$download" package/Runtime/UnityAsyncExtensions.cs
  place UnityAsyncExtensions.cs "$download/package/Runtime/UnityAsyncExtensions.cs"
else
  echo "UnityAsyncExtensions.cs: already in $dest"
fi

# C: tree-sitter's query engine, vendored in the tree-sitter package the project installs.
if [ ! -s "$dest/query.c" ]; then
  cp "$root/node_modules/tree-sitter/vendor/tree-sitter/lib/src/query.c" "$download/query.c"
  place query.c "$download/query.c"
else
  echo "query.c: already in $dest"
fi
