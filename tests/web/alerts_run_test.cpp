// End to end: a real `robo_trader run` replay whose daily-loss limit trips the kill switch
// posts the documented alerts to a local webhook receiver, throttled, and the engine's
// own summary says what was raised, posted and held back.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <regex>
#include <set>

#include "support/paths.hpp"
#include "support/webhook_receiver.hpp"

using namespace robo;
using robo::test::Receiver;

namespace {
std::string run(const std::string& command, int& exit_code) {
    std::string out;
    FILE* pipe = popen((command + " 2>&1").c_str(), "r");
    if (!pipe) return "cannot start: " + command;
    std::array<char, 4096> buf{};
    while (fgets(buf.data(), buf.size(), pipe)) out += buf.data();
    int status = pclose(pipe);
    exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return out;
}

size_t count_lines_with(const std::filesystem::path& file, const std::string& text) {
    std::ifstream in(file);
    size_t n = 0;
    for (std::string line; std::getline(in, line);) n += line.find(text) != std::string::npos;
    return n;
}
}  // namespace

TEST(AlertsRun, AReplayThatTripsTheKillSwitchPostsTheTripAndTheBreachedDailyLossLimit) {
    Receiver receiver(1);  // the first delivery fails: the retry must carry it
    auto out_dir = std::filesystem::temp_directory_path() / ("robo-alerts-" + std::to_string(getpid()));
    // A daily-loss limit of 0.1% trips on the first bad day of the sample; without an
    // operator the replay resets it at the next day, so it trips again and again.
    std::string command = "MONITORING_ALERT_WEBHOOK=" + receiver.url() +
                          " RISK_MAX_DAILY_LOSS_PCT=0.001 MONITORING_ALERT_MIN_INTERVAL_SECONDS=3600 " +
                          test::binary().string() + " run --quiet --data " +
                          (test::sample_dir() / "daily").string() + " --out " + out_dir.string();
    int code = -1;
    std::string output = run(command, code);
    ASSERT_EQ(code, 0) << output;

    auto alerts = receiver.alerts();
    ASSERT_FALSE(alerts.empty()) << output;
    const std::set<std::string> documented{"kill_switch_tripped", "kill_switch_reset",  "limit_breached",
                                           "broker_disconnected", "broker_reconnected", "feed_stalled",
                                           "feed_recovered",      "engine_error"};
    const nlohmann::json* trip = nullptr;
    const nlohmann::json* daily_loss = nullptr;
    uint64_t held_back = 0, summaries = 0;
    for (const auto& a : alerts) {
        ASSERT_TRUE(a.is_object()) << "not JSON";
        EXPECT_TRUE(documented.count(a.value("kind", ""))) << a.dump();
        for (const char* field :
             {"source", "kind", "severity", "time", "data_time", "mode", "session", "message"})
            EXPECT_TRUE(a.contains(field)) << field << " missing in " << a.dump();
        EXPECT_EQ(a["mode"], "replay");
        held_back += a.value("held_back", 0);
        summaries += a.contains("summary");
        if (a["kind"] == "kill_switch_tripped" && !a.contains("summary")) trip = &a;
        if (a["kind"] == "limit_breached" && a["details"].value("limit", "") == "daily_loss" &&
            !a.contains("summary"))
            daily_loss = &a;
    }
    ASSERT_NE(trip, nullptr) << output;
    EXPECT_EQ((*trip)["details"]["trigger"], "daily_loss");
    EXPECT_EQ((*trip)["severity"], "critical");
    ASSERT_NE(daily_loss, nullptr) << output;
    EXPECT_EQ((*daily_loss)["details"]["scope"], "portfolio");

    // Every trip is on the audit trail, but the webhook got one alert per kind and subject
    // plus a closing summary of what was held back: no flood.
    const size_t trips = count_lines_with(out_dir / "audit.jsonl", "\"kill_switch_tripped\"");
    EXPECT_GT(trips, 10u);
    EXPECT_LT(alerts.size(), 30u);
    // Raised = posted + held back, as the session's summary line says.
    std::smatch m;
    ASSERT_TRUE(std::regex_search(output, m, std::regex(R"(alerts: (\d+) raised, (\d+) posted)"))) << output;
    EXPECT_EQ(std::stoul(m[2]), alerts.size());
    EXPECT_EQ(std::stoul(m[1]), alerts.size() - summaries + held_back);  // nothing lost uncounted
    EXPECT_NE(output.find("delivered, 0 undelivered"), std::string::npos) << output;
    std::filesystem::remove_all(out_dir);
}
