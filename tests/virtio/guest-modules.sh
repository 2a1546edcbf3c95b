# Sourced by the virtio Linux tests (linux-disk.sh, linux-rng-console.sh) after they set `name`:
# fail / missing_oracle (a missing oracle fails, or skips with 77 under VP_ALLOW_MISSING_ORACLES=1),
# and the guest cache with the kernel's module tree: sets `cache` and `moddir`.
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
