#!/usr/bin/env bash
# An idle guest with user networking under --realtime does not spin the host: 3 s of a guest in
# WFI (tests/baremetal/idle.c) with -nic user and a hostfwd listener (a socket to poll) may use at
# most 0.25 s of host CPU time (the backend polls about a thousand times a second, a few
# microseconds each: about 0.1 s; polling every 2 us of simulated time costs over 1 s).
#   net-idle-realtime.sh VP IDLE_ELF
set -euo pipefail
vp=$1 elf=$2
out=$(mktemp)
trap 'rm -f "$out"' EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
status=0
/usr/bin/time -o "$out" -f "%U %S" "$vp" -smp 1 -kernel "$elf" -serial null -nic "user,hostfwd=tcp:127.0.0.1:$port-:22" --realtime --timeout 3s || status=$?
[ "$status" -eq 3 ] || { echo "net-idle-realtime: FAIL: vp exited with $status, not 3 (--timeout)" >&2; exit 1; }
cpu=$(tail -n 1 "$out" | awk '{print $1 + $2}')  # after time's "Command exited" line
echo "net-idle-realtime: ${cpu} s of host CPU for 3 s of idle guest"
awk -v c="$cpu" 'BEGIN { exit !(c <= 0.25) }' || { echo "net-idle-realtime: FAIL: more than 0.25 s" >&2; exit 1; }
echo "net-idle-realtime: PASS"
