#!/usr/bin/env bash
# vp installed and used from outside its tree (tests/install/CMakeLists.txt):
#   test_install.sh install BUILD PREFIX BINDIR PLATFORMDIR
#   test_install.sh find_package PREFIX EXAMPLE_DIR WORK "[LAUNCHER] CXX" VP_SOURCE VP_BUILD
#   test_install.sh pkg_config PREFIX PROGRAM.cpp WORK "[LAUNCHER] CXX" LIBDIR
#   test_install.sh rtl_example PREFIX EXAMPLE_DIR WORK "[LAUNCHER] CXX" VP_SOURCE VP_BUILD
set -uo pipefail
fail() { echo "FAIL: $*" >&2; exit 1; }
mode=$1
shift

# "[LAUNCHER] CXX" -> launcher, cxx
split_compiler() {
    read -r -a words <<< "$1"
    if [ ${#words[@]} -ge 2 ]; then launcher=${words[0]} cxx=${words[1]}; else launcher= cxx=${words[0]}; fi
}

# Configures and builds the example project $example out of tree in $work against $prefix, and
# checks that everything comes from the prefix: no include path into vp's source or build tree.
build_example() {
    rm -rf "$work"
    args=(-S "$example" -B "$work" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH="$prefix"
          -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_EXPORT_COMPILE_COMMANDS=ON)
    [ -n "$launcher" ] && args+=(-DCMAKE_CXX_COMPILER_LAUNCHER="$launcher")
    cmake "${args[@]}" > "$work.configure.log" 2>&1 || { cat "$work.configure.log" >&2; fail "configure"; }
    cmake --build "$work" > "$work.build.log" 2>&1 || { cat "$work.build.log" >&2; fail "build"; }
    for tree in "$vp_source" "$vp_build"; do
        if grep -E -- "(-I|-isystem )$tree(/| |\")" "$work/compile_commands.json" | grep -v -- "$prefix" >&2; then
            fail "the example's compile flags name $tree"
        fi
    done
}

case $mode in
install)
    build=$1 prefix=$2 bindir=$3 platformdir=$4
    rm -rf "$prefix"
    cmake --install "$build" --prefix "$prefix" > "$build/tests/install/install.log" ||
        fail "cmake --install $build --prefix $prefix (see $build/tests/install/install.log)"
    vp="$prefix/$bindir/vp"
    [ -x "$vp" ] || fail "no $vp"
    # Run from a directory without platforms/, with no library path: RUNPATH finds libvp, and
    # -M looks in the installed share directory.
    cd "$prefix" || fail "cd $prefix"
    models=$(env -u LD_LIBRARY_PATH "$vp" --list-models 2>&1) || fail "installed vp --list-models: $models"
    grep -qw pl011 <<< "$models" || fail "installed vp --list-models has no pl011: $models"
    out=$(env -u LD_LIBRARY_PATH "$vp" -M no-such-machine 2>&1)
    grep -qF "no machine $prefix/$platformdir/no-such-machine.yaml" <<< "$out" ||
        fail "-M does not look in $prefix/$platformdir: $out"
    out=$(env -u LD_LIBRARY_PATH "$vp" -M virt-apb-timer --dump-config 2>&1) || fail "-M virt-apb-timer: $out"
    grep -q "model: apb_timer" <<< "$out" || fail "-M virt-apb-timer did not load the installed file: $out"
    out=$(env -u LD_LIBRARY_PATH "$vp" --dump-config 2>&1) || fail "default topology: $out"
    grep -q "name: virt" <<< "$out" || fail "the default topology is not virt: $out"
    echo "installed vp runs from $prefix and finds $prefix/$platformdir"
    ;;

find_package)
    prefix=$1 example=$2 work=$3 vp_source=$5 vp_build=$6
    split_compiler "$4"
    build_example
    exe="$work/example_custom_model"
    lib=$(env -u LD_LIBRARY_PATH ldd "$exe" | awk '$1 ~ /^libvp\.so/ { print $3 }')
    [[ "$lib" == "$prefix"/* ]] || fail "example_custom_model loads libvp from '$lib', not from $prefix"
    out=$(cd "$example" && env -u LD_LIBRARY_PATH "$exe" machine.yaml 2>&1) || { echo "$out" >&2; fail "run"; }
    echo "$out"
    # main.cpp writes three words to DATA, reads COUNT, then RAM; each mailbox access takes the
    # 10 ns its ModelInfo declares and the traffic generator waits for it.
    for line in "mbox: 0xcafe0001 at 10 ns" "mbox: 0xcafe0002 at 20 ns" "mbox: 0xcafe0003 at 30 ns" \
                "mailbox saw 3 writes; RAM read back 0x12345678"; do
        grep -qxF "$line" <<< "$out" || fail "missing line '$line'"
    done
    ;;

pkg_config)
    prefix=$1 program=$2 work=$3 libdir=$5
    split_compiler "$4"
    rm -rf "$work" && mkdir -p "$work"
    export PKG_CONFIG_PATH="$prefix/$libdir/pkgconfig"
    flags=$(pkg-config --cflags --libs vp) || fail "pkg-config --cflags --libs vp"
    vp_libdir=$(pkg-config --variable=libdir vp)
    platformdir=$(pkg-config --variable=platformdir vp)
    # Every installed header, so that one including a header that was not installed fails here.
    (cd "$prefix/include/vp" && find . -name '*.h' | sort | sed 's|^\./\(.*\)|#include "\1"|') \
        > "$work/installed_headers.h"
    [ -s "$work/installed_headers.h" ] || fail "no headers under $prefix/include/vp"
    # shellcheck disable=SC2086 # the flags are words
    $launcher "$cxx" -o "$work/program" "$program" -I"$work" $flags -Wl,-rpath,"$vp_libdir" \
        > "$work/build.log" 2>&1 || { cat "$work/build.log" >&2; fail "build with: $flags"; }
    out=$(env -u LD_LIBRARY_PATH "$work/program" "$platformdir/virt.yaml" 2>&1) || { echo "$out" >&2; fail "run"; }
    echo "$out"
    # platforms/virt.yaml: `stdout: uart0`.
    grep -qxF "console: uart0" <<< "$out" || fail "expected 'console: uart0'"
    ;;
rtl_example)
    prefix=$1 example=$2 work=$3 vp_source=$5 vp_build=$6
    split_compiler "$4"
    build_example
    exe="$work/example_rtl_block"
    lib=$(env -u LD_LIBRARY_PATH ldd "$exe" | awk '$1 ~ /^libvp\.so/ { print $3 }')
    [[ "$lib" == "$prefix"/* ]] || fail "example_rtl_block loads libvp from '$lib', not from $prefix"
    out=$(cd "$example" && env -u LD_LIBRARY_PATH "$exe" machine.yaml 2>&1) || { echo "$out" >&2; fail "run"; }
    echo "$out"
    # scratch.v's register map: ID reads 0xACE00001; SCRATCH keeps the word written and then byte
    # 1 (0xab); IRQ reads back the 1 written; offset 0x10 answers PSLVERR, a TLM error.
    grep -qE "^ID 0xace00001 SCRATCH 0x1234ab78 IRQ 1; offset 0x10: error; at [0-9]+ ns$" <<< "$out" ||
        fail "unexpected answer from the RTL block"
    ;;
*) fail "unknown mode $mode" ;;
esac
