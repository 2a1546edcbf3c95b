# Oracles: the independent references the tests are checked against (tests/support/oracle.h is
# the run-time half). A missing library or build tool is a configure error naming its Debian
# package. VP_ALLOW_MISSING_ORACLES=1 in the environment (or the CMake option of that name) is an
# explicit opt-out for a machine without network access: the error becomes a warning and the
# tests that need the oracle are replaced by one ctest test that is skipped (exit 77), so the gap
# still shows in ctest's summary (and tools/test.sh lists it). CI never uses it.
include_guard(GLOBAL)

option(VP_ALLOW_MISSING_ORACLES "Skip, instead of failing, the tests whose oracle is not installed" OFF)

# vp_missing_oracle(WHAT PACKAGE [SKIPPED_TEST NAME LABEL]): reports that WHAT (provided by the
# Debian package PACKAGE) is missing. Without the opt-out: FATAL_ERROR. With it: a warning and,
# when SKIPPED_TEST is given, a ctest test NAME (label LABEL) that says so and is skipped.
function(vp_missing_oracle what package)
  cmake_parse_arguments(M "" "" "SKIPPED_TEST" ${ARGN})
  set(msg "${what} not found: install the Debian package ${package} (tools/install-deps.sh)")
  if(NOT VP_ALLOW_MISSING_ORACLES AND NOT "$ENV{VP_ALLOW_MISSING_ORACLES}" STREQUAL "1")
    message(FATAL_ERROR "${msg}, or configure with VP_ALLOW_MISSING_ORACLES=1 to skip the tests that need it.")
  endif()
  message(WARNING "${msg}. VP_ALLOW_MISSING_ORACLES is set: the tests that need it are skipped.")
  if(M_SKIPPED_TEST)
    list(GET M_SKIPPED_TEST 0 name)
    list(GET M_SKIPPED_TEST 1 label)
    add_test(NAME ${name} COMMAND sh -c "echo 'SKIP: ${what} not found (Debian package ${package})' >&2; exit 77")
    set_tests_properties(${name} PROPERTIES LABELS ${label} SKIP_RETURN_CODE 77)
  endif()
endfunction()

# vp_require_program(VAR PROGRAM PACKAGE [SKIPPED_TEST NAME LABEL]): find_program into VAR, or
# vp_missing_oracle. VAR is false afterwards only under the opt-out.
function(vp_require_program var program package)
  find_program(${var} ${program})
  if(NOT ${var})
    vp_missing_oracle("${program}" "${package}" ${ARGN})
  endif()
endfunction()
