#!/usr/bin/env bash
# A Linux boot checkpointed mid-way and restored ends like the boot that never stopped (the
# oracle): the same console output (the saving run's, then the restored run's) and the same
# instruction count per core at the same simulated end (--timeout). The RTC's base is fixed
# (by default it is the host's clock at start, which differs between the runs).
# Usage: checkpoint-restore.sh VP_BINARY SMP [disk|qcow2|rtl-gpio GPIO_LOOP|net-none]. disk boots from
# tools/guest/make-disk.sh's root image on a snapshot=on virtio disk instead of the initramfs, saved at 1.24 s (after ext4's mount, before the prompt): the
# checkpoint then holds the disk's overlay (ext4's writes at mount and boot), and the image file
# must be unchanged after both runs. qcow2: the same with the root image converted to qcow2 by
# qemu-img (vp's overlay over a read-only qemu-nbd). rtl-gpio: the initramfs boot on
# platforms/virt-rtl-gpio.yaml, whose Verilated rtl.pl061 (its state saved by Verilator's
# --savable) Linux's gpio-pl061 drives: the login shell's /etc/profile, added to the initramfs
# as a second archive (vp_mkinitramfs, $VP_MKINITRAMFS), runs GPIO_LOOP (tests/guest/gpio) four
# times, and the checkpoint at 4 s falls into the second run, between its edges and their
# events. net-none: a virtio NIC on netdev none, the profile runs net-up (tests/virtio/net-guest.sh:
# the virtio-net modules, then udhcpc sends ten discovers a second apart and gives up), saved at
# 5 s among the discovers. Fails when the guest (or, for qcow2, qemu-img) is unavailable (exit 77,
# skipped, under VP_ALLOW_MISSING_ORACLES=1). KEEP=1 keeps the work directory.
set -uo pipefail
vp=$1 smp=$2 mode=${3:-}
script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=require-guest.sh
. "$script_dir/require-guest.sh"
work=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] && echo "kept $work" || rm -rf "$work"' EXIT
machine=(-smp "$smp" -kernel "$KERNEL" -initrd "$INITRD" -rtc base=2020-01-01 --timeout 3s)
at=0.7s prompt='^/ # ' end_at=""
# The initramfs plus a second archive (the kernel unpacks both in turn) of $work/extra with an
# /etc/profile, which the console's login shell runs, of $1: $work/initrd.cpio.gz.
with_profile() {
    [ -x "${VP_MKINITRAMFS:-}" ] || { echo "FAIL: $mode needs VP_MKINITRAMFS (vp_mkinitramfs)" >&2; exit 1; }
    mkdir -p "$work/extra/etc"
    echo "$1" >"$work/extra/etc/profile"
    echo "tree / $work/extra" >"$work/spec"
    "$VP_MKINITRAMFS" -o "$work/extra.cpio.gz" "$work/spec" || { echo "FAIL: vp_mkinitramfs" >&2; exit 1; }
    cat "$INITRD" "$work/extra.cpio.gz" >"$work/initrd.cpio.gz"
}
case "$mode" in
    "") ;;
    disk | qcow2)
        "$script_dir/../../tools/guest/make-disk.sh" --cache "$cache" --out "$work" --size 64M >"$work/env" ||
            { echo "FAIL: make-disk.sh could not build the disk guest" >&2; exit 1; }
        . "$work/env"
        format=raw
        if [ "$mode" = qcow2 ]; then
            if ! command -v qemu-img >/dev/null; then
                [ "${VP_ALLOW_MISSING_ORACLES:-}" = 1 ] && { echo "SKIP: qemu-img (qemu-utils) missing" >&2; exit 77; }
                echo "FAIL: qemu-img (Debian package qemu-utils) missing, or set VP_ALLOW_MISSING_ORACLES=1" >&2
                exit 1
            fi
            qemu-img convert -f raw -O qcow2 "$ROOT_IMAGE" "$work/root.qcow2" || { echo "FAIL: qemu-img convert" >&2; exit 1; }
            ROOT_IMAGE=$work/root.qcow2 format=qcow2
        fi
        cp "$ROOT_IMAGE" "$work/before.img"
        machine=(-smp "$smp" -kernel "$KERNEL" -initrd "$DISK_INITRD" -append "console=ttyAMA0 root=/dev/vda panic=-1"
            -drive "file=$ROOT_IMAGE,format=$format,if=virtio" -snapshot -rtc base=2020-01-01 --timeout 4s)
        # 2 cores reach the prompt before 1.24 s: 1.0 s is after the switch to the disk's root,
        # while init reads its programs from it, before the read-write remount.
        at=1.24s prompt='^vp-disk:/root # '
        [ "$smp" -ge 2 ] && at=1.0s
        end_at=3.9s
        ;;
    rtl-gpio)
        gpio_loop=${4:?rtl-gpio needs the gpio-loop binary}
        mkdir -p "$work/extra/bin" "$work/extra/etc"
        cp "$gpio_loop" "$work/extra/bin/gpio-loop"
        with_profile 'for i in 1 2 3 4; do /bin/gpio-loop c000000.pl061 0 1; done'
        machine=("$script_dir/../../platforms/virt-rtl-gpio.yaml" -smp "$smp" -kernel "$KERNEL"
            -initrd "$work/initrd.cpio.gz" -rtc base=2020-01-01 --timeout 10s)
        at=4s
        ;;
    net-none)
        here=$script_dir/../virtio name=checkpoint-restore
        # shellcheck source=../virtio/guest-modules.sh
        . "$here/guest-modules.sh"
        # shellcheck source=../virtio/net-guest.sh
        . "$here/net-guest.sh"
        guest_modules
        net_guest_extra "$work/extra"
        with_profile /bin/net-up
        machine=(-smp "$smp" -kernel "$KERNEL" -initrd "$work/initrd.cpio.gz" -rtc base=2020-01-01 --timeout 14s
            -s devices.virtio1.model=virtio_net -s devices.virtio1.netdev=none)
        at=5s end_at=13.9s
        ;;
    *) echo "checkpoint-restore.sh: unknown mode '$mode' (disk, qcow2, rtl-gpio or net-none)" >&2; exit 2 ;;
esac
disk=0
[ "$mode" = disk ] || [ "$mode" = qcow2 ] && disk=1
# disk and net-none: both the uninterrupted and the restored run also save near the end and go
# on; the two files must be equal: the disk's overlay (the guest does not read back what it wrote
# before the first checkpoint within the run, so only this shows a lost overlay), the NIC's
# counters.
end_ckpt() { [ -n "$end_at" ] && echo --checkpoint-at "$end_at" "$work/$1.vpck"; }
counts() { grep -oE '"(simulated_seconds|core|instructions)": [0-9.]+' "$1"; }

# shellcheck disable=SC2046
timeout 600 "$vp" "${machine[@]}" $(end_ckpt whole_end) --stats "$work/whole.json" -serial "file:$work/whole.txt" </dev/null 2>"$work/err"
[ $? -eq 3 ] || { echo "FAIL: the uninterrupted run did not reach --timeout:" >&2; tail -3 "$work/err" >&2; exit 1; }
timeout 600 "$vp" "${machine[@]}" --checkpoint-at "$at" "$work/boot.vpck" --checkpoint-stop \
    -serial "file:$work/first.txt" </dev/null 2>"$work/err" || { echo "FAIL: saving:" >&2; tail -3 "$work/err" >&2; exit 1; }
# shellcheck disable=SC2046
timeout 600 "$vp" "${machine[@]}" --restore "$work/boot.vpck" $(end_ckpt rest_end) --stats "$work/rest.json" \
    -serial "file:$work/rest.txt" </dev/null 2>"$work/err"
[ $? -eq 3 ] || { echo "FAIL: the restored run did not reach --timeout:" >&2; tail -3 "$work/err" >&2; exit 1; }

status=0
grep -q "$prompt" "$work/whole.txt" || { echo "FAIL: the uninterrupted boot reached no prompt" >&2; status=1; }
[ -s "$work/first.txt" ] || { echo "FAIL: the saving run printed nothing before $at" >&2; status=1; }
if [ "$mode" = rtl-gpio ]; then
    [ "$(grep -c 'gpio-loop: .* PASS' "$work/whole.txt")" -eq 4 ] || { echo "FAIL: gpio-loop did not pass 4 times" >&2; status=1; }
    grep -q 'gpio-loop: .* PASS' "$work/first.txt" || { echo "FAIL: the checkpoint ($at) came before gpio-loop's first run ended" >&2; status=1; }
fi
if [ "$mode" = net-none ]; then
    # udhcpc's log (printed when it gives up) shows the discovers it sent across the checkpoint.
    [ "$(grep -c 'broadcasting discover' "$work/whole.txt")" -ge 5 ] && grep -q 'net: no lease' "$work/whole.txt" ||
        { echo "FAIL: udhcpc did not send its discovers and give up on netdev none" >&2; status=1; }
fi
grep -q "$prompt" "$work/first.txt" && { echo "FAIL: the prompt came before the checkpoint ($at): nothing left to restore" >&2; status=1; }
if [ $disk -eq 1 ] && ! cmp -s "$ROOT_IMAGE" "$work/before.img"; then
    echo "FAIL: the snapshot disk's image changed" >&2
    status=1
fi
if [ -n "$end_at" ] && ! cmp -s "$work/whole_end.vpck" "$work/rest_end.vpck"; then
    echo "FAIL: the restored run's checkpoint at $end_at differs from the uninterrupted run's" >&2
    status=1
fi
if ! cat "$work/first.txt" "$work/rest.txt" | cmp -s - "$work/whole.txt"; then
    echo "FAIL: the console output differs from the uninterrupted boot's" >&2
    diff <(cat "$work/first.txt" "$work/rest.txt") "$work/whole.txt" | head -10 >&2
    status=1
fi
if [ "$(counts "$work/whole.json")" != "$(counts "$work/rest.json")" ]; then
    echo "FAIL: end state differs: uninterrupted / restored:" >&2
    counts "$work/whole.json" >&2
    counts "$work/rest.json" >&2
    status=1
fi
[ $status -eq 0 ] && echo "PASS: $smp core(s) ${mode:-initramfs}: the restored boot ends like the uninterrupted one ($(counts "$work/rest.json" | tr '\n' ' '))"
exit $status
