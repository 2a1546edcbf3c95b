#!/usr/bin/env bash
# Runs the README's two commands on a machine that has never seen vp: a minimal Debian 12 root
# made by debootstrap (variant minbase, plus git, nothing else), a clone of the committed HEAD in
# it, then the test command (tools/test.sh) to completion and the run command (tools/run.sh) until
# the guest's shell prompt answers a typed command. Run it before resolving any issue that changes
# dependencies: a clone on a developer machine hides a missing install step.
#
# Usage: tools/fresh-check.sh [--rev REV] [--cache DIR] [--keep] [--no-tests] [--no-run]
#   --rev REV    commit to check (default HEAD; uncommitted changes are never included)
#   --cache DIR  where the pristine root is kept between runs as a tarball
#                (default ${VP_FRESH_CACHE:-$HOME/.cache/vp/fresh}); delete it to rebuild
#   --keep       keep the work root afterwards (its path is printed)
#   --no-tests / --no-run   skip one of the two commands
# Needs root (debootstrap, chroot, mounts) and Debian's archive (deb.debian.org) on the network.
# Exit status: 0 when both commands succeeded, 1 otherwise. A log of each command is kept in the
# cache directory (test.log, run.log) for the closing note.
set -euo pipefail

die() {
    echo "fresh-check: error: $*" >&2
    exit 1
}
say() { echo "fresh-check: $*" >&2; }

repo=$(cd "$(dirname "$0")/.." && pwd)
rev=HEAD
cache="${VP_FRESH_CACHE:-$HOME/.cache/vp/fresh}"
keep=0
do_tests=1
do_run=1
while [ $# -gt 0 ]; do
    case "$1" in
        --rev) rev="$2"; shift 2 ;;
        --cache) cache="$2"; shift 2 ;;
        --keep) keep=1; shift ;;
        --no-tests) do_tests=0; shift ;;
        --no-run) do_run=0; shift ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown argument '$1' (see --help)" ;;
    esac
done

[ "$(id -u)" -eq 0 ] || die "needs root (debootstrap, chroot and mounts); run it with sudo"
commit=$(git -C "$repo" rev-parse --verify "$rev^{commit}") || die "'$rev' is not a commit of $repo"
if ! command -v debootstrap >/dev/null 2>&1; then
    say "installing debootstrap"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap
fi
mkdir -p "$cache"
cache=$(cd "$cache" && pwd)
mirror=http://deb.debian.org/debian
base="$cache/bookworm-minbase-git.tar"

now() { date +%s; }
t0=$(now)

# --- the pristine root (cached) ----------------------------------------------------------------
if [ ! -f "$base" ]; then
    say "debootstrap: a minimal Debian 12 root with git (cached as $base)"
    stage=$(mktemp -d /var/tmp/vp-fresh-stage.XXXXXX)
    debootstrap --variant=minbase --include=git bookworm "$stage" "$mirror" >"$cache/debootstrap.log" 2>&1 ||
        { tail -n 20 "$cache/debootstrap.log" >&2; rm -rf "$stage"; die "debootstrap failed (log: $cache/debootstrap.log)"; }
    # The apt sources of a Debian 12 installation: the release, its updates and security.
    cat >"$stage/etc/apt/sources.list" <<EOF
deb $mirror bookworm main
deb $mirror bookworm-updates main
deb http://deb.debian.org/debian-security bookworm-security main
EOF
    rm -rf "$stage/var/cache/apt/archives/"*.deb
    tar -C "$stage" -cf "$base.tmp" . && mv "$base.tmp" "$base"
    rm -rf "$stage"
fi

# --- roots left by a run that was killed (no EXIT trap ran): unmount, then delete ------------------
for stale in /var/tmp/vp-fresh-root.*; do
    [ -d "$stale" ] || continue
    say "removing the work root of an earlier, interrupted run: $stale"
    grep -o " $stale/[^ ]*" /proc/mounts | sort -r | while read -r m; do umount -l "$m" 2>/dev/null || true; done
    if grep -q " $stale/" /proc/mounts; then
        say "$stale still has mounts; left in place"
    else
        rm -rf --one-file-system "$stale"
    fi
done

# --- a fresh copy of it, with the project cloned in ----------------------------------------------
root=$(mktemp -d /var/tmp/vp-fresh-root.XXXXXX)
mounted=()
cleanup() {
    local i
    for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do umount -R -l "${mounted[$i]}" 2>/dev/null || true; done
    if [ "$keep" -eq 1 ]; then
        say "work root kept at $root"
    elif grep -q " $root/" /proc/mounts; then  # never delete through a mount of the host's /dev
        say "work root $root still has mounts; not deleted"
    else
        rm -rf "$root"
    fi
}
trap cleanup EXIT
tar -C "$root" -xf "$base"
mkdir -p "$root/proc" "$root/sys" "$root/dev"
mount -t proc proc "$root/proc" && mounted+=("$root/proc")
mount -t sysfs sysfs "$root/sys" && mounted+=("$root/sys")
mount --rbind /dev "$root/dev" && mount --make-rslave "$root/dev" && mounted+=("$root/dev")
cp -L /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
git clone -q --no-hardlinks "$repo" "$root/root/vp"
git -C "$root/root/vp" checkout -q "$commit"
say "checking $(git -C "$repo" log -1 --format='%h %s' "$commit" | cut -c1-100)"

in_root() {
    chroot "$root" /usr/bin/env -i HOME=/root LANG=C.UTF-8 TERM=xterm \
        PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "$@"
}

status=0
# --- the README's test command ---------------------------------------------------------------------
if [ "$do_tests" -eq 1 ]; then
    say "test command: tools/test.sh (log: $cache/test.log)"
    t=$(now)
    if in_root bash -c 'cd /root/vp && tools/test.sh' >"$cache/test.log" 2>&1; then
        test_result=passed
    else
        test_result=FAILED
        status=1
    fi
    say "tools/test.sh $test_result after $(($(now) - t)) s:"
    grep -E 'tests passed|tests failed out of|Total Test time|skipped|Skipped|FAILED|Failed' "$cache/test.log" |
        grep -v '^\[' | tail -n 30 >&2 || true
fi

# --- the README's run command, on a terminal, until the prompt answers ---------------------------
if [ "$do_run" -eq 1 ]; then
    say "run command: tools/run.sh on a pseudo-terminal (log: $cache/run.log)"
    t=$(now)
    fifo="$root/tmp/run.in"
    mkfifo "$fifo"
    : >"$cache/run.log"
    # script(1) gives tools/run.sh a real terminal, as a user's would be; input comes from the fifo.
    in_root script -qfec "cd /root/vp && tools/run.sh" /dev/null <"$fifo" >"$cache/run.log" 2>&1 &
    rpid=$!
    exec 3>"$fifo"
    answered=0
    deadline=$(($(now) + 3600))  # includes building vp when the test command was skipped
    prompt_seen=0
    while kill -0 "$rpid" 2>/dev/null && [ "$(now)" -lt "$deadline" ]; do
        log=$(tr -d '\r' <"$cache/run.log")
        if [ "$prompt_seen" -eq 0 ] && sed -n '/vp guest ready/,$p' <<<"$log" | grep -q '^/[^ ]* # '; then
            prompt_seen=1
            say "prompt after $(($(now) - t)) s; typing 'echo fresh-\$((6*7))'"
            printf 'echo fresh-$((6*7))\n' >&3
        fi
        if [ "$prompt_seen" -eq 1 ] && grep -qx 'fresh-42' <<<"$log"; then
            answered=1
            break
        fi
        sleep 0.2
    done
    if [ "$answered" -eq 1 ]; then
        say "the shell answered 'fresh-42' after $(($(now) - t)) s; 'poweroff -f'"
        printf 'poweroff -f\n' >&3
        for _ in $(seq 100); do kill -0 "$rpid" 2>/dev/null || break; sleep 0.2; done
    else
        say "the shell prompt did not answer (last lines):"
        tr -d '\r' <"$cache/run.log" | tail -n 25 >&2
        status=1
    fi
    exec 3>&-
    kill "$rpid" 2>/dev/null || true
    rc=0
    wait "$rpid" 2>/dev/null || rc=$?
    if [ "$answered" -eq 1 ] && [ "$rc" -ne 0 ]; then
        say "tools/run.sh exited with status $rc after poweroff -f"
        status=1
    fi
fi

say "done in $(($(now) - t0)) s: $([ "$status" -eq 0 ] && echo PASS || echo FAIL)"
exit "$status"
