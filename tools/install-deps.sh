#!/usr/bin/env bash
# Installs the Debian 12 packages vp builds and tests with. Idempotent: does nothing when
# everything is present. Uses sudo when not root.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  libsystemc-dev libcapstone-dev libfdt-dev libyaml-cpp-dev libgtest-dev libfmt-dev libcli11-dev zlib1g-dev
  gcc-aarch64-linux-gnu libc6-dev-arm64-cross binutils-aarch64-linux-gnu libunicorn-dev qemu-system-arm gdb-multiarch device-tree-compiler verilator
  cpio gzip ca-certificates bc gnuplot-nox
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "vp: installing Debian packages: ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
