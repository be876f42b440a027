# Link-time optimisation for the programs whose speed is the product: the command line and
# the benchmarks. A backtest crosses a dozen components per bar (the feed, the ledger, the
# gate, the broker, the strategy), each a small function in another library; compiled one
# file at a time none of them can be inlined into its caller. With the whole program in view
# the kernel (bench_backtest, daily 60) went from 4.6M to 5.0-5.1M bars/s, alternated on this
# 2-core VM (docs/performance.md).
#
# The component libraries carry both GCC's intermediate code and ordinary machine code
# (-ffat-lto-objects): the command line and the benchmarks link the first, optimised as one
# program; the test programs link the second, as before, without an optimising link each
# (twenty of them would add many minutes to every build). The Python module is linked with
# -flto by pybind11 itself (its default for Release), so it too is optimised whole. The tests
# that run the command line (test_cli and the byte-identical determinism checks) run the
# optimised program.
#
# Release builds with GCC only: the sanitizer and fuzzing builds use clang at -O1, where it
# would only cost time. -DROBO_LTO=OFF builds without it.
option(ROBO_LTO "Link-time optimisation for robo_trader and the benchmarks (Release, GCC)" ON)
set(ROBO_LTO_ACTIVE OFF)
if(ROBO_LTO AND CMAKE_BUILD_TYPE STREQUAL "Release" AND CMAKE_CXX_COMPILER_ID STREQUAL "GNU"
   AND NOT ROBO_SANITIZE)
  include(CheckIPOSupported)
  check_ipo_supported(RESULT robo_lto_supported OUTPUT robo_lto_output LANGUAGES CXX)
  if(robo_lto_supported)
    set(ROBO_LTO_ACTIVE ON)
    # Archives of LTO objects need the plugin-aware archiver for their symbol index.
    if(CMAKE_CXX_COMPILER_AR AND CMAKE_CXX_COMPILER_RANLIB)
      set(CMAKE_AR ${CMAKE_CXX_COMPILER_AR})
      set(CMAKE_RANLIB ${CMAKE_CXX_COMPILER_RANLIB})
    endif()
    message(STATUS "robo_trader: link-time optimisation for the command line and the benchmarks")
  else()
    message(STATUS "robo_trader: link-time optimisation not supported here, built without: ${robo_lto_output}")
  endif()
endif()

# A library whose code the optimised programs see whole (and the others link as usual).
function(robo_lto_objects target)
  if(ROBO_LTO_ACTIVE)
    target_compile_options(${target} PRIVATE -flto=auto -ffat-lto-objects)
  endif()
endfunction()

# A program linked as one optimised whole.
function(robo_lto_program target)
  if(ROBO_LTO_ACTIVE)
    target_compile_options(${target} PRIVATE -flto=auto)
    target_link_options(${target} PRIVATE -flto=auto)
  endif()
endfunction()
