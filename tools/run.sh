#!/usr/bin/env bash
# Builds vp and boots the default platform (platforms/virt.yaml): Debian 12's stock arm64 Linux
# (fetched and cached by tools/guest/fetch-guest.sh) with a busybox initramfs, on 2 cores, to an
# interactive shell on this terminal (Ctrl-A x quits; `poweroff -f` ends the guest). The Linux run
# uses --realtime: the boot runs as fast as vp can, but an idle shell waits in real time (no host
# CPU spent, guest clocks follow the wall clock) instead of racing ahead through idle time.
#
#   tools/run.sh [--disk [IMAGE]] [VP ARGS...]
#   --disk [IMAGE]  boot to a shell on a root file system on a virtio disk (/dev/vda) instead of
#                   the initramfs: IMAGE, or the busybox root disk tools/guest/make-disk.sh builds
#                   once and keeps in the guest cache (files written there persist between runs;
#                   `poweroff` shuts down cleanly), with the network up (-nic user: DHCP gives the
#                   guest 10.0.2.15, the host is 10.0.2.2; add -nic user,hostfwd=tcp::2222-:22 for
#                   a port forward). A bigger disk: tools/guest/make-disk.sh --force --size 1G.
#
# Extra arguments go to vp; with -kernel the given kernel (or bare-metal ELF) is run instead, e.g.
#   tools/run.sh -kernel build/tests/baremetal/hello.elf
set -euo pipefail
cd "$(dirname "$0")/.."
build=${VP_BUILD_DIR:-build}
tools/build.sh --target vp_main vp_mkinitramfs
disk=0 image=""
if [ "${1:-}" = --disk ]; then
    disk=1
    shift
    if [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; then image=$1; shift; fi
fi
args=("$@")
has_kernel=0
for a in "$@"; do
  case "$a" in -kernel|--kernel) has_kernel=1 ;; esac
done
export VP_MKINITRAMFS="$build/tools/guest/vp_mkinitramfs"
if [ "$disk" = 1 ]; then
  # shellcheck disable=SC1091
  . <(tools/guest/make-disk.sh)
  image=${image:-$ROOT_IMAGE}
  [ -f "$image" ] || { echo "run.sh: disk image '$image' not found" >&2; exit 1; }
  args=(-smp 2 -kernel "$KERNEL" -initrd "$DISK_INITRD" -append "console=ttyAMA0 root=/dev/vda"
    -drive "file=$image,format=raw,if=virtio" -nic user --realtime "${args[@]}")
elif [ "$has_kernel" = 0 ]; then
  tools/guest/fetch-guest.sh >&2
  # shellcheck disable=SC1091
  . "${VP_GUEST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/vp/guest}/guest.env"
  args=(-smp 2 -kernel "$KERNEL" -initrd "$INITRD" -append "console=ttyAMA0" --realtime "${args[@]}")
fi
exec "$build"/vp platforms/virt.yaml "${args[@]}"
