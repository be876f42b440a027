# Every third-party library comes from Debian (scripts/install-deps.sh installs them).
find_package(Threads REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(fmt REQUIRED)
find_package(spdlog REQUIRED)
find_package(nlohmann_json REQUIRED)
find_package(tomlplusplus REQUIRED)
find_package(CLI11 REQUIRED)
find_package(Eigen3 REQUIRED NO_MODULE)
find_package(date REQUIRED)
find_package(Boost 1.74 REQUIRED)
find_package(GTest REQUIRED)
find_package(rapidcheck REQUIRED)
find_package(benchmark REQUIRED)
# SHA-256 for the audit trail's hash chain (log/sha256.cpp): GNU Nettle, whose SHA-256
# uses the CPU's SHA instructions when it has them. OpenSSL's libcrypto took 3 ms to load
# (thousands of relocations) in a process that needs one hash function from it.
find_package(PkgConfig REQUIRED)
pkg_check_modules(NETTLE REQUIRED IMPORTED_TARGET nettle)

# What a program loads when it starts. A backtest over the 60 shared daily files takes about
# 65-70 ms as a whole process, and `robo_trader --version` alone took 11.8 ms against 4-5 for
# /bin/true on the 2-core VM: every shared library is mapped and relocated before main (about
# half a millisecond each here), and the command line loaded eleven. So:
# - spdlog and toml++ are header-only libraries upstream and each is used by one file
#   (log/log.cpp, config/sources.cpp): compiled into that file, their shared libraries are
#   not loaded (Debian's `spdlog::spdlog_header_only` and `robo_toml`, linked by those two
#   components only).
# - programs link SQLite and Nettle from Debian's static archives (and jemalloc, in
#   CMakeLists.txt). The Python module is a shared object, which Debian's archives are not
#   built for: it links the shared libraries, as does any build where an archive is missing.
# fmt stays shared: it is used in sixty files, and its header-only form compiles the whole
# library into each (2.6 s more per file); loading it costs next to nothing (135 relocations).
add_library(robo_toml INTERFACE)
target_include_directories(robo_toml SYSTEM INTERFACE
  $<TARGET_PROPERTY:tomlplusplus::tomlplusplus,INTERFACE_INCLUDE_DIRECTORIES>)
target_compile_definitions(robo_toml INTERFACE TOML_HEADER_ONLY=1)

# Sets `out` to what to link for a library: for an executable its static archive `archive`,
# and the libraries named after `shared` (what the archive itself needs), when Debian's
# package has one; for anything else, or without the archive, the shared library's target
# `shared`.
function(robo_archive_for_programs out archive shared)
  string(MAKE_C_IDENTIFIER "ROBO_ARCHIVE_${archive}" found)
  find_library(${found} ${archive})
  if(NOT ${found})
    set(${out} ${shared} PARENT_SCOPE)
    return()
  endif()
  set(program "$<STREQUAL:$<TARGET_PROPERTY:TYPE>,EXECUTABLE>")
  set(items "$<IF:${program},${${found}},${shared}>")
  foreach(lib ${ARGN})
    list(APPEND items "$<${program}:${lib}>")
  endforeach()
  set(${out} ${items} PARENT_SCOPE)
endfunction()
robo_archive_for_programs(robo_sqlite3 libsqlite3.a SQLite::SQLite3 m ${CMAKE_DL_LIBS})
robo_archive_for_programs(robo_nettle libnettle.a PkgConfig::NETTLE)

add_library(robo_deps INTERFACE)
target_link_libraries(robo_deps INTERFACE
  Threads::Threads ${robo_sqlite3} fmt::fmt nlohmann_json::nlohmann_json
  Eigen3::Eigen date::date date::date-tz Boost::headers ${robo_nettle})
# Nettle's headers, for the archive as for the shared library.
target_include_directories(robo_deps SYSTEM INTERFACE ${NETTLE_INCLUDE_DIRS})
# Boost 1.74's asio/awaitable.hpp uses std::exchange without including <utility>.
target_compile_options(robo_deps INTERFACE -include utility)
# Quiet Boost's own deprecation chatter; Asio is used header-only.
target_compile_definitions(robo_deps INTERFACE BOOST_BIND_GLOBAL_PLACEHOLDERS)
