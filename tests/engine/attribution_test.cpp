// Attribution by strategy id: a fill reaches only the strategies that decided the wish
// its order was sent for, and a signal's reason is the strategy's to let go of.
#include <gtest/gtest.h>

#include "engine/fixtures.hpp"
#include "robo/engine/feed.hpp"

using namespace robo;
using namespace robo::engine;
using namespace robo::test;
using strategy::Direction;

namespace {
// Counts the fills it is told about and says one thing on every bar.
class Voice final : public strategy::Strategy {
public:
    explicit Voice(Direction d) : d_(d) {}
    std::string_view name() const noexcept override { return "voice"; }
    void on_bar(strategy::Context& ctx, const Bar& bar) override {
        strategy::Signal s;
        s.symbol = bar.symbol;
        s.direction = d_;
        {
            std::string said = "said_" + std::string(to_string(d_));  // gone when the block ends
            s.reason = said;
        }
        ctx.signal(s);
    }
    void on_fill(strategy::Context&, const Fill&) override { ++fills; }
    int fills = 0;

private:
    Direction d_;
};

VectorFeed rising_days(int n) {
    VectorFeed feed;
    for (int i = 0; i < n; ++i) {
        const std::string p = std::to_string(100 + i);
        feed.add(daily("UP", i, p.c_str(), (p + ".5").c_str(), (std::to_string(99 + i) + ".5").c_str(),
                       p.c_str()));
    }
    feed.seal();
    return feed;
}

// The session trades these strategies, combined by `mode`, instead of the rig's scripted one.
std::function<void(SessionConfig&)> only(strategy::Combine mode,
                                         std::vector<std::shared_ptr<strategy::Strategy>> strategies) {
    return [mode, strategies](SessionConfig& c) {
        c.combine = mode;
        c.strategy_objects.clear();
        for (const auto& s : strategies) c.strategy_objects.push_back({s, 1.0, std::nullopt});
    };
}
}  // namespace

TEST(Attribution, AFillReachesOnlyTheStrategiesThatDecidedTheWish) {
    auto longs = std::make_shared<Voice>(Direction::long_);
    auto flats = std::make_shared<Voice>(Direction::flat);
    auto also_long = std::make_shared<Voice>(Direction::long_);
    Rig rig([](strategy::Context&, const Bar&, int) {},
            {.configure = only(strategy::Combine::priority,
                               {flats,
                                longs,          // the first that wants a position: it decides
                                also_long})});  // agrees, but priority lets only the first decide
    auto feed = rising_days(5);
    rig.run(feed);
    ASSERT_EQ(rig.portfolio.fills().size(), 1u);
    EXPECT_EQ(longs->fills, 1);
    EXPECT_EQ(flats->fills, 0);
    EXPECT_EQ(also_long->fills, 0);
}

TEST(Attribution, EveryStrategyThatAgreedWithAVoteHearsItsFill) {
    auto a = std::make_shared<Voice>(Direction::long_);
    auto b = std::make_shared<Voice>(Direction::long_);
    auto c = std::make_shared<Voice>(Direction::flat);
    Rig rig([](strategy::Context&, const Bar&, int) {},
            {.configure = only(strategy::Combine::vote, {a, b, c})});
    auto feed = rising_days(5);
    rig.run(feed);
    ASSERT_EQ(rig.portfolio.fills().size(), 1u);
    EXPECT_EQ(a->fills, 1);
    EXPECT_EQ(b->fills, 1);
    EXPECT_EQ(c->fills, 0);  // outvoted: not its order
}

TEST(Attribution, AWishNamesItsDecidersByIdAndKeepsTheirReasons) {
    strategy::Manager m(strategy::Combine::vote);
    struct NoHost final : strategy::Host {
        Timestamp now() const override { return {}; }
        Quantity position(Symbol) const override { return {}; }
        Money cash() const override { return {}; }
        Money equity() const override { return {}; }
        Quantity own_position(strategy::StrategyId, Symbol) const override { return {}; }
        strategy::TimerId schedule(strategy::StrategyId, Duration) override { return 0; }
        strategy::OrderId submit(strategy::StrategyId, const strategy::OrderRequest&) override { return 0; }
        bool cancel(strategy::StrategyId, strategy::OrderId) override { return false; }
        bool modify(strategy::StrategyId, strategy::OrderId, const strategy::OrderChange&) override {
            return false;
        }
    } host;
    m.bind(host);
    m.add(std::make_shared<Voice>(Direction::flat));
    m.add(std::make_shared<Voice>(Direction::long_));
    m.add(std::make_shared<Voice>(Direction::long_));
    m.bar(daily("UP", 0, "1", "1", "1", "1"));
    auto w = m.combined(Symbol("UP"));
    ASSERT_TRUE(w);
    EXPECT_EQ(w->strategies, (std::vector<strategy::StrategyId>{1, 2}));
    EXPECT_EQ(w->strategy, "voice");
    EXPECT_EQ(w->reason, "voice:said_long,voice:said_long");
}
