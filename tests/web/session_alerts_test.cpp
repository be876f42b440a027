// A scripted session through the real engine: the monitor hears a broker drop and come
// back, and a symbol going silent while the market is open, and the webhook gets each.
#include <gtest/gtest.h>

#include "engine/fixtures.hpp"
#include "robo/web/session_monitor.hpp"
#include "support/webhook_receiver.hpp"

using namespace robo;
using namespace robo::web;
using namespace robo::test;
using namespace std::chrono_literals;

namespace {
struct FlakyBroker final : exec::Broker {
    explicit FlakyBroker(exec::Broker& wrapped) : inner(wrapped) {}
    std::string_view name() const noexcept override { return "flaky"; }
    exec::BrokerConnection connection() const noexcept override { return state; }
    void submit(const Order& o, Timestamp t) override { inner.submit(o, t); }
    bool cancel(std::string_view id, Timestamp t) override { return inner.cancel(id, t); }
    bool modify(const Order& o, Timestamp t) override { return inner.modify(o, t); }
    void poll(std::vector<exec::BrokerEvent>& out) override { inner.poll(out); }
    size_t working_orders() const noexcept override { return inner.working_orders(); }
    void on_bar(const Bar& b) override { inner.on_bar(b); }
    exec::Broker& inner;
    exec::BrokerConnection state = exec::BrokerConnection::connected;
};

Bar minute(const char* symbol, int i) {
    // 2024-03-05 14:30 UTC is the New York open.
    Timestamp start = from_civil(2024, 3, 5) + 14h + 30min + std::chrono::minutes(i);
    return Bar{Symbol(symbol), Timeframe::m1, start,     px("100"),
               px("100"),      px("100"),     px("100"), Quantity::from_units(1000),
               false};
}
}  // namespace

TEST(SessionAlerts, BrokerDropAndReturnAndASilentSymbolReachTheWebhook) {
    Receiver receiver(0);
    AlertPoster poster({.url = receiver.url(), .first_backoff = 5ms});
    EngineAlerts alerts(poster, {.session = "paper", .mode = engine::Mode::replay});
    SessionMonitor monitor(engine::Mode::replay, {.stall_after = 120s});
    monitor.set_alerts(&alerts);

    exec::PaperBroker paper(Rig::no_costs());
    FlakyBroker broker(paper);
    Rig rig(
        [&](strategy::Context& ctx, const Bar& bar, int) {
            const auto minutes =
                std::chrono::duration_cast<std::chrono::minutes>(ctx.now() - minute("X", 0).start);
            if (bar.symbol == Symbol("MSFT") && minutes == 10min)
                broker.state = exec::BrokerConnection::disconnected;
            if (bar.symbol == Symbol("MSFT") && minutes == 20min)
                broker.state = exec::BrokerConnection::connected;
        },
        {.through = &broker});
    engine::VectorFeed feed;
    for (int i = 0; i < 60; ++i) {
        if (i < 30) feed.add(minute("AAPL", i));  // AAPL goes silent after half an hour
        feed.add(minute("MSFT", i));
    }
    feed.seal();
    rig.engine().set_observer(&monitor);
    rig.run(feed);
    alerts.close();
    ASSERT_TRUE(poster.flush(5s));

    std::vector<std::string> kinds;
    nlohmann::json stalled;
    for (const auto& a : receiver.alerts()) {
        kinds.push_back(a["kind"]);
        if (a["kind"] == "feed_stalled") stalled = a;
    }
    EXPECT_EQ(kinds, (std::vector<std::string>{"broker_disconnected", "broker_reconnected", "feed_stalled"}));
    EXPECT_EQ(stalled["details"]["symbol"], "AAPL");
    EXPECT_EQ(stalled["details"]["scope"], "symbol");
    EXPECT_GT(stalled["details"]["silent_seconds"].get<double>(), 120.0);
    // Noticed in data time: within a quarter of the threshold after it was due.
    EXPECT_LE(stalled["details"]["silent_seconds"].get<double>(), 120.0 + 30.0 + 60.0);
    EXPECT_EQ(monitor.feeds().stalled(), 1u);
}
