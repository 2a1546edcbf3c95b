#!/usr/bin/env bash
# Boots the Debian arm64 guest (tools/guest/fetch-guest.sh) in qemu-system-aarch64, the
# independent reference, and checks it end to end: the "vp guest ready" banner, a busybox
# prompt, `echo $((6*7))` answering 42, job control in the shell, and `poweroff -f` ending QEMU.
# Prints the wall seconds from starting QEMU to the "vp guest ready" line:
#   boot-qemu: ready_seconds=N.NN     (with --seconds-only: just N.NN on stdout)
#
# Usage: tools/guest/boot-qemu.sh [--cache DIR] [--fetch] [--kernel IMAGE --initrd CPIO.GZ]
#          [--timeout S] [--smp N] [--mem SIZE] [--cpu MODEL] [--log FILE] [--seconds-only]
#          [--check CMD LINE]... [--interactive] [-- EXTRA QEMU ARGS]
#   --fetch        run fetch-guest.sh first when the cache has no guest (exit 77 = skipped when
#                  the Debian archive cannot be reached)
#   --check CMD LINE  also type CMD at the prompt and wait for an output line equal to LINE
#                  (repeatable; e.g. --initrd the --extra variant and --check /bin/test PASS)
#   --interactive  just run QEMU on this terminal (Ctrl-A X quits)
# Exit: 0 ok, 1 failure, 77 guest or QEMU unavailable (ctest SKIP_RETURN_CODE).
set -euo pipefail

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cache="${VP_GUEST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/vp/guest}"
kernel="" initrd="" fetch=0 timeout=180 smp=2 mem=1G cpu=cortex-a57 logfile="" seconds_only=0 interactive=0
extra_args=() checks=()

say() { [ "$seconds_only" -eq 1 ] && echo "boot-qemu: $*" >&2 || echo "boot-qemu: $*"; }
fail() {
    echo "boot-qemu: FAIL: $*" >&2
    exit 1
}
skip() {
    echo "boot-qemu: SKIP: $*" >&2
    exit 77
}

while [ $# -gt 0 ]; do
    case "$1" in
        --cache) cache="$2"; shift 2 ;;
        --kernel) kernel="$2"; shift 2 ;;
        --initrd) initrd="$2"; shift 2 ;;
        --fetch) fetch=1; shift ;;
        --timeout) timeout="$2"; shift 2 ;;
        --smp) smp="$2"; shift 2 ;;
        --mem) mem="$2"; shift 2 ;;
        --cpu) cpu="$2"; shift 2 ;;
        --log) logfile="$2"; shift 2 ;;
        --seconds-only) seconds_only=1; shift ;;
        --interactive) interactive=1; shift ;;
        --check) [ $# -ge 3 ] || { echo "boot-qemu: --check needs CMD and LINE" >&2; exit 2; }
            checks+=("$2" "$3"); shift 3 ;;
        --) shift; extra_args=("$@"); break ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "boot-qemu: unknown argument '$1' (see --help)" >&2; exit 2 ;;
    esac
done

qemu=$(command -v qemu-system-aarch64 || true)
[ -n "$qemu" ] || skip "qemu-system-aarch64 not installed (Debian package qemu-system-arm)"

if [ -z "$kernel" ] || [ -z "$initrd" ]; then
    if [ ! -f "$cache/guest.env" ] || [ "$fetch" -eq 1 ]; then
        [ "$fetch" -eq 1 ] || skip "no guest in $cache (run tools/guest/fetch-guest.sh, or pass --fetch)"
        if ! "$script_dir/fetch-guest.sh" --cache "$cache" >&2; then
            skip "tools/guest/fetch-guest.sh could not provide the guest (network or apt unavailable?)"
        fi
    fi
    # shellcheck disable=SC1091
    . "$cache/guest.env"
    kernel=${kernel:-$KERNEL}
    initrd=${initrd:-$INITRD}
fi
[ -f "$kernel" ] || fail "kernel '$kernel' not found"
[ -f "$initrd" ] || fail "initramfs '$initrd' not found"

qemu_cmd=("$qemu" -M virt -cpu "$cpu" -smp "$smp" -m "$mem" -nographic -no-reboot
    -kernel "$kernel" -initrd "$initrd" -append "console=ttyAMA0 panic=-1" "${extra_args[@]}")

if [ "$interactive" -eq 1 ]; then
    exec "${qemu_cmd[@]}"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/vp-boot-qemu.XXXXXX")
qpid=""
cleanup() {
    exec 3>&- 2>/dev/null || true
    if [ -n "$qpid" ] && kill -0 "$qpid" 2>/dev/null; then kill "$qpid" 2>/dev/null || true; fi
    if [ -n "$logfile" ] && [ -f "$work/console.log" ]; then cp -f "$work/console.log" "$logfile"; fi
    rm -rf "$work"
}
trap cleanup EXIT
mkfifo "$work/in"
exec 3<>"$work/in" # held open read-write, so QEMU never sees end of input
log="$work/console.log"
: >"$log"

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }
show_tail() {
    echo "---- last console lines ----" >&2
    tail -n 25 "$log" | tr -d '\r' >&2
    echo "----------------------------" >&2
}

# wait_for DESCRIPTION TEST-COMMAND...: polls until the command succeeds, QEMU exits, or the
# deadline passes.
deadline=$(($(date +%s) + timeout))
wait_for() {
    local what="$1"
    shift
    while ! "$@"; do
        if ! kill -0 "$qpid" 2>/dev/null; then
            "$@" && return 0
            show_tail
            fail "QEMU exited before $what"
        fi
        if [ "$(date +%s)" -ge "$deadline" ]; then
            show_tail
            fail "timeout (${timeout}s) waiting for $what"
        fi
        sleep 0.05
    done
}
has_banner() { grep -q 'vp guest ready' "$log"; }
# The prompt ("/ # ", PS1 set by /init) at the start of a line after the banner (kernel
# messages may follow it on the same line).
has_prompt() { sed -n '/vp guest ready/,$p' "$log" | tr -d '\r' | grep -q '^/[^ ]* # '; }
has_jobctl() { tr -d '\r' <"$log" | grep -qxE 'jobcontrol=(on|off)'; }
has_answer() { tr -d '\r' <"$log" | grep -qx '42'; }

start=$(now)
"${qemu_cmd[@]}" <&3 >"$log" 2>&1 &
qpid=$!

wait_for "the 'vp guest ready' banner" has_banner
ready=$(elapsed "$start")
wait_for "the shell prompt" has_prompt
prompt=$(elapsed "$start")
printf 'echo $((6*7))\n' >&3
wait_for "the shell to answer 42 to 'echo \$((6*7))'" has_answer
# Job control: ash sets 'm' in $- when the shell has a controlling tty (setsid cttyhack).
printf 'case $- in *m*) echo "job""control=on";; *) echo "job""control=off";; esac\n' >&3
wait_for "the job control check" has_jobctl
tr -d '\r' <"$log" | grep -qx 'jobcontrol=on' || { show_tail; fail "the shell has no job control"; }
i=0
while [ "$i" -lt "${#checks[@]}" ]; do
    expect_line=${checks[$((i + 1))]}
    printf '%s\n' "${checks[$i]}" >&3
    has_line() { tr -d '\r' <"$log" | grep -qxF -- "$expect_line"; }
    wait_for "the line '$expect_line' after '${checks[$i]}'" has_line
    say "check '${checks[$i]}' -> '$expect_line' ok"
    i=$((i + 2))
done
printf 'poweroff -f\n' >&3
off_deadline=$(($(date +%s) + 30))
while kill -0 "$qpid" 2>/dev/null; do
    if [ "$(date +%s)" -ge "$off_deadline" ]; then
        show_tail
        fail "QEMU did not exit after 'poweroff -f'"
    fi
    sleep 0.05
done
rc=0
wait "$qpid" || rc=$?
qpid=""
total=$(elapsed "$start")
[ "$rc" -eq 0 ] || { show_tail; fail "QEMU exited with status $rc"; }

say "$(tr -d '\r' <"$log" | grep -m1 'vp guest ready')"
say "kernel $(basename "$kernel"), initrd $(basename "$initrd"), -smp $smp -m $mem -cpu $cpu"
say "prompt after ${prompt} s, 42 answered, job control on, powered off after ${total} s (wall)"
say "ready_seconds=$ready"
if [ "$seconds_only" -eq 1 ]; then echo "$ready"; fi
say "PASS"
