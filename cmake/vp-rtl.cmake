# vp_add_rtl_model(): a Verilog block as a vp device model, placed by `model: NAME` in a YAML
# topology. Included by vp's own build and by the installed package (find_package(vp)).
#
#   vp_add_rtl_model(NAME SOURCES file.v... TOP module BUS apb|axi4lite|axi4 CLOCK port RESET port
#                    IRQS port... COMPATIBLE "vendor,block"...
#                    [INTO target] [RESET_ACTIVE_HIGH] [DTB_NODE name] [SIZE bytes]
#                    [CLOCK_FREQUENCY 100MHz] [DOC "one line"] [PORT_PREFIX prefix]
#                    [PORT_MAP SIGNAL=port...]
#                    [GPIO_PINS n [GPIO_IN port] [GPIO_OUT port [GPIO_OE port]] [GPIO_IE port]]
#                    [DTB_PROPERTIES property...]
#                    [INCLUDE_DIRS dir...] [VERILATOR_ARGS arg...] [NO_TRACE])
#
# Verilates the sources (--cc, plain C++; --savable for checkpoints and run-ahead snapshots) into
# the object library rtl_<NAME> (dots and other non-identifier characters as `_`) with a generated
# wrapper (cmake/vp-rtl-model.cpp.in). The block becomes an RtlCycleDevice
# (rtl/rtl_cycle_device.h): evaluated in C++ cycle loops, the bus transfers driven and checked in
# C++, with the clock (property `clock`, default CLOCK_FREQUENCY; property `clock_mode`: exact,
# on_demand or batched) and reset (active low unless RESET_ACTIVE_HIGH), the IRQS output pins in
# order as the model's interrupts, one region of SIZE bytes (default 0x1000), VCD tracing of every
# signal (property `trace`; NO_TRACE Verilates without it), a device-tree node DTB_NODE@address
# (default: TOP) with COMPATIBLE, reg, interrupts, clock-frequency and DTB_PROPERTIES, and the
# model's registration. INTO adds the objects to a target (a program, or libvp itself); else
# link rtl_<NAME> into the program.
#
# The bus ports are named as the bus specification names them, in lower case: APB4 (AMBA APB
# Protocol Specification, ARM IHI 0024C) psel penable pwrite paddr[31:0] pwdata[31:0] pstrb[3:0]
# pprot[2:0] inputs, prdata[31:0] pready pslverr outputs; AXI4-Lite (ARM IHI 0022E, B1)
# awvalid awaddr[31:0] awprot[2:0] wvalid wdata[31:0] wstrb[3:0] bready arvalid araddr[31:0]
# arprot[2:0] rready inputs, awready wready bvalid bresp[1:0] arready rvalid rdata[31:0]
# rresp[1:0] outputs; AXI4 (ARM IHI 0022E, A2, 64-bit data, 4-bit IDs) awid[3:0] awaddr[31:0]
# awlen[7:0] awsize[2:0] awburst[1:0] awlock awcache[3:0] awprot[2:0] awqos[3:0] awregion[3:0]
# awvalid wdata[63:0] wstrb[7:0] wlast wvalid bready, the same ar* as aw*, and rready inputs,
# awready wready bid[3:0] bresp[1:0] bvalid arready rid[3:0] rdata[63:0] rresp[1:0] rlast rvalid
# outputs (driven as tlm_bridges/axi4_bridge.h does, checked by axi4_rules.h). PORT_PREFIX goes before
# each of those names (s_axi_ for s_axi_awvalid...).
# PORT_MAP SIGNAL=port names the block's port for a signal spelled
# otherwise (PADDR=apb_addr); SIGNAL=- says the block has no such port, allowed for PPROT,
# PSLVERR (read as low), AWPROT and ARPROT (AXI4-Lite), and AxLOCK, AxCACHE, AxPROT, AxQOS,
# AxREGION (AXI4). CLOCK, RESET and IRQS are 1-bit ports. A missing
# port or a wrong direction or width stops the build with an error naming the port.
#
# GPIO pins (rtl/rtl_gpio.h): GPIO_PINS n (1 to 32) pins, GPIO_IN an input [n-1:0] the pins drive,
# GPIO_OUT an output [n-1:0] of the levels the block drives, GPIO_OE an output [n-1:0] of the pins
# it drives (without it, all pins are outputs when there is a GPIO_OUT), GPIO_IE an
# output [n-1:0] of the lines whose interrupts the guest unmasks (GpioPins::interrupt_enables();
# without it, all). They become the model's GpioPins (Device::gpio_pins()), as a C++ GPIO model's,
# and the node gets a phandle.
# COMPATIBLE takes one or more strings ("arm,pl061" "arm,primecell"). DTB_PROPERTIES adds
# properties to the node, each one argument: `name` (empty), `name=<cell...>` (cells: numbers, or
# &label for the phandle of a node of the platform, e.g. &apb_pclk) or `name=text` (a string), e.g.
#   DTB_PROPERTIES gpio-controller "#gpio-cells=<2>" "clocks=<&apb_pclk>" clock-names=apb_pclk
include_guard(GLOBAL)

# The Verilog shape of a port, for the messages of its check (rtl/rtl_port_check.h).
function(_vp_rtl_port_shape dir width out_shape)
  set(word input)
  if(dir STREQUAL "out")
    set(word output)
  endif()
  if(width EQUAL 1)
    set(${out_shape} "a 1-bit ${word}" PARENT_SCOPE)
  else()
    math(EXPR msb "${width} - 1")
    set(${out_shape} "${word} [${msb}:0]" PARENT_SCOPE)
  endif()
endfunction()

# Appends the check and the binding of one port to _checks and _binds in the caller; `wire` is the
# RtlPin it binds to.
macro(_vp_rtl_port port dir width what hint wire)
  _vp_rtl_port_shape(${dir} ${width} _shape)
  string(CONCAT _messages
    "    \"vp_add_rtl_model(${_name}): module ${_top} has no port '${port}' (${what}); \"\n"
    "    \"${hint}\",\n"
    "    \"vp_add_rtl_model(${_name}): port '${port}' (${what}) of module ${_top} must be ${_shape}\");\n")
  set(_input true)
  if("${dir}" STREQUAL "out")
    set(_input false)
  endif()
  string(APPEND _checks "VP_RTL_CC_PORT_CHECK(Ports, ${port}, ${_input}, ${width},\n" "${_messages}")
  string(APPEND _binds "    VP_RTL_CC_BIND(P, m, ${port}, ${wire});\n")
endmacro()

# GPIO_PINS, GPIO_IN, GPIO_OUT, GPIO_OE, GPIO_IE: appends their checks and bindings to _checks and
# _binds and sets VP_RTL_GPIO_SHAPE in the caller.
macro(_vp_rtl_gpio_ports)
  set(VP_RTL_GPIO_SHAPE "{}")
  if(A_GPIO_PINS)
    if(NOT A_GPIO_PINS MATCHES "^[0-9]+$" OR A_GPIO_PINS LESS 1 OR A_GPIO_PINS GREATER 32)
      message(FATAL_ERROR "${_where}: GPIO_PINS ${A_GPIO_PINS}: expected 1 to 32")
    endif()
    if(NOT A_GPIO_IN AND NOT A_GPIO_OUT)
      message(FATAL_ERROR "${_where}: GPIO_PINS needs GPIO_IN or GPIO_OUT")
    endif()
    if(A_GPIO_OE AND NOT A_GPIO_OUT)
      message(FATAL_ERROR "${_where}: GPIO_OE needs GPIO_OUT")
    endif()
    foreach(sig_dir "IN;in;in" "OUT;out;out" "OE;out;oe" "IE;out;ie")
      list(GET sig_dir 0 sig)
      list(GET sig_dir 1 dir)
      list(GET sig_dir 2 member)
      if(A_GPIO_${sig})
        _vp_rtl_port(${A_GPIO_${sig}} ${dir} ${A_GPIO_PINS} "GPIO_${sig}" "check the GPIO_${sig} argument"
                     "pins.gpio_${member}")
      endif()
    endforeach()
    set(_has_out false)
    set(_has_oe false)
    set(_has_ie false)
    if(A_GPIO_OUT)
      set(_has_out true)
    endif()
    if(A_GPIO_OE)
      set(_has_oe true)
    endif()
    if(A_GPIO_IE)
      set(_has_ie true)
    endif()
    set(VP_RTL_GPIO_SHAPE "{${A_GPIO_PINS}, ${_has_out}, ${_has_oe}, ${_has_ie}}")
  elseif(A_GPIO_IN OR A_GPIO_OUT OR A_GPIO_OE OR A_GPIO_IE)
    message(FATAL_ERROR "${_where}: GPIO_IN, GPIO_OUT, GPIO_OE and GPIO_IE need GPIO_PINS")
  endif()
endmacro()

# DTB_PROPERTIES -> VP_RTL_DTB_PROPERTIES in the caller: RtlDtbProperty initializers.
macro(_vp_rtl_dtb_properties)
  set(VP_RTL_DTB_PROPERTIES "")
  foreach(p IN LISTS A_DTB_PROPERTIES)
    if(NOT p MATCHES "^([A-Za-z0-9,._+?#-]+)(=(.*))?$")
      message(FATAL_ERROR "${_where}: DTB_PROPERTIES '${p}': expected name, name=<cells> or name=text")
    endif()
    set(_pname ${CMAKE_MATCH_1})
    set(_has_value "${CMAKE_MATCH_2}")
    set(_value "${CMAKE_MATCH_3}")
    if(_pname MATCHES "^(compatible|reg|interrupts|clock-frequency|phandle)$")
      message(FATAL_ERROR "${_where}: DTB_PROPERTIES '${p}': ${_pname} is written by the wrapper")
    endif()
    if(NOT _has_value)
      string(APPEND VP_RTL_DTB_PROPERTIES "{\"${_pname}\", {}, {}}, ")
    elseif(_value MATCHES "^<(.*)>$")
      string(STRIP "${CMAKE_MATCH_1}" _cells)
      string(REGEX REPLACE "[ \t]+" ";" _cells "${_cells}")
      set(_init "")
      foreach(cell IN LISTS _cells)
        if(cell MATCHES "^&([A-Za-z_][A-Za-z0-9_]*)$")
          string(APPEND _init "{0, \"${CMAKE_MATCH_1}\"}, ")
        elseif(cell MATCHES "^(0x[0-9a-fA-F]+|[0-9]+)$")
          math(EXPR _v "${cell}")
          if(_v GREATER 4294967295)
            message(FATAL_ERROR "${_where}: DTB_PROPERTIES '${p}': cell '${cell}' is wider than 32 bits")
          endif()
          string(APPEND _init "{${_v}u, nullptr}, ")
        else()
          message(FATAL_ERROR "${_where}: DTB_PROPERTIES '${p}': cell '${cell}': expected a 32-bit number or &label")
        endif()
      endforeach()
      if(_init STREQUAL "")
        message(FATAL_ERROR "${_where}: DTB_PROPERTIES '${p}': no cells between < >")
      endif()
      string(APPEND VP_RTL_DTB_PROPERTIES "{\"${_pname}\", {}, {${_init}}}, ")
    elseif(_value MATCHES "[\"\\]")
      message(FATAL_ERROR "${_where}: DTB_PROPERTIES '${p}': a string without quotes or backslashes")
    else()
      string(APPEND VP_RTL_DTB_PROPERTIES "{\"${_pname}\", {\"${_value}\"}, {}}, ")
    endif()
  endforeach()
endmacro()

function(vp_add_rtl_model _name)
  # SIGNAL direction width, per bus.
  set(_vp_rtl_ports_apb
    PSEL in 1 PENABLE in 1 PWRITE in 1 PADDR in 32 PWDATA in 32 PSTRB in 4 PPROT in 3
    PRDATA out 32 PREADY out 1 PSLVERR out 1)
  set(_vp_rtl_optional_apb PPROT PSLVERR)
  set(_vp_rtl_ports_axi4lite
    AWVALID in 1 AWREADY out 1 AWADDR in 32 AWPROT in 3 WVALID in 1 WREADY out 1 WDATA in 32
    WSTRB in 4 BVALID out 1 BREADY in 1 BRESP out 2 ARVALID in 1 ARREADY out 1 ARADDR in 32
    ARPROT in 3 RVALID out 1 RREADY in 1 RDATA out 32 RRESP out 2)
  set(_vp_rtl_optional_axi4lite AWPROT ARPROT)
  set(_vp_rtl_ports_axi4 "")
  foreach(x AW AR)
    list(APPEND _vp_rtl_ports_axi4 ${x}ID in 4 ${x}ADDR in 32 ${x}LEN in 8 ${x}SIZE in 3 ${x}BURST in 2
         ${x}LOCK in 1 ${x}CACHE in 4 ${x}PROT in 3 ${x}QOS in 4 ${x}REGION in 4 ${x}VALID in 1 ${x}READY out 1)
    list(APPEND _vp_rtl_optional_axi4 ${x}LOCK ${x}CACHE ${x}PROT ${x}QOS ${x}REGION)
  endforeach()
  list(APPEND _vp_rtl_ports_axi4 WDATA in 64 WSTRB in 8 WLAST in 1 WVALID in 1 WREADY out 1
       BID out 4 BRESP out 2 BVALID out 1 BREADY in 1
       RID out 4 RDATA out 64 RRESP out 2 RLAST out 1 RVALID out 1 RREADY in 1)
  set(_vp_rtl_bus_title_apb "APB4")
  set(_vp_rtl_bus_title_axi4lite "AXI4-Lite")
  set(_vp_rtl_bus_title_axi4 "AXI4")
  set(_vp_rtl_bus_wires_apb "pins.apb.")
  set(_vp_rtl_bus_wires_axi4lite "pins.axi.")
  set(_vp_rtl_bus_wires_axi4 "pins.axi4.")
  cmake_parse_arguments(PARSE_ARGV 1 A "RESET_ACTIVE_HIGH;NO_TRACE"
    "TOP;BUS;CLOCK;RESET;INTO;DTB_NODE;SIZE;CLOCK_FREQUENCY;DOC;PORT_PREFIX;GPIO_PINS;GPIO_IN;GPIO_OUT;GPIO_OE;GPIO_IE"
    "SOURCES;IRQS;PORT_MAP;INCLUDE_DIRS;VERILATOR_ARGS;COMPATIBLE;DTB_PROPERTIES")
  set(_where "vp_add_rtl_model(${_name})")
  if(A_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "${_where}: unknown arguments: ${A_UNPARSED_ARGUMENTS}")
  endif()
  foreach(key SOURCES TOP BUS CLOCK RESET COMPATIBLE)
    if(NOT A_${key})
      message(FATAL_ERROR "${_where}: ${key} is required")
    endif()
  endforeach()
  if(NOT A_BUS MATCHES "^(apb|axi4lite|axi4)$")
    message(FATAL_ERROR "${_where}: BUS ${A_BUS}: expected apb, axi4lite or axi4")
  endif()
  if(DEFINED vp_VERILATOR_VERSION AND vp_VERILATOR_VERSION STREQUAL "")
    message(FATAL_ERROR "${_where}: this vp was built without Verilator (VP_WITH_VERILATOR=OFF)")
  endif()
  if(NOT verilator_FOUND)
    find_package(verilator QUIET HINTS $ENV{VERILATOR_ROOT} /usr/share/verilator)
  endif()
  if(NOT verilator_FOUND)
    message(FATAL_ERROR "${_where}: Verilator not found (verilator-config.cmake; Debian: verilator)")
  endif()
  if(DEFINED vp_VERILATOR_VERSION AND NOT vp_VERILATOR_VERSION STREQUAL verilator_VERSION)
    message(FATAL_ERROR "${_where}: this vp was built with Verilator ${vp_VERILATOR_VERSION}, "
                        "found ${verilator_VERSION}: the Verilated code must match vp's Verilator runtime")
  endif()

  set(_top ${A_TOP})
  string(MAKE_C_IDENTIFIER "${_name}" _id)
  set(_target rtl_${_id})
  set(_prefix V${_id})
  set(_ports ${_vp_rtl_ports_${A_BUS}})
  set(_optional ${_vp_rtl_optional_${A_BUS}})
  set(_title ${_vp_rtl_bus_title_${A_BUS}})

  # PORT_MAP: SIGNAL=port, SIGNAL one of the bus's.
  set(_signals "")
  list(LENGTH _ports _n)
  math(EXPR _last "${_n} - 1")
  foreach(i RANGE 0 ${_last} 3)
    list(GET _ports ${i} sig)
    list(APPEND _signals ${sig})
    string(TOLOWER ${sig} _lower)
    set(_port_of_${sig} ${A_PORT_PREFIX}${_lower})
  endforeach()
  foreach(entry IN LISTS A_PORT_MAP)
    if(NOT entry MATCHES "^([A-Za-z0-9_]+)=([A-Za-z_][A-Za-z0-9_]*|-)$")
      message(FATAL_ERROR "${_where}: PORT_MAP entry '${entry}': expected SIGNAL=port or SIGNAL=-")
    endif()
    string(TOUPPER ${CMAKE_MATCH_1} sig)
    set(port ${CMAKE_MATCH_2})
    if(NOT sig IN_LIST _signals)
      list(JOIN _signals " " _all)
      message(FATAL_ERROR "${_where}: PORT_MAP ${sig}: ${sig} is not a signal of ${_title} (${_all})")
    endif()
    if(port STREQUAL "-" AND NOT sig IN_LIST _optional)
      message(FATAL_ERROR "${_where}: PORT_MAP ${sig}=-: ${sig} is not optional in ${_title}")
    endif()
    set(_port_of_${sig} ${port})
  endforeach()

  set(_checks "")
  set(_binds "")
  foreach(i RANGE 0 ${_last} 3)
    list(GET _ports ${i} sig)
    math(EXPR j "${i} + 1")
    math(EXPR k "${i} + 2")
    list(GET _ports ${j} dir)
    list(GET _ports ${k} width)
    if(NOT _port_of_${sig} STREQUAL "-")
      string(TOLOWER ${sig} member)
      _vp_rtl_port(${_port_of_${sig}} ${dir} ${width} "${_title} ${sig}"
                   "a port of another name: PORT_MAP ${sig}=<port>"
                   "${_vp_rtl_bus_wires_${A_BUS}}${member}")
    endif()
  endforeach()
  _vp_rtl_port(${A_CLOCK} in 1 "CLOCK" "check the CLOCK argument" "pins.clock")
  _vp_rtl_port(${A_RESET} in 1 "RESET" "check the RESET argument" "pins.reset")
  set(_irq_names "")
  set(_index 0)
  foreach(irq IN LISTS A_IRQS)
    _vp_rtl_port(${irq} out 1 "IRQS" "check the IRQS argument" "pins.irqs[${_index}]")
    math(EXPR _index "${_index} + 1")
    string(APPEND _irq_names "\"${irq}\", ")
  endforeach()

  _vp_rtl_gpio_ports()
  _vp_rtl_dtb_properties()

  set(VP_RTL_NAME ${_name})
  set(VP_RTL_TOP ${_top})
  list(JOIN A_SOURCES " " VP_RTL_SOURCES)
  set(VP_RTL_PREFIX ${_prefix})
  set(VP_RTL_CHECKS "${_checks}")
  set(VP_RTL_BINDS "${_binds}")
  foreach(c IN LISTS A_COMPATIBLE)
    if(c MATCHES "[\"\\]")
      message(FATAL_ERROR "${_where}: COMPATIBLE '${c}': no quotes or backslashes")
    endif()
  endforeach()
  list(JOIN A_COMPATIBLE "\", \"" VP_RTL_COMPATIBLE)
  set(VP_RTL_COMPATIBLE "\"${VP_RTL_COMPATIBLE}\"")
  set(VP_RTL_DTB_NODE ${_top})
  if(A_DTB_NODE)
    set(VP_RTL_DTB_NODE ${A_DTB_NODE})
  endif()
  set(VP_RTL_BUS ${A_BUS})
  set(VP_RTL_CLOCK_FREQUENCY 100MHz)
  if(A_CLOCK_FREQUENCY)
    set(VP_RTL_CLOCK_FREQUENCY ${A_CLOCK_FREQUENCY})
  endif()
  set(VP_RTL_IRQ_NAMES "${_irq_names}")
  list(LENGTH A_IRQS VP_RTL_IRQ_COUNT)
  set(VP_RTL_RESET_ACTIVE_HIGH false)
  if(A_RESET_ACTIVE_HIGH)
    set(VP_RTL_RESET_ACTIVE_HIGH true)
  endif()
  set(VP_RTL_SIZE 0x1000)
  if(A_SIZE)
    set(VP_RTL_SIZE ${A_SIZE})
  endif()
  set(VP_RTL_DOC "${_top} (Verilated RTL, ${_title})")
  if(A_DOC)
    set(VP_RTL_DOC "${A_DOC}")
  endif()
  set(_wrapper ${CMAKE_CURRENT_BINARY_DIR}/${_target}.cpp)
  configure_file(${CMAKE_CURRENT_FUNCTION_LIST_DIR}/vp-rtl-model.cpp.in ${_wrapper} @ONLY)

  add_library(${_target} OBJECT ${_wrapper})
  set_target_properties(${_target} PROPERTIES POSITION_INDEPENDENT_CODE ON)
  target_compile_features(${_target} PRIVATE cxx_std_20)
  # --savable: the block's state in checkpoints and run-ahead snapshots (rtl/rtl_savable.h).
  set(_verilator_args --savable ${A_VERILATOR_ARGS})
  set(_trace TRACE)
  if(A_NO_TRACE)
    set(_trace "")
  endif()
  verilate(${_target} ${_trace} SOURCES ${A_SOURCES} TOP_MODULE ${_top} PREFIX ${_prefix}
           INCLUDE_DIRS ${A_INCLUDE_DIRS} VERILATOR_ARGS ${_verilator_args})
  set(_vdir ${CMAKE_CURRENT_BINARY_DIR}/CMakeFiles/${_target}.dir/${_prefix}.dir)
  # verilated.h as libvp's runtime is compiled (VM_SC=1), so its inline functions are the same.
  set_property(TARGET ${_target} PROPERTY VERILATOR_SYSTEMC ON)
  # The ports' directions and bit ranges from the Verilated header, written with the sources.
  set(_ports_h ${_vdir}/${_prefix}__vp_ports.h)
  add_custom_command(OUTPUT ${_ports_h}
    COMMAND ${CMAKE_COMMAND} -DIN=${_vdir}/${_prefix}.h -DOUT=${_ports_h}
            -P ${CMAKE_CURRENT_FUNCTION_LIST_DIR}/vp-rtl-ports.cmake
    DEPENDS ${_vdir}/${_prefix}.cpp ${CMAKE_CURRENT_FUNCTION_LIST_DIR}/vp-rtl-ports.cmake VERBATIM)
  target_sources(${_target} PRIVATE ${_ports_h})
  # vp's library holds the one Verilator runtime (VP_VERILATOR_RUNTIME); the Verilated sources
  # compile without warnings and its headers are system headers.
  get_target_property(_sources ${_target} SOURCES)
  set(_kept "")
  foreach(src IN LISTS _sources)
    if(src MATCHES "^${VERILATOR_ROOT}/include/")
      continue()
    endif()
    list(APPEND _kept ${src})
    if(src MATCHES "\\.cpp$" AND NOT src STREQUAL _wrapper)
      set_source_files_properties(${src} TARGET_DIRECTORY ${_target} PROPERTIES COMPILE_OPTIONS "-w")
    endif()
  endforeach()
  set_property(TARGET ${_target} PROPERTY SOURCES ${_kept})
  target_compile_options(${_target} PRIVATE "SHELL:-isystem ${VERILATOR_ROOT}/include"
                         "SHELL:-isystem ${VERILATOR_ROOT}/include/vltstd" "SHELL:-isystem ${_vdir}")

  # vp's headers, SystemC and fmt: from the installed vp::vp, or in vp's own build from libvp's
  # include directories (the objects may be part of libvp itself).
  get_target_property(_vp vp::vp ALIASED_TARGET)
  if(_vp)
    target_include_directories(${_target} PRIVATE $<TARGET_PROPERTY:${_vp},INTERFACE_INCLUDE_DIRECTORIES>)
    target_link_libraries(${_target} PRIVATE vp::systemc fmt::fmt)
  else()
    target_link_libraries(${_target} PRIVATE vp::vp)
  endif()
  if(A_INTO)
    target_sources(${A_INTO} PRIVATE $<TARGET_OBJECTS:${_target}>)
    target_link_libraries(${A_INTO} PRIVATE ${VERILATOR_MT_CFLAGS})
  endif()
endfunction()
