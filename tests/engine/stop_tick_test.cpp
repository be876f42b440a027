// Protective stops go out on the exchange's price grid: TWS refuses a stop of 95.123
// (error 110), and an ATR or percentage stop nearly always has such digits. The trader
// rounds towards the position, so the risk taken stays within what the size assumed.
#include <gtest/gtest.h>

#include "engine/fixtures.hpp"

using namespace robo;
using namespace robo::engine;
using namespace robo::test;
using strategy::Direction;

namespace {
// Buys on bar 0 with the given stop; the entry fills on bar 1 and the stop goes out.
Price protective_stop_for(const char* wished, const char* price) {
    Rig rig([&](strategy::Context& ctx, const Bar& bar, int i) {
        if (i != 0) return;
        auto s = want(bar, Direction::long_);
        s.stop = px(wished);
        ctx.signal(s);
    });
    VectorFeed feed;
    for (int i = 0; i < 3; ++i) feed.add(daily("AAA", i, price, price, price, price));
    feed.seal();
    rig.run(feed);
    for (const auto& mo : rig.orders.all())
        if (mo.order.type == OrderType::stop) return *mo.order.stop;
    ADD_FAILURE() << "no protective stop was placed";
    return {};
}
}  // namespace

TEST(StopTick, ALongsStopWithSubCentDigitsGoesUpToTheNextCent) {
    EXPECT_EQ(protective_stop_for("95.12300001", "100"), px("95.13"));
}

TEST(StopTick, AStopAlreadyOnTheGridIsUnchanged) {
    EXPECT_EQ(protective_stop_for("95.12", "100"), px("95.12"));
}

TEST(StopTick, BelowOneDollarTheGridIsAHundredthOfACent) {
    EXPECT_EQ(protective_stop_for("0.51231", "0.60"), px("0.5124"));
}
