// PaperBroker::replace — a TWS-style modification of a working order (same id): new terms
// from the time of the change on, same commission state, never below what has filled.
#include <gtest/gtest.h>

#include "exec/helpers.hpp"
#include "robo/exec/paper_broker.hpp"

using namespace robo;
using namespace robo::exec;
using namespace robo::test;

namespace {
std::vector<Fill> fills(PaperBroker& b) {
    std::vector<BrokerEvent> ev;
    b.poll(ev);
    std::vector<Fill> out;
    for (auto& e : ev)
        if (e.kind == BrokerEvent::Kind::fill) out.push_back(e.fill);
    return out;
}
PaperBroker fixed_commission_with_volume_cap() {
    PaperBrokerConfig c;
    c.commission = CommissionPlan::ibkr_fixed;
    c.max_volume_share_bps = 1'000;
    return PaperBroker(c);
}
}  // namespace

TEST(PaperBrokerReplace, NewLimitAppliesOnlyToDataFromTheChangeOn) {
    auto b = fixed_commission_with_volume_cap();
    b.submit(limit_order("a", "AAPL", Side::buy, 10, "90"), day(2));
    ASSERT_TRUE(b.replace(limit_order("a", "AAPL", Side::buy, 10, "110"), day(4)));
    b.on_bar(bar("AAPL", day(3), "100", "101", "99", "100", 1000));  // before the change
    EXPECT_TRUE(fills(b).empty());
    b.on_bar(bar("AAPL", day(4), "100", "101", "99", "100", 1000));
    auto f = fills(b);
    ASSERT_EQ(f.size(), 1u);
    EXPECT_EQ(f[0].price, px("100"));
}

TEST(PaperBrokerReplace, LargerQuantityKeepsTheOrdersCommissionMinimumPaid) {
    auto b = fixed_commission_with_volume_cap();
    b.submit(order("a", "AAPL", Side::buy, 100), day(2));
    b.on_bar(bar("AAPL", day(2), "25", "25", "25", "25", 500));  // 50 shares: min 1.00
    ASSERT_TRUE(b.replace(order("a", "AAPL", Side::buy, 1000), day(2)));
    b.on_bar(bar("AAPL", day(3), "25", "25", "25", "25", 9500));  // the other 950 shares
    auto f = fills(b);
    ASSERT_EQ(f.size(), 2u);
    EXPECT_EQ(f[1].quantity, shares(950));
    EXPECT_EQ(f[0].commission + f[1].commission, usd("5")) << "1000 x 0.005, one minimum per order";
}

TEST(PaperBrokerReplace, RefusesBelowTheFilledQuantityAnotherSideOrAFinishedOrder) {
    auto b = fixed_commission_with_volume_cap();
    b.submit(order("a", "AAPL", Side::buy, 100), day(2));
    b.on_bar(bar("AAPL", day(2), "25", "25", "25", "25", 500));  // 50 filled
    EXPECT_FALSE(b.replace(order("a", "AAPL", Side::buy, 50), day(2)));
    EXPECT_FALSE(b.replace(order("a", "AAPL", Side::sell, 100), day(2)));
    EXPECT_FALSE(b.replace(order("zz", "AAPL", Side::buy, 100), day(2)));
    b.on_bar(bar("AAPL", day(3), "25", "25", "25", "25", 5000));  // the rest fills
    EXPECT_FALSE(b.replace(order("a", "AAPL", Side::buy, 200), day(3)));
}
