#include <gtest/gtest.h>

#include <thread>

#include "robo/log/audit_sink.hpp"
#include "robo/log/memory_audit_sink.hpp"
#include "robo/web/server.hpp"
#include "support/http_client.hpp"

using namespace robo;
using namespace robo::web;
using nlohmann::json;
using robo::test::http_get;
using robo::test::http_request;
using robo::test::WsClient;
namespace http = boost::beast::http;

namespace {

Timestamp t0() { return parse_timestamp("2024-03-01T14:30:00Z"); }

struct Fixture {
    explicit Fixture(ServerOptions o = {}, HubLimits limits = {}) : hub(limits) {
        o.port = 0;
        server = std::make_unique<Server>(
            o, hub,
            [this](const std::string& action, const std::string& reason) {
                actions.push_back(action + ":" + reason);
                return std::string();
            },
            &audit);
        server->start();
    }
    ~Fixture() { server->stop(); }
    uint16_t port() const { return server->port(); }
    // Waits until the web thread has applied everything published so far.
    void settle() {
        for (int i = 0; i < 100; ++i) {
            server->run_on_web_thread([&] { hub.drain(); });
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
    }

    Hub hub;
    log::MemoryAuditSink audit;
    std::vector<std::string> actions;
    std::unique_ptr<Server> server;
};

}  // namespace

TEST(Server, HealthIs503UntilTheEngineReportsHealthy) {
    Fixture f;
    EXPECT_EQ(http_get(f.port(), "/health").status, 503);
    f.hub.publish(Topic::health, "", {{"healthy", true}, {"state", "running"}}, t0());
    f.settle();
    auto r = http_get(f.port(), "/health");
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(json::parse(r.body)["state"], "running");
    f.hub.publish(Topic::health, "", {{"healthy", false}, {"state", "error"}}, t0());
    f.settle();
    EXPECT_EQ(http_get(f.port(), "/health").status, 503);
}

TEST(Server, MetricsArePrometheusText) {
    Fixture f;
    f.hub.publish(Topic::risk, "", {{"heat", 0.04}, {"kill_switch_tripped", false}}, t0());
    f.settle();
    auto r = http_get(f.port(), "/metrics");
    EXPECT_EQ(r.status, 200);
    EXPECT_NE(r.content_type.find("text/plain"), std::string::npos);
    EXPECT_NE(
        r.body.find("# TYPE robo_web_events_published_total counter\nrobo_web_events_published_total 1\n"),
        std::string::npos);
    EXPECT_NE(r.body.find("robo_risk_heat 0.04\n"), std::string::npos);
    EXPECT_NE(r.body.find("robo_risk_kill_switch_tripped 0\n"), std::string::npos);
}

TEST(Server, JsonApiServesLatestStateAndRecentEvents) {
    Fixture f(ServerOptions{.config = {{"IBKR_ACCOUNT", "DU1234567"},
                                       {"risk", {{"max_position_pct", 0.02}}},
                                       {"MONITORING_CONTROL_TOKEN", "hunter2"}}});
    f.hub.publish(Topic::positions, "AAPL", {{"quantity", "10"}}, t0());
    f.hub.publish(Topic::fills, "AAPL", {{"price", "189.37"}}, t0());
    f.hub.publish(Topic::equity, "", {{"equity", "100000"}}, t0());
    f.settle();
    EXPECT_EQ(json::parse(http_get(f.port(), "/api/positions").body)[0]["data"]["quantity"], "10");
    EXPECT_EQ(json::parse(http_get(f.port(), "/api/trades").body)[0]["data"]["price"], "189.37");
    EXPECT_EQ(json::parse(http_get(f.port(), "/api/equity").body).size(), 1u);
    auto cfg = http_get(f.port(), "/api/config").body;
    EXPECT_EQ(cfg.find("DU1234567"), std::string::npos);
    EXPECT_EQ(cfg.find("hunter2"), std::string::npos);
    EXPECT_NE(cfg.find("max_position_pct"), std::string::npos);
    EXPECT_EQ(http_get(f.port(), "/api/nothing").status, 404);
}

TEST(Server, ControlNeedsTheTokenAndIsAudited) {
    Fixture f(ServerOptions{.control_token = "s3cret-token"});
    EXPECT_EQ(http_request(f.port(), http::verb::post, "/api/control/trip", R"({"reason":"test"})").status,
              401);
    EXPECT_EQ(
        http_request(f.port(), http::verb::post, "/api/control/trip", R"({"reason":"test"})", "wrong").status,
        401);
    EXPECT_TRUE(f.actions.empty());
    auto ok =
        http_request(f.port(), http::verb::post, "/api/control/trip", R"({"reason":"test"})", "s3cret-token");
    EXPECT_EQ(ok.status, 200);
    ASSERT_EQ(f.actions.size(), 1u);
    EXPECT_EQ(f.actions[0], "trip:test");
    // A reset without a reason is refused before reaching the engine.
    EXPECT_EQ(http_request(f.port(), http::verb::post, "/api/control/reset", "{}", "s3cret-token").status,
              400);
    EXPECT_EQ(http_request(f.port(), http::verb::post, "/api/control/launch", "{}", "s3cret-token").status,
              404);
    f.server->run_on_web_thread([] {});
    ASSERT_EQ(f.audit.entries.size(), 3u);
    EXPECT_EQ(f.audit.entries[0].kind, "control_refused");
    EXPECT_EQ(f.audit.entries[2].kind, "control_action");
    EXPECT_EQ(f.audit.entries[2].fields["action"], "trip");
    for (auto& e : f.audit.entries) EXPECT_EQ(e.fields.dump().find("s3cret-token"), std::string::npos);
}

TEST(Server, ControlIsDisabledWithoutAConfiguredToken) {
    Fixture f;
    EXPECT_EQ(http_request(f.port(), http::verb::post, "/api/control/pause", "{}", "anything").status, 403);
    EXPECT_TRUE(f.actions.empty());
}

TEST(Server, BindsToLoopbackByDefault) {
    ServerOptions o;
    EXPECT_EQ(o.bind, "127.0.0.1");
}

TEST(Server, WebSocketSubscribeReceivesSnapshotThenEvents) {
    Fixture f;
    f.hub.publish(Topic::quotes, "AAPL", {{"bid", "189.36"}}, t0());
    f.settle();
    WsClient ws(f.port());
    EXPECT_EQ(ws.receive()["type"], "hello");
    ws.send(R"({"op":"subscribe","topics":["quotes"],"symbols":["AAPL"]})");
    EXPECT_EQ(ws.receive()["type"], "ack");
    auto snap = ws.receive();
    EXPECT_EQ(snap["type"], "snapshot");
    EXPECT_EQ(snap["items"][0]["data"]["bid"], "189.36");
    f.hub.publish(Topic::quotes, "MSFT", {{"bid", "1"}}, t0());
    f.hub.publish(Topic::quotes, "AAPL", {{"bid", "189.40"}}, t0());
    auto ev = ws.receive();
    EXPECT_EQ(ev["symbol"], "AAPL");
    EXPECT_EQ(ev["data"]["bid"], "189.40");
    EXPECT_EQ(ev["seq"], snap["seq"].get<int>() + 1);
}

TEST(Server, MalformedWebSocketMessagesAreAnsweredNotFatal) {
    Fixture f;
    WsClient ws(f.port());
    ws.receive();
    ws.send("{{{{");
    auto err = ws.receive();
    EXPECT_EQ(err["type"], "error");
    ws.send(R"({"op":"ping"})");
    EXPECT_EQ(ws.receive()["type"], "pong");
}

TEST(Server, SlowClientIsSkippedAndDroppedWhileTheEngineNeverBlocks) {
    Fixture f(ServerOptions{}, HubLimits{.client_outbox = 16, .drop_after_skips = 2000});
    WsClient slow(f.port());
    slow.receive();
    slow.send(R"({"op":"subscribe","topics":["quotes"]})");
    slow.receive();
    slow.receive();
    // The client never reads again. Publishing must stay non-blocking throughout.
    std::string padding(2000, 'x');
    auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < 20000; ++i) f.hub.publish(Topic::quotes, "AAPL", {{"n", i}, {"pad", padding}}, t0());
    auto publish_time = std::chrono::steady_clock::now() - start;
    f.settle();
    EXPECT_GT(f.hub.counters().skipped.load(), 0u);
    EXPECT_EQ(f.hub.counters().clients_dropped.load(), 1u);
    // Not a timing assertion on speed: only that 20k publishes did not wait on the socket
    // (a blocked publish would hang for the 5 s socket timeout or forever).
    EXPECT_LT(std::chrono::duration_cast<std::chrono::seconds>(publish_time).count(), 5);
}

TEST(Server, ServesTheDashboardOrANoticeWhenNotBuilt) {
    Fixture f;
    auto r = http_get(f.port(), "/");
    EXPECT_EQ(r.status, 200);
    EXPECT_NE(r.body.find("not built"), std::string::npos);
    EXPECT_EQ(http_get(f.port(), "/../etc/passwd").status, 404);
}
