# Warnings are errors everywhere in our own code.
function(robo_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
                                           -Wimplicit-fallthrough -Werror
                                           # designated initializers leave defaulted members out on purpose
                                           -Wno-missing-field-initializers)
endfunction()
