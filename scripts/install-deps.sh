#!/usr/bin/env bash
# Installs every Debian package robo_trader's build, tests and benchmarks need.
# Idempotent: when everything is present it does nothing and says so. When something is
# missing and we are not root, it names the packages and the command to run, and fails.
set -euo pipefail

packages=(
  # build
  cmake ninja-build g++ pkg-config clang-format
  # libraries (design.md lists why each one)
  libboost-dev libsqlite3-dev sqlite3 nlohmann-json3-dev libspdlog-dev libfmt-dev
  libtomlplusplus-dev libcli11-dev libeigen3-dev libhowardhinnant-date-dev tzdata
  libconcurrentqueue-dev libreaderwriterqueue-dev nettle-dev libjemalloc-dev
  # tests and benchmarks (chromium: the dashboard's browser tests; clang: the decoder's
  # libFuzzer target, `make fuzz`)
  libgtest-dev libgmock-dev librapidcheck-dev libbenchmark-dev chromium clang
  # the Python package (python/, tests/python/, docs/python.md) for Debian's /usr/bin/python3
  python3-dev python3-pybind11 pybind11-dev python3-numpy python3-pandas python3-pytest python3-distributed python3-dask
)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done

# npm packages for the @stoqey/ib conformance test (build-local; quick when present).
node_deps() { bash "$(dirname "${BASH_SOURCE[0]}")/install-node-deps.sh" || true; }

if ((${#missing[@]} == 0)); then
  node_deps
  exit 0
fi

echo "install-deps: missing Debian packages: ${missing[*]}"
if [[ $(id -u) -ne 0 ]]; then
  echo "install-deps: not running as root; install them with:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
echo "install-deps: installed ${#missing[@]} package(s)"
node_deps
