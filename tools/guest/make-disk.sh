#!/usr/bin/env bash
# Builds a guest that boots from a virtio disk: an ext4 root file system image with busybox
# (made with `mke2fs -d`, no root privileges) and a small initramfs that loads the kernel's
# virtio modules, mounts root= (default /dev/vda) and switch_roots to the disk's busybox init.
# Kernel and modules come from the cached Debian guest (tools/guest/fetch-guest.sh), so they
# always match. The root image is kept between runs (the guest's files persist); --force
# rebuilds it.
#
# Usage: tools/guest/make-disk.sh [--cache DIR] [--out DIR] [--size SIZE] [--force]
#   --cache DIR  the guest cache (default ${VP_GUEST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/vp/guest})
#   --out DIR    where the disk guest goes (default CACHE/disk)
#   --size SIZE  root image size for mke2fs (default 256M)
#   --force      rebuild the root image even if it exists
# Outputs (in OUT): rootfs.img, initramfs-disk.cpio.gz, disk.env (ROOT_IMAGE=, DISK_INITRD=,
#   KERNEL=), printed on stdout too. Boot it with
#   vp -kernel $KERNEL -initrd $DISK_INITRD -append "console=ttyAMA0 root=/dev/vda" \
#      -drive file=$ROOT_IMAGE,format=raw,if=virtio          (tools/run.sh --disk does this)
# Environment: VP_MKINITRAMFS=path of vp_mkinitramfs (else built in ${VP_BUILD_DIR:-build}).
set -euo pipefail

die() { echo "make-disk: error: $*" >&2; exit 1; }
script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo_root=$(cd "$script_dir/../.." && pwd)
cache="${VP_GUEST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/vp/guest}"
out="" size=256M force=0
while [ $# -gt 0 ]; do
    case "$1" in
        --cache) cache="$2"; shift 2 ;;
        --out) out="$2"; shift 2 ;;
        --size) size="$2"; shift 2 ;;
        --force) force=1; shift ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown argument '$1' (see --help)" ;;
    esac
done
export PATH="$PATH:/usr/sbin:/sbin"
command -v mke2fs >/dev/null || die "mke2fs not found (Debian package e2fsprogs)"

"$script_dir/fetch-guest.sh" --cache "$cache" >&2 || die "fetch-guest.sh could not provide the guest"
# shellcheck disable=SC1091
. "$cache/guest.env"
out=${out:-$cache/disk}
mkdir -p "$out" || die "cannot create '$out'"
out=$(cd "$out" && pwd)
busybox="$cache/root/busybox/bin/busybox"
moddir=$(ls -d "$cache"/root/kernel/lib/modules/*/kernel 2>/dev/null | head -n 1)
[ -x "$busybox" ] || die "no busybox in $cache/root/busybox"
[ -n "$moddir" ] || die "no kernel modules under $cache/root/kernel/lib/modules"

if [ -n "${VP_MKINITRAMFS:-}" ]; then
    mkinitramfs=$VP_MKINITRAMFS
else
    build="${VP_BUILD_DIR:-$repo_root/build}"
    cmake --build "$build" --target vp_mkinitramfs >&2 || die "building vp_mkinitramfs failed"
    mkinitramfs="$build/tools/guest/vp_mkinitramfs"
fi
[ -x "$mkinitramfs" ] || die "vp_mkinitramfs '$mkinitramfs' not executable"

work=$(mktemp -d "${TMPDIR:-/tmp}/vp-make-disk.XXXXXX")
trap 'rm -rf "$work"' EXIT

# The initramfs: busybox, the virtio modules (those the kernel package has) and the disk /init.
mkdir -p "$work/initrd/lib/vp-modules" "$work/initrd/bin"
# virtio_pci too, so that the same guest boots in QEMU with -drive if=virtio (virtio-blk-pci there).
for m in virtio/virtio_ring virtio/virtio virtio/virtio_mmio virtio/virtio_pci_legacy_dev \
    virtio/virtio_pci_modern_dev virtio/virtio_pci block/virtio_blk net/virtio_net net/net_failover \
    char/hw_random/virtio-rng char/virtio_console; do
    [ -f "$moddir/drivers/$m.ko" ] && cp "$moddir/drivers/$m.ko" "$work/initrd/lib/vp-modules/"
done
[ -f "$moddir/net/core/failover.ko" ] && cp "$moddir/net/core/failover.ko" "$work/initrd/lib/vp-modules/"
[ -f "$work/initrd/lib/vp-modules/virtio_blk.ko" ] || die "the kernel package has no virtio_blk module"
cp "$busybox" "$work/initrd/bin/busybox"
cp "$script_dir/disk/init" "$work/initrd/init"
cat >"$work/initrd.spec" <<SPEC
dir /dev 0755
nod /dev/console 0600 c 5 1
tree / $work/initrd
slink /bin/sh busybox
SPEC
"$mkinitramfs" -o "$out/initramfs-disk.cpio.gz" "$work/initrd.spec" || die "vp_mkinitramfs failed"

# The root file system: busybox (its applet links are made on first boot), busybox init and the
# files under tools/guest/disk/etc.
if [ "$force" -eq 1 ] || [ ! -f "$out/rootfs.img" ]; then
    root="$work/root"
    mkdir -p "$root"/{bin,sbin,etc,dev,proc,sys,tmp,root,mnt,usr/bin,usr/sbin,var}
    chmod 1777 "$root/tmp"
    cp "$busybox" "$root/bin/busybox"
    ln -s busybox "$root/bin/sh"
    ln -s ../bin/busybox "$root/sbin/init"
    cp -r "$script_dir/disk/etc/." "$root/etc/"
    echo "This file was written by tools/guest/make-disk.sh." >"$root/root/README"
    mke2fs -q -F -t ext4 -L vproot -E root_owner=0:0 -d "$root" "$out/rootfs.img.tmp" "$size" >&2 ||
        die "mke2fs failed"
    mv -f "$out/rootfs.img.tmp" "$out/rootfs.img"
fi

{
    echo "KERNEL=$KERNEL"
    echo "DISK_INITRD=$out/initramfs-disk.cpio.gz"
    echo "ROOT_IMAGE=$out/rootfs.img"
} | tee "$out/disk.env"
