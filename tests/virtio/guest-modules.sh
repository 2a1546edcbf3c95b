# Sourced by the virtio Linux tests (linux-disk.sh, linux-rng-console.sh) after they set `name`:
# fail / missing_oracle (a missing oracle fails, or skips with 77 under VP_ALLOW_MISSING_ORACLES=1),
# and the guest cache with the kernel's module tree: sets `cache` and `moddir`; virtio_disk_extra.
fail() { echo "$name: FAIL: $*" >&2; exit 1; }
missing_oracle() {
    if [ "${VP_ALLOW_MISSING_ORACLES:-0}" = 1 ]; then echo "$name: SKIP: $*" >&2; exit 77; fi
    fail "$* (set VP_ALLOW_MISSING_ORACLES=1 to skip instead)"
}
guest_modules() {
    cache="${VP_GUEST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/vp/guest}"
    if [ ! -f "$cache/guest.env" ]; then
        "$here/../../tools/guest/fetch-guest.sh" --cache "$cache" >&2 || missing_oracle "the guest could not be fetched"
    fi
    moddir=$(ls -d "$cache"/root/kernel/lib/modules/*/kernel 2>/dev/null | head -n 1)
    [ -n "$moddir" ] || fail "no kernel modules under $cache/root/kernel/lib/modules"
}

# virtio_disk_extra DIR: the virtio block modules (Debian builds them as modules) in DIR/lib/vp-virtio
# and the guest program DIR/bin/vda-up, which loads them in dependency order and waits for /dev/vda
# (exit 1 with a message otherwise). Call after guest_modules.
virtio_disk_extra() {
    mkdir -p "$1/lib/vp-virtio" "$1/bin"
    for m in virtio/virtio.ko virtio/virtio_ring.ko virtio/virtio_mmio.ko block/virtio_blk.ko; do
        cp "$moddir/drivers/$m" "$1/lib/vp-virtio/"
    done
    cat >"$1/bin/vda-up" <<'GUEST'
#!/bin/sh
for m in virtio_ring virtio virtio_mmio virtio_blk; do
    insmod /lib/vp-virtio/$m.ko || { echo "vda-up: insmod $m failed"; exit 1; }
done
i=0
while [ ! -b /dev/vda ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
[ -b /dev/vda ] || { echo "vda-up: no /dev/vda"; exit 1; }
GUEST
    chmod +x "$1/bin/vda-up"
}
