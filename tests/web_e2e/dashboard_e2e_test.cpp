// The dashboard in a real browser while `make run`'s session replays the bundled sample:
// headless Chromium driven by playwright-core against `robo_trader run --dashboard`.
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

// The session as a child process whose stdout we read line by line.
class Session {
public:
    explicit Session(std::vector<std::string> args) {
        int fds[2];
        if (pipe(fds) != 0) throw std::runtime_error("pipe failed");
        pid_ = fork();
        if (pid_ == 0) {
            dup2(fds[1], STDOUT_FILENO);
            close(fds[0]);
            close(fds[1]);
            std::vector<char*> argv;
            for (auto& a : args) argv.push_back(a.data());
            argv.push_back(nullptr);
            execv(argv[0], argv.data());
            _exit(127);
        }
        close(fds[1]);
        out_ = fdopen(fds[0], "r");
    }
    ~Session() {
        if (pid_ > 0) {
            kill(pid_, SIGKILL);
            waitpid(pid_, nullptr, 0);
        }
        if (out_) fclose(out_);
    }
    // Reads lines until one matches; returns the first capture group ("" at end of output).
    std::string wait_for(const std::regex& re, std::string& seen) {
        std::array<char, 4096> buf{};
        while (fgets(buf.data(), buf.size(), out_)) {
            seen += buf.data();
            std::cmatch m;
            if (std::regex_search(buf.data(), m, re)) return m[1];
        }
        return {};
    }
    // Graceful stop (SIGTERM), then the exit code.
    int stop() {
        kill(pid_, SIGTERM);
        int status = 0;
        waitpid(pid_, &status, 0);
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }

private:
    pid_t pid_ = -1;
    FILE* out_ = nullptr;
};

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
    const std::string token = "e2e-token-0123456789";
    // Five years of daily bars at 60 days per second: about 30 s of replay, stopped once the
    // browser's claims are checked.
    Session session({test::binary().string(), "run", "--data", (test::sample_dir() / "daily").string(),
                     "--speed", "5184000", "--dashboard", "--dashboard-port", "0", "--control-token", token,
                     "--quiet", "--out", out_dir.string()});
    std::string seen;
    std::string url = session.wait_for(std::regex(R"(dashboard: (http://\S+))"), seen);
    ASSERT_FALSE(url.empty()) << "the session never printed its dashboard address:\n" << seen;

    auto shot = test::build_dir() / "dashboard-e2e.png";
    int code = 0;
    std::string out =
        run_and_capture("node " + script.string() + " " + url + " " + token + " " + shot.string(), code);
    std::cout << out;
    EXPECT_EQ(code, 0) << out;
    EXPECT_NE(out.find("all claims hold"), std::string::npos);
    EXPECT_TRUE(std::filesystem::exists(shot));
    EXPECT_EQ(session.stop(), 0);

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
