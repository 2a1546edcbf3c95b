#!/usr/bin/env bash
# Fetches a stock Debian 12 (bookworm) arm64 guest for vp: a kernel and busybox-static, and
# builds a busybox initramfs with the project's own cpio writer (vp_mkinitramfs). Two flavours:
#   cloud    linux-image-*-cloud-arm64-unsigned, its module tree kept in root/kernel (default)
#   generic  linux-image-*-arm64-unsigned (has gpio_keys and evdev); the initramfs carries the
#            modules of GENERIC_MODULES with their depends= and /init (init-generic.sh) insmods
#            them before it runs the common init.sh
#
# The host's apt configuration and dpkg architectures are left alone: apt runs on a private
# state/list/cache directory inside the cache, with a private sources list derived from the
# host's Debian archive entries, and APT::Architecture=arm64. Nothing is installed; the .deb
# files are unpacked with dpkg-deb -x.
#
# Usage: tools/guest/fetch-guest.sh [--flavour cloud|generic] [--cache DIR] [--extra DIR] [--force]
#   --flavour F  the kernel flavour (default cloud)
#   --cache DIR  cache directory (default ${VP_GUEST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/vp/guest},
#                with /generic appended for the generic flavour)
#   --extra DIR  also build initramfs-extra.cpio.gz: the base initramfs plus the files of DIR
#                (copied to the archive root, e.g. DIR/bin/test lands at /bin/test)
#   --force      re-fetch even when the cached guest verifies
# Environment: VP_MKINITRAMFS=path of a built vp_mkinitramfs (else it is built with cmake in
#   $VP_BUILD_DIR, default <repo>/build); VP_GUEST_SUITE (default bookworm).
# Outputs (in DIR): Image, Image.gz, initramfs.cpio.gz, guest.env (KERNEL=, INITRD=,
#   INITRD_EXTRA= when --extra), guest.sha256 (manifest), kernel.version, kernel.format;
#   generic: lib/modules/VERSION/kernel/... (the modules) and modules.load (their insmod order).
set -euo pipefail

die() {
    echo "fetch-guest: error: $*" >&2
    exit 1
}
log() { echo "fetch-guest: $*" >&2; }

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo_root=$(cd "$script_dir/../.." && pwd)

cache=""
flavour=cloud
extra=""
force=0
while [ $# -gt 0 ]; do
    case "$1" in
        --cache) [ $# -ge 2 ] || die "--cache needs a directory"; cache="$2"; shift 2 ;;
        --cache=*) cache="${1#*=}"; shift ;;
        --flavour) [ $# -ge 2 ] || die "--flavour needs cloud or generic"; flavour="$2"; shift 2 ;;
        --flavour=*) flavour="${1#*=}"; shift ;;
        --extra) [ $# -ge 2 ] || die "--extra needs a directory"; extra="$2"; shift 2 ;;
        --extra=*) extra="${1#*=}"; shift ;;
        --force) force=1; shift ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown argument '$1' (see --help)" ;;
    esac
done
case "$flavour" in
    cloud) kflavour=cloud-arm64 cache_default="" ;;
    generic) kflavour=arm64 cache_default=/generic ;;
    *) die "--flavour: unknown flavour '$flavour' (cloud or generic)" ;;
esac
[ -n "$cache" ] || cache="${VP_GUEST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/vp/guest}$cache_default"
# The generic kernel's modules the guest needs (each loaded after its depends=): the power
# button's input device, the virtio disk and ext4. crc32c_generic is no depends= of ext4: ext4
# asks the crypto API for "crc32c" when it mounts a file system with metadata checksums.
GENERIC_MODULES="gpio_keys evdev virtio_mmio virtio_blk crc32c_generic ext4"
if [ -n "$extra" ]; then
    [ -d "$extra" ] || die "--extra: '$extra' is not a directory"
    extra=$(cd "$extra" && pwd)
fi

suite="${VP_GUEST_SUITE:-bookworm}"
mkdir -p "$cache" || die "cannot create cache directory '$cache'"
cache=$(cd "$cache" && pwd)
manifest="$cache/guest.sha256"

for tool in apt-get apt-cache dpkg-deb gzip sha256sum; do
    command -v "$tool" >/dev/null 2>&1 || die "'$tool' not found (this script needs a Debian host)"
done

# --- vp_mkinitramfs --------------------------------------------------------------------------
find_mkinitramfs() {
    if [ -n "${VP_MKINITRAMFS:-}" ]; then
        [ -x "$VP_MKINITRAMFS" ] || die "VP_MKINITRAMFS='$VP_MKINITRAMFS' is not an executable"
        echo "$VP_MKINITRAMFS"
        return
    fi
    local build="${VP_BUILD_DIR:-$repo_root/build}"
    if [ ! -f "$build/CMakeCache.txt" ]; then
        log "configuring $build"
        cmake -S "$repo_root" -B "$build" -G Ninja >&2 || die "cmake configure of '$build' failed"
    fi
    log "building vp_mkinitramfs in $build"
    cmake --build "$build" --target vp_mkinitramfs >&2 || die "building vp_mkinitramfs failed"
    local exe
    exe=$(find "$build" -name vp_mkinitramfs -type f -perm -u+x | head -n1)
    [ -n "$exe" ] || die "vp_mkinitramfs not found under '$build' after building"
    echo "$exe"
}

# --- initramfs ---------------------------------------------------------------------------------
# write_base_spec BUSYBOX: the gen_init_cpio-like spec of the base initramfs.
write_base_spec() {
    local busybox="$1"
    cat <<EOF
# vp base initramfs: busybox-static + /init
dir /dev 0755
nod /dev/console 0600 c 5 1
nod /dev/null 0666 c 1 3
nod /dev/ttyAMA0 0600 c 204 64
dir /proc 0755
dir /sys 0755
dir /tmp 1777
dir /root 0700
dir /etc 0755
dir /bin 0755
dir /sbin 0755
dir /usr 0755
dir /usr/bin 0755
dir /usr/sbin 0755
dir /mnt 0755
file /bin/busybox $busybox 0755
slink /bin/sh busybox
EOF
    if [ "$flavour" = generic ]; then
        cat <<EOF
file /init $cache/init-generic.sh 0755
file /etc/vp-init.sh $cache/init.sh 0755
file /etc/vp-modules $cache/modules.load 0644
tree /lib/modules $cache/lib/modules
EOF
    else
        echo "file /init $cache/init.sh 0755"
    fi
}

# The /init scripts of the flavour, as the initramfs holds them.
init_files() { if [ "$flavour" = generic ]; then echo init.sh init-generic.sh; else echo init.sh; fi; }
changed_init_files() { # prints those that differ from the cache's copies; false when none does
    local f changed=""
    for f in $(init_files); do cmp -s "$script_dir/$f" "$cache/$f" || changed+="${changed:+, }tools/guest/$f"; done
    [ -n "$changed" ] && echo "$changed"
}

build_initramfs() { # OUT [EXTRA_DIR]
    local out="$1" extra_dir="${2:-}" spec f
    for f in $(init_files); do cp -f "$script_dir/$f" "$cache/$f"; done
    spec=$(mktemp "$cache/spec.XXXXXX")
    write_base_spec "$cache/root/busybox/bin/busybox" >"$spec"
    [ -z "$extra_dir" ] || echo "tree / $extra_dir" >>"$spec"
    "$mkinitramfs" -o "$out.tmp" "$spec" || { rm -f "$spec" "$out.tmp"; die "vp_mkinitramfs failed"; }
    rm -f "$spec"
    mv -f "$out.tmp" "$out"
}

# The manifest: the .deb files, the kernel (and the generic flavour's modules) and the initramfs
# with the /init it was built from.
write_manifest() {
    local extra_files=()
    if [ "$flavour" = generic ]; then
        mapfile -t extra_files < <(cd "$cache" && echo modules.load && find lib -name '*.ko' | sort)
    fi
    (cd "$cache" && sha256sum debs/*.deb Image Image.gz $(init_files) "${extra_files[@]}" initramfs.cpio.gz \
        >guest.sha256.tmp) && mv -f "$cache/guest.sha256.tmp" "$manifest"
}

write_env() {
    {
        echo "KERNEL=$cache/Image"
        echo "INITRD=$cache/initramfs.cpio.gz"
        [ -z "$extra" ] || echo "INITRD_EXTRA=$cache/initramfs-extra.cpio.gz"
    } >"$cache/guest.env"
}

finish() {
    if [ -n "$extra" ]; then
        build_initramfs "$cache/initramfs-extra.cpio.gz" "$extra"
    fi
    write_env
    echo "KERNEL=$cache/Image"
    echo "INITRD=$cache/initramfs.cpio.gz"
    [ -z "$extra" ] || echo "INITRD_EXTRA=$cache/initramfs-extra.cpio.gz"
}

# --- cached? -----------------------------------------------------------------------------------
# The manifest verifies and lists what this flavour's cache holds (not an older layout's).
cache_verifies() {
    local f
    [ -s "$manifest" ] && [ -x "$cache/root/busybox/bin/busybox" ] || return 1
    for f in 'debs/.*\.deb' Image Image.gz $(init_files) initramfs.cpio.gz; do
        grep -qE "^[0-9a-f]{64}  $f\$" "$manifest" || return 1
    done
    [ "$flavour" = cloud ] || grep -qE '^[0-9a-f]{64}  modules\.load$' "$manifest" || return 1
    (cd "$cache" && sha256sum --check --quiet --strict guest.sha256 >/dev/null 2>&1)
}
if [ "$force" -eq 0 ] && cache_verifies; then
    echo "guest cached in $cache"
    changed=$(changed_init_files) || true
    if [ -n "$extra" ] || [ -n "$changed" ]; then
        mkinitramfs=$(find_mkinitramfs)
    fi
    if [ -n "$changed" ]; then
        log "$changed changed: rebuilding initramfs.cpio.gz"
        build_initramfs "$cache/initramfs.cpio.gz"
        write_manifest
    fi
    finish
    exit 0
fi
[ -s "$manifest" ] && [ "$force" -eq 0 ] && log "cached guest in $cache does not verify: re-fetching"

mkinitramfs=$(find_mkinitramfs)

# --- private apt -------------------------------------------------------------------------------
apt_dir="$cache/apt"
rm -f "$manifest"
mkdir -p "$apt_dir/state/lists/partial" "$apt_dir/cache/archives/partial" "$apt_dir/etc/sources.list.d" \
    "$apt_dir/etc/apt.conf.d" "$apt_dir/etc/preferences.d"
: >"$apt_dir/state/status"

# The host's Debian archive entries (deb822 .sources or one-line .list), restricted to the
# chosen suite family, rewritten as one-line entries for arm64.
host_debian_sources() {
    local f
    for f in /etc/apt/sources.list.d/*.sources; do
        [ -f "$f" ] || continue
        awk -v suite="$suite" '
            function flush() {
                if (types ~ /(^| )deb( |$)/ && uris != "") {
                    n = split(uris, u, " "); m = split(suites, s, " ")
                    for (i = 1; i <= n; i++) for (j = 1; j <= m; j++) {
                        if (u[i] !~ /^https?:\/\/[^\/]*debian\.org\/debian(-security)?\/?$/) continue
                        if (index(s[j], suite) != 1) continue
                        opt = (signed != "" && signed !~ /-----BEGIN/) ? "signed-by=" signed " " : ""
                        print "deb [" opt "arch=arm64] " u[i] " " s[j] " " comps
                    }
                }
                types = uris = suites = comps = signed = ""
            }
            /^[ \t]*#/ { next }
            /^[ \t]*$/ { flush(); next }
            {
                key = $1; sub(/:$/, "", key); val = $0; sub(/^[^:]*:[ \t]*/, "", val)
                k = tolower(key)
                if (k == "types") types = val
                else if (k == "uris") uris = val
                else if (k == "suites") suites = val
                else if (k == "components") comps = val
                else if (k == "signed-by") signed = val
            }
            END { flush() }' "$f"
    done
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        [ -f "$f" ] || continue
        awk -v suite="$suite" '
            $1 != "deb" { next }
            {
                i = 2; opts = ""
                if ($2 ~ /^\[/) { while (i <= NF) { opts = opts " " $i; if ($i ~ /\]$/) { i++; break } i++ } }
                uri = $i; s = $(i + 1); comps = ""
                for (k = i + 2; k <= NF; k++) comps = comps " " $k
                if (uri !~ /^https?:\/\/[^\/]*debian\.org\/debian(-security)?\/?$/) next
                if (index(s, suite) != 1) next
                signed = ""
                if (match(opts, /signed-by=[^] ]+/)) signed = substr(opts, RSTART, RLENGTH) " "
                print "deb [" signed "arch=arm64] " uri " " s comps
            }' "$f"
    done
}

host_debian_sources | sort -u >"$apt_dir/etc/sources.list"
if [ ! -s "$apt_dir/etc/sources.list" ]; then
    keyring=/usr/share/keyrings/debian-archive-keyring.gpg
    log "no Debian '$suite' archive entry in the host's apt sources: using deb.debian.org"
    echo "deb [signed-by=$keyring arch=arm64] http://deb.debian.org/debian $suite main" \
        >"$apt_dir/etc/sources.list"
fi

# APT_CONFIG is read before the host's apt.conf.d: pointing Dir::Etc::Parts/main at private
# (empty) places keeps the host's hooks (e.g. APT::Update::Post-Invoke) out of this run.
cat >"$apt_dir/etc/apt.conf" <<EOF
Dir::Etc::Parts "$apt_dir/etc/apt.conf.d";
Dir::Etc::Main "/dev/null";
EOF
export APT_CONFIG="$apt_dir/etc/apt.conf"
apt_opts=(
    -o "Dir::State=$apt_dir/state"
    -o "Dir::State::Lists=$apt_dir/state/lists"
    -o "Dir::State::status=$apt_dir/state/status"
    -o "Dir::Cache=$apt_dir/cache"
    -o "Dir::Cache::archives=$apt_dir/cache/archives"
    -o "Dir::Etc::SourceList=$apt_dir/etc/sources.list"
    -o "Dir::Etc::SourceParts=$apt_dir/etc/sources.list.d"
    -o "Dir::Etc::Preferences=/dev/null"
    -o "Dir::Etc::PreferencesParts=$apt_dir/etc/preferences.d"
    -o "APT::Architecture=arm64"
    -o "APT::Architectures=arm64"
    -o "Acquire::Languages=none"
    -o "Debug::NoLocking=1"
)
[ "$(id -u)" -ne 0 ] || apt_opts+=(-o "APT::Sandbox::User=root")

log "apt-get update (private lists in $apt_dir)"
if ! out=$(apt-get "${apt_opts[@]}" -q update 2>&1) || grep -qE '^(Err|W: Failed|E: )' <<<"$out"; then
    echo "$out" | grep -E '^(Err|W|E):?' >&2 || true
    die "cannot reach the Debian archive: apt-get update failed (sources: $(tr '\n' ';' <"$apt_dir/etc/sources.list"))"
fi

# Kernel: the current ABI from the flavour's metapackage dependency (linux-image-cloud-arm64,
# linux-image-arm64), the -unsigned package when present.
kname="linux-image-[0-9][0-9.]*-[0-9][0-9]*-$kflavour"
kdep=$(apt-cache "${apt_opts[@]}" depends "linux-image-$kflavour" 2>/dev/null |
    sed -n "s/^ *Depends: \($kname\)\(-unsigned\)\{0,1\}\$/\1/p" | head -n1)
if [ -z "$kdep" ]; then
    # Fall back to the newest matching package in the lists.
    kdep=$(apt-cache "${apt_opts[@]}" pkgnames linux-image- 2>/dev/null |
        grep -E "^$kname(-unsigned)?\$" | sed 's/-unsigned$//' | sort -uV | tail -n1)
fi
[ -n "$kdep" ] || die "no linux-image-*-$kflavour package found in the arm64 package lists"
kpkg="$kdep-unsigned"
if ! apt-cache "${apt_opts[@]}" show "$kpkg" >/dev/null 2>&1; then
    log "$kpkg not in the lists: using $kdep"
    kpkg="$kdep"
fi
log "kernel package: $kpkg; busybox package: busybox-static"

debs="$cache/debs"
rm -rf "$debs.new"
mkdir -p "$debs.new"
(cd "$debs.new" && apt-get "${apt_opts[@]}" -q download "$kpkg:arm64" busybox-static:arm64 >&2) ||
    die "cannot reach the Debian archive: apt-get download $kpkg busybox-static failed"
kdeb=$(ls "$debs.new/${kpkg}"_*_arm64.deb 2>/dev/null | head -n1)
bdeb=$(ls "$debs.new"/busybox-static_*_arm64.deb 2>/dev/null | head -n1)
{ [ -n "$kdeb" ] && [ -n "$bdeb" ]; } || die "downloaded .deb files missing in $debs.new"
rm -rf "$debs"
mv "$debs.new" "$debs"
kdeb="$debs/${kdeb##*/}" bdeb="$debs/${bdeb##*/}"

# --- unpack --------------------------------------------------------------------------------------
rm -rf "$cache/root"
mkdir -p "$cache/root/kernel" "$cache/root/busybox"
dpkg-deb -x "$kdeb" "$cache/root/kernel" || die "dpkg-deb -x $kdeb failed"
dpkg-deb -x "$bdeb" "$cache/root/busybox" || die "dpkg-deb -x $bdeb failed"
[ -f "$cache/root/busybox/bin/busybox" ] || die "busybox-static has no /bin/busybox"

vmlinuz=$(ls "$cache"/root/kernel/boot/vmlinuz-* 2>/dev/null | head -n1)
[ -n "$vmlinuz" ] || die "no boot/vmlinuz-* in $kdeb"
kver=${vmlinuz##*/vmlinuz-}
magic=$(od -An -tx1 -N2 "$vmlinuz" | tr -d ' \n')
if [ "$magic" = "1f8b" ]; then
    cp -f "$vmlinuz" "$cache/Image.gz"
    gzip -dc "$vmlinuz" >"$cache/Image.tmp" || die "decompressing $vmlinuz failed"
    fmt="gzip-compressed arm64 Image"
elif [ "$(od -An -c -j4 -N4 "$vmlinuz" | tr -d ' \n')" = "zimg" ]; then
    die "$vmlinuz is an EFI zboot image (not supported: needs the Image inside)"
else
    # Not gzip: a plain Image (it starts with "MZ" when the kernel has the EFI stub, whose
    # PE/COFF header overlays the Image header). Keep it, and gzip it for Image.gz.
    cp -f "$vmlinuz" "$cache/Image.tmp"
    gzip -9nc "$vmlinuz" >"$cache/Image.gz"
    fmt="uncompressed arm64 Image (first bytes $magic: EFI stub PE header)"
fi
# arm64 Image header: "ARM\x64" at offset 56 (Documentation/arch/arm64/booting.rst).
img_magic=$(od -An -tx1 -j56 -N4 "$cache/Image.tmp" | tr -d ' \n')
[ "$img_magic" = "41524d64" ] || die "$vmlinuz does not hold an arm64 Image (magic at 56: $img_magic)"
mv -f "$cache/Image.tmp" "$cache/Image"
echo "$kver" >"$cache/kernel.version"
echo "boot/vmlinuz-$kver: $fmt; Image: $(stat -c %s "$cache/Image") bytes" >"$cache/kernel.format"
log "kernel $kver: vmlinuz is $fmt"

# add_module NAME: copies the module (after its .modinfo depends=, recursively) from the kernel
# package to lib/modules/VERSION/... and appends it to modules.load; a built-in one is skipped.
declare -A module_added
add_module() {
    local name="$1" ko dep rel
    [ -z "${module_added[$name]:-}" ] || return 0
    module_added[$name]=1
    ko=$(find "$moddir/kernel" \( -name "$name.ko" -o -name "${name//_/-}.ko" \) | head -n1)
    if [ -z "$ko" ]; then
        grep -qE "/(${name}|${name//_/-})\.ko\$" "$moddir/modules.builtin" 2>/dev/null && return 0
        die "module $name is neither in $kdeb nor built in (modules.builtin)"
    fi
    for dep in $(tr '\0' '\n' <"$ko" | grep -a -m1 '^depends=' | sed 's/^depends=//; s/,/ /g'); do
        add_module "$dep"
    done
    rel=${ko#"$moddir"/}
    mkdir -p "$cache/lib/modules/$kver/${rel%/*}"
    cp -f "$ko" "$cache/lib/modules/$kver/$rel"
    echo "$rel" >>"$cache/modules.load"
}
if [ "$flavour" = generic ]; then
    moddir="$cache/root/kernel/lib/modules/$kver"
    rm -rf "${cache:?}/lib" "$cache/modules.load"
    for m in $GENERIC_MODULES; do add_module "$m"; done
    log "modules (modules.load): $(tr '\n' ' ' <"$cache/modules.load")"
    rm -rf "$cache/root/kernel" # the rest of the package's tree is not needed
fi

build_initramfs "$cache/initramfs.cpio.gz"

write_manifest
log "guest fetched into $cache"
finish
