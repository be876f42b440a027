// Each test process's kill-switch file is its own, even when its pid was used before: pids
// wrap (pid_max 32768 on many machines), and CI once ran a session whose pid matched an
// earlier test's, found that test's tripped switch and refused every order.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>

#include "support/isolation.hpp"

using namespace robo;

TEST(KillSwitchIsolation, AFolderLeftByAnEarlierProcessWithThisPidIsNotUsed) {
    ASSERT_TRUE(test::kill_switch_isolation.isolated()) << "RISK_KILL_SWITCH_FILE was set from outside";
    const char* named = std::getenv("RISK_KILL_SWITCH_FILE");
    ASSERT_NE(named, nullptr);
    const std::filesystem::path file = named;
    // What an earlier process with this pid would have left under the old pid-named scheme.
    const auto stale = std::filesystem::temp_directory_path() /
                       ("robo-test-kill-switch-" + std::to_string(::getpid())) / "kill_switch.json";
    EXPECT_NE(file, stale);
    // The folder is this process's: it exists, and nothing in it was written before us.
    EXPECT_TRUE(std::filesystem::is_directory(file.parent_path()));
    EXPECT_FALSE(std::filesystem::exists(file)) << file << " existed before this test wrote anything";
}

TEST(KillSwitchIsolation, TwoProcessesGetTwoFolders) {
    // A child (a fresh process image, as ctest starts each test) prints its own file.
    const std::string self = std::filesystem::read_symlink("/proc/self/exe").string();
    const std::string cmd = "env -u RISK_KILL_SWITCH_FILE '" + self +
                            "' --gtest_filter=KillSwitchIsolation.PrintsItsFile 2>&1 | grep '^file='";
    FILE* pipe = popen(cmd.c_str(), "r");
    ASSERT_NE(pipe, nullptr);
    char buf[4096] = {};
    std::string line = fgets(buf, sizeof buf, pipe) ? buf : "";
    pclose(pipe);
    ASSERT_FALSE(line.empty()) << "the child printed no file";
    const std::string theirs = line.substr(5, line.find_last_not_of("\n") - 4);
    EXPECT_NE(theirs, std::getenv("RISK_KILL_SWITCH_FILE"));
    // The child removed its folder when it exited.
    EXPECT_FALSE(std::filesystem::exists(std::filesystem::path(theirs).parent_path())) << theirs;
}

TEST(KillSwitchIsolation, PrintsItsFile) {
    std::cout << "file=" << std::getenv("RISK_KILL_SWITCH_FILE") << "\n";
}
