#!/usr/bin/env bash
# Boots the Debian arm64 guest (tools/guest/fetch-guest.sh) in vp (--vp BINARY) or in
# qemu-system-aarch64 (the independent reference, the default) and checks it end to end: the
# "vp guest ready" banner, a busybox prompt, `echo $((6*7))` answering 42, `nproc` answering the
# core count, /proc/cpuinfo, a pipeline through sort and md5sum, /proc/interrupts and dmesg, job
# control in the shell, a clean kernel log (no WARNING/BUG/Oops/undefined
# instruction), and `poweroff -f` ending the emulator with exit status 0.
# Prints the wall seconds from starting the emulator to the "vp guest ready" line and to the prompt:
#   boot-guest: ready_seconds=N.NN prompt_seconds=N.NN   (--seconds-only: just the prompt N.NN on stdout)
#
# Usage: tools/guest/boot-guest.sh [--vp BINARY] [--flavour F] [--cache DIR] [--fetch] [--kernel IMAGE --initrd CPIO.GZ]
#          [--timeout S] [--smp N] [--mem SIZE] [--cpu MODEL] [--log FILE] [--seconds-only]
#          [--check CMD LINE]... [--interactive] [-- EXTRA EMULATOR ARGS]
#   --vp BINARY    boot in vp (build/vp) instead of QEMU
#   --flavour F    the guest's kernel flavour, cloud (default) or generic (fetch-guest.sh --flavour;
#                  its default cache is <cache>/generic)
#   --extra DIR    boot the initramfs with the files of DIR added (fetch-guest.sh --extra DIR)
#   --fetch        run fetch-guest.sh first when the cache has no guest
#   --check CMD LINE  also type CMD at the prompt and wait for an output line equal to LINE
#                  (repeatable; e.g. --initrd the --extra variant and --check /bin/test PASS)
#   --interactive  just run the emulator on this terminal (Ctrl-A x quits)
# Exit: 0 ok, 1 failure (also when QEMU or the guest is unavailable: both are oracles of the
# tests), 77 QEMU or the guest unavailable and VP_ALLOW_MISSING_ORACLES=1 (ctest: skipped).
set -euo pipefail

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cache="" flavour=cloud
vp="" extra="" kernel="" initrd="" fetch=0 timeout=180 smp=2 mem=1G cpu=cortex-a57 logfile="" seconds_only=0 interactive=0
extra_args=() checks=()

say() { [ "$seconds_only" -eq 1 ] && echo "boot-guest: $*" >&2 || echo "boot-guest: $*"; }
fail() {
    echo "boot-guest: FAIL: $*" >&2
    exit 1
}
missing_oracle() {
    if [ "${VP_ALLOW_MISSING_ORACLES:-}" = 1 ]; then
        echo "boot-guest: SKIP: $* (VP_ALLOW_MISSING_ORACLES=1)" >&2
        exit 77
    fi
    fail "$* (or set VP_ALLOW_MISSING_ORACLES=1 to skip)"
}

while [ $# -gt 0 ]; do
    case "$1" in
        --vp) vp="$2"; shift 2 ;;
        --extra) extra="$2"; shift 2 ;;
        --cache) cache="$2"; shift 2 ;;
        --flavour) flavour="$2"; shift 2 ;;
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
        --check) [ $# -ge 3 ] || { echo "boot-guest: --check needs CMD and LINE" >&2; exit 2; }
            checks+=("$2" "$3"); shift 3 ;;
        --) shift; extra_args=("$@"); break ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "boot-guest: unknown argument '$1' (see --help)" >&2; exit 2 ;;
    esac
done

case "$flavour" in
    cloud) cache=${cache:-${VP_GUEST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/vp/guest}} ;;
    generic) cache=${cache:-${VP_GUEST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/vp/guest}/generic} ;;
    *) fail "--flavour: cloud or generic, not '$flavour'" ;;
esac
if [ -n "$vp" ]; then
    [ -x "$vp" ] || fail "vp binary '$vp' not found or not executable"
    emu=vp
else
    qemu=$(command -v qemu-system-aarch64 || true)
    [ -n "$qemu" ] || missing_oracle "qemu-system-aarch64 not installed (Debian package qemu-system-arm)"
    emu=QEMU
fi

if [ -z "$kernel" ] || [ -z "$initrd" ]; then
    if [ ! -f "$cache/guest.env" ] || [ "$fetch" -eq 1 ]; then
        [ "$fetch" -eq 1 ] || missing_oracle "no guest in $cache (run tools/guest/fetch-guest.sh, or pass --fetch)"
        if ! "$script_dir/fetch-guest.sh" --flavour "$flavour" --cache "$cache" >&2; then
            missing_oracle "tools/guest/fetch-guest.sh could not provide the guest (network or apt unavailable?)"
        fi
    fi
    if [ -n "$extra" ]; then
        "$script_dir/fetch-guest.sh" --flavour "$flavour" --cache "$cache" --extra "$extra" >&2 || fail "fetch-guest.sh --extra '$extra' failed"
    fi
    # shellcheck disable=SC1091
    . "$cache/guest.env"
    kernel=${kernel:-$KERNEL}
    if [ -n "$extra" ]; then initrd=${initrd:-$INITRD_EXTRA}; fi
    initrd=${initrd:-$INITRD}
fi
[ -f "$kernel" ] || fail "kernel '$kernel' not found"
[ -f "$initrd" ] || fail "initramfs '$initrd' not found"
# The "CPU part" /proc/cpuinfo must show (MIDR_EL1.PartNum, from the cores' TRMs).
case "$cpu" in
    cortex-a53) part=0xd03 ;;
    cortex-a57) part=0xd07 ;;
    cortex-a72) part=0xd08 ;;
    *) fail "--cpu $cpu: no expected part number (cortex-a53, cortex-a57, cortex-a72)" ;;
esac

if [ "$emu" = vp ]; then
    emu_cmd=("$vp" -cpu "$cpu" -smp "$smp" -m "$mem" -kernel "$kernel" -initrd "$initrd"
        -append "console=ttyAMA0 panic=-1" "${extra_args[@]}")
else
    emu_cmd=("$qemu" -M virt -cpu "$cpu" -smp "$smp" -m "$mem" -nographic -no-reboot -nic none
        -kernel "$kernel" -initrd "$initrd" -append "console=ttyAMA0 panic=-1" "${extra_args[@]}")
fi

if [ "$interactive" -eq 1 ]; then
    exec "${emu_cmd[@]}"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/vp-boot-guest.XXXXXX")
qpid=""
cleanup() {
    exec 3>&- 2>/dev/null || true
    if [ -n "$qpid" ] && kill -0 "$qpid" 2>/dev/null; then kill "$qpid" 2>/dev/null || true; fi
    if [ -n "$logfile" ] && [ -f "$work/console.log" ]; then cp -f "$work/console.log" "$logfile"; fi
    rm -rf "$work"
}
trap cleanup EXIT
mkfifo "$work/in"
exec 3<>"$work/in" # held open read-write, so the emulator never sees end of input
log="$work/console.log"
: >"$log"

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }
show_tail() {
    echo "---- last console lines ----" >&2
    tail -n 25 "$log" | tr -d '\r' >&2
    echo "----------------------------" >&2
}

# wait_for DESCRIPTION TEST-COMMAND...: polls until the command succeeds, the emulator exits, or the
# deadline passes.
deadline=$(($(date +%s) + timeout))
wait_for() {
    local what="$1"
    shift
    while ! "$@"; do
        if ! kill -0 "$qpid" 2>/dev/null; then
            "$@" && return 0
            show_tail
            fail "$emu exited before $what"
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
has_nproc() { tr -d '\r' <"$log" | grep -qx "nproc=$smp"; }

start=$(now)
"${emu_cmd[@]}" <&3 >"$log" 2>&1 &
qpid=$!

wait_for "the 'vp guest ready' banner" has_banner
ready=$(elapsed "$start")
wait_for "the shell prompt" has_prompt
prompt=$(elapsed "$start")
printf 'echo $((6*7))\n' >&3
wait_for "the shell to answer 42 to 'echo \$((6*7))'" has_answer
printf 'echo "nproc=$(nproc)"\n' >&3
wait_for "nproc to report $smp cores" has_nproc
# /proc/cpuinfo: one processor entry per core, the part number of --cpu (above).
printf '%s\n' "echo cpu''info=\$(grep -c ^processor /proc/cpuinfo),\$(awk '/CPU part/ {print \$4; exit}' /proc/cpuinfo)" >&3
has_cpuinfo() { tr -d '\r' <"$log" | grep -qxE 'cpuinfo=[0-9]+,.*'; }
wait_for "the /proc/cpuinfo summary" has_cpuinfo
seen=$(tr -d '\r' <"$log" | grep -xE 'cpuinfo=[0-9]+,.*' | head -n 1)
[ "$seen" = "cpuinfo=$smp,$part" ] || { show_tail; fail "/proc/cpuinfo: $seen, expected $smp $cpu cores (cpuinfo=$smp,$part)"; }
# A pipeline through sort and md5sum, checked against the host's coreutils on the same input.
want_md5=$(seq 2000 | LC_ALL=C sort -r | md5sum | cut -d' ' -f1)
printf '%s\n' "echo md''5=\$(seq 2000 | sort -r | md5sum | cut -d' ' -f1)" >&3
has_md5() { tr -d '\r' <"$log" | grep -qx "md5=$want_md5"; }
wait_for "seq | sort -r | md5sum to give $want_md5" has_md5
# /proc/interrupts lists the arch timer, the IPIs and the uart; dmesg shows the PL011 and the GIC
# probed from the device tree.
printf '%s\n' "grep -q arch_timer /proc/interrupts && grep -q uart-pl011 /proc/interrupts && grep -q 'IPI0:.*Rescheduling' /proc/interrupts && echo irq''s=ok" >&3
has_irqs() { tr -d '\r' <"$log" | grep -qx 'irqs=ok'; }
wait_for "/proc/interrupts to list arch_timer, uart-pl011 and the IPIs" has_irqs
printf '%s\n' "dmesg | grep -q 'ttyAMA0 at MMIO 0x9000000' && dmesg | grep -q 'Root IRQ handler: gic_handle_irq' && echo dme''sg=ok" >&3
has_dmesg() { tr -d '\r' <"$log" | grep -qx 'dmesg=ok'; }
wait_for "dmesg to show the PL011 and the GIC" has_dmesg
# Job control: ash sets 'm' in $- when the shell has a controlling tty (setsid cttyhack).
printf 'case $- in *m*) echo "job""control=on";; *) echo "job""control=off";; esac\n' >&3
wait_for "the job control check" has_jobctl
tr -d '\r' <"$log" | grep -qx 'jobcontrol=on' || { show_tail; fail "the shell has no job control"; }
i=0
while [ "$i" -lt "${#checks[@]}" ]; do
    expect_line=${checks[$((i + 1))]}
    check_start=$(now)
    printf '%s\n' "${checks[$i]}" >&3
    has_line() { tr -d '\r' <"$log" | grep -qxF -- "$expect_line"; }
    wait_for "the line '$expect_line' after '${checks[$i]}'" has_line
    say "check '${checks[$i]}' -> '$expect_line' ok in $(elapsed "$check_start") s (check_seconds=$(elapsed "$check_start"))"
    i=$((i + 2))
done
printf 'poweroff -f\n' >&3
off_deadline=$(($(date +%s) + 30))
while kill -0 "$qpid" 2>/dev/null; do
    if [ "$(date +%s)" -ge "$off_deadline" ]; then
        show_tail
        fail "$emu did not exit after 'poweroff -f'"
    fi
    sleep 0.05
done
rc=0
wait "$qpid" || rc=$?
qpid=""
total=$(elapsed "$start")
[ "$rc" -eq 0 ] || { show_tail; fail "$emu exited with status $rc"; }
# The kernel log (timestamped lines) must be clean: no warnings, bugs, oopses or undefined instructions.
if bad=$(tr -d '\r' <"$log" | grep -E '^\[ *[0-9]+\.[0-9]+\]' |
    grep -E 'WARNING:|BUG:|Oops|Internal error|[Uu]nhandled|undefined instruction|Call trace:'); then
    echo "$bad" | head -n 10 >&2
    fail "the kernel log reports errors (above)"
fi

say "$(tr -d '\r' <"$log" | grep -m1 'vp guest ready')"
say "kernel $(basename "$kernel"), initrd $(basename "$initrd"), -smp $smp -m $mem -cpu $cpu"
say "$emu: prompt after ${prompt} s, 42 answered, nproc=$smp, job control on, powered off after ${total} s (wall)"
say "ready_seconds=$ready prompt_seconds=$prompt"
if [ "$seconds_only" -eq 1 ]; then echo "$prompt"; fi
say "PASS"
