#!/usr/bin/env bash
# System test of tools/sweep/vp-sweep.
#   test_sweep_runner.sh quantum VP_SWEEP VP ELF MACHINE OUTDIR
#     two quantum values on one program: results.csv has the documented header and one row
#     per value, every run exited 0, the instruction count is the same for both quanta (the
#     guest executes the same program whatever the synchronisation interval) and simulated
#     time is positive; with gnuplot present a plot is written, without it a message says so.
#   test_sweep_runner.sh failing VP_SWEEP VP ELF MACHINE OUTDIR
#     a guest that fails: the row records vp's non-zero exit status, vp-sweep exits 1.
set -uo pipefail
mode=$1 sweep=$2 vp=$3 elf=$4 machine=$5 out=$6
fail() { echo "FAIL: $*" >&2; exit 1; }

rm -rf "$out"
csv="$out/results.csv"
header="key1,value1,run,simulated_seconds,wall_seconds,instructions,mips,exit_status"

case "$mode" in
quantum)
    "$sweep" --vp "$vp" --machine "$machine" --kernel "$elf" --key quantum --values 1us,100us \
        --out "$out" 2> "$out.stderr"
    status=$?
    cat "$out.stderr" >&2
    [ $status -eq 0 ] || fail "vp-sweep exited $status"
    [ -f "$csv" ] || fail "no $csv"
    cat "$csv" >&2
    [ "$(head -n 1 "$csv")" = "$header" ] || fail "header is '$(head -n 1 "$csv")', expected '$header'"
    [ "$(wc -l < "$csv")" -eq 3 ] || fail "expected a header and 2 rows"
    awk -F, '
        NR == 1 { next }
        { n++
          if ($1 != "quantum") { print "row " n ": key1 is " $1; bad = 1 }
          want = (n == 1) ? "1us" : "100us"
          if ($2 != want) { print "row " n ": value1 is " $2 ", expected " want; bad = 1 }
          if ($3 != "1") { print "row " n ": run is " $3; bad = 1 }
          if ($8 != "0") { print "row " n ": exit_status is " $8; bad = 1 }
          if (!($4 > 0)) { print "row " n ": simulated_seconds " $4 " is not positive"; bad = 1 }
          if ($6 !~ /^[0-9]+$/ || !($6 > 0)) { print "row " n ": instructions '\''" $6 "'\''"; bad = 1 }
          if (!($5 > 0)) { print "row " n ": wall_seconds " $5 " is not positive"; bad = 1 }
          insn[n] = $6 }
        END { if (insn[1] != insn[2]) { print "instructions differ: " insn[1] " vs " insn[2]; bad = 1 }
              exit bad }' "$csv" >&2 || fail "CSV contents"
    if command -v gnuplot > /dev/null 2>&1; then
        [ -s "$out/plot.png" ] || [ -s "$out/plot.svg" ] || fail "gnuplot is installed but no plot was written"
    else
        grep -q "gnuplot not found" "$out.stderr" || fail "no message about the missing gnuplot"
        echo "note: gnuplot not installed, the plot half was not exercised" >&2
    fi
    ;;
failing)
    "$sweep" --vp "$vp" --machine "$machine" --kernel "$elf" --key quantum --values 10us \
        --out "$out" --no-plot
    status=$?
    cat "$csv" >&2
    [ $status -eq 1 ] || fail "vp-sweep exited $status for a failing guest, expected 1"
    [ "$(head -n 1 "$csv")" = "$header" ] || fail "header"
    st=$(awk -F, 'NR == 2 { print $8 }' "$csv")
    [[ "$st" =~ ^[0-9]+$ ]] && [ "$st" -ne 0 ] || fail "exit_status '$st' for a failing guest, expected non-zero"
    ;;
*) fail "unknown mode $mode" ;;
esac
echo "PASS"
