// tests/support/isolation.hpp — what every test process that runs robo_trader keeps to itself.
#pragma once
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>

namespace robo::test {

// Every test process gets a kill-switch state file of its own: sessions through a broker
// persist the operator's switch (RISK_KILL_SWITCH_FILE), and one test's trip must not
// halt another test's session. A test that wants a particular file sets it on its command.
inline const bool kill_switch_isolated = [] {
    if (std::getenv("RISK_KILL_SWITCH_FILE")) return false;
    const auto file = std::filesystem::temp_directory_path() /
                      ("robo-test-kill-switch-" + std::to_string(::getpid())) / "kill_switch.json";
    ::setenv("RISK_KILL_SWITCH_FILE", file.c_str(), 1);
    return true;
}();

}  // namespace robo::test
