#!/usr/bin/env bash
# Restored from a checkpoint taken at the shell prompt, a typed command answers: a 2-core Linux boot
# saved at 2 s (the busybox prompt is printed by then: checked in the saving run's console), then a
# new vp process restores it, gets `echo $((6*7))` on its console and must print 42 (the shell's
# arithmetic, the oracle) and power off with status 0 on `poweroff -f`.
# Usage: checkpoint-prompt.sh VP_BINARY. Fails when the guest is unavailable (exit 77, skipped,
# under VP_ALLOW_MISSING_ORACLES=1).
set -uo pipefail
vp=$1
script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=require-guest.sh
. "$script_dir/require-guest.sh"
work=$(mktemp -d)
pid=""
cleanup() {
    exec 3>&- 2>/dev/null || true
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill "$pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT
machine=(-smp 2 -m 1G -kernel "$KERNEL" -initrd "$INITRD")
fail() {
    echo "FAIL: $*" >&2
    [ -f "$work/rest.txt" ] && tail -5 "$work/rest.txt" | tr -d '\r' >&2
    exit 1
}

timeout 300 "$vp" "${machine[@]}" --checkpoint-at 2s "$work/prompt.vpck" --checkpoint-stop \
    -serial "file:$work/first.txt" </dev/null 2>"$work/err" || fail "saving: $(tail -3 "$work/err")"
sed -n '/vp guest ready/,$p' "$work/first.txt" | tr -d '\r' | grep -q '^/ # ' ||
    fail "the saving run printed no shell prompt by 2 s"

mkfifo "$work/in"
exec 3<>"$work/in"  # held open, so the restored vp never sees the end of its input
"$vp" "${machine[@]}" --restore "$work/prompt.vpck" <&3 >"$work/rest.txt" 2>"$work/err" &
pid=$!
printf 'echo $((6*7))\n' >&3
deadline=$(($(date +%s) + 120))
until tr -d '\r' <"$work/rest.txt" | grep -qx 42; do
    kill -0 "$pid" 2>/dev/null || fail "the restored vp exited before answering: $(tail -3 "$work/err")"
    [ "$(date +%s)" -lt "$deadline" ] || fail "no answer 42 to 'echo \$((6*7))' within 120 s"
    sleep 0.1
done
printf 'poweroff -f\n' >&3
status=0
wait "$pid" || status=$?
pid=""
[ "$status" -eq 0 ] || fail "the restored vp ended with status $status after 'poweroff -f'"
echo "PASS: restored at the prompt, 'echo \$((6*7))' answered 42"
