// The order-level strategy API in real sessions (the session builder on data/sample's
// daily files): a strategy's own orders, brackets, refusals by the gate, cancel and
// modify, events of its own orders only, its own position, and the history it reads.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <functional>
#include <sstream>

#include <unistd.h>

#include "robo/config/loader.hpp"
#include "robo/session/builder.hpp"
#include "support/isolation.hpp"
#include "support/paths.hpp"

namespace robo {
namespace {

namespace fs = std::filesystem;
using strategy::Context;
using strategy::OrderEvent;
using strategy::OrderEventKind;
using strategy::OrderId;
using strategy::OrderRequest;
using strategy::OrderRole;

Price cents(double x) { return Price::from_double(std::round(x * 100) / 100); }

// A strategy whose bar and order callbacks are given by the test; it records everything
// it is told and whether an order event ever arrived inside one of its own callbacks.
class Scripted final : public strategy::Strategy {
public:
    using BarScript = std::function<void(Scripted&, Context&, const Bar&, int n)>;
    explicit Scripted(std::string name, BarScript script)
        : name_(std::move(name)), script_(std::move(script)) {}
    std::string_view name() const noexcept override { return name_; }
    void on_bar(Context& ctx, const Bar& bar) override {
        if (bar.symbol != Symbol("AAPL")) return;
        inside_ = true;
        script_(*this, ctx, bar, bars_++);
        inside_ = false;
    }
    void on_order(Context& ctx, const OrderEvent& e) override {
        if (inside_) reentered = true;
        events.push_back(e);
        if (on_event) on_event(*this, ctx, e);
    }
    void on_fill(Context&, const Fill& f) override { fills.push_back(f); }
    void on_stop(Context& ctx) override { final_position = ctx.own_position(Symbol("AAPL")); }

    OrderId place(Context& ctx, const OrderRequest& r) {
        OrderId id = ctx.submit(r);
        placed.push_back(id);
        return id;
    }
    const OrderEvent* find(OrderEventKind kind, OrderRole role = OrderRole::single) const {
        for (const auto& e : events)
            if (e.kind == kind && e.role == role) return &e;
        return nullptr;
    }

    std::vector<OrderEvent> events;
    std::vector<Fill> fills;
    std::vector<OrderId> placed;
    std::vector<bool> answers;  // of modify and cancel
    std::function<void(Scripted&, Context&, const OrderEvent&)> on_event;
    bool reentered = false;
    Quantity final_position;

private:
    std::string name_;
    BarScript script_;
    bool inside_ = false;
    int bars_ = 0;
};

class StrategyOrdersTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir = fs::temp_directory_path() / ("robo_strategy_orders_" + std::to_string(::getpid()));
        fs::remove_all(dir);
    }
    void TearDown() override { fs::remove_all(dir); }

    // Runs the strategies over AAPL and MSFT, 2015-2017 daily; the builder stays for inspection.
    session::SessionBuilder& run(std::vector<std::shared_ptr<strategy::Strategy>> strategies) {
        config::LoadOptions lo;
        lo.environment = {};
        session::SessionRequest r;
        r.data = (test::sample_dir() / "daily").string();
        r.symbols = {"AAPL", "MSFT"};
        r.out = (dir / std::to_string(runs++)).string();
        for (auto& s : strategies) r.strategy_objects.push_back({s});
        builder = std::make_unique<session::SessionBuilder>(session::plan_session(config::load(lo), r));
        std::ostringstream sink;
        builder->assemble(sink);
        outcome = builder->run(sink);
        return *builder;
    }

    fs::path dir;
    int runs = 0;
    std::unique_ptr<session::SessionBuilder> builder;
    session::Outcome outcome;
};

TEST_F(StrategyOrdersTest, ABracketWhoseStopFillsCancelsItsTakeProfit) {
    auto s = std::make_shared<Scripted>("bracket", [](Scripted& me, Context& ctx, const Bar& bar, int n) {
        if (n != 0) return;
        const double close = bar.close.to_double();
        me.place(ctx, {.symbol = bar.symbol,
                       .quantity = Quantity::from_units(10),
                       .stop_loss = cents(close * 0.97),
                       .take_profit = cents(close * 3)});
    });
    run({s});
    ASSERT_NE(s->find(OrderEventKind::filled, OrderRole::entry), nullptr);
    const OrderEvent* stopped = s->find(OrderEventKind::filled, OrderRole::stop_loss);
    ASSERT_NE(stopped, nullptr);
    EXPECT_EQ(stopped->parent, s->placed.at(0));
    EXPECT_EQ(stopped->side, Side::sell);
    EXPECT_EQ(stopped->filled, Quantity::from_units(10));
    const OrderEvent* cancelled = s->find(OrderEventKind::cancelled, OrderRole::take_profit);
    ASSERT_NE(cancelled, nullptr);
    EXPECT_GE(cancelled->time, stopped->time);
    EXPECT_EQ(s->find(OrderEventKind::filled, OrderRole::take_profit), nullptr);
    EXPECT_EQ(s->fills.size(), 2u);  // the entry and the stop: its own fills reach it
    EXPECT_TRUE(s->final_position.is_zero());
    EXPECT_EQ(builder->session().orders().working_count(), 0u);
}

TEST_F(StrategyOrdersTest, AnOrderTheGateRefusesArrivesAsRejectedWithTheReasonAfterTheCallback) {
    auto s = std::make_shared<Scripted>("greedy", [](Scripted& me, Context& ctx, const Bar& bar, int n) {
        if (n == 5) me.place(ctx, {.symbol = bar.symbol, .quantity = Quantity::from_units(1'000'000)});
    });
    run({s});
    ASSERT_EQ(s->events.size(), 1u);
    const OrderEvent& e = s->events[0];
    EXPECT_EQ(e.kind, OrderEventKind::rejected);
    EXPECT_EQ(e.id, s->placed.at(0));
    EXPECT_EQ(e.quantity, Quantity::from_units(1'000'000));
    EXPECT_NE(e.reason.find("order notional"), std::string::npos) << e.reason;  // the gate's words
    EXPECT_FALSE(s->reentered);
    EXPECT_TRUE(builder->session().portfolio().fills().empty());
}

TEST_F(StrategyOrdersTest, AMalformedRequestIsRejectedWithWhatIsWrong) {
    auto s = std::make_shared<Scripted>("careless", [](Scripted& me, Context& ctx, const Bar& bar, int n) {
        if (n == 1)
            me.place(ctx,
                     {.symbol = bar.symbol, .type = OrderType::limit, .quantity = Quantity::from_units(1)});
        if (n == 2) me.place(ctx, {.symbol = bar.symbol, .quantity = Quantity::from_units(-5)});
        if (n == 3)
            me.place(ctx, {.symbol = bar.symbol,
                           .quantity = Quantity::from_units(1),
                           .stop_loss = cents(200),
                           .take_profit = cents(100)});
    });
    run({s});
    ASSERT_EQ(s->events.size(), 3u);
    EXPECT_EQ(s->events[0].reason, "invalid order: a limit order needs a limit price");
    EXPECT_EQ(s->events[1].reason, "invalid order: quantity must be positive");
    EXPECT_EQ(s->events[2].reason, "invalid order: a buy's stop_loss must be below its take_profit");
    for (const auto& e : s->events) EXPECT_EQ(e.kind, OrderEventKind::rejected);
}

TEST_F(StrategyOrdersTest, ALimitOrderCanBeModifiedThenCancelled) {
    auto s = std::make_shared<Scripted>("patient", [](Scripted& me, Context& ctx, const Bar& bar, int n) {
        const double close = bar.close.to_double();
        if (n == 0)
            me.place(ctx, {.symbol = bar.symbol,
                           .type = OrderType::limit,
                           .tif = TimeInForce::gtc,
                           .quantity = Quantity::from_units(5),
                           .limit = cents(close * 0.5)});
        if (n == 2) me.answers.push_back(ctx.modify(me.placed.at(0), {.limit = cents(close * 0.6)}));
        if (n == 4) me.answers.push_back(ctx.cancel(me.placed.at(0)));
        if (n == 6) me.answers.push_back(ctx.cancel(me.placed.at(0)));  // no longer working
    });
    run({s});
    std::vector<OrderEventKind> kinds;
    for (const auto& e : s->events) kinds.push_back(e.kind);
    EXPECT_EQ(kinds, (std::vector<OrderEventKind>{OrderEventKind::accepted, OrderEventKind::modified,
                                                  OrderEventKind::cancelled}));
    ASSERT_EQ(s->events.size(), 3u);
    EXPECT_LT(*s->events[0].limit, *s->events[1].limit);
    EXPECT_EQ(s->answers, (std::vector<bool>{true, true, false}));
}

TEST_F(StrategyOrdersTest, AStrategyNeverSeesAnotherStrategysOrderEvents) {
    auto trade_some = [](Scripted& me, Context& ctx, const Bar& bar, int n) {
        if (n % 20 == 0) me.place(ctx, {.symbol = bar.symbol, .quantity = Quantity::from_units(2)});
        if (n % 20 == 10)
            me.place(ctx, {.symbol = bar.symbol, .side = Side::sell, .quantity = Quantity::from_units(2)});
    };
    auto a = std::make_shared<Scripted>("a", trade_some);
    auto b = std::make_shared<Scripted>("b", trade_some);
    run({a, b});
    ASSERT_FALSE(a->events.empty());
    ASSERT_FALSE(b->events.empty());
    for (const auto& e : a->events)
        EXPECT_NE(std::find(a->placed.begin(), a->placed.end(), e.id), a->placed.end()) << e.id;
    for (const auto& e : b->events)
        EXPECT_NE(std::find(b->placed.begin(), b->placed.end(), e.id), b->placed.end()) << e.id;
    for (OrderId id : a->placed)
        EXPECT_EQ(std::find(b->placed.begin(), b->placed.end(), id), b->placed.end());
    // Each hears its own fills only: together they are every fill of the session.
    EXPECT_EQ(a->fills.size() + b->fills.size(), builder->session().portfolio().fills().size());
    EXPECT_EQ(a->fills.size(), b->fills.size());
}

TEST_F(StrategyOrdersTest, AnOrderWithoutAQuantityIsSizedByTheConfiguredSizer) {
    auto s = std::make_shared<Scripted>("sized", [](Scripted& me, Context& ctx, const Bar& bar, int n) {
        if (n == 3) me.place(ctx, {.symbol = bar.symbol});
    });
    run({s});
    const OrderEvent* filled = s->find(OrderEventKind::filled);
    ASSERT_NE(filled, nullptr);
    // Fixed sizing: floor(2% of 100,000 / the price of the bar it was placed on).
    EXPECT_GT(filled->filled, Quantity{});
    EXPECT_LE((filled->filled * filled->last_price).to_double(), 2'000 * 1.05);
    EXPECT_EQ(s->final_position, filled->filled);
}

TEST_F(StrategyOrdersTest, HistoryGivesTheRecentBarsWithTheirFeatures) {
    strategy::History seen, all;
    auto s = std::make_shared<Scripted>("reader", [&](Scripted&, Context& ctx, const Bar& bar, int n) {
        if (n == 40) {
            seen = ctx.history(bar.symbol, 10);
            EXPECT_EQ(seen.bars.back().start, bar.start);  // this bar is the newest
        }
        all = ctx.history(bar.symbol, 100'000);
    });
    run({s});
    ASSERT_EQ(seen.bars.size(), 10u);
    ASSERT_EQ(seen.features.size(), 10u);
    ASSERT_FALSE(seen.feature_names.empty());
    auto rsi = std::find(seen.feature_names.begin(), seen.feature_names.end(), "rsi_14");
    ASSERT_NE(rsi, seen.feature_names.end());
    EXPECT_TRUE(std::isfinite(seen.features.back()[size_t(rsi - seen.feature_names.begin())]));
    for (size_t i = 1; i < seen.bars.size(); ++i) EXPECT_LT(seen.bars[i - 1].start, seen.bars[i].start);
    EXPECT_EQ(all.bars.size(), builder->session().config().history_bars);  // bounded
}

}  // namespace
}  // namespace robo
