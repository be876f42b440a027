# cmake/check_layers.cmake — fails when an #include runs upward between components.
#   cmake -DROBO_SOURCE_DIR=<repo> -P cmake/check_layers.cmake
# A component may include only components below it (docs/architecture.md):
#   core < log < config < data < features < risk < strategy < exec < report < engine
#        < store, ibkr, web (siblings: none includes another) < session < research
# The build links each component only with what it declares, but a header-only use of a
# component above would still compile; this check is what keeps the graph one-way.
set(ranks core 0 log 1 config 2 data 3 features 4 risk 5 strategy 6 exec 7 report 8 engine 9
          store 10 ibkr 10 web 10 session 11 research 12)
list(LENGTH ranks n)
math(EXPR last "${n} - 1")
foreach(i RANGE 0 ${last} 2)
  math(EXPR j "${i} + 1")
  list(GET ranks ${i} name)
  list(GET ranks ${j} rank)
  set(rank_${name} ${rank})
endforeach()

set(violations "")
file(GLOB_RECURSE files ${ROBO_SOURCE_DIR}/src/robo/*.hpp ${ROBO_SOURCE_DIR}/src/robo/*.cpp)
foreach(f ${files})
  file(RELATIVE_PATH rel ${ROBO_SOURCE_DIR}/src/robo ${f})
  string(REGEX MATCH "^[a-z_]+" from ${rel})
  if(NOT DEFINED rank_${from})
    string(APPEND violations "\n  ${rel}: component '${from}' has no place in the layer list")
    continue()
  endif()
  file(STRINGS ${f} includes REGEX "^[ \t]*#[ \t]*include[ \t]*\"robo/[a-z_]+/")
  foreach(line ${includes})
    string(REGEX MATCH "robo/([a-z_]+)/[^\"]*" target ${line})
    set(to ${CMAKE_MATCH_1})
    if(NOT to STREQUAL from)
      if(NOT DEFINED rank_${to})
        string(APPEND violations "\n  ${rel}: includes ${target}, a component with no place in the layer list")
      elseif(NOT rank_${to} LESS rank_${from})
        string(APPEND violations "\n  ${rel}: includes ${target} (${to} is not below ${from})")
      endif()
    endif()
  endforeach()
endforeach()
if(violations)
  message(FATAL_ERROR "includes that run upward:${violations}")
endif()
list(LENGTH files count)
message(STATUS "layers: ${count} files, no include runs upward")
