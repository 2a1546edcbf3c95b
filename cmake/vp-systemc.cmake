# SystemC 2.3 with TLM-2.0 as Debian's libsystemc-dev installs it (headers and one library, no
# CMake package): the imported target vp::systemc. Debian's libsystemc is built as C++17, and its
# headers pick the API version symbol they check at link time (sc_api_version_..._cxx201703L)
# from SC_CPLUSPLUS, so every user of the headers gets SC_CPLUSPLUS=201703L.
# Included by vp's own build (cmake/dependencies.cmake) and by the installed package
# (vp-config.cmake); the caller reports a missing SystemC (vp::systemc is then not defined).
if(NOT TARGET vp::systemc)
  find_package(Threads QUIET)
  find_path(SYSTEMC_INCLUDE_DIR systemc.h)
  find_library(SYSTEMC_LIBRARY systemc)
  if(SYSTEMC_INCLUDE_DIR AND SYSTEMC_LIBRARY AND TARGET Threads::Threads)
    add_library(vp::systemc INTERFACE IMPORTED)
    target_include_directories(vp::systemc INTERFACE ${SYSTEMC_INCLUDE_DIR})
    target_link_libraries(vp::systemc INTERFACE ${SYSTEMC_LIBRARY} Threads::Threads)
    target_compile_definitions(vp::systemc INTERFACE SC_CPLUSPLUS=201703L)
  endif()
endif()
