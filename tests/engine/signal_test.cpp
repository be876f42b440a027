// Shutdown on SIGINT/SIGTERM, with real signals raised inside the process.
#include <gtest/gtest.h>

#include <csignal>
#include <thread>

#include "engine/fixtures.hpp"

using namespace robo;
using namespace robo::engine;
using namespace robo::test;
using strategy::Direction;

namespace {
VectorFeed flat_days_without_volume(int n) {
    VectorFeed feed;
    for (int i = 0; i < n; ++i) feed.add(daily("AAA", i, "10", "11", "9", "10", 0));
    feed.seal();
    return feed;
}
exec::PaperBrokerConfig never_fills() {
    auto c = Rig::no_costs();
    c.max_volume_share_bps = 1'000;  // no volume, no fills: orders stay working
    return c;
}
TraderConfig gtc_entries() {
    auto t = Rig::half_equity();
    t.entry_tif = TimeInForce::gtc;
    return t;
}
EngineConfig with_signals() {
    EngineConfig c;
    c.handle_signals = true;
    c.health_interval = std::chrono::milliseconds(0);
    c.batch = 1;
    c.stop_timeout = std::chrono::milliseconds(2000);
    return c;
}

// A broker that accepts cancel requests but never confirms them, as a slow real broker.
class SilentCancelBroker final : public exec::Broker {
public:
    explicit SilentCancelBroker(exec::PaperBrokerConfig c) : inner_(c) {}
    std::string_view name() const noexcept override { return "silent"; }
    exec::BrokerConnection connection() const noexcept override { return exec::BrokerConnection::connected; }
    void submit(const Order& o, Timestamp now) override { inner_.submit(o, now); }
    bool cancel(std::string_view, Timestamp) override { return true; }
    bool modify(const Order& o, Timestamp now) override { return inner_.modify(o, now); }
    void poll(std::vector<exec::BrokerEvent>& out) override { inner_.poll(out); }
    size_t working_orders() const noexcept override { return inner_.working_orders(); }
    void on_bar(const Bar& b) override { inner_.on_bar(b); }

private:
    exec::PaperBroker inner_;
};
}  // namespace

TEST(EngineSignals, SigintStopsActingCancelsWorkingOrdersAndEndsWithASummary) {
    Rig rig(
        [](strategy::Context& ctx, const Bar& bar, int i) {
            if (i == 2) ctx.signal(want(bar, Direction::long_));
            if (i == 4) std::raise(SIGINT);
        },
        {.broker = never_fills(), .trader = gtc_entries(), .engine = with_signals()});
    auto feed = flat_days_without_volume(500);
    auto summary = rig.run(feed);
    EXPECT_EQ(summary.stop_reason, "signal SIGINT");
    EXPECT_LT(summary.events, 500u);
    EXPECT_EQ(summary.final_state, EngineState::stopped);
    ASSERT_EQ(rig.orders.size(), 1u);
    EXPECT_EQ(rig.orders.all()[0].status, OrderStatus::cancelled);
}

TEST(EngineSignals, SigtermWithKeepWorkingOrdersLeavesThemWorking) {
    Rig rig(
        [](strategy::Context& ctx, const Bar& bar, int i) {
            if (i == 2) ctx.signal(want(bar, Direction::long_));
            if (i == 4) std::raise(SIGTERM);
        },
        {.broker = never_fills(), .trader = gtc_entries(), .engine = [] {
             auto config = with_signals();
             config.cancel_working_on_stop = false;
             return config;
         }()});
    auto feed = flat_days_without_volume(500);
    auto summary = rig.run(feed);
    EXPECT_EQ(summary.stop_reason, "signal SIGTERM");
    EXPECT_EQ(summary.working_at_stop, 1u);
    EXPECT_EQ(rig.orders.all()[0].status, OrderStatus::accepted);
}

using EngineSignalsDeathTest = ::testing::Test;

TEST(EngineSignalsDeathTest, SecondSignalWhileWaitingForCancelsForcesTheExit) {
    GTEST_FLAG_SET(death_test_style, "threadsafe");
    auto body = [] {
        SilentCancelBroker broker(never_fills());
        int bars = 0;
        Rig rig(
            [&](strategy::Context& ctx, const Bar& bar, int i) {
                ++bars;
                if (i == 2) ctx.signal(want(bar, Direction::long_));
                if (i == 4) std::raise(SIGINT);  // shutdown begins; the cancel is never confirmed
            },
            {.trader = gtc_entries(), .engine = with_signals(), .through = &broker});
        auto feed = flat_days_without_volume(500);
        // The second signal arrives while the engine waits for the broker.
        std::thread second([] {
            std::this_thread::sleep_for(std::chrono::milliseconds(300));
            std::raise(SIGINT);
        });
        second.detach();
        rig.run(feed);
        std::exit(0);  // not reached when the second signal forces the exit
    };
    EXPECT_EXIT(body(), ::testing::ExitedWithCode(130), "forced_exit");
}
