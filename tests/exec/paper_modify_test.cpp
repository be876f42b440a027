// PaperBroker::modify — the engine's modification of a working order: answered by a
// `modified` or `modify_rejected` event in order with the broker's other events, new
// terms used only for data at or after the modification.
#include <gtest/gtest.h>

#include "exec/helpers.hpp"
#include "robo/exec/paper_broker.hpp"

using namespace robo;
using namespace robo::exec;
using namespace robo::test;

namespace {
std::vector<BrokerEvent> events(PaperBroker& b) {
    std::vector<BrokerEvent> ev;
    b.poll(ev);
    return ev;
}
PaperBroker uncapped() {
    PaperBrokerConfig c;
    c.max_volume_share_bps = 0;
    return PaperBroker(c);
}
}  // namespace

TEST(PaperBrokerModify, RaisedStopIsUsedOnlyForDataFromTheModificationOn) {
    auto b = uncapped();
    b.submit(stop_order("s", "AAPL", Side::sell, 100, "95"), day(2));
    ASSERT_TRUE(b.modify(stop_order("s", "AAPL", Side::sell, 100, "98"), day(4)));
    auto ev = events(b);
    ASSERT_EQ(ev.size(), 2u);
    EXPECT_EQ(ev[0].kind, BrokerEvent::Kind::accepted);
    EXPECT_EQ(ev[1].kind, BrokerEvent::Kind::modified);
    EXPECT_EQ(*ev[1].terms.stop, px("98"));
    EXPECT_EQ(ev[1].time, day(4));
    // Day 3 (low 97) came before the modification: the new 98 stop must not fill on it,
    // and the old 95 was not reached.
    b.on_bar(bar("AAPL", day(3), "100", "101", "97", "99"));
    EXPECT_TRUE(events(b).empty());
    // Day 4 trades through 98: the new stop fills there.
    b.on_bar(bar("AAPL", day(4), "99", "99.5", "96", "97"));
    ev = events(b);
    ASSERT_EQ(ev.size(), 1u);
    EXPECT_EQ(ev[0].kind, BrokerEvent::Kind::fill);
    EXPECT_EQ(ev[0].fill.price, px("98"));
    EXPECT_EQ(ev[0].fill.quantity, shares(100));
}

TEST(PaperBrokerModify, QuantityNotAboveTheFilledIsRejectedAndTheOrderKeepsWorking) {
    PaperBrokerConfig c;
    c.max_volume_share_bps = 1'000;  // 10% of the bar's volume
    PaperBroker b(c);
    b.submit(order("a", "AAPL", Side::buy, 100), day(2));
    b.on_bar(bar("AAPL", day(2), "25", "25", "25", "25", 400));  // 40 filled
    events(b);
    ASSERT_TRUE(b.modify(order("a", "AAPL", Side::buy, 40), day(2)));
    auto ev = events(b);
    ASSERT_EQ(ev.size(), 1u);
    EXPECT_EQ(ev[0].kind, BrokerEvent::Kind::modify_rejected);
    EXPECT_EQ(ev[0].reason, "quantity 40 is not above the filled 40");
    b.on_bar(bar("AAPL", day(3), "26", "26", "26", "26", 10'000));
    ev = events(b);
    ASSERT_EQ(ev.size(), 1u);
    EXPECT_EQ(ev[0].fill.quantity, shares(60)) << "the old 100 stands: 60 remained";
}

TEST(PaperBrokerModify, InvalidTermsOrAnotherSideAreRejectedWithTheReason) {
    auto b = uncapped();
    b.submit(stop_order("s", "AAPL", Side::sell, 100, "95"), day(2));
    events(b);
    Order no_stop = stop_order("s", "AAPL", Side::sell, 100, "95");
    no_stop.stop.reset();
    ASSERT_TRUE(b.modify(no_stop, day(2)));
    ASSERT_TRUE(b.modify(stop_order("s", "AAPL", Side::buy, 100, "95"), day(2)));
    auto ev = events(b);
    ASSERT_EQ(ev.size(), 2u);
    EXPECT_EQ(ev[0].kind, BrokerEvent::Kind::modify_rejected);
    EXPECT_NE(ev[0].reason.find("stop"), std::string::npos) << ev[0].reason;
    EXPECT_EQ(ev[1].kind, BrokerEvent::Kind::modify_rejected);
    EXPECT_EQ(ev[1].reason, "a modification cannot change the side or the symbol");
    b.on_bar(bar("AAPL", day(3), "96", "96", "94", "94"));
    ev = events(b);
    ASSERT_EQ(ev.size(), 1u);
    EXPECT_EQ(ev[0].fill.price, px("95")) << "still the old stop";
}

TEST(PaperBrokerModify, NoWorkingOrderMeansFalseAndNoEvent) {
    auto b = uncapped();
    EXPECT_FALSE(b.modify(order("nobody", "AAPL", Side::buy, 10), day(2)));
    b.submit(order("a", "AAPL", Side::buy, 10), day(2));
    b.on_bar(bar("AAPL", day(3), "25", "25", "25", "25"));  // filled
    events(b);
    EXPECT_FALSE(b.modify(order("a", "AAPL", Side::buy, 20), day(3)));
    EXPECT_TRUE(events(b).empty());
}

TEST(PaperBrokerModify, AnswerFollowsTheEventsProducedBeforeIt) {
    PaperBrokerConfig c;
    c.max_volume_share_bps = 1'000;
    PaperBroker b(c);
    b.submit(order("a", "AAPL", Side::buy, 100), day(2));
    b.on_bar(bar("AAPL", day(2), "25", "25", "25", "25", 500));  // a 50-share fill, not yet polled
    ASSERT_TRUE(b.modify(order("a", "AAPL", Side::buy, 80), day(2)));
    auto ev = events(b);
    ASSERT_EQ(ev.size(), 3u);
    EXPECT_EQ(ev[0].kind, BrokerEvent::Kind::accepted);
    EXPECT_EQ(ev[1].kind, BrokerEvent::Kind::fill);
    EXPECT_EQ(ev[2].kind, BrokerEvent::Kind::modified);
    EXPECT_EQ(ev[2].terms.quantity, shares(80));
    b.on_bar(bar("AAPL", day(3), "25", "25", "25", "25", 10'000));
    ev = events(b);
    ASSERT_EQ(ev.size(), 1u);
    EXPECT_EQ(ev[0].fill.quantity, shares(30)) << "80 - 50";
}
