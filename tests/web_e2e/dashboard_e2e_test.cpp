// The dashboard in a real browser while `make run`'s session replays the bundled sample:
// headless Chromium driven by playwright-core against `robo_trader run --dashboard`, with
// the data served by the TWS simulator and traded through the socket API (--broker tws-sim),
// as `make run` does.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <regex>
#include <thread>

#include "support/paths.hpp"
#include "web/child_session.hpp"

using namespace robo;

namespace {

std::string run_and_capture(const std::string& command, int& exit_code) {
    std::string out;
    FILE* pipe = popen((command + " 2>&1").c_str(), "r");
    if (!pipe) {
        exit_code = -1;
        return "cannot start: " + command;
    }
    std::array<char, 4096> buf{};
    while (fgets(buf.data(), buf.size(), pipe)) out += buf.data();
    int status = pclose(pipe);
    exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return out;
}

}  // namespace

TEST(DashboardE2E, LiveDuringAReplayShowsMovementFillsFeedsAndGuardsKillSwitchAndFlatten) {
    auto ui = test::build_dir() / "web-ui";
    auto script = test::source_dir() / "web" / "ui" / "e2e" / "dashboard.e2e.mjs";
    auto playwright = test::source_dir() / "web" / "ui" / "node_modules" / "playwright-core";
    if (!std::filesystem::exists("/usr/bin/chromium"))
        GTEST_SKIP() << "/usr/bin/chromium not installed; skipping";
    if (!std::filesystem::exists(playwright) || !std::filesystem::exists(ui / "index.html") ||
        !std::filesystem::exists(test::binary().parent_path() / "web-ui" / "index.html"))
        GTEST_SKIP() << "dashboard not built (run make build: scripts/build-ui.sh); skipping";

    auto out_dir = std::filesystem::temp_directory_path() / ("robo-e2e-" + std::to_string(getpid()));
    std::filesystem::remove_all(out_dir);  // a session appends to its trail: none left by a reused pid
    const std::string token = "e2e-token-0123456789";
    // Daily bars at 20 days per second, slow enough that a position held for weeks is still
    // open a second after the kill switch trips, even on a loaded machine; stopped once the
    // browser's claims are checked.
    test::ChildSession session({test::binary().string(), "run", "--data",
                                (test::sample_dir() / "daily").string(), "--broker", "tws-sim", "--speed",
                                "1728000", "--dashboard", "--dashboard-port", "0", "--control-token", token,
                                "--quiet", "--out", out_dir.string()});
    std::string seen;
    std::string url = session.wait_for(std::regex(R"(dashboard: (http://\S+))"), seen);
    ASSERT_FALSE(url.empty()) << "the session never printed its dashboard address:\n" << seen;

    auto shot = test::build_dir() / "dashboard-e2e.png";
    int code = 0;
    std::string out =
        run_and_capture("node " + script.string() + " " + url + " " + token + " " + shot.string(), code);
    std::cout << out;
    const int session_exit = session.stop();
    // On a failure, what the session said (it may have ended early, or refused every order).
    EXPECT_EQ(code, 0) << out << "\nthe session's output after its address:\n" << session.output();
    EXPECT_NE(out.find("all claims hold"), std::string::npos);
    EXPECT_TRUE(std::filesystem::exists(shot));
    EXPECT_EQ(session_exit, 0);

    // The refused and the accepted control actions are on the session's audit trail.
    std::ifstream audit(out_dir / "audit.jsonl");
    std::string text((std::istreambuf_iterator<char>(audit)), std::istreambuf_iterator<char>());
    EXPECT_NE(text.find("\"control_refused\""), std::string::npos);
    EXPECT_NE(text.find("\"control_action\""), std::string::npos);
    // The flatten ran on the engine's thread and is on the trail with what it did.
    EXPECT_NE(text.find("\"kind\":\"flatten\""), std::string::npos);
    EXPECT_NE(text.find("\"reason\":\"e2e flatten\""), std::string::npos);
    EXPECT_EQ(text.find(token), std::string::npos);
    std::filesystem::remove_all(out_dir);
}
