# Every dependency is a Debian 12 package (see scripts/install-deps.sh).
find_package(Boost 1.74 REQUIRED COMPONENTS program_options filesystem)
find_package(Eigen3 3.4 REQUIRED NO_MODULE)
find_package(TBB REQUIRED)
find_package(SUNDIALS 6.4 REQUIRED)
find_package(nlohmann_json 3 REQUIRED)
find_package(PkgConfig REQUIRED)
# Debian ships FFTW and PLplot without usable CMake configs: pkg-config it is.
pkg_check_modules(FFTW3 REQUIRED IMPORTED_TARGET fftw3)
pkg_check_modules(PLPLOT REQUIRED IMPORTED_TARGET plplot)
find_path(RANDOM123_INCLUDE_DIR Random123/philox.h REQUIRED)
if(WPROX_BUILD_TESTS)
  find_package(doctest REQUIRED)
endif()
