// The flatten control action over the HTTP control API, against a real `run --dashboard`
// replay (no browser needed): it needs the token, closes every position through the order
// manager and the gate, and is audited with what it did.
#include <gtest/gtest.h>

#include <fstream>
#include <thread>

#include "support/http_client.hpp"
#include "support/paths.hpp"
#include "web/child_session.hpp"

using namespace robo;
namespace http = boost::beast::http;

namespace {
// Open positions in /api/positions (quantity not zero).
size_t open_positions(uint16_t port) {
    auto j = nlohmann::json::parse(test::http_get(port, "/api/positions").body, nullptr, false);
    size_t n = 0;
    if (j.is_array())
        for (const auto& item : j) n += item["data"].value("quantity", "0") != "0";
    return n;
}

template <class F>
bool eventually(F f, std::chrono::seconds within) {
    auto until = std::chrono::steady_clock::now() + within;
    while (std::chrono::steady_clock::now() < until) {
        if (f()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
}
}  // namespace

TEST(FlattenHttp, ClosesEveryPositionOfALiveReplayOnlyWithTheTokenAndIsAudited) {
    auto out_dir = std::filesystem::temp_directory_path() / ("robo-flatten-" + std::to_string(getpid()));
    std::filesystem::remove_all(out_dir);  // a session appends to its trail: none left by a reused pid
    const std::string token = "flatten-token-0123456789";
    // Daily bars at 20 days per second: positions build up within a second or two.
    test::ChildSession session({test::binary().string(), "run", "--data",
                                (test::sample_dir() / "daily").string(), "--speed", "1728000", "--dashboard",
                                "--dashboard-port", "0", "--control-token", token, "--quiet", "--out",
                                out_dir.string()});
    std::string seen;
    std::string url = session.wait_for(std::regex(R"(dashboard: http://127\.0\.0\.1:(\d+)/)"), seen);
    ASSERT_FALSE(url.empty()) << seen;
    const auto port = static_cast<uint16_t>(std::stoi(url));

    ASSERT_TRUE(eventually([&] { return open_positions(port) >= 2; }, std::chrono::seconds(30)))
        << "no positions opened";
    // Pause first, so the strategies cannot open anything between the flatten and the check.
    ASSERT_EQ(test::http_request(port, http::verb::post, "/api/control/pause", "{}", token).status, 200);
    EXPECT_EQ(test::http_request(port, http::verb::post, "/api/control/flatten", R"({"reason":"http test"})",
                                 "wrong-token")
                  .status,
              401);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    EXPECT_GE(open_positions(port), 2u) << "a refused flatten closed something";
    EXPECT_EQ(
        test::http_request(port, http::verb::post, "/api/control/flatten", R"({"reason":"http test"})", token)
            .status,
        200);
    // Market exits fill on the next bar: resume and watch the book go flat.
    ASSERT_EQ(test::http_request(port, http::verb::post, "/api/control/resume", "{}", token).status, 200);
    EXPECT_TRUE(eventually([&] { return open_positions(port) == 0; }, std::chrono::seconds(10)));
    EXPECT_EQ(session.stop(), 0);

    std::ifstream audit(out_dir / "audit.jsonl");
    bool flatten_seen = false;
    for (std::string line; std::getline(audit, line);) {
        auto j = nlohmann::json::parse(line, nullptr, false);
        if (j.is_discarded() || j.value("kind", "") != "flatten") continue;
        flatten_seen = true;
        EXPECT_EQ(j["fields"]["reason"], "http test");
        EXPECT_GE(j["fields"]["exits_sent"].get<int>() + j["fields"]["exits_working"].get<int>(), 2);
        EXPECT_EQ(j["fields"]["refused"], 0);
    }
    EXPECT_TRUE(flatten_seen);
    std::filesystem::remove_all(out_dir);
}
