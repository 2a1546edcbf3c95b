#!/usr/bin/env bash
# vp_add_rtl_model() on bad blocks, against the installed vp (tests/rtl/CMakeLists.txt):
#   test_bad_ports.sh PREFIX PROJECT_DIR WORK "[LAUNCHER] CXX"
# The project's `good` case must build; each bad case must fail to configure or build with the
# message that names its port.
set -uo pipefail
fail() { echo "FAIL: $*" >&2; exit 1; }
prefix=$1 project=$2 work=$3
read -r -a words <<< "$4"
if [ ${#words[@]} -ge 2 ]; then launcher=${words[0]} cxx=${words[1]}; else launcher= cxx=${words[0]}; fi

# CASE -> the output of configure and build; returns their status.
run_case() {
    local dir="$work/$1"
    rm -rf "$dir"
    local args=(-S "$project" -B "$dir" -G Ninja -DCASE="$1" -DCMAKE_PREFIX_PATH="$prefix"
                -DCMAKE_CXX_COMPILER="$cxx")
    [ -n "$launcher" ] && args+=(-DCMAKE_CXX_COMPILER_LAUNCHER="$launcher")
    cmake "${args[@]}" > "$dir.log" 2>&1 && cmake --build "$dir" >> "$dir.log" 2>&1
}

mkdir -p "$work"
for good in good good_gpio good_gpio_1pin; do
    run_case $good || { cat "$work/$good.log" >&2; fail "the $good block does not build"; }
done
expect_failure() {
    local case=$1 message=$2
    if run_case "$case"; then fail "$case: built, but must fail with: $message"; fi
    # CMake wraps its messages: compare with the lines joined and spaces squeezed.
    tr '\n' ' ' < "$work/$case.log" | tr -s ' ' | grep -qF -- "$message" || { cat "$work/$case.log" >&2; fail "$case: no '$message'"; }
    echo "$case: $message"
}
expect_failure missing_port "vp_add_rtl_model(bad.missing): module apb_block has no port 'pready' (APB4 PREADY)"
expect_failure wrong_width \
    "vp_add_rtl_model(bad.width): port 'paddr' (APB4 PADDR) of module apb_block must be input [31:0]"
expect_failure missing_irq "vp_add_rtl_model(bad.irq): module apb_block has no port 'intr' (IRQS)"
expect_failure unknown_signal "vp_add_rtl_model(bad.map): PORT_MAP PFOO: PFOO is not a signal of APB4"
expect_failure required_unmapped "vp_add_rtl_model(bad.map): PORT_MAP PREADY=-: PREADY is not optional in APB4"
expect_failure axi4_wrong_width \
    "vp_add_rtl_model(bad.axi4): port 'wdata' (AXI4 WDATA) of module good_axi4 must be input [63:0]"
expect_failure axi4_required_unmapped "vp_add_rtl_model(bad.axi4): PORT_MAP AWID=-: AWID is not optional in AXI4"
expect_failure gpio_width \
    "vp_add_rtl_model(bad.gpio): port 'gpio_in' (GPIO_IN) of module apb_block must be input [7:0]"
expect_failure gpio_missing_oe "vp_add_rtl_model(bad.gpio): module apb_block has no port 'gpio_oe' (GPIO_OE)"
expect_failure gpio_no_pins "vp_add_rtl_model(bad.gpio): GPIO_IN, GPIO_OUT, GPIO_OE and GPIO_IE need GPIO_PINS"
expect_failure dtb_bad_cell \
    "vp_add_rtl_model(bad.dtb): DTB_PROPERTIES 'clocks=<&>': cell '&': expected a 32-bit number or &label"
expect_failure dtb_reserved "vp_add_rtl_model(bad.dtb): DTB_PROPERTIES 'reg=1': reg is written by the wrapper"
