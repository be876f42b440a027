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

add_library(robo_deps INTERFACE)
target_link_libraries(robo_deps INTERFACE
  Threads::Threads SQLite::SQLite3 fmt::fmt spdlog::spdlog nlohmann_json::nlohmann_json
  tomlplusplus::tomlplusplus Eigen3::Eigen date::date date::date-tz Boost::headers PkgConfig::NETTLE)
# Boost 1.74's asio/awaitable.hpp uses std::exchange without including <utility>.
target_compile_options(robo_deps INTERFACE -include utility)
# Quiet Boost's own deprecation chatter; Asio is used header-only.
target_compile_definitions(robo_deps INTERFACE BOOST_BIND_GLOBAL_PLACEHOLDERS SPDLOG_FMT_EXTERNAL)
