# Sourced by the Linux test scripts that run vp themselves: fetches Debian's guest into the cache
# (tools/guest/fetch-guest.sh) and loads its guest.env (KERNEL, INITRD, ...). A guest that cannot
# be had is a missing oracle: the test fails, or skips (exit 77) under VP_ALLOW_MISSING_ORACLES=1.
# Sets `cache`.
cache="${VP_GUEST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/vp/guest}"
if ! "$(dirname "${BASH_SOURCE[0]}")/../../tools/guest/fetch-guest.sh" --cache "$cache" >&2; then
    if [ "${VP_ALLOW_MISSING_ORACLES:-}" = 1 ]; then
        echo "SKIP: tools/guest/fetch-guest.sh could not provide the guest (VP_ALLOW_MISSING_ORACLES=1)" >&2
        exit 77
    fi
    echo "FAIL: tools/guest/fetch-guest.sh could not provide the guest (or set VP_ALLOW_MISSING_ORACLES=1 to skip)" >&2
    exit 1
fi
# shellcheck disable=SC1091
. "$cache/guest.env"
