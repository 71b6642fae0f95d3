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
# zlib: librender compresses the raster images of large heat maps as PNG.
find_package(ZLIB REQUIRED)
find_path(RANDOM123_INCLUDE_DIR Random123/philox.h REQUIRED)
if(WPROX_BUILD_TESTS)
  find_package(doctest REQUIRED)
else()
  find_package(doctest QUIET)  # for the SDK's conformance suite
endif()

# The Python module (hosts/python): pybind11 and a Python 3 that has NumPy.
# Debian's python3-numpy lives in the system interpreter, and a python3
# earlier on PATH (pyenv, a virtual environment) may lack it: take the first
# python3 that imports numpy, unless Python3_EXECUTABLE is given.
set(WPROX_PYBIND11_FOUND OFF)
if(NOT DEFINED WPROX_PYTHON OR WPROX_PYTHON)
  if(NOT Python3_EXECUTABLE)
    find_program(_wprox_path_python3 NAMES python3)
    foreach(_candidate IN ITEMS ${_wprox_path_python3} /usr/bin/python3)
      execute_process(COMMAND ${_candidate} -c "import numpy" RESULT_VARIABLE _rc OUTPUT_QUIET ERROR_QUIET)
      if(_rc EQUAL 0)
        set(Python3_EXECUTABLE ${_candidate} CACHE FILEPATH "Python 3 interpreter (with NumPy) for the wprox module")
        break()
      endif()
    endforeach()
  endif()
  find_package(Python3 COMPONENTS Interpreter Development.Module QUIET)
  if(Python3_FOUND)
    find_package(pybind11 CONFIG QUIET)
  endif()
  if(Python3_FOUND AND pybind11_FOUND)
    set(WPROX_PYBIND11_FOUND ON)
  endif()
endif()

# MPI (optional): Open MPI and FFTW's MPI library, both Debian packages
# (libopenmpi-dev, libfftw3-mpi-dev). WPROX_MPI builds libwprox_mpi.
set(WPROX_MPI_FOUND OFF)
if(NOT DEFINED WPROX_MPI OR WPROX_MPI)
  find_package(MPI QUIET COMPONENTS C)
  find_library(WPROX_FFTW3_MPI_LIBRARY fftw3_mpi)
  find_path(WPROX_FFTW3_MPI_INCLUDE_DIR fftw3-mpi.h)
  if(MPI_C_FOUND AND WPROX_FFTW3_MPI_LIBRARY AND WPROX_FFTW3_MPI_INCLUDE_DIR)
    set(WPROX_MPI_FOUND ON)
  endif()
endif()
