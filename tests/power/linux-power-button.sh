#!/usr/bin/env bash
# The power button in Linux, end to end: Debian's kernel (tools/guest/fetch-guest.sh) boots with a
# virtio-blk disk (ext4 from `mke2fs -d`); the guest loads the virtio modules, mounts /dev/vda and
# runs vp-power-wait (power_wait.c), which waits for KEY_POWER as a distro's power daemon does:
# on the input device when gpio_keys is bound, else (the cloud kernel) for a rising edge on the
# gpio-keys line through the GPIO character device. Once it waits, the host asks for a shutdown;
# the guest writes a file, syncs, unmounts and runs `poweroff -f`. The emulator must exit 0, and
# debugfs must find the file in the host's image.
# --flavour generic boots Debian's generic kernel instead (fetch-guest.sh --flavour generic: its
# /init loads gpio_keys, evdev, the virtio disk and ext4 modules), and vp-power-wait --input
# must find KEY_POWER on the input device gpio_keys registers (the GPIO chardev does not count).
#
#   linux-power-button.sh --wait-program BIN --vp build/vp    # SIGTERM to vp
#   linux-power-button.sh --wait-program BIN --qemu           # QEMU's monitor: system_powerdown
#   linux-power-button.sh --wait-program BIN --flavour generic --vp build/vp|--qemu
#   linux-power-button.sh --wait-program BIN --vp build/vp --unheeded second|grace
#       the guest syncs its file and listens but does not act: a second SIGTERM (or --shutdown-grace 3s)
#       must stop vp by the signal, and the image (its journal replayed by e2fsck) holds the file.
#
# Oracles: mke2fs and debugfs (e2fsprogs), the guest, QEMU for --qemu. A missing one fails, or
# skips (77) under VP_ALLOW_MISSING_ORACLES=1.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
vp="" qemu=0 wait_program="" timeout=240 unheeded="" flavour=cloud
while [ $# -gt 0 ]; do
    case "$1" in
        --vp) vp="$2"; shift 2 ;;
        --qemu) qemu=1; shift ;;
        --wait-program) wait_program="$2"; shift 2 ;;
        --unheeded) unheeded="$2"; shift 2 ;;
        --flavour) flavour="$2"; shift 2 ;;
        *) echo "linux-power-button: unknown argument '$1'" >&2; exit 2 ;;
    esac
done
name=linux-power-button
. "$here/../virtio/guest-modules.sh"
[ -x "$wait_program" ] || fail "--wait-program: '$wait_program' is not an executable"
for tool in mke2fs debugfs e2fsck; do
    command -v "$tool" >/dev/null || [ -x "/usr/sbin/$tool" ] || missing_oracle "$tool missing (Debian package e2fsprogs)"
done
export PATH="$PATH:/usr/sbin:/sbin"
if [ "$qemu" -eq 1 ]; then
    command -v qemu-system-aarch64 >/dev/null || missing_oracle "qemu-system-aarch64 missing (Debian package qemu-system-arm)"
else
    [ -x "$vp" ] || fail "--vp VP or --qemu"
fi

case "$flavour" in cloud | generic) ;; *) fail "--flavour: cloud or generic, not '$flavour'" ;; esac
[ "$flavour" = cloud ] || [ -z "$unheeded" ] || fail "--unheeded is for the cloud flavour"
[ "$flavour" = generic ] || guest_modules

work=$(mktemp -d "${TMPDIR:-/tmp}/vp-power-button.XXXXXX")
pid=""
cleanup() {
    exec 3>&- 2>/dev/null || true
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$work/fs"
echo "made on the host" >"$work/fs/host.txt"
mke2fs -q -F -t ext4 -L vpdisk -d "$work/fs" "$work/disk.img" 16M

if [ "$flavour" = generic ]; then
    cache="${VP_GUEST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/vp/guest}/generic"
    fetch=(--flavour generic --cache "$cache") on_fetch_error=missing_oracle wait_args=--input
    waiting='power: waiting \(input /dev/input/event[0-9]+ "gpio-keys"\)'
    mkdir -p "$work/extra/bin"
    cat >"$work/extra/bin/vda-up" <<'GUEST'
#!/bin/sh
# /init loaded virtio_mmio and virtio_blk.
i=0
while [ ! -b /dev/vda ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
[ -b /dev/vda ] || { echo "vda-up: no /dev/vda"; exit 1; }
GUEST
    chmod +x "$work/extra/bin/vda-up"
else
    fetch=(--cache "$cache") on_fetch_error=fail wait_args=""
    waiting='power: waiting \(gpio .*pl061 line 3\)|power: waiting \(input .*\)'
    virtio_disk_extra "$work/extra"
fi
cp "$wait_program" "$work/extra/bin/vp-power-wait"
cat >"$work/extra/bin/power-test" <<'GUEST'
#!/bin/sh
vda-up || exit 1
mkdir -p /mnt
mount -t ext4 /dev/vda /mnt || { echo "power: mount failed"; exit 1; }
vp-power-wait WAIT_ARGS || { echo "power: the wait failed"; exit 1; }
echo "written at the power button" >/mnt/shutdown.txt
sync
umount /mnt || { echo "power: umount failed"; exit 1; }
echo "power: unmounted; powering off"
poweroff -f
GUEST
cat >"$work/extra/bin/power-unheeded" <<'GUEST'
#!/bin/sh
vda-up || exit 1
mkdir -p /mnt
mount -t ext4 /dev/vda /mnt || { echo "power: mount failed"; exit 1; }
echo "synced before the stop" >/mnt/synced.txt
sync
# It listens (the line is requested, its interrupt unmasked) but does nothing when pressed.
vp-power-wait >/dev/null 2>&1 &
sleep 1
echo "power: synced; not acting"
GUEST
sed -i "s|WAIT_ARGS|$wait_args|" "$work/extra/bin/power-test"
chmod +x "$work/extra/bin/power-test" "$work/extra/bin/power-unheeded"
"$here/../../tools/guest/fetch-guest.sh" "${fetch[@]}" --extra "$work/extra" >&2 ||
    $on_fetch_error "fetch-guest.sh --flavour $flavour --extra failed"
# shellcheck disable=SC1091
. "$cache/guest.env"

append="console=ttyAMA0 panic=-1"
if [ "$qemu" -eq 1 ]; then
    emu=QEMU
    mkfifo "$work/monitor.in" "$work/monitor.out"  # QEMU's monitor on a pipe chardev
    cmd=(qemu-system-aarch64 -M virt -cpu cortex-a57 -smp 1 -m 1G -nographic -no-reboot -nic none
        -chardev "pipe,id=mon,path=$work/monitor" -mon chardev=mon
        -drive "file=$work/disk.img,format=raw,if=none,id=hd0" -device virtio-blk-device,drive=hd0
        -kernel "$KERNEL" -initrd "$INITRD_EXTRA" -append "$append")
else
    emu=vp
    cmd=("$vp" "$here/../../platforms/virt.yaml" -smp 1 -m 1G
        -kernel "$KERNEL" -initrd "$INITRD_EXTRA" -append "$append"
        -s devices.virtio0.model=virtio_blk -s "devices.virtio0.image=$work/disk.img")
    [ "$unheeded" = grace ] && cmd+=(--shutdown-grace 3s)
fi

mkfifo "$work/in"
exec 3<>"$work/in"
log="$work/console.log"
"${cmd[@]}" <&3 >"$log" 2>&1 &
pid=$!
deadline=$(($(date +%s) + timeout))
show_tail() { echo "---- last console lines ----" >&2; tail -n 25 "$log" | tr -d '\r' >&2; echo "----" >&2; }
wait_for() {  # DESCRIPTION PATTERN (a whole console line, extended regex)
    while ! tr -d '\r' <"$log" | grep -qxE -- "$2"; do
        kill -0 "$pid" 2>/dev/null || { show_tail; fail "$emu exited before $1"; }
        ! tr -d '\r' <"$log" | grep -qE '^(power|vda-up): .*(failed|no /dev/vda)' || { show_tail; fail "the guest failed before $1"; }
        [ "$(date +%s)" -lt "$deadline" ] || { show_tail; fail "timeout (${timeout}s) waiting for $1"; }
        sleep 0.1
    done
}
wait_exit() {  # SECONDS WHAT: waits for the emulator's exit, sets rc
    local end=$(($(date +%s) + $1))
    while kill -0 "$pid" 2>/dev/null; do
        [ "$(date +%s)" -lt "$end" ] || { show_tail; fail "$emu still runs $1 s after $2"; }
        sleep 0.1
    done
    rc=0
    wait "$pid" || rc=$?
    pid=""
}
wait_for "the shell prompt" '/ # .*'
if [ -n "$unheeded" ]; then
    [ "$qemu" -eq 0 ] || fail "--unheeded is for vp"
    printf '/bin/power-unheeded\n' >&3
    wait_for "the guest's sync" 'power: synced; not acting'
    kill -TERM "$pid"
    sleep 2
    kill -0 "$pid" 2>/dev/null || { show_tail; fail "vp stopped at the first SIGTERM although it has a power button"; }
    [ "$unheeded" = second ] && kill -TERM "$pid"
    wait_exit 20 "the $unheeded stop"
    [ "$rc" -eq 143 ] || { show_tail; fail "vp exited with status $rc (expected 143: ended by SIGTERM)"; }
    e2fsck -fy "$work/disk.img" >/dev/null 2>&1 || [ $? -le 1 ] || fail "e2fsck could not repair the image"
    got=$(debugfs -R "cat /synced.txt" "$work/disk.img" 2>/dev/null)
    [ "$got" = "synced before the stop" ] || fail "debugfs: /synced.txt holds '$got'"
    echo "$name: PASS (vp, $unheeded: stopped by SIGTERM; the image holds what the guest synced)"
    exit 0
fi
printf '/bin/power-test\n' >&3
wait_for "the guest to wait for the button" "$waiting"
echo "$name: $(tr -d '\r' <"$log" | grep -m1 '^power: waiting')"
if [ "$qemu" -eq 1 ]; then
    cat "$work/monitor.out" >/dev/null &
    echo system_powerdown >"$work/monitor.in"
else
    kill -TERM "$pid"
fi
wait_exit 60 "the shutdown request"
[ "$rc" -eq 0 ] || { show_tail; fail "$emu exited with status $rc (expected 0: the guest powered off)"; }
tr -d '\r' <"$log" | grep -qx 'power: pressed' || { show_tail; fail "the guest did not see the press"; }
tr -d '\r' <"$log" | grep -qx 'power: unmounted; powering off' || { show_tail; fail "the guest did not shut down"; }
got=$(debugfs -R "cat /shutdown.txt" "$work/disk.img" 2>/dev/null)
[ "$got" = "written at the power button" ] || fail "debugfs: /shutdown.txt holds '$got'"
echo "$name: PASS ($emu, $flavour kernel: the button was seen, the guest powered off, the image holds its file)"
