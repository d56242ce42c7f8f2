#!/usr/bin/env bash
# Installs the Debian 12 packages Vigil needs to build, test and run.
# Idempotent: does nothing when every package is already installed.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git curl ca-certificates openssl
  libboost1.81-dev libboost-json1.81-dev
  libsqlite3-dev sqlite3
  libre2-dev libssl-dev libyaml-cpp-dev libspdlog-dev libfmt-dev libcli11-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libxgboost-dev                           # ml/: model training and the reference predictor
  clang-16 libclang-rt-16-dev llvm-16      # make test-sanitize: libFuzzer, sanitizers, symbolizer
  python3
  awscli python3-boto3                     # tests/integration/test_afd_api.py: the real AFD clients
  e2fsprogs mount  # mkfs.ext4, e2fsck, losetup: the storage failure tests
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
# Node.js and npm run dynalite, the DynamoDB implementation tests/integration/test_dynamodb_sink.py
# writes to (scripts/install-dynalite.sh). A Node.js installed otherwise (with its own npm) is
# kept: Debian's npm package would conflict with it.
command -v npm >/dev/null || missing+=(nodejs npm)
[ ${#missing[@]} -eq 0 ] && exit 0

echo "installing: ${missing[*]}"
sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
