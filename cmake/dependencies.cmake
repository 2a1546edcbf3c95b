# Every external library vp links against, found once here.
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(yaml-cpp REQUIRED)
find_package(fmt REQUIRED)

include(${CMAKE_CURRENT_LIST_DIR}/vp-systemc.cmake)
if(NOT TARGET vp::systemc)
  message(FATAL_ERROR "SystemC not found (systemc.h, libsystemc): install libsystemc-dev (tools/install-deps.sh).")
endif()

find_path(FDT_INCLUDE_DIR libfdt.h REQUIRED)
find_library(FDT_LIBRARY fdt REQUIRED)
add_library(vp::fdt INTERFACE IMPORTED)
target_include_directories(vp::fdt INTERFACE ${FDT_INCLUDE_DIR})
target_link_libraries(vp::fdt INTERFACE ${FDT_LIBRARY})

# capstone disassembles guest code for the in_asm trace (libvp links it).
pkg_check_modules(CAPSTONE IMPORTED_TARGET capstone)
if(NOT TARGET PkgConfig::CAPSTONE)
  message(FATAL_ERROR "capstone not found (pkg-config capstone): vp needs it for the in_asm trace. "
                      "Install libcapstone-dev (tools/install-deps.sh).")
endif()
# unicorn: the oracle of the ISS and FP differential tests, required by tests/iss and tests/fp
# (tests/oracles.cmake), not by libvp.
pkg_check_modules(UNICORN IMPORTED_TARGET unicorn)
find_path(CLI11_INCLUDE_DIR CLI/CLI.hpp REQUIRED)
find_package(ZLIB REQUIRED)

# A library found by its header and its .so (no pkg-config: libslirp's .pc requires glib's, which
# vp does not need), as the imported target vp::NAME; a clear error names the Debian package.
function(vp_find_header_library name header library package why)
  string(TOUPPER ${name} var)
  find_path(${var}_INCLUDE_DIR ${header})
  find_library(${var}_LIBRARY ${library})
  if(NOT ${var}_INCLUDE_DIR OR NOT ${var}_LIBRARY)
    message(FATAL_ERROR "${name} not found (${header}, lib${library}.so): ${why}. "
                        "Install ${package} (tools/install-deps.sh).")
  endif()
  add_library(vp::${name} INTERFACE IMPORTED GLOBAL)
  target_include_directories(vp::${name} INTERFACE ${${var}_INCLUDE_DIR})
  target_link_libraries(vp::${name} INTERFACE ${${var}_LIBRARY})
endfunction()
vp_find_header_library(slirp slirp/libslirp.h slirp libslirp-dev "vp's user networking needs it")
vp_find_header_library(nbd libnbd.h nbd libnbd-dev "vp's qcow2 disks (through qemu-nbd) need it")
