# Warnings are errors everywhere in our own code.
function(robo_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
                                           -Wimplicit-fallthrough -Werror
                                           # designated initializers leave defaulted members out on purpose
                                           -Wno-missing-field-initializers)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    # The sanitizer pass builds with clang. The indicators' input checks combine booleans
    # with `&` on purpose (no branch, so a block of bars is checked with vector compares:
    # features/input.hpp), which clang flags as a likely typo for `&&`.
    target_compile_options(${target} PRIVATE -Wno-bitwise-instead-of-logical)
  endif()
endfunction()
