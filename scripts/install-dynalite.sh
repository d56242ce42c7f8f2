#!/usr/bin/env bash
# Installs dynalite (npm package: a DynamoDB implementation on LevelDB) into DIR/node_modules for
# the DynamoDB sink's integration test, and prints the path of its launcher.
# Usage: scripts/install-dynalite.sh DIR
# Idempotent and quick: does nothing but print the path when the pinned version is installed.
set -euo pipefail

version=4.0.0
dir=${1:?usage: install-dynalite.sh DIR}
launcher="$dir/node_modules/dynalite/cli.js"
installed="$dir/node_modules/dynalite/package.json"

if [ -f "$installed" ] && grep -q "\"version\": \"$version\"" "$installed"; then
  echo "$launcher"
  exit 0
fi
command -v npm >/dev/null || { echo "npm is missing: run scripts/install-deps.sh" >&2; exit 1; }
mkdir -p "$dir"
npm install --prefix "$dir" --no-audit --no-fund --no-save --loglevel=error "dynalite@$version" >&2
[ -f "$launcher" ] || { echo "dynalite installed, but $launcher is missing" >&2; exit 1; }
echo "$launcher"
