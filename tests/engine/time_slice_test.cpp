// Data stamped with one time is one slice: the ledger and the gate see all of it before any
// strategy acts on it (engine.hpp), so sizes do not depend on the order of the files.
#include <gtest/gtest.h>

#include "engine/fixtures.hpp"

using namespace robo;
using namespace robo::engine;
using namespace robo::test;
using strategy::Direction;

namespace {
engine::TraderConfig a_fifth_of_equity() { return Rig::sized_at(0.2); }

// AAA is bought on day 0 (filled at 100 on day 1) and doubles on day 2, the day BBB is
// wanted. `bbb_first`: BBB's bar comes before AAA's in the feed (as when its file sorts first).
VectorFeed doubling_holding_and_a_new_entry(bool bbb_first) {
    VectorFeed feed;
    feed.add(daily("AAA", 0, "100", "100", "100", "100"));
    feed.add(daily("BBB", 0, "100", "100", "100", "100"));
    feed.add(daily("AAA", 1, "100", "100", "100", "100"));
    feed.add(daily("BBB", 1, "100", "100", "100", "100"));
    if (bbb_first) feed.add(daily("BBB", 2, "100", "100", "100", "100"));
    feed.add(daily("AAA", 2, "200", "200", "200", "200"));
    if (!bbb_first) feed.add(daily("BBB", 2, "100", "100", "100", "100"));
    feed.add(daily("AAA", 3, "200", "200", "200", "200"));
    feed.add(daily("BBB", 3, "100", "100", "100", "100"));
    feed.seal();
    return feed;
}

Rig buy_aaa_at_once_and_bbb_on_day_2() {
    return Rig(
        [](strategy::Context& ctx, const Bar& bar, int) {
            const bool wanted = bar.symbol == Symbol("AAA") || bar.start >= trading_day(2);
            ctx.signal(want(bar, wanted ? Direction::long_ : Direction::flat));
        },
        Rig::no_costs(), a_fifth_of_equity());
}

std::vector<Fill> fills_of(bool bbb_first) {
    auto rig = buy_aaa_at_once_and_bbb_on_day_2();
    auto feed = doubling_holding_and_a_new_entry(bbb_first);
    rig.run(feed);
    return rig.portfolio.fills();
}
}  // namespace

TEST(TimeSlice, AnEntryIsSizedOnTheEquityOfTheWholeSlice) {
    // 200 AAA bought at 100 are worth 40,000 on day 2: equity 120,000, a fifth is 24,000,
    // 240 BBB at 100, even though BBB's bar came before AAA's.
    auto fills = fills_of(true);
    ASSERT_EQ(fills.size(), 2u);
    EXPECT_EQ(fills[0].symbol, Symbol("AAA"));
    EXPECT_EQ(fills[0].quantity, Quantity::from_units(200));
    EXPECT_EQ(fills[1].symbol, Symbol("BBB"));
    EXPECT_EQ(fills[1].quantity, Quantity::from_units(240));
}

TEST(TimeSlice, TheOrderOfTheDataWithinASliceDoesNotChangeTheFills) {
    auto a = fills_of(true), b = fills_of(false);
    ASSERT_EQ(a.size(), b.size());
    for (size_t i = 0; i < a.size(); ++i) {
        EXPECT_EQ(a[i].symbol, b[i].symbol) << i;
        EXPECT_EQ(a[i].quantity, b[i].quantity) << i;
        EXPECT_EQ(a[i].price, b[i].price) << i;
        EXPECT_EQ(a[i].time, b[i].time) << i;
    }
}
