#!/usr/bin/env bash
# Linux with its root file system on a virtio disk (tools/guest/make-disk.sh, tools/run.sh --disk):
# the disk initramfs loads the virtio modules and switch_roots to /dev/vda; busybox init on the disk
# reaches a shell with eth0 up (virtio-net on user-mode networking, DHCP: 10.0.2.15/24); / is the ext4
# disk, read-write. The guest writes a file and shuts down with a
# plain `poweroff` (busybox init: sync, remount read-only, PSCI SYSTEM_OFF), so the emulator exits
# 0 and the image is clean on the host (e2fsck -fn) and holds the file (debugfs). A second boot
# from the same image reads the file back: the guest's data persists between runs.
#
#   disk-root.sh --vp build/vp | --qemu
# Oracles: e2fsprogs, the guest (fetch-guest.sh), QEMU for --qemu. A missing one fails, or skips
# (77) under VP_ALLOW_MISSING_ORACLES=1.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
name=disk-root
. "$here/../virtio/guest-modules.sh"
vp="" qemu=0
while [ $# -gt 0 ]; do
    case "$1" in
        --vp) vp="$2"; shift 2 ;;
        --qemu) qemu=1; shift ;;
        *) fail "unknown argument '$1'" ;;
    esac
done
export PATH="$PATH:/usr/sbin:/sbin"
for tool in mke2fs debugfs e2fsck; do command -v "$tool" >/dev/null || missing_oracle "$tool missing (e2fsprogs)"; done
if [ "$qemu" = 1 ]; then
    command -v qemu-system-aarch64 >/dev/null || missing_oracle "qemu-system-aarch64 missing (qemu-system-arm)"
else
    [ -x "$vp" ] || fail "--vp VP or --qemu"
fi
guest_modules
work=$(mktemp -d "${TMPDIR:-/tmp}/vp-disk-root.XXXXXX")
pid=""
trap '[ -z "$pid" ] || kill "$pid" 2>/dev/null; exec 3>&- 2>/dev/null; rm -rf "$work"' EXIT
"$here/../../tools/guest/make-disk.sh" --cache "$cache" --out "$work" --size 64M >"$work/env" ||
    missing_oracle "make-disk.sh could not build the disk guest"
. "$work/env"

log="$work/console.log"
wait_line() { # WHAT PATTERN (grep -E on whole lines, CR removed)
    local deadline=$(($(date +%s) + 150))
    until tr -d '\r' <"$log" | grep -qE -- "$2"; do
        if grep -q '^init-disk: ' "$log"; then tail -n 5 "$log" | tr -d '\r' >&2; fail "the disk initramfs could not mount the root"; fi
        if ! kill -0 "$pid" 2>/dev/null || [ "$(date +%s)" -ge "$deadline" ]; then
            tail -n 20 "$log" | tr -d '\r' >&2
            fail "no $1"
        fi
        sleep 0.05
    done
}
boot() { # COMMANDS... typed at the disk's shell, one per line; then a plain poweroff
    local append="console=ttyAMA0 root=/dev/vda panic=-1"
    local cmd
    if [ "$qemu" = 1 ]; then
        cmd=(qemu-system-aarch64 -M virt -cpu cortex-a57 -smp 2 -m 512M -nographic -no-reboot
            -netdev user,id=n0 -device virtio-net-device,netdev=n0)
    else
        cmd=("$vp" -smp 2 -m 512M -netdev user,id=n0 -device virtio-net-device,netdev=n0)
    fi
    cmd+=(-kernel "$KERNEL" -initrd "$DISK_INITRD" -append "$append"
        -drive "file=$ROOT_IMAGE,format=raw,if=none,id=root" -device virtio-blk-device,drive=root)
    rm -f "$work/in"; mkfifo "$work/in"; exec 3<>"$work/in"
    : >"$log"
    "${cmd[@]}" <&3 >"$log" 2>&1 &
    pid=$!
    # The network is up too: DHCP from the user-mode network gave eth0 its lease.
    wait_line "'vp disk root ready' banner with eth0's lease" '^vp disk root ready: .*2 cpu\(s\), eth0 10\.0\.2\.15/24$'
    wait_line "shell prompt" '^vp-disk:/root # '
    for c in "$@"; do printf '%s\n' "$c" >&3; done
    printf 'poweroff\n' >&3
    wait_line "power off" 'reboot: Power down'
    local rc=0 deadline=$(($(date +%s) + 30))
    while kill -0 "$pid" 2>/dev/null; do
        [ "$(date +%s)" -lt "$deadline" ] || fail "the emulator did not exit after the guest powered off"
        sleep 0.05
    done
    wait "$pid" || rc=$?
    pid=""
    exec 3>&-
    [ "$rc" = 0 ] || { tail -n 20 "$log" | tr -d '\r' >&2; fail "the emulator exited with $rc"; }
}

token="persisted-$$-$RANDOM"
boot "echo root=\$(awk '\$2 == \"/\" {print \$1, \$3, substr(\$4, 1, 2)}' /proc/mounts | tail -n 1)" \
    "echo $token >/root/persist.txt"
tr -d '\r' <"$log" | grep -qx 'root=/dev/vda ext4 rw' || fail "/ is not /dev/vda ext4 rw"
e2fsck -fn "$ROOT_IMAGE" >"$work/fsck" 2>&1 || { cat "$work/fsck" >&2; fail "e2fsck finds the image unclean after poweroff"; }
got=$(debugfs -R "cat /root/persist.txt" "$ROOT_IMAGE" 2>/dev/null)
[ "$got" = "$token" ] || fail "debugfs: /root/persist.txt holds '$got', expected '$token'"
boot "echo again=\$(cat /root/persist.txt)"
tr -d '\r' <"$log" | grep -qx "again=$token" || fail "the second boot does not read back the file"
echo "disk-root: PASS (root on /dev/vda, eth0 up by DHCP, clean poweroff, the file persists across boots)"
