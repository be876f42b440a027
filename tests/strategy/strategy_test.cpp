#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "robo/strategy/manager.hpp"
#include "robo/strategy/registry.hpp"
#include "robo/strategy/rules.hpp"
#include "robo/strategy/sma_crossover.hpp"

using namespace robo;
using namespace robo::strategy;

namespace {
// Records what a strategy asks for; positions and equity are fixed. Also a manager's host.
class Recorder final : public Context, public Host {
public:
    Timestamp now() const override { return {}; }
    Quantity position(Symbol) const override { return {}; }
    Money cash() const override { return Money::from_units(100'000); }
    Money equity() const override { return Money::from_units(100'000); }
    Quantity own_position(Symbol) const override { return {}; }
    Quantity own_position(StrategyId, Symbol) const override { return {}; }
    void signal(const Signal& s) override { signals.push_back(s); }
    TimerId schedule(Duration) override { return ++timers; }
    TimerId schedule(StrategyId, Duration) override { return ++timers; }
    OrderId submit(const OrderRequest&) override { return 0; }
    OrderId submit(StrategyId, const OrderRequest&) override { return 0; }
    bool cancel(OrderId) override { return false; }
    bool cancel(StrategyId, OrderId) override { return false; }
    bool modify(OrderId, const OrderChange&) override { return false; }
    bool modify(StrategyId, OrderId, const OrderChange&) override { return false; }
    History history(Symbol, size_t, std::optional<Timeframe>) const override { return {}; }
    std::vector<Signal> signals;
    TimerId timers = 0;
};

Bar bar_at(int i, double close, double volume = 1000, double spread = 0.5) {
    Bar b;
    b.symbol = Symbol("TST");
    b.start = from_civil(2024, 1, 1) + std::chrono::days(i);
    b.open = Price::from_double(close);
    b.high = Price::from_double(close + spread);
    b.low = Price::from_double(close - spread);
    b.close = Price::from_double(close);
    b.volume = Quantity::from_double(volume);
    return b;
}

// Feeds closes (and volumes) to a strategy; returns the signal of the last bar, if any.
std::optional<Signal> feed(Strategy& s, Recorder& r, int& day, const std::vector<double>& closes,
                           double volume = 1000) {
    size_t before = r.signals.size();
    for (double c : closes) s.on_bar(r, bar_at(day++, c, volume));
    if (r.signals.size() == before) return std::nullopt;
    return r.signals.back();
}
}  // namespace

TEST(SmaCrossover, GoesLongWhenTheFastAverageRisesAboveTheSlow) {
    SmaCrossover s({2, 4, false});
    Recorder r;
    int day = 0;
    EXPECT_FALSE(feed(s, r, day, {10, 10, 10}));  // slow average not warm yet
    auto sig = feed(s, r, day, {10});             // fast 10 = slow 10: not above
    ASSERT_TRUE(sig);
    EXPECT_EQ(sig->direction, Direction::flat);
    sig = feed(s, r, day, {12});  // fast (10+12)/2 = 11 > slow (10+10+10+12)/4 = 10.5
    EXPECT_EQ(sig->direction, Direction::long_);
    sig = feed(s, r, day, {6, 6});  // fast 6 < slow (10+12+6+6)/4 = 8.5
    EXPECT_EQ(sig->direction, Direction::flat);
}

// The reason is set only when the side changes (a copy saved per bar): it must still name
// the side on every signal, from the first (flat, the Signal's default direction) on, with
// shorts allowed or not.
TEST(SmaCrossover, EverySignalsReasonNamesItsSide) {
    for (bool allow_short : {false, true}) {
        SmaCrossover s({2, 4, allow_short});
        Recorder r;
        int day = 0;
        feed(s, r, day, {10, 10, 10});
        auto sig = feed(s, r, day, {10});  // at: the first signal
        ASSERT_TRUE(sig);
        EXPECT_EQ(sig->reason, "sma_fast_at_or_below_slow");
        EXPECT_EQ(sig->direction, allow_short ? Direction::short_ : Direction::flat);
        for (double close : {12.0, 13.0, 6.0, 5.0, 5.0, 20.0, 21.0, 4.0}) {
            sig = feed(s, r, day, {close});
            ASSERT_TRUE(sig);
            const bool long_side = sig->direction == Direction::long_;
            EXPECT_EQ(sig->reason, long_side ? "sma_fast_above_slow" : "sma_fast_at_or_below_slow") << close;
        }
    }
}

TEST(Breakout, EntersAboveThePreviousRangeOnVolumeWithAThreePercentStop) {
    Breakout s;  // 20-bar range, 10-bar exit, volume 1.5 x average, 3% stop
    Recorder r;
    int day = 0;
    std::vector<double> flat(20, 100.0);
    EXPECT_FALSE(feed(s, r, day, flat, 1000));
    auto sig = feed(s, r, day, {100.4}, 1000);  // inside the range (high 100.5)
    ASSERT_TRUE(sig);
    EXPECT_EQ(sig->direction, Direction::flat);
    sig = feed(s, r, day, {101.0}, 1400);  // above the range, volume only 1.4x
    EXPECT_EQ(sig->direction, Direction::flat);
    sig = feed(s, r, day, {102.0}, 2000);  // above the range on 2x volume
    EXPECT_EQ(sig->direction, Direction::long_);
    ASSERT_TRUE(sig->stop);
    EXPECT_EQ(*sig->stop, Price::parse("98.94"));  // 102 x 0.97
    sig = feed(s, r, day, {99.0}, 1000);           // below the 10-bar low (99.5): out
    EXPECT_EQ(sig->direction, Direction::flat);
}

TEST(MeanReversion, BuysAnOversoldDropBelowTheBandAndExitsAtTheMiddle) {
    MeanReversion s;  // Bollinger 20/2, RSI 14 at 25/75
    Recorder r;
    int day = 0;
    std::vector<double> calm;
    for (int i = 0; i < 30; ++i) calm.push_back(100 + (i % 2 ? 0.5 : -0.5));
    auto sig = feed(s, r, day, calm);
    ASSERT_TRUE(sig);
    EXPECT_EQ(sig->direction, Direction::flat);
    sig = feed(s, r, day, {98, 96, 94});  // below the lower band, but RSI still about 32
    EXPECT_EQ(sig->direction, Direction::flat);
    sig = feed(s, r, day, {92, 90, 88});  // the slide goes on: RSI under 25
    EXPECT_EQ(sig->direction, Direction::long_);
    EXPECT_FALSE(sig->stop);
    sig = feed(s, r, day, {92});  // still under the middle band (about 97.9)
    EXPECT_EQ(sig->direction, Direction::long_);
    sig = feed(s, r, day, {96, 100});  // back above the middle band
    EXPECT_EQ(sig->direction, Direction::flat);
}

TEST(Momentum, EntersOnPositiveMacdWithRsiAboveFiftyAndAVolumeSurgeWithATwoAtrStop) {
    Momentum s;
    Recorder r;
    int day = 0;
    std::vector<double> drift;
    for (int i = 0; i < 40; ++i) drift.push_back(100 + (i % 2 ? 0.3 : -0.3));
    feed(s, r, day, drift, 1000);
    size_t before = r.signals.size();
    // A gentle rise on ordinary volume: MACD turns positive, but no volume surge.
    feed(s, r, day, {100.4, 100.8, 101.2}, 1000);
    for (size_t i = before; i < r.signals.size(); ++i) EXPECT_EQ(r.signals[i].direction, Direction::flat);
    auto sig = feed(s, r, day, {101.6}, 2000);  // the same rise on 2x volume
    ASSERT_TRUE(sig);
    ASSERT_EQ(sig->direction, Direction::long_);
    ASSERT_TRUE(sig->stop);
    EXPECT_LT(sig->stop->to_double(), 101.6);
    EXPECT_GT(sig->stop->to_double(), 101.6 - 2 * 2.0);  // ATR here is under 2
}

TEST(Registry, BuildsEveryStrategyAndRefusesUnknownParameters) {
    for (const auto& name : strategy_names()) EXPECT_EQ(make_strategy({name, {}, 1.0})->name(), name);
    try {
        make_strategy(parse_strategy_spec("breakout:perod=10"));
        FAIL() << "expected invalid_argument";
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("unknown parameter \"perod\""), std::string::npos) << e.what();
    }
    EXPECT_THROW(make_strategy(parse_strategy_spec("momentum:overbought=40")), std::invalid_argument);
    auto spec = parse_strategy_spec("sma_crossover:fast=5,slow=20,weight=2.5");
    EXPECT_EQ(spec.params.at("fast"), "5");
    EXPECT_EQ(spec.weight, 2.5);
    EXPECT_THROW(parse_strategy_spec("sma_crossover:fast"), std::invalid_argument);
}

namespace {
// A strategy that says what it is told.
class Fixed final : public Strategy {
public:
    Fixed(std::string_view n, Direction d, double strength = 1.0, std::optional<Price> stop = {})
        : name_(n), d_(d), strength_(strength), stop_(stop) {}
    std::string_view name() const noexcept override { return name_; }
    void on_bar(Context& ctx, const Bar& b) override {
        Signal s;
        s.symbol = b.symbol;
        s.direction = d_;
        s.strength = strength_;
        s.stop = stop_;
        s.reason = "fixed";
        ctx.signal(s);
    }

private:
    std::string_view name_;
    Direction d_;
    double strength_;
    std::optional<Price> stop_;
};

Direction combine(Combine mode, std::vector<std::unique_ptr<Strategy>> strategies,
                  std::vector<double> weights = {}) {
    Manager m(mode, 0.5);
    for (size_t i = 0; i < strategies.size(); ++i)
        m.add(std::move(strategies[i]), weights.empty() ? 1.0 : weights[i]);
    Recorder base;
    m.bind(base);
    m.bar(bar_at(0, 10));
    return m.combined(Symbol("TST"))->direction;
}
template <class... S>
std::vector<std::unique_ptr<Strategy>> list(S... s) {
    std::vector<std::unique_ptr<Strategy>> v;
    (v.push_back(std::make_unique<Fixed>(s)), ...);
    return v;
}
}  // namespace

TEST(Manager, VoteFollowsTheMajorityAndTiesAreFlat) {
    EXPECT_EQ(combine(Combine::vote, list(Fixed("a", Direction::long_), Fixed("b", Direction::long_),
                                          Fixed("c", Direction::short_))),
              Direction::long_);
    EXPECT_EQ(combine(Combine::vote, list(Fixed("a", Direction::long_), Fixed("b", Direction::short_))),
              Direction::flat);
}

TEST(Manager, WeightedNeedsHalfTheTotalWeightBehindADirection) {
    // 2 x 1.0 long vs 1 x 1.0 short over weight 3: +1/3 < 0.5 -> flat.
    EXPECT_EQ(combine(Combine::weighted,
                      list(Fixed("a", Direction::long_), Fixed("b", Direction::short_),
                           Fixed("c", Direction::flat)),
                      {2, 1, 0.0001}),
              Direction::flat);
    // 3 long vs 1 short: (3 - 1) / 4 = 0.5 -> long (at the threshold passes).
    EXPECT_EQ(
        combine(Combine::weighted, list(Fixed("a", Direction::long_), Fixed("b", Direction::short_)), {3, 1}),
        Direction::long_);
    // Strength scales the vote: 0.4 x 1 over 1 = 0.4 -> flat.
    EXPECT_EQ(combine(Combine::weighted, list(Fixed("a", Direction::long_, 0.4))), Direction::flat);
}

TEST(Manager, PriorityLetsTheFirstStrategyThatWantsAPositionDecide) {
    EXPECT_EQ(combine(Combine::priority, list(Fixed("a", Direction::flat), Fixed("b", Direction::short_),
                                              Fixed("c", Direction::long_))),
              Direction::short_);
}

TEST(Manager, CombinedStopIsTheTightestOfTheAgreeingStrategies) {
    Manager m(Combine::vote);
    m.add(std::make_unique<Fixed>("a", Direction::long_, 1.0, Price::parse("95")));
    m.add(std::make_unique<Fixed>("b", Direction::long_, 1.0, Price::parse("97")));
    Recorder base;
    m.bind(base);
    m.bar(bar_at(0, 100));
    auto w = m.combined(Symbol("TST"));
    ASSERT_TRUE(w);
    EXPECT_EQ(w->stop, Price::parse("97"));
    EXPECT_EQ(w->reason, "a:fixed,b:fixed");
}

namespace {
// Long on every bar, with a reason that changes every third bar.
class ChattyLong final : public Strategy {
public:
    std::string_view name() const noexcept override { return "chatty"; }
    void on_bar(Context& ctx, const Bar& b) override {
        Signal s{.symbol = b.symbol, .direction = Direction::long_};
        s.reason = "bar" + std::to_string(bars_++ / 3);
        ctx.signal(s);
    }

private:
    int bars_ = 0;
};
}  // namespace

// A repeated signal is not copied whole, but a new reason with the same direction still
// reaches the combined wish, and does not count as a change of wish.
TEST(Manager, ANewReasonWithTheSameDirectionIsKept) {
    Manager m(Combine::vote);
    m.add(std::make_unique<ChattyLong>());
    Recorder base;
    m.bind(base);
    std::vector<Symbol> changed;
    for (int day = 0; day < 7; ++day) {
        m.bar(bar_at(day, 100));
        EXPECT_EQ(m.combined(Symbol("TST"))->reason, "chatty:bar" + std::to_string(day / 3)) << day;
        changed.clear();
        m.take_changed(changed);
        EXPECT_EQ(changed.size(), day == 0 ? 1u : 0u) << day;
    }
}

namespace {
// Breakout (20-bar range, 3% stop) entered long at 102 on day 22, as in the test above.
void enter_breakout_long(Strategy& s, Recorder& r, int& day) {
    std::vector<double> flat(20, 100.0);
    feed(s, r, day, flat, 1000);
    auto sig = feed(s, r, day, {102.0}, 2000);
    ASSERT_TRUE(sig);
    ASSERT_EQ(sig->direction, Direction::long_);
    ASSERT_EQ(*sig->stop, Price::parse("98.94"));  // 102 x 0.97
}
}  // namespace

TEST(Breakout, TrailingStopFollowsTheCloseUpAndNeverComesDown) {
    auto p = BreakoutParams::defaults();
    p.trail = true;
    Breakout s(p);
    Recorder r;
    int day = 0;
    enter_breakout_long(s, r, day);
    auto sig = feed(s, r, day, {104.0});
    EXPECT_EQ(sig->direction, Direction::long_);
    EXPECT_EQ(*sig->stop, Price::parse("100.88"));  // 104 x 0.97
    sig = feed(s, r, day, {103.0});                 // 99.91 would loosen it
    EXPECT_EQ(*sig->stop, Price::parse("100.88"));
}

TEST(Breakout, WithoutTrailTheStopStaysAtTheEntrysLevel) {
    Breakout s;
    Recorder r;
    int day = 0;
    enter_breakout_long(s, r, day);
    EXPECT_EQ(*feed(s, r, day, {104.0})->stop, Price::parse("98.94"));
}

TEST(Registry, TrailIsAParameterOfMomentumAndBreakout) {
    EXPECT_NO_THROW(make_strategy(parse_strategy_spec("momentum:trail=true")));
    EXPECT_NO_THROW(make_strategy(parse_strategy_spec("breakout:trail=1,stop_pct=0.05")));
    EXPECT_THROW(make_strategy(parse_strategy_spec("breakout:trail=maybe")), std::invalid_argument);
}

TEST(Manager, AChangeOfStopAloneIsAChangeOfWish) {
    auto p = BreakoutParams::defaults();
    p.trail = true;
    Manager m(Combine::vote);
    m.add(std::make_unique<Breakout>(p));
    Recorder base;
    m.bind(base);
    int day = 0;
    for (int i = 0; i < 20; ++i) m.bar(bar_at(day++, 100.0, 1000));
    m.bar(bar_at(day++, 102.0, 2000));  // long, stop 98.94
    std::vector<Symbol> changed;
    m.take_changed(changed);
    ASSERT_EQ(changed.size(), 1u);
    changed.clear();
    m.bar(bar_at(day++, 104.0, 1000));  // still long; stop 100.88
    m.take_changed(changed);
    ASSERT_EQ(changed.size(), 1u) << "the trader must hear of the tighter stop";
    EXPECT_EQ(m.combined(Symbol("TST"))->stop, Price::parse("100.88"));
    changed.clear();
    m.bar(bar_at(day++, 104.0, 1000));  // same direction, same stop
    m.take_changed(changed);
    EXPECT_TRUE(changed.empty());
}

namespace {
// A strategy that says how much history it reads (or leaves it to the session).
class Reader final : public Strategy {
public:
    explicit Reader(std::optional<size_t> bars, bool features = false) : bars_(bars), features_(features) {}
    std::string_view name() const noexcept override { return "reader"; }
    std::optional<size_t> history_bars() const noexcept override { return bars_; }
    bool reads_features() const noexcept override { return features_; }

private:
    std::optional<size_t> bars_;
    bool features_;
};
}  // namespace

TEST(StrategyManager, KeepsTheHistoryItsStrategiesAskForAndNoneWhenNoneAsks) {
    Manager none(Combine::vote, 0.5, 250);
    none.add(std::make_shared<SmaCrossover>());
    none.add(std::make_shared<Breakout>());
    EXPECT_EQ(none.history().capacity(), 0u);  // built-in rules keep their own state

    Manager unsaid(Combine::vote, 0.5, 250);
    unsaid.add(std::make_shared<SmaCrossover>());
    unsaid.add(std::make_shared<Reader>(std::nullopt));
    EXPECT_EQ(unsaid.history().capacity(), 250u);  // the session's default

    Manager most(Combine::vote, 0.5, 250);
    most.add(std::make_shared<Reader>(40));
    most.add(std::make_shared<Reader>(600));
    most.add(std::make_shared<Reader>(10));
    EXPECT_EQ(most.history().capacity(), 600u);
}

// The session computes features only for a manager that reads them (FeatureStage).
TEST(StrategyManager, ReadsFeaturesWhenAStrategySaysSoOrTheHistoryKeepsBars) {
    Manager rules(Combine::vote, 0.5, 250);
    for (const auto& name : strategy_names()) rules.add(make_strategy({name, {}, 1.0}));
    EXPECT_FALSE(rules.reads_features());  // every built-in rule keeps its own state

    Manager reader(Combine::vote, 0.5, 250);
    reader.add(std::make_shared<SmaCrossover>());
    reader.add(std::make_shared<Reader>(0, true));
    EXPECT_TRUE(reader.reads_features());

    Manager history(Combine::vote, 0.5, 250);
    history.add(std::make_shared<Reader>(20, false));  // its history carries features
    EXPECT_TRUE(history.reads_features());

    Manager unsaid(Combine::vote, 0.5, 0);
    unsaid.add(std::make_shared<Fixed>("fixed", Direction::flat));  // says nothing: assumed to read them
    EXPECT_TRUE(unsaid.reads_features());

    Manager moved;
    moved = std::move(reader);
    EXPECT_TRUE(moved.reads_features());
}

TEST(StrategyManager, HistoryCapacityCannotChangeOnceBarsAreKept) {
    HistoryBook book(5);
    book.set_capacity(8);  // before any bar: fine
    EXPECT_EQ(book.capacity(), 8u);
    book.on_bar(bar_at(0, 10));
    EXPECT_NO_THROW(book.set_capacity(8));
    EXPECT_THROW(book.set_capacity(20), std::logic_error);
    EXPECT_EQ(book.recent(Symbol("TST"), 10, std::nullopt).bars.size(), 1u);
}
