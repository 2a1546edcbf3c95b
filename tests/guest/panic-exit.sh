#!/usr/bin/env bash
# A Linux kernel panic ends vp with exit status 2 and the panic message, both when the kernel
# spins after the panic (panic=0: the "---[ end Kernel panic" line) and when it asks for a
# reset (panic=1: PSCI SYSTEM_RESET after the panic). The panic is provoked by a missing init
# (no rdinit, no root device: "VFS: Unable to mount root fs").
# Usage: panic-exit.sh VP_BINARY. Fails when the guest is unavailable (exit 77, skipped, under
# VP_ALLOW_MISSING_ORACLES=1).
set -uo pipefail
vp=$1
script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=require-guest.sh
. "$script_dir/require-guest.sh"
status=0
for panic in 0 1; do
    out=$(timeout 600 "$vp" -smp 1 -m 512M -kernel "$KERNEL" -initrd "$INITRD" -serial null \
        -append "console=ttyAMA0 rdinit=/nonexistent init=/nonexistent panic=$panic" </dev/null 2>&1)
    rc=$?
    if [ "$rc" -ne 2 ] || ! grep -q "guest kernel panic: Kernel panic - not syncing: " <<<"$out"; then
        echo "FAIL: panic=$panic: exit status $rc, output:" >&2
        echo "$out" | tail -5 >&2
        status=1
    else
        echo "panic=$panic: exit status 2: $(grep 'guest kernel panic' <<<"$out")"
    fi
done
exit $status
