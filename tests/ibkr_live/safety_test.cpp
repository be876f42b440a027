// Live trading needs an explicit confirmation, and no order reaches an account that does
// not match the mode (paper accounts begin with DU).
#include "live_support.hpp"

using namespace robo;
using namespace robo::ibkr;
using namespace robo::ibkr::live_test;

TEST(IbkrSafety, LiveModeWithoutConfirmationRefusesToStart) {
    ClientConfig c = fast_client(4001);
    c.mode = TradingMode::live;
    EXPECT_THROW(IbkrLink link(c), std::invalid_argument);
}

TEST(IbkrSafety, PaperModeRefusesToSendToALiveAccount) {
    Rig rig([](sim::SimConfig& s) { s.broker.account = "U7654321"; });
    IbkrBroker broker(rig.make_link());
    Desk desk(broker);
    rig.start();
    ASSERT_TRUE(desk.until([&] { return broker.connection() == exec::BrokerConnection::connected; }));
    auto id = desk.buy("AAPL", 1);
    ASSERT_TRUE(desk.until([&] { return desk.order(id).status == OrderStatus::rejected; }));
    EXPECT_NE(desk.order(id).reason.find("paper mode trades only paper accounts"), std::string::npos)
        << desk.order(id).reason;
    EXPECT_TRUE(rig.sim_orders_by_ref().empty()) << "nothing reached the broker";
    rig.stop();
}

TEST(IbkrSafety, ConfirmedLiveModeRefusesToSendToAPaperAccount) {
    Rig rig({}, [](ClientConfig& c) {
        c.mode = TradingMode::live;
        c.live_confirmed = true;
    });
    IbkrBroker broker(rig.make_link());  // the simulator's account is DU1234567
    Desk desk(broker);
    rig.start();
    ASSERT_TRUE(desk.until([&] { return broker.connection() == exec::BrokerConnection::connected; }));
    auto id = desk.buy("AAPL", 1);
    ASSERT_TRUE(desk.until([&] { return desk.order(id).status == OrderStatus::rejected; }));
    EXPECT_NE(desk.order(id).reason.find("live mode, but this is a paper account"), std::string::npos);
    EXPECT_TRUE(rig.sim_orders_by_ref().empty());
    rig.stop();
}

TEST(IbkrSafety, AnOrderBeforeTheConnectionIsReadyIsRejectedNotQueued) {
    Rig rig;
    IbkrBroker broker(rig.make_link());
    Desk desk(broker);
    // Not started: the link's thread is not running, so the order waits on the io queue
    // and is placed only when it runs, before the handshake completes.
    auto id = desk.buy("AAPL", 1);
    rig.start();
    ASSERT_TRUE(desk.until([&] { return desk.order(id).status == OrderStatus::rejected; }));
    EXPECT_NE(desk.order(id).reason.find("not connected"), std::string::npos) << desk.order(id).reason;
    rig.stop();
}
