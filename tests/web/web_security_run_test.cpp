// Issue 15's reproduction against a real `robo_trader run --dashboard` child: its
// environment and command line both carry the control token, and no request path, however
// written, gets either of them (or any other file of the machine) out of the dashboard.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <regex>

#include "support/http_client.hpp"
#include "support/paths.hpp"
#include "web/child_session.hpp"

using namespace robo;

TEST(WebSecurityRun, ASessionsEnvironmentAndCommandLineStayPrivate) {
    const std::string token = "run-token-8b2e4f-must-stay-private";
    auto out_dir = std::filesystem::temp_directory_path() / ("robo-websec-" + std::to_string(getpid()));
    std::filesystem::remove_all(out_dir);  // a session appends to its trail: none left by a reused pid
    // The child inherits the environment at exec: /proc/<child>/environ holds the token.
    ::setenv("MONITORING_CONTROL_TOKEN", token.c_str(), 1);
    auto session = std::make_unique<test::ChildSession>(std::vector<std::string>{
        test::binary().string(), "run", "--data", (test::sample_dir() / "daily").string(), "--speed", "0",
        "--dashboard", "--dashboard-port", "0", "--control-token", token, "--linger", "120", "--quiet",
        "--out", out_dir.string()});
    ::unsetenv("MONITORING_CONTROL_TOKEN");
    std::string seen;
    std::string port_text = session->wait_for(std::regex(R"(dashboard: http://127\.0\.0\.1:(\d+)/)"), seen);
    ASSERT_FALSE(port_text.empty()) << seen;
    const auto port = static_cast<uint16_t>(std::stoi(port_text));

    for (const char* path : {"//proc/self/environ", "///proc/self/environ", "//proc/self/cmdline",
                             "/%2fproc%2fself%2fenviron", "/..%2f..%2f..%2fproc%2fself%2fcmdline",
                             "//proc/self/maps", "//etc/passwd", "/%2e%2e/%2e%2e/%2e%2e/etc/passwd"}) {
        auto r = test::raw_get(port, path);
        EXPECT_EQ(r.status, 404) << path;
        EXPECT_EQ(r.body.find(token), std::string::npos) << path << " leaked the token";
        EXPECT_EQ(r.body.find("root:"), std::string::npos) << path;
    }
    // What a page using DNS rebinding would send: refused before any route.
    auto trip = test::raw_http(port,
                               "POST /api/control/trip HTTP/1.1\r\nHost: attacker.example\r\nAuthorization: "
                               "Bearer " +
                                   token + "\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
    EXPECT_EQ(trip.status, 421);
    EXPECT_NE(test::raw_get(port, "/health").status, 0);
    session.reset();  // killed: it would linger
    std::error_code ec;
    std::filesystem::remove_all(out_dir, ec);
}
