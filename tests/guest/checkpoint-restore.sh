#!/usr/bin/env bash
# A Linux boot checkpointed mid-way and restored ends like the boot that never stopped (the
# oracle): the same console output (the saving run's, then the restored run's) and the same
# instruction count per core at the same simulated end (--timeout). The RTC's base is fixed
# (by default it is the host's clock at start, which differs between the runs).
# Usage: checkpoint-restore.sh VP_BINARY SMP. Fails when the guest is unavailable (exit 77,
# skipped, under VP_ALLOW_MISSING_ORACLES=1).
set -uo pipefail
vp=$1 smp=$2
script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=require-guest.sh
. "$script_dir/require-guest.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
machine=(-smp "$smp" -kernel "$KERNEL" -initrd "$INITRD" -rtc base=2020-01-01 --timeout 3s)
counts() { grep -oE '"(simulated_seconds|core|instructions)": [0-9.]+' "$1"; }

timeout 600 "$vp" "${machine[@]}" --stats "$work/whole.json" -serial "file:$work/whole.txt" </dev/null 2>"$work/err"
[ $? -eq 3 ] || { echo "FAIL: the uninterrupted run did not reach --timeout:" >&2; tail -3 "$work/err" >&2; exit 1; }
timeout 600 "$vp" "${machine[@]}" --checkpoint-at 0.7s "$work/boot.vpck" --checkpoint-stop \
    -serial "file:$work/first.txt" </dev/null 2>"$work/err" || { echo "FAIL: saving:" >&2; tail -3 "$work/err" >&2; exit 1; }
timeout 600 "$vp" "${machine[@]}" --restore "$work/boot.vpck" --stats "$work/rest.json" \
    -serial "file:$work/rest.txt" </dev/null 2>"$work/err"
[ $? -eq 3 ] || { echo "FAIL: the restored run did not reach --timeout:" >&2; tail -3 "$work/err" >&2; exit 1; }

status=0
grep -q '^/ # ' "$work/whole.txt" || { echo "FAIL: the uninterrupted boot reached no prompt" >&2; status=1; }
[ -s "$work/first.txt" ] || { echo "FAIL: the saving run printed nothing before 0.7s" >&2; status=1; }
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
[ $status -eq 0 ] && echo "PASS: $smp core(s): the restored boot ends like the uninterrupted one ($(counts "$work/rest.json" | tr '\n' ' '))"
exit $status
