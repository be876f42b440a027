// tests/support/isolation.hpp — what every test process that runs robo_trader keeps to itself.
#pragma once
#include <stdlib.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <system_error>

namespace robo::test {

// Every test process gets a kill-switch state file of its own: sessions through a broker
// persist the operator's switch (RISK_KILL_SWITCH_FILE), and one test's trip must not
// halt another test's session. A test that wants a particular file sets it on its command.
//
// The folder is new (mkdtemp) and removed when the process exits. A name made from the pid
// alone was not enough: pids wrap (pid_max is 32768 on many machines), and a later test
// process with a reused pid found an earlier one's tripped switch and could not trade.
class KillSwitchIsolation {
public:
    KillSwitchIsolation() {
        if (std::getenv("RISK_KILL_SWITCH_FILE")) return;
        std::string pattern =
            (std::filesystem::temp_directory_path() / "robo-test-kill-switch-XXXXXX").string();
        if (!::mkdtemp(pattern.data()))
            throw std::runtime_error("cannot create a kill-switch folder from " + pattern);
        dir_ = pattern;
        ::setenv("RISK_KILL_SWITCH_FILE", (dir_ / "kill_switch.json").c_str(), 1);
    }
    ~KillSwitchIsolation() {
        if (dir_.empty()) return;
        std::error_code ignored;  // a test that is exiting has nothing better to do with it
        std::filesystem::remove_all(dir_, ignored);
    }
    KillSwitchIsolation(const KillSwitchIsolation&) = delete;
    KillSwitchIsolation& operator=(const KillSwitchIsolation&) = delete;
    bool isolated() const noexcept { return !dir_.empty(); }

private:
    std::filesystem::path dir_;
};

inline const KillSwitchIsolation kill_switch_isolation;

}  // namespace robo::test
