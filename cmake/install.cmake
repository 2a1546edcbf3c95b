# `cmake --install BUILD --prefix P`: libvp, the vp executable, the public headers, platforms/,
# the CMake package (find_package(vp CONFIG): vp::vp) and the pkg-config file vp.pc. Everything
# is found relative to P, so an install is relocatable (--prefix at install time, DESTDIR).
include(CMakePackageConfigHelpers)

# The headers a user's own sc_main and device models need (docs/ARCHITECTURE.md, "Public
# headers"), and every project header they include; tests/install compiles each installed header
# on its own against the installed tree, so a public header that includes one not listed here fails.
set(VP_PUBLIC_HEADERS
  core/device.h
  core/device_config.h
  core/dtb_writer.h
  core/error.h
  core/gpio.h
  core/irq.h
  core/model_registry.h
  core/power_button.h
  core/properties.h
  core/register_bank.h
  core/state_stream.h
  core/trace.h
  core/units.h
  iss/core/cpu_models.h
  platform/platform.h
  platform/boot/boot_loader.h
  platform/console_watch.h
  platform/router/router.h
  rtl/rtl_block.h
  rtl/rtl_cycle_device.h
  rtl/rtl_gpio.h
  rtl/rtl_model.h
  rtl/rtl_port_check.h
  rtl/rtl_savable.h
  tlm_bridges/apb_rules.h
  tlm_bridges/axi_lite_rules.h
  tlm_bridges/axi4_rules.h
  tlm_bridges/apb_signals.h
  tlm_bridges/protocol_violation.h
  tlm_bridges/axi_lite_signals.h
  tlm_bridges/axi4_signals.h
  yaml/topology.h
)
foreach(header IN LISTS VP_PUBLIC_HEADERS)
  get_filename_component(dir ${header} DIRECTORY)
  install(FILES ${PROJECT_SOURCE_DIR}/${header} DESTINATION ${VP_INSTALL_INCLUDEDIR}/${dir})
endforeach()

# The executable finds libvp beside it ($ORIGIN: bin/../lib), and both keep the directories of
# libraries found outside the system paths (a SystemC of one's own).
file(RELATIVE_PATH _vp_bin_to_lib ${CMAKE_INSTALL_FULL_BINDIR} ${CMAKE_INSTALL_FULL_LIBDIR})
set_target_properties(vp_main PROPERTIES INSTALL_RPATH "$ORIGIN/${_vp_bin_to_lib}"
                                         INSTALL_RPATH_USE_LINK_PATH ON)
set_target_properties(vp PROPERTIES INSTALL_RPATH_USE_LINK_PATH ON)
install(TARGETS vp EXPORT vp-targets LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(TARGETS vp_main RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/platforms/ DESTINATION ${VP_INSTALL_PLATFORMDIR}
        FILES_MATCHING PATTERN "*.yaml")

# The CMake package, with vp_add_rtl_model() (cmake/vp-rtl.cmake) and the Verilator version of
# libvp's runtime (empty: built without Verilator).
install(EXPORT vp-targets NAMESPACE vp:: FILE vp-targets.cmake DESTINATION ${VP_INSTALL_CMAKEDIR})
configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/vp-config.cmake.in
                              ${PROJECT_BINARY_DIR}/vp-config.cmake
                              INSTALL_DESTINATION ${VP_INSTALL_CMAKEDIR}
                              PATH_VARS VP_INSTALL_PLATFORMDIR)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/vp-config-version.cmake
                                 COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/vp-config.cmake ${PROJECT_BINARY_DIR}/vp-config-version.cmake
              ${CMAKE_CURRENT_LIST_DIR}/vp-systemc.cmake ${CMAKE_CURRENT_LIST_DIR}/vp-rtl.cmake
              ${CMAKE_CURRENT_LIST_DIR}/vp-rtl-model.cpp.in
              ${CMAKE_CURRENT_LIST_DIR}/vp-rtl-ports.cmake
        DESTINATION ${VP_INSTALL_CMAKEDIR})

# vp.pc: the same flags for pkg-config, its prefix found from the file's own place (${pcfiledir}).
file(RELATIVE_PATH VP_PC_TO_PREFIX ${CMAKE_INSTALL_FULL_LIBDIR}/pkgconfig ${CMAKE_INSTALL_PREFIX})
configure_file(${CMAKE_CURRENT_LIST_DIR}/vp.pc.in ${PROJECT_BINARY_DIR}/vp.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/vp.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
