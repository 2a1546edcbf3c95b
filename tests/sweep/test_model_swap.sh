#!/usr/bin/env bash
# System test of the one-line model swap in platforms/virt-apb-timer.yaml:
#   test_model_swap.sh VP ELF MACHINE MODEL OUTDIR
# runs ELF (tests/sweep/apb_timer_poll.c) with -s devices.timer0.model=MODEL and expects the
# guest's line "apb_timer id=0x56544d52 fired" (the ID register value of
# models/rtl/apb_timer_regs.h) as the whole serial output, and exit status 0. The same
# expected line for `apb_timer` and `rtl.apb_timer` is the "both models behave the same" check.
# Fails when MODEL is not registered in this build (rtl.apb_timer needs Verilator), or exits 77
# (ctest: skipped) then under VP_ALLOW_MISSING_ORACLES=1.
set -uo pipefail
vp=$1 elf=$2 machine=$3 model=$4 out=$5
fail() { echo "FAIL: $*" >&2; exit 1; }

if ! "$vp" --list-models | awk '{ print $1 }' | grep -qx "$model"; then
    why="model '$model' is not registered in this vp ('vp --list-models'); rtl.apb_timer needs a build with Verilator (Debian package verilator, VP_WITH_VERILATOR)"
    if [ "${VP_ALLOW_MISSING_ORACLES:-}" = 1 ]; then
        echo "SKIP: $why (VP_ALLOW_MISSING_ORACLES=1)" >&2
        exit 77
    fi
    fail "$why; set VP_ALLOW_MISSING_ORACLES=1 to skip"
fi
mkdir -p "$out"
serial="$out/$model.serial"
rm -f "$serial"
"$vp" "$machine" -kernel "$elf" -s "devices.timer0.model=$model" -serial "file:$serial" --timeout 1s \
    > "$out/$model.log" 2>&1
status=$?
cat "$out/$model.log" >&2
echo "serial output:" >&2
cat "$serial" >&2
[ $status -eq 0 ] || fail "vp exited $status with devices.timer0.model=$model"
expected="apb_timer id=0x56544d52 fired"
[ "$(cat "$serial")" = "$expected" ] || fail "serial output is not exactly '$expected'"
echo "PASS: $model: $expected"
