#!/usr/bin/env bash
# Linux with a virtio-rng and a virtio-console: Debian's kernel (tools/guest/boot-guest.sh) loads
# virtio_ring, virtio, virtio_mmio, virtio-rng and virtio_console from its own package; the
# guest's hw_random core picks virtio_rng.0 and /dev/hwrng gives bytes; a line written to
# /dev/hvc0 reaches the console's file backend on the host.
#
#   linux-rng-console.sh --vp build/vp    # -s devices.virtio1.model=virtio_rng, virtio2 = virtio_console
#   linux-rng-console.sh --qemu           # -device virtio-rng-device, virtio-serial-device + virtconsole
#   linux-rng-console.sh --vp build/vp --qemu-options   # vp with those QEMU options
#
# Oracles: the guest (fetch-guest.sh), QEMU for --qemu; a missing one fails, or skips (77) under
# VP_ALLOW_MISSING_ORACLES=1.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
boot_guest="$here/../../tools/guest/boot-guest.sh"
vp="" qemu=0 qemu_options=0
while [ $# -gt 0 ]; do
    case "$1" in
        --vp) vp="$2"; shift 2 ;;
        --qemu) qemu=1; shift ;;
        --qemu-options) qemu_options=1; shift ;;
        *) echo "linux-rng-console: unknown argument '$1'" >&2; exit 2 ;;
    esac
done
name=linux-rng-console
. "$here/guest-modules.sh"
guest_modules

work=$(mktemp -d "${TMPDIR:-/tmp}/vp-linux-rng.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/extra/lib/vp-virtio" "$work/extra/bin"
for m in virtio/virtio_ring.ko virtio/virtio.ko virtio/virtio_mmio.ko char/hw_random/virtio-rng.ko \
         char/virtio_console.ko; do
    cp "$moddir/drivers/$m" "$work/extra/lib/vp-virtio/"
done
cat >"$work/extra/bin/rng-console-test" <<'GUEST'
#!/bin/sh
for m in virtio_ring virtio virtio_mmio virtio-rng virtio_console; do
    insmod /lib/vp-virtio/$m.ko || { echo "rng: insmod $m failed"; exit 1; }
done
i=0
while { [ ! -c /dev/hwrng ] || [ ! -c /dev/hvc0 ]; } && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
echo "hvc0 says hello" >/dev/hvc0
echo "rng: $(cat /sys/class/misc/hw_random/rng_current) $(head -c 64 /dev/hwrng | wc -c)"
GUEST
chmod +x "$work/extra/bin/rng-console-test"

out="$work/hvc0.txt"
qemu_args=(-device virtio-rng-device -chardev "file,id=c0,path=$out" -device virtio-serial-device
    -device virtconsole,chardev=c0)
if [ "$qemu" -eq 1 ]; then
    emu=(--timeout 150 -- "${qemu_args[@]}")
elif [ "$qemu_options" -eq 1 ]; then
    emu=(--vp "$vp" --timeout 150 -- "${qemu_args[@]}")
else
    [ -n "$vp" ] || fail "--vp VP or --qemu"
    emu=(--vp "$vp" --timeout 150 -- -s devices.virtio1.model=virtio_rng -s devices.virtio2.model=virtio_console
        -s "devices.virtio2.backend=file:$out")
fi
"$boot_guest" --smp 1 --extra "$work/extra" --check /bin/rng-console-test "rng: virtio_rng.0 64" "${emu[@]}"
grep -qx "hvc0 says hello" <(tr -d '\r' <"$out") || fail "the console's backend holds '$(cat "$out")', not 'hvc0 says hello'"
echo "linux-rng-console: PASS"
