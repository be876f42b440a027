// The engine's events that need a person reach the webhook as documented JSON, throttled.
#include <gtest/gtest.h>

#include "robo/web/engine_alerts.hpp"
#include "support/webhook_receiver.hpp"

using namespace robo;
using namespace robo::web;
using robo::test::Receiver;
using namespace std::chrono_literals;

namespace {

struct Rig {
    Receiver receiver{0};
    AlertPoster poster{{.url = receiver.url(), .first_backoff = 5ms}};
    std::chrono::steady_clock::time_point now{std::chrono::hours(1)};
    EngineAlerts alerts;
    explicit Rig(bool gate_audits = true)
        : alerts(poster,
                 {.session = "paper", .mode = engine::Mode::replay, .gate_audits_refusals = gate_audits},
                 [this] { return now; }) {}
    std::vector<nlohmann::json> delivered() {
        EXPECT_TRUE(poster.flush(5s));
        return receiver.alerts();
    }
};

nlohmann::json gate_refusal(const char* symbol, const char* kind) {
    return {{"client_id", "paper-sma-1"},
            {"symbol", symbol},
            {"side", "buy"},
            {"type", "market"},
            {"quantity", "100"},
            {"strategy", "sma"},
            {"time", "2024-03-05T15:00:00.000000Z"},
            {"violations", {{{"kind", kind}, {"message", std::string(symbol) + ": too big"}}}}};
}

}  // namespace

TEST(EngineAlerts, DailyLossTripPostsTheTripAndTheBreachedLimit) {
    Rig rig;
    rig.alerts.on_audit("kill_switch_tripped", {{"trigger", "daily_loss"},
                                                {"reason", "portfolio: daily loss 0.61% beyond limit 0.50%"},
                                                {"time", "2024-03-05T20:59:00.000000Z"}});
    auto got = rig.delivered();
    ASSERT_EQ(got.size(), 2u);
    const auto& trip = got[0];
    EXPECT_EQ(trip["source"], "robo_trader");
    EXPECT_EQ(trip["kind"], "kill_switch_tripped");
    EXPECT_EQ(trip["severity"], "critical");
    EXPECT_EQ(trip["mode"], "replay");
    EXPECT_EQ(trip["session"], "paper");
    EXPECT_EQ(trip["data_time"], "2024-03-05T20:59:00.000000Z");
    EXPECT_TRUE(trip["time"].is_string());
    EXPECT_EQ(trip["details"]["trigger"], "daily_loss");
    EXPECT_EQ(trip["held_back"], 0);
    EXPECT_NE(trip["message"].get<std::string>().find("daily loss 0.61%"), std::string::npos);
    const auto& limit = got[1];
    EXPECT_EQ(limit["kind"], "limit_breached");
    EXPECT_EQ(limit["details"]["limit"], "daily_loss");
    EXPECT_EQ(limit["details"]["scope"], "portfolio");
}

TEST(EngineAlerts, AStormOfRefusalsPostsOneAlertThenASummaryOfTheRest) {
    Rig rig;
    for (int i = 0; i < 500; ++i) {
        rig.alerts.on_audit("risk_rejected", gate_refusal("AAPL", "position_size"));
        // The trader's own record of the same refusal is not a second alert.
        rig.alerts.on_audit("risk_rejected", {{"symbol", "AAPL"}, {"reason", "AAPL: too big"}});
    }
    rig.alerts.close();
    auto got = rig.delivered();
    ASSERT_EQ(got.size(), 2u);
    EXPECT_EQ(got[0]["kind"], "limit_breached");
    EXPECT_EQ(got[0]["details"]["limit"], "position_size");
    EXPECT_EQ(got[0]["details"]["symbol"], "AAPL");
    EXPECT_EQ(got[0]["details"]["scope"], "order");
    EXPECT_EQ(got[1]["kind"], "limit_breached");
    EXPECT_EQ(got[1]["summary"], true);
    EXPECT_EQ(got[1]["held_back"], 499);
    EXPECT_EQ(rig.alerts.raised(), 500u);
}

TEST(EngineAlerts, AfterTheIntervalTheNextRefusalSaysHowManyWereHeldBack) {
    Rig rig;
    for (int i = 0; i < 10; ++i) rig.alerts.on_audit("risk_rejected", gate_refusal("AAPL", "order_rate"));
    rig.now += 61s;
    rig.alerts.on_audit("risk_rejected", gate_refusal("MSFT", "order_rate"));
    auto got = rig.delivered();
    ASSERT_EQ(got.size(), 2u);
    EXPECT_EQ(got[1]["held_back"], 9);
    EXPECT_EQ(got[1]["details"]["symbol"], "MSFT");
}

TEST(EngineAlerts, WithTheBasicGateTheTradersRefusalRecordsAreTheAlerts) {
    Rig rig(/*gate_audits=*/false);
    rig.alerts.on_audit("risk_rejected",
                        {{"symbol", "KO"}, {"side", "sell"}, {"reason", "short selling is off"}});
    auto got = rig.delivered();
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0]["details"]["limit"], "pre_trade");
    EXPECT_EQ(got[0]["details"]["reason"], "short selling is off");
}

TEST(EngineAlerts, BrokerDisconnectionAndReconnectionAreBothPosted) {
    Rig rig;
    using C = exec::BrokerConnection;
    // The session's first connection is no news.
    rig.alerts.on_broker_connection("ibkr", C::connecting, C::connected, from_civil(2024, 3, 5));
    rig.alerts.on_broker_connection("ibkr", C::connected, C::disconnected, from_civil(2024, 3, 5));
    rig.alerts.on_broker_connection("ibkr", C::disconnected, C::connecting, from_civil(2024, 3, 5));
    rig.alerts.on_broker_connection("ibkr", C::connecting, C::connected, from_civil(2024, 3, 5));
    auto got = rig.delivered();
    ASSERT_EQ(got.size(), 2u);
    EXPECT_EQ(got[0]["kind"], "broker_disconnected");
    EXPECT_EQ(got[0]["severity"], "critical");
    EXPECT_EQ(got[0]["details"]["to"], "disconnected");
    EXPECT_EQ(got[1]["kind"], "broker_reconnected");
    EXPECT_TRUE(got[1]["details"]["down_seconds"].is_number());
}

TEST(EngineAlerts, StalledAndRecoveredFeedsArePosted) {
    Rig rig;
    Timestamp t = from_civil(2024, 3, 5) + 15h;
    rig.alerts.on_feed_stall({Symbol("AAPL"), false, 5min, t - 5min, t, 2min});
    rig.alerts.on_feed_stall({Symbol(), false, 30min, t - 30min, t, 2min});
    rig.alerts.on_feed_stall({Symbol("AAPL"), true, 6min, t - 6min, t + 1min, 2min});
    auto got = rig.delivered();
    ASSERT_EQ(got.size(), 3u);
    EXPECT_EQ(got[0]["kind"], "feed_stalled");
    EXPECT_EQ(got[0]["details"]["symbol"], "AAPL");
    EXPECT_EQ(got[0]["details"]["silent_seconds"], 300.0);
    EXPECT_EQ(got[0]["details"]["threshold_seconds"], 120.0);
    EXPECT_EQ(got[1]["details"]["scope"], "feed");
    EXPECT_EQ(got[2]["kind"], "feed_recovered");
}

TEST(EngineAlerts, AnUnreachableWebhookNeverHoldsTheEngineUp) {
    AlertPoster poster({.url = "http://127.0.0.1:1/x", .max_attempts = 3, .first_backoff = 50ms});
    EngineAlerts alerts(poster, {});
    for (int i = 0; i < 100; ++i) {
        std::string reason = "trip ";
        reason += std::to_string(i);
        alerts.on_audit("kill_switch_tripped", {{"trigger", "operator"}, {"reason", reason}});
    }
    // Each call is a hand-off to the poster's queue; the delivery attempts run elsewhere.
    EXPECT_EQ(alerts.sent(), 1u);
    EXPECT_EQ(alerts.held_back(), 99u);
}

TEST(EngineAlerts, AParkedSymbolPostsOneCriticalAlertSayingWhatTheOperatorMustDo) {
    Rig rig;
    rig.alerts.on_audit("symbol_parked",
                        {{"symbol", "AAPL"},
                         {"reason", "201: Order rejected - reason:SELL orders refused"},
                         {"rejections", 5},
                         {"message", "AAPL parked after 5 broker rejections (201: Order rejected)"},
                         {"operator_action", "reset the kill switch with a reason"},
                         {"time", "2025-01-02T14:40:00.000000Z"}});
    auto got = rig.delivered();
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0]["kind"], "symbol_parked");
    EXPECT_EQ(got[0]["severity"], "critical");
    EXPECT_EQ(got[0]["data_time"], "2025-01-02T14:40:00.000000Z");
    EXPECT_EQ(got[0]["details"]["symbol"], "AAPL");
    EXPECT_EQ(got[0]["details"]["rejections"], 5);
    const std::string message = got[0]["message"];
    EXPECT_NE(message.find("AAPL parked after 5 broker rejections"), std::string::npos) << message;
    EXPECT_NE(message.find("to resume: reset the kill switch"), std::string::npos) << message;
}

TEST(EngineAlerts, ABackfillGivenUpIsAWarningNamingTheSymbolAndTheReason) {
    Rig rig;
    rig.alerts.on_audit("backfill_failed",
                        {{"symbol", "AAPL"},
                         {"request_id", 4},
                         {"reason",
                          "historical data 4 AAPL 5 secs (300 S to now): no answer within 1 s after 3 "
                          "tries; given up"},
                         {"time", "2026-12-01T12:57:50.045603Z"}});
    auto got = rig.delivered();
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0]["kind"], "backfill_failed");
    EXPECT_EQ(got[0]["severity"], "warning");
    EXPECT_EQ(got[0]["details"]["symbol"], "AAPL");
    EXPECT_NE(got[0]["message"].get<std::string>().find("no answer within 1 s after 3 tries"),
              std::string::npos)
        << got[0]["message"];
    EXPECT_NE(got[0]["message"].get<std::string>().find("goes on with live data"), std::string::npos);
}
