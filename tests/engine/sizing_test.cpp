// Entries are sized by risk's sizers through the trader: ATR, Kelly, and fixed as before.
#include <gtest/gtest.h>

#include "engine/fixtures.hpp"
#include "robo/engine/entry_sizer.hpp"

using namespace robo;
using namespace robo::engine;
using namespace robo::test;
using strategy::Direction;

namespace {
// Strategy ids, as the manager assigns them.
constexpr strategy::StrategyId kMine = 0, kTheirs = 1;
// Sizing limits with the notional caps out of the way, so the method alone decides.
SizingConfig sizing(risk::SizingMethod m) {
    SizingConfig c;
    c.method = m;
    c.limits.max_order_notional = Money::from_units(10'000'000);
    c.limits.max_position_notional = Money::from_units(10'000'000);
    c.limits.max_leverage = 2.0;
    c.limits.risk_per_trade_pct = 0.01;
    c.limits.atr_multiplier = 2.0;
    c.limits.kelly_fraction = 0.25;
    c.limits.kelly_min_trades = 3;
    return c;
}

TraderConfig trader_with(SizingConfig s, double fraction = 0.5) {
    TraderConfig t;
    t.position_fraction = fraction;
    t.sizing = std::move(s);
    return t;
}

// Every day trades 99..101 and closes at 100: the true range is 2, so ATR(14) is 2.
VectorFeed flat_range(int days) {
    VectorFeed feed;
    for (int i = 0; i < days; ++i) feed.add(daily("ATR", i, "100", "101", "99", "100"));
    feed.seal();
    return feed;
}

exec::ClosedTrade trade_with_pnl(const char* pnl) {
    exec::ClosedTrade t;
    t.symbol = Symbol("K");
    t.pnl = Money::parse(pnl);
    return t;
}
}  // namespace

// ATR 2, stop 2 ATR away (4 points), 1% of 100,000 at risk: 1,000 / 4 = 250 shares, and
// the protective stop is the one the size assumed: 100 - 4 = 96.
TEST(Sizing, AtrSizeRisksTheConfiguredShareOfEquityToItsStop) {
    Rig rig(
        [](strategy::Context& ctx, const Bar& bar, int i) {
            if (i == 15) ctx.signal(want(bar, Direction::long_));
        },
        Rig::no_costs(), trader_with(sizing(risk::SizingMethod::atr)));
    auto feed = flat_range(20);
    rig.run(feed);
    ASSERT_EQ(rig.trader.sizer().atr(Symbol("ATR")), 2.0);
    const exec::ManagedOrder* entry = nullptr;
    const exec::ManagedOrder* stop = nullptr;
    for (const auto& mo : rig.orders.all()) (mo.order.type == OrderType::stop ? stop : entry) = &mo;
    ASSERT_NE(entry, nullptr);
    EXPECT_EQ(entry->order.quantity, Quantity::from_units(250));
    ASSERT_NE(stop, nullptr) << "the ATR stop becomes the protective stop";
    EXPECT_EQ(stop->order.stop, px("96"));
    EXPECT_EQ(stop->order.quantity, Quantity::from_units(250));
}

TEST(Sizing, AtrDoesNotTradeBeforeTheAtrIsWarmAndSaysWhy) {
    Rig rig(
        [](strategy::Context& ctx, const Bar& bar, int i) {
            if (i == 5) ctx.signal(want(bar, Direction::long_));
        },
        Rig::no_costs(), trader_with(sizing(risk::SizingMethod::atr)));
    auto feed = flat_range(10);
    rig.run(feed);
    EXPECT_TRUE(rig.portfolio.fills().empty());
    EXPECT_EQ(rig.trader.stats().zero_size, 1);
    bool audited = false;
    for (const auto& r : rig.audit.entries)
        if (r.kind == "sizing_zero" && r.fields.value("reason", "") == "no ATR yet" &&
            r.fields.value("method", "") == "atr")
            audited = true;
    EXPECT_TRUE(audited);
}

// W = 3/4, R = (450/3) / (150/1) = 1: f* = 3/4 - (1/4)/1 = 0.5; a quarter Kelly is 12.5%
// of 100,000 = 12,500, which buys 250 shares at 50.
TEST(Sizing, KellyUsesTheStrategysOwnClosedTrades) {
    EntrySizer sizer(sizing(risk::SizingMethod::kelly), 0.5);
    for (const char* pnl : {"100", "-150", "200", "150"}) sizer.on_closed_trade(trade_with_pnl(pnl), kMine);
    sizer.on_closed_trade(trade_with_pnl("-5000"), kTheirs);  // another strategy's record
    exec::Portfolio book(Money::from_units(100'000));
    SizeChoice c = sizer.size(Symbol("K"), kMine, Side::buy, px("50"), book);
    EXPECT_EQ(c.method, SizedBy::kelly);
    EXPECT_EQ(c.quantity, Quantity::from_units(250));
    EXPECT_EQ(sizer.stats(kMine).trades, 4);
    EXPECT_DOUBLE_EQ(sizer.stats(kMine).win_rate, 0.75);
    EXPECT_DOUBLE_EQ(sizer.stats(kMine).payoff_ratio, 1.0);
}

TEST(Sizing, KellyIsSizedFixedUntilItHasHistoryThenStopsALosingStrategy) {
    // Buy every up day, sell every down day on a seesaw: every round trip loses 10 a share.
    Rig rig([](strategy::Context& ctx, const Bar& bar,
               int) { ctx.signal(want(bar, bar.close > bar.open ? Direction::long_ : Direction::flat)); },
            Rig::no_costs(), trader_with(sizing(risk::SizingMethod::kelly)));
    VectorFeed feed;
    for (int i = 0; i < 20; ++i)
        feed.add(i % 2 == 0 ? daily("SAW", i, "100", "111", "99", "110")
                            : daily("SAW", i, "110", "111", "99", "100"));
    feed.seal();
    rig.run(feed);
    // Three bootstrap trades at half of equity, then Kelly sees no edge and sizes zero.
    EXPECT_EQ(rig.portfolio.closed_trades().size(), 3u);
    for (const auto& t : rig.portfolio.closed_trades()) EXPECT_LT(t.pnl, Money{});
    EXPECT_GE(rig.trader.stats().zero_size, 1);
    bool no_edge = false;
    for (const auto& r : rig.audit.entries)
        if (r.kind == "sizing_zero" && r.fields.value("reason", "").starts_with("no edge")) no_edge = true;
    EXPECT_TRUE(no_edge);
}

TEST(Sizing, KellyWithoutBootstrapWaitsForHistory) {
    auto cfg = sizing(risk::SizingMethod::kelly);
    cfg.kelly_bootstrap = false;
    EntrySizer sizer(cfg, 0.5);
    exec::Portfolio book(Money::from_units(100'000));
    SizeChoice c = sizer.size(Symbol("K"), kMine, Side::buy, px("50"), book);
    EXPECT_TRUE(c.quantity.is_zero());
    EXPECT_EQ(c.note, "no trade history");
    EXPECT_EQ(c.zero_cause, risk::ZeroCause::no_history);
}

TEST(Sizing, EverySizeIsCappedByTheTradersFraction) {
    auto cfg = sizing(risk::SizingMethod::kelly);
    EntrySizer sizer(cfg, 0.05);                                                      // 5% of equity at most
    for (int i = 0; i < 5; ++i) sizer.on_closed_trade(trade_with_pnl("100"), kMine);  // never lost: f* = 1
    exec::Portfolio book(Money::from_units(100'000));
    SizeChoice c = sizer.size(Symbol("K"), kMine, Side::buy, px("100"), book);
    EXPECT_EQ(c.quantity, Quantity::from_units(50));  // 5,000 / 100, not 25,000 / 100
    EXPECT_EQ(c.note, "capped at max_position_pct");
    EXPECT_EQ(c.bound, risk::SizeBound::max_position_pct);  // what the trader counts, typed
    EXPECT_EQ(c.zero_cause, risk::ZeroCause::none);
}

// A bootstrap size (fixed while Kelly lacks history) that a cap bound says so in its note and
// its bound: the trader counted caps by the note's first words, and missed these.
TEST(Sizing, ABootstrapSizeThatACapBoundCarriesTheBound) {
    auto cfg = sizing(risk::SizingMethod::kelly);
    cfg.limits.max_order_notional = Money::from_units(1'000);
    EntrySizer sizer(cfg, 0.5);
    exec::Portfolio book(Money::from_units(100'000));
    SizeChoice c = sizer.size(Symbol("K"), kMine, Side::buy, px("100"), book);
    EXPECT_EQ(c.method, SizedBy::kelly_bootstrap);
    EXPECT_EQ(c.quantity, Quantity::from_units(10));
    EXPECT_EQ(c.bound, risk::SizeBound::max_order_notional);
    EXPECT_NE(c.note.find("sized fixed until then; capped at max_order_notional"), std::string::npos)
        << c.note;
}

TEST(Sizing, FixedSizingIsUnchanged) {
    EntrySizer sizer(sizing(risk::SizingMethod::fixed), 0.02);
    exec::Portfolio book(Money::from_units(100'000));
    SizeChoice c = sizer.size(Symbol("K"), kMine, Side::buy, px("33"), book);
    EXPECT_EQ(c.method, SizedBy::fixed);
    EXPECT_EQ(c.quantity, Quantity::from_units(60));  // floor(2,000 / 33)
}
