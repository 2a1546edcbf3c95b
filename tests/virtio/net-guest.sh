# Sourced by the virtio-net guest scripts (tests/virtio/linux-net.sh, tools/bench/net.sh) after
# guest-modules.sh's guest_modules: net_guest_extra DIR puts into the initramfs extra DIR the
# kernel's virtio-net modules and /bin/net-up, which loads them, waits for eth0, takes a DHCP
# lease with busybox udhcpc and prints "net: lease ADDR gw GATEWAY dns SERVER".
net_guest_extra() {
    local extra=$1 m
    mkdir -p "$extra/lib/vp-virtio" "$extra/bin" "$extra/etc"
    for m in drivers/virtio/virtio_ring.ko drivers/virtio/virtio.ko drivers/virtio/virtio_mmio.ko \
             net/core/failover.ko drivers/net/net_failover.ko drivers/net/virtio_net.ko; do
        cp "$moddir/$m" "$extra/lib/vp-virtio/"
    done
    # udhcpc's script: it is called with deconfig, bound or renew and the lease in the environment.
    cat >"$extra/etc/udhcpc.script" <<'GUEST'
#!/bin/sh
case "$1" in
    deconfig) ip addr flush dev "$interface"; ip link set "$interface" up ;;
    bound|renew)
        ip addr flush dev "$interface"
        ip addr add "$ip/${mask:-24}" dev "$interface"
        [ -n "$router" ] && ip route add default via "$router" dev "$interface"
        : >/etc/resolv.conf
        for d in $dns; do echo "nameserver $d" >>/etc/resolv.conf; done ;;
esac
exit 0
GUEST
    cat >"$extra/bin/net-up" <<'GUEST'
#!/bin/sh
for m in virtio_ring virtio virtio_mmio failover net_failover virtio_net; do
    insmod /lib/vp-virtio/$m.ko || { echo "net: insmod $m failed"; exit 1; }
done
i=0
while [ ! -e /sys/class/net/eth0 ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
udhcpc -i eth0 -s /etc/udhcpc.script -q -n -t 10 -T 1 >/tmp/udhcpc.log 2>&1 || { cat /tmp/udhcpc.log; echo "net: no lease"; exit 1; }
addr=$(ip -4 addr show eth0 | sed -n 's/.*inet \([0-9.]*\).*/\1/p')
gw=$(ip route | sed -n 's/^default via \([0-9.]*\).*/\1/p')
dns=$(sed -n 's/^nameserver //p' /etc/resolv.conf | head -n 1)
echo "net: lease $addr gw $gw dns $dns"
GUEST
    chmod +x "$extra/etc/udhcpc.script" "$extra/bin/net-up"
}

# hostfwd_extra DIR TOKEN: the guest side of a hostfwd exchange in the initramfs extra DIR:
# /etc/token holds TOKEN, and /bin/hostfwd-serve serves it on the guest's port 8080 to every
# connection until the host client (hostfwd_client) says "done", then prints "net: served". The
# client says "ping" until it has read the token, then "done": only then is the exchange over (a
# connection can bring nothing when slirp accepts on the host before this server listens, and a
# reply can be lost when a connection is reset).
hostfwd_extra() {
    mkdir -p "$1/bin" "$1/etc"
    echo "$2" >"$1/etc/token"
    cat >"$1/bin/hostfwd-serve" <<'GUEST'
#!/bin/sh
i=0
while [ $i -lt 40 ]; do
    timeout 30 nc -l -p 8080 </etc/token >/tmp/got
    grep -qx done /tmp/got && { echo "net: served"; exit 0; }
    i=$((i + 1))
done
echo "net: the host client never said done through hostfwd"
GUEST
    chmod +x "$1/bin/hostfwd-serve"
}

# hostfwd_client PORT OUT: the host side, in the background (its pid in `client` and `pids`):
# connects to 127.0.0.1:PORT until the guest's server answers, writes the token it read to OUT,
# says done; exits 0 once the guest has seen done, 1 after 240 s.
hostfwd_client() {
    "$py" - "$1" "$2" <<'PY' &
import socket, sys, time
port, out = int(sys.argv[1]), sys.argv[2]
deadline = time.time() + 240
have = False
while time.time() < deadline:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
            s.sendall(b"done\n" if have else b"ping\n")
            data = b""
            while not data.endswith(b"\n"):
                chunk = s.recv(4096)
                if not chunk:
                    break
                data += chunk
            # A whole token back: the guest's server took this connection, and what was said.
            if data.endswith(b"\n"):
                if have:
                    sys.exit(0)
                open(out, "wb").write(data)
                have = True
                continue
    except OSError:
        pass
    time.sleep(0.2)
sys.exit(1)
PY
    client=$!
    pids+=("$client")
}

# net_test_setup: what a Linux network test needs before its guest: python3 (`py`, the host's
# servers and clients; a missing oracle), the guest's modules (guest_modules) and net_work.
net_test_setup() {
    py=$(command -v python3 || true)
    [ -n "$py" ] || missing_oracle "python3 missing (Debian package python3)"
    guest_modules
    net_work
}

# net_work: a scratch directory `work` and the list `pids` of background host processes, both
# cleaned up when the script exits.
net_work() {
    work=$(mktemp -d "${TMPDIR:-/tmp}/vp-net.XXXXXX")
    pids=()
    trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"' EXIT
}

# http_server DIR: serves DIR on a free port of the host's loopback (python3's http.server, in the
# background; its pid is appended to `pids`) and sets `http_port`.
http_server() {
    "$py" -u -m http.server --bind 127.0.0.1 --directory "$1" 0 >"$work/http.log" 2>&1 &
    pids+=($!)
    http_port=""
    for _ in $(seq 100); do
        http_port=$(sed -n 's/.*port \([0-9]*\).*/\1/p' "$work/http.log" | head -n 1)
        [ -n "$http_port" ] && return 0
        sleep 0.1
    done
    fail "the host's HTTP server did not start: $(cat "$work/http.log")"
}
