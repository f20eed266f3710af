# Shared compile settings for every pbrsim target.
add_library(pbr_warnings INTERFACE)
target_compile_options(pbr_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
                       -Wno-sign-conversion)
if(PBRSIM_WARNINGS_AS_ERRORS)
  target_compile_options(pbr_warnings INTERFACE -Werror)
endif()

#[[ pbr_add_module(NAME SOURCES ... DEPS ...)
    One static library per engine module, so the module dependency graph is enforced by the
    linker: a module can only use what it names in DEPS. ]]
function(pbr_add_module name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(pbr_${name} STATIC ${ARG_SOURCES})
  add_library(pbr::${name} ALIAS pbr_${name})
  target_include_directories(pbr_${name} PUBLIC ${PROJECT_SOURCE_DIR})
  target_link_libraries(pbr_${name} PUBLIC ${ARG_DEPS} PRIVATE pbr_warnings)
  target_compile_features(pbr_${name} PUBLIC cxx_std_20)
endfunction()

# The git SHA recorded in every output's provenance; "unknown" outside a checkout.
execute_process(COMMAND git rev-parse --short=12 HEAD
                WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
                OUTPUT_VARIABLE PBRSIM_GIT_SHA OUTPUT_STRIP_TRAILING_WHITESPACE
                ERROR_QUIET RESULT_VARIABLE pbr_git_result)
if(NOT pbr_git_result EQUAL 0 OR PBRSIM_GIT_SHA STREQUAL "")
  set(PBRSIM_GIT_SHA "unknown")
endif()

#[[ pbr_add_directory_module(NAME DEPS ...): a module built from every *.cpp in the calling
    directory, so files can be added without editing a list; a header-only module becomes an
    INTERFACE library with the same name and dependencies. ]]
function(pbr_add_directory_module name)
  cmake_parse_arguments(ARG "" "" "DEPS" ${ARGN})
  file(GLOB sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cpp)
  if(sources)
    pbr_add_module(${name} SOURCES ${sources} DEPS ${ARG_DEPS})
  else()
    add_library(pbr_${name} INTERFACE)
    add_library(pbr::${name} ALIAS pbr_${name})
    target_link_libraries(pbr_${name} INTERFACE ${ARG_DEPS})
  endif()
endfunction()
