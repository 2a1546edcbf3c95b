#!/usr/bin/env bash
# Linux on a virtio-blk disk, end to end: builds an ext4 image with `mke2fs -d` (a file in it),
# boots Debian's kernel (tools/guest/boot-guest.sh) with the disk, loads virtio_ring, virtio,
# virtio_mmio and virtio_blk from the same kernel package (Debian builds them as modules), mounts
# /dev/vda, reads the file, writes one, syncs, unmounts and powers off. Then, on the host,
# debugfs reads the guest's file from the image; with --snapshot the image must be byte-identical
# to what it was before the run instead. The GET_ID string reaches /sys/block/vda/serial.
#
#   linux-disk.sh --vp build/vp [--snapshot]     # vp: -s devices.virtio0.model=virtio_blk ...
#   linux-disk.sh --qemu [--snapshot]            # QEMU: -drive ... -device virtio-blk-device (reference)
#   linux-disk.sh --vp build/vp --qemu-options [--snapshot]   # vp with QEMU's -drive/-device/-snapshot
#   linux-disk.sh --vp build/vp --readonly       # readonly: true; the guest reads, its writes fail
#   linux-disk.sh --vp build/vp|--qemu --blank   # a blank image: the guest formats it (busybox
#                                                # mke2fs), writes, syncs; e2fsck -fn and debugfs check it
#   linux-disk.sh ... --qcow2                    # the same ext4 as a qcow2 image (qemu-img convert);
#                                                # with --qemu-options given without format= (probed);
#                                                # checked with qemu-img check and, converted back to
#                                                # raw by qemu-img, with debugfs
#
# Oracles: mke2fs and debugfs (e2fsprogs), the guest (fetch-guest.sh), QEMU for --qemu, qemu-img
# (qemu-utils) for --qcow2. A missing
# one fails, or skips (77) under VP_ALLOW_MISSING_ORACLES=1.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
boot_guest="$here/../../tools/guest/boot-guest.sh"
vp="" snapshot=0 qemu=0 qemu_options=0 readonly=0 blank=0 qcow2=0
while [ $# -gt 0 ]; do
    case "$1" in
        --vp) vp="$2"; shift 2 ;;
        --qemu) qemu=1; shift ;;
        --snapshot) snapshot=1; shift ;;
        --qemu-options) qemu_options=1; shift ;;
        --readonly) readonly=1; shift ;;
        --blank) blank=1; shift ;;
        --qcow2) qcow2=1; shift ;;
        *) echo "linux-disk: unknown argument '$1'" >&2; exit 2 ;;
    esac
done
name=linux-disk
. "$here/guest-modules.sh"
for tool in mke2fs debugfs e2fsck; do
    command -v "$tool" >/dev/null || [ -x "/usr/sbin/$tool" ] || missing_oracle "$tool missing (Debian package e2fsprogs)"
done
export PATH="$PATH:/usr/sbin:/sbin"
[ "$qcow2" -eq 0 ] || command -v qemu-img >/dev/null || missing_oracle "qemu-img missing (Debian package qemu-utils)"

guest_modules

work=$(mktemp -d "${TMPDIR:-/tmp}/vp-linux-disk.XXXXXX")
trap 'rm -rf "$work"' EXIT

# The disk: 16 MiB of ext4 holding /hello.txt.
mkdir -p "$work/fs"
echo "hello from the host disk" >"$work/fs/hello.txt"
mke2fs -q -F -t ext4 -L vpdisk -d "$work/fs" "$work/disk.img" 16M
cp "$work/disk.img" "$work/before.img"

# What the initramfs gets: the modules with vda-up (guest-modules.sh) and the test programs.
virtio_disk_extra "$work/extra"
cat >"$work/extra/bin/disk-test" <<'GUEST'
#!/bin/sh
vda-up || exit 1
mkdir -p /mnt
mount -t ext4 /dev/vda /mnt || { echo "disk: mount failed"; exit 1; }
read -r line </mnt/hello.txt
echo "written by the guest" >/mnt/guest.txt
sync
umount /mnt || { echo "disk: umount failed"; exit 1; }
echo "disk: ok [$line] [$(cat /sys/block/vda/serial)]"
GUEST
cat >"$work/extra/bin/disk-test-blank" <<'GUEST'
#!/bin/sh
vda-up || exit 1
mke2fs -L guestfs /dev/vda >/dev/null 2>&1 || { echo "disk: mke2fs failed"; exit 1; }
mkdir -p /mnt
mount -t ext2 /dev/vda /mnt || { echo "disk: mount failed"; exit 1; }
seq 1 20000 >/mnt/numbers.txt
sync
umount /mnt || { echo "disk: umount failed"; exit 1; }
echo "disk: blank formatted [$(seq 1 20000 | md5sum | cut -c1-32)]"
GUEST
cat >"$work/extra/bin/disk-test-ro" <<'GUEST'
#!/bin/sh
vda-up || exit 1
mkdir -p /mnt
mount -t ext4 -o ro,noload /dev/vda /mnt || { echo "disk: mount failed"; exit 1; }
read -r line </mnt/hello.txt
umount /mnt
if dd if=/dev/zero of=/dev/vda bs=512 count=1 conv=fsync 2>/dev/null; then w=written; else w=refused; fi
echo "disk: ro [$line] [$(cat /sys/block/vda/ro)] [$w]"
GUEST
chmod +x "$work/extra/bin/disk-test" "$work/extra/bin/disk-test-ro" "$work/extra/bin/disk-test-blank"
if [ "$blank" -eq 1 ]; then
    rm -f "$work/disk.img"
    truncate -s 32M "$work/disk.img"
fi

# The image the emulator gets: the raw file, or the same bytes as qcow2 (the raw file is then
# what the host checks, converted back from the qcow2 after the run).
image="$work/disk.img" format=raw
if [ "$qcow2" -eq 1 ]; then
    image="$work/disk.qcow2" format=qcow2
    qemu-img convert -f raw -O qcow2 "$work/disk.img" "$image"
    cp "$image" "$work/before.qcow2"
fi

serial=vp-disk-0001
expect="disk: ok [hello from the host disk] [$serial]"
if [ "$qemu" -eq 1 ] || [ "$qemu_options" -eq 1 ]; then
    drive="file=$image,format=$format,if=none,id=hd0"
    # QEMU users often leave format= out; vp probes the image as QEMU does.
    [ "$qemu_options" -eq 1 ] && [ "$qcow2" -eq 1 ] && drive="file=$image,if=none,id=hd0"
    emu=(--timeout 150 -- -drive "$drive"
        -device "virtio-blk-device,drive=hd0,serial=$serial")
    [ "$snapshot" -eq 1 ] && emu+=(-snapshot)
    if [ "$qemu_options" -eq 1 ]; then
        [ -n "$vp" ] || fail "--qemu-options needs --vp VP"
        emu=(--vp "$vp" "${emu[@]}")
    fi
else
    [ -n "$vp" ] || fail "--vp VP or --qemu"
    emu=(--vp "$vp" --timeout 150 -- -s devices.virtio0.model=virtio_blk -s "devices.virtio0.image=$image"
        -s "devices.virtio0.format=$format" -s "devices.virtio0.serial=$serial")
    [ "$snapshot" -eq 1 ] && emu+=(-s devices.virtio0.snapshot=true)
    [ "$readonly" -eq 1 ] && emu+=(-s devices.virtio0.readonly=true)
fi
test_program=/bin/disk-test
if [ "$blank" -eq 1 ]; then
    test_program=/bin/disk-test-blank
    expect="disk: blank formatted [$(seq 1 20000 | md5sum | cut -c1-32)]"
fi
if [ "$readonly" -eq 1 ]; then
    test_program=/bin/disk-test-ro
    expect="disk: ro [hello from the host disk] [1] [refused]"
fi
"$boot_guest" --smp 1 --extra "$work/extra" --check "$test_program" "$expect" "${emu[@]}"

if [ "$qcow2" -eq 1 ]; then
    qemu-img check -f qcow2 "$image" >"$work/check.log" 2>&1 || { cat "$work/check.log" >&2; fail "qemu-img check: the qcow2 image is not consistent"; }
    if [ "$snapshot" -eq 1 ]; then
        cmp -s "$image" "$work/before.qcow2" || fail "the qcow2 image changed although the disk was a snapshot"
    fi
    qemu-img convert -f qcow2 -O raw "$image" "$work/disk.img"
    [ "$snapshot" -eq 1 ] || [ "$blank" -eq 1 ] || ! cmp -s "$work/disk.img" "$work/before.img" ||
        fail "the qcow2 image reads back unchanged: the guest's write did not reach it"
fi

if [ "$blank" -eq 1 ]; then
    e2fsck -fn "$work/disk.img" >"$work/fsck.log" 2>&1 || { cat "$work/fsck.log" >&2; fail "e2fsck -fn: the guest's file system is not clean"; }
    [ "$(debugfs -R "cat /numbers.txt" "$work/disk.img" 2>/dev/null | md5sum)" = "$(seq 1 20000 | md5sum)" ] ||
        fail "debugfs: /numbers.txt on the image is not the guest's seq 1 20000"
    [ "$(dumpe2fs -h "$work/disk.img" 2>/dev/null | sed -n 's/^Filesystem volume name: *//p')" = guestfs ] ||
        fail "the image's volume name is not the guest's mke2fs -L guestfs"
    echo "linux-disk: PASS (blank: the guest formatted the disk; the host sees a clean file system with its file)"
elif [ "$readonly" -eq 1 ]; then
    cmp -s "$work/disk.img" "$work/before.img" || fail "the read-only image changed"
    echo "linux-disk: PASS (read-only: the guest read the disk, its write was refused, the image is unchanged)"
elif [ "$snapshot" -eq 1 ]; then
    cmp -s "$work/disk.img" "$work/before.img" || fail "the image changed although the disk was a snapshot"
    echo "linux-disk: PASS (snapshot: the image is byte-identical)"
else
    got=$(debugfs -R "cat /guest.txt" "$work/disk.img" 2>/dev/null)
    [ "$got" = "written by the guest" ] || fail "debugfs: /guest.txt holds '$got', expected 'written by the guest'"
    echo "linux-disk: PASS (the host image holds the guest's file)"
fi
