#!/usr/bin/env bash
# Fetches real TypeScript workloads, for the benchmark and for the differential corpus test
# (test/unit/typescript-corpus.test.ts): packages whose npm tarballs ship their src/,
# unpacked (never installed, built or run) under DEST/npm/<name>-<version>/package. Only the npm
# registry is needed, through `npm pack`, which checks each tarball against the registry's integrity
# hash. Python's workload is the system's standard library (/usr/lib/python3.11), already on disk.
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
