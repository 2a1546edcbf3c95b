#!/usr/bin/env bash
# Linux on virtio-net with user networking (libslirp), checkpointed after the network is up and
# restored in a new vp: the guest reaches the host again. The saving vp boots the initramfs with
# the virtio-net modules (net-guest.sh), /bin/net-up takes a DHCP lease (10.0.2.15 from the
# backend's server), then SIGUSR1 saves (--checkpoint-file, --checkpoint-stop). The restored vp
# gets, typed at the shell, a busybox wget of a file of random bytes from an HTTP server on the
# host's loopback through 10.0.2.2 (a new connection: the checkpoint holds no host socket); its
# SHA-256 must be the host's; then a host client reaches a guest nc server through the hostfwd
# rule, which the restored vp listens on anew; and the log must say once what of the backend was
# restored (slirp_backend.h). Oracles: the guest (fetch-guest.sh), python3 (the host's HTTP
# server and client).
#
#   linux-net-checkpoint.sh VP_BINARY
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
vp=$1
name=linux-net-checkpoint
. "$here/guest-modules.sh"
. "$here/net-guest.sh"
net_test_setup
vp_pid=""
trap 'exec 3>&- 4>&- 2>/dev/null || true; [ -z "$vp_pid" ] || kill "$vp_pid" 2>/dev/null || true
      for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"' EXIT

mkdir -p "$work/www"
head -c $((1024 * 1024)) /dev/urandom >"$work/www/blob"
sum=$(sha256sum "$work/www/blob" | cut -d' ' -f1)
http_server "$work/www"
fwd_port=$("$py" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
token="hostfwd-token-$RANDOM$RANDOM"
net_guest_extra "$work/extra"
hostfwd_extra "$work/extra" "$token"
"$here/../../tools/guest/fetch-guest.sh" --cache "$cache" --extra "$work/extra" >&2 ||
    missing_oracle "fetch-guest.sh --extra failed"
. "$cache/guest.env"
machine=(-smp 1 -m 1G -kernel "$KERNEL" -initrd "$INITRD_EXTRA" -append "console=ttyAMA0 panic=-1"
    -s devices.virtio1.model=virtio_net -s "devices.virtio1.hostfwd=tcp:127.0.0.1:$fwd_port-:8080")

# waits up to $2 s for a console line of file $1 equal to $3 (\r dropped) while vp runs.
wait_line() {
    local deadline=$(($(date +%s) + $2))
    until tr -d '\r' <"$1" | grep -qxF -- "$3"; do
        kill -0 "$vp_pid" 2>/dev/null || fail "vp exited before printing '$3': $(tail -3 "$work/err")"
        [ "$(date +%s)" -lt "$deadline" ] || fail "no line '$3' within $2 s: $(tail -3 "$1" | tr -d '\r')"
        sleep 0.2
    done
}

mkfifo "$work/in1" "$work/in2"
: >"$work/first.txt"
: >"$work/rest.txt"
exec 3<>"$work/in1"
"$vp" "${machine[@]}" --checkpoint-file "$work/net.vpck" --checkpoint-stop <&3 >"$work/first.txt" 2>"$work/err" &
vp_pid=$!
deadline=$(($(date +%s) + 240))
until sed -n '/vp guest ready/,$p' "$work/first.txt" | tr -d '\r' | grep -q '^/ # '; do
    kill -0 "$vp_pid" 2>/dev/null || fail "the saving vp exited before the prompt: $(tail -3 "$work/err")"
    [ "$(date +%s)" -lt "$deadline" ] || fail "no shell prompt within 240 s"
    sleep 0.2
done
printf '/bin/net-up\n' >&3
wait_line "$work/first.txt" 240 "net: lease 10.0.2.15 gw 10.0.2.2 dns 10.0.2.3"
kill -USR1 "$vp_pid"
status=0
wait "$vp_pid" || status=$?
vp_pid=""
[ "$status" -eq 0 ] || fail "the saving vp ended with status $status: $(tail -3 "$work/err")"
grep -q "checkpoint saved to $work/net.vpck" "$work/err" || fail "no checkpoint saved: $(tail -3 "$work/err")"

exec 4<>"$work/in2"
"$vp" "${machine[@]}" --restore "$work/net.vpck" <&4 >"$work/rest.txt" 2>"$work/err" &
vp_pid=$!
printf '%s\n' "wget -q -O /tmp/blob http://10.0.2.2:$http_port/blob && echo \"net: sha256 \$(sha256sum /tmp/blob | cut -d' ' -f1)\"" >&4
wait_line "$work/rest.txt" 240 "net: sha256 $sum"
hostfwd_client "$fwd_port" "$work/got"
printf '/bin/hostfwd-serve\n' >&4
wait_line "$work/rest.txt" 240 "net: served"
wait "$client" || fail "the host client did not get the guest server's answer through hostfwd on the restored vp"
[ "$(cat "$work/got")" = "$token" ] || fail "through hostfwd the host read '$(cat "$work/got")', not '$token'"
printf 'poweroff -f\n' >&4
status=0
wait "$vp_pid" || status=$?
vp_pid=""
[ "$status" -eq 0 ] || fail "the restored vp ended with status $status after 'poweroff -f'"
[ "$(grep -c "netdev user restored" "$work/err")" -eq 1 ] ||
    fail "the log does not say once what of netdev user was restored: $(cat "$work/err")"
echo "$name: PASS: restored after DHCP, the guest fetched the host's file (sha256 $sum) and served a host client through hostfwd"
