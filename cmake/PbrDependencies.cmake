# Finds every third-party dependency up front and fails early, naming the Debian package
# that provides it (scripts/setup.sh installs them all).

macro(pbr_require found_var what debian_package)
  if(NOT ${found_var})
    message(FATAL_ERROR
      "pbrsim: ${what} not found. Install the Debian package '${debian_package}' "
      "(scripts/setup.sh installs every dependency).")
  endif()
endmacro()

find_package(Eigen3 3.3 QUIET NO_MODULE)
pbr_require(Eigen3_FOUND "Eigen3" libeigen3-dev)

find_package(Boost 1.71 QUIET COMPONENTS program_options)
pbr_require(Boost_FOUND "Boost.Program_options" libboost-program-options-dev)

find_package(nlohmann_json 3.10 QUIET)
pbr_require(nlohmann_json_FOUND "nlohmann/json" nlohmann-json3-dev)

find_package(TBB QUIET)
pbr_require(TBB_FOUND "oneTBB" libtbb-dev)

find_package(Threads REQUIRED)

# Random123 is header-only and ships no CMake config or pkg-config file.
find_path(RANDOM123_INCLUDE_DIR Random123/philox.h)
pbr_require(RANDOM123_INCLUDE_DIR "Random123 (Random123/philox.h)" librandom123-dev)
if(NOT TARGET Random123::Random123)
  add_library(Random123::Random123 INTERFACE IMPORTED)
  set_target_properties(Random123::Random123 PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "${RANDOM123_INCLUDE_DIR}")
endif()

if(PBRSIM_BUILD_TESTS OR PBRSIM_BUILD_BENCHMARKS)
  find_package(Catch2 2.13 QUIET)
  pbr_require(Catch2_FOUND "Catch2 v2" catch2)
endif()
