#!/usr/bin/env bash
# Installs every Debian 12 package that building vp, its tests, tools/run.sh, the guest tooling,
# the benchmarks and tools/fresh-check.sh use. Each package is named: nothing relies on
# Recommends (apt-get runs with --no-install-recommends). Idempotent: does nothing when
# everything is present. Uses sudo when not root.
set -euo pipefail

packages=(
  # building vp: compiler, build tools and the libraries libvp links
  build-essential cmake ninja-build pkg-config git
  libsystemc-dev libcapstone-dev libxbyak-dev libfdt-dev libyaml-cpp-dev libfmt-dev libcli11-dev zlib1g-dev libslirp-dev libnbd-dev
  # tests: GoogleTest, the arm64 cross toolchain and C library for the guest programs, and the
  # independent oracles (unicorn, QEMU, gdb, dtc, Verilator for the RTL models)
  libgtest-dev
  gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu libc6-dev-arm64-cross
  libunicorn-dev qemu-system-arm gdb-multiarch device-tree-compiler verilator
  # scripts the tests and tools run: terminal tests (script), process listing, archive tools,
  # arithmetic in the benchmarks, plots of the sweeps
  bsdutils procps cpio gzip bc time gnuplot-nox
  # RTL waveforms: vcd2fst writes the FST files vp records as VCD, fst2vcd reads them back in the tests
  gtkwave
  # qcow2 disks: qemu-nbd serves them to vp (libnbd), qemu-img makes and reads them in the tests
  qemu-utils
  # the virtio disk tests: ext4 images built with mke2fs -d and read back with debugfs
  e2fsprogs
  # the virtio-net tests and benchmark: the host's HTTP server and client (python3 -m http.server)
  python3
  # the guest tooling (tools/guest/fetch-guest.sh downloads Debian's arm64 kernel with apt)
  ca-certificates
  # tools/fresh-check.sh: a minimal Debian root to run the README's commands in
  debootstrap
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
