// The simulator fills with the system's one fill model (exec::PaperBroker): the same orders
// over the same market data fill alike whether they travel through TWS-sim on the wire or go
// straight into a PaperBroker, as in a backtest.
#include <gtest/gtest.h>

#include "robo/exec/paper_broker.hpp"
#include "support.hpp"

using namespace robo;
using namespace robo::ibkr;
using namespace robo::ibkr::test;

namespace {

struct FillSeen {
    Quantity shares;
    Price price;
    Money commission;
    int64_t second = 0;
    bool operator==(const FillSeen&) const = default;
};
std::ostream& operator<<(std::ostream& os, const FillSeen& f) {
    return os << f.shares.to_string() << " @ " << f.price.to_string() << " comm " << f.commission.to_string()
              << " t " << f.second;
}

// What the client was told, per order: execDetails with their commission reports.
std::map<int, std::vector<FillSeen>> fills_reported(const Recorder& rec, int64_t start_second) {
    std::map<std::string, double> commission;
    for (auto& c : rec.all<CommissionReport>()) commission[c.exec_id] = c.commission;
    std::map<int, std::vector<FillSeen>> out;
    for (auto& e : rec.all<ExecDetails>()) {
        // "yyyyMMdd  HH:mm:ss": find the second by formatting candidates (exact, no parsing).
        int64_t second = -1;
        for (int64_t s = start_second; s < start_second + 100000 && second < 0; ++s) {
            auto t = sim::tws_time(s);
            if (e.time == t.substr(0, 8) + "  " + t.substr(9)) second = s;
        }
        out[e.order_id].push_back(
            {e.shares, Price::from_double(e.price), Money::from_double(commission.at(e.exec_id)), second});
    }
    return out;
}

// The same orders straight into a PaperBroker, fed the market's one-second bars.
std::map<int, std::vector<FillSeen>> fills_direct(const sim::SimBroker& broker,
                                                  const sim::SyntheticMarket& market, int64_t end,
                                                  Money& cash) {
    exec::PaperBroker paper(broker.config().fills);
    int64_t first = end;
    std::set<std::string> symbols;
    for (auto& [id, o] : broker.orders())
        first = std::min(first, o.placed_at), symbols.insert(o.contract.symbol);
    std::map<int, std::vector<FillSeen>> out;
    std::vector<exec::BrokerEvent> events;
    for (int64_t t = first; t <= end; ++t) {
        for (auto& s : symbols) {
            HistoricalBar h = market.bar(s, t, 1);
            Bar b{Symbol(s),
                  Timeframe::s1,
                  sim::sim_time(t),
                  Price::from_double(h.open),
                  Price::from_double(h.high),
                  Price::from_double(h.low),
                  Price::from_double(h.close),
                  h.volume,
                  false};
            paper.on_bar(b);
        }
        for (auto& [id, o] : broker.orders()) {
            if (o.placed_at != t) continue;
            Order ord;
            ord.client_id = std::to_string(id);
            ord.symbol = Symbol(o.contract.symbol);
            ord.side = o.buy() ? Side::buy : Side::sell;
            ord.type = o.type == "MKT"   ? OrderType::market
                       : o.type == "LMT" ? OrderType::limit
                       : o.type == "STP" ? OrderType::stop
                                         : OrderType::stop_limit;
            ord.tif = o.tif == "GTC" ? TimeInForce::gtc : TimeInForce::day;
            ord.quantity = o.total;
            if (o.type == "LMT" || o.type == "STP LMT") ord.limit = Price::from_double(*o.lmt);
            if (o.type == "STP" || o.type == "STP LMT") ord.stop = Price::from_double(*o.aux);
            paper.submit(ord, sim::sim_time(t));
        }
    }
    paper.poll(events);
    for (auto& e : events) {
        if (e.kind != exec::BrokerEvent::Kind::fill) continue;
        cash += e.fill.cash_delta();
        out[std::stoi(e.client_id)].push_back(
            {e.fill.quantity, e.fill.price, e.fill.commission, unix_nanos(e.fill.time) / 1'000'000'000});
    }
    return out;
}

PlaceOrder with_type(PlaceOrder o, std::string type, std::optional<double> lmt, std::optional<double> aux) {
    o.order_type = std::move(type);
    o.lmt_price = lmt;
    o.aux_price = aux;
    return o;
}

}  // namespace

TEST(SimFills, SameOrdersFillThroughTheSimulatorAsStraightThroughPaperBroker) {
    Loopback lb([](sim::SimConfig& s) {
        s.broker.fills.slippage_bps = 3;
        s.broker.fills.commission = exec::CommissionPlan::ibkr_tiered;
        s.broker.fills.max_volume_share_bps = 1'000;  // partial fills: 10% of each bar's volume
    });
    auto& c = lb.connect();
    const auto& mkt = lb.sim->market();
    double aapl = mkt.mid("AAPL", lb.sim->now()), spy = mkt.mid("SPY", lb.sim->now());
    std::vector<int> ids;
    ids.push_back(c.place_order(market("AAPL", "BUY", 400)));          // partial fills
    ids.push_back(c.place_order(limit("MSFT", "BUY", 30, 10'000.0)));  // marketable limit
    ids.push_back(
        c.place_order(with_type(market("AAPL", "SELL", 20), "STP", {}, aapl * 1.01)));  // gaps through
    ids.push_back(c.place_order(with_type(market("SPY", "BUY", 25), "STP LMT", spy * 1.02, spy * 0.99)));
    auto resting = limit("QQQ", "SELL", 10, 100'000.0);
    resting.tif = "GTC";
    ids.push_back(c.place_order(resting));  // never marketable
    ASSERT_TRUE(lb.run_until([&] {
        int done = 0;
        for (auto& [id, o] : lb.sim->broker().orders()) done += o.status == "Filled";
        return done == 4 && lb.rec.count<CommissionReport>() == lb.sim->broker().executions().size();
    }));
    int64_t end = lb.sim->now();

    Money cash = lb.sim->broker().config().starting_cash;
    auto direct = fills_direct(lb.sim->broker(), mkt, end, cash);
    auto reported = fills_reported(lb.rec, lb.sim_cfg.start_time);
    EXPECT_GT(reported[ids[0]].size(), 1u) << "the volume cap split the market order";
    EXPECT_TRUE(reported[ids[4]].empty()) << "the resting limit never fills";
    for (int id : ids) EXPECT_EQ(reported[id], direct[id]) << "order " << id;
    EXPECT_EQ(lb.sim->broker().cash(), cash) << "account cash follows from the same fills";
}

TEST(SimFills, DayOrderExpiresAtTheNextSessionAndIsReportedCancelled) {
    sim::SyntheticMarket market({"AAPL"}, 1735828200);
    sim::SimBroker broker({});
    auto o = limit("AAPL", "BUY", 10, 1.00);
    o.order_id = 1;
    ASSERT_FALSE(broker.place(o, 7, 1735828200));
    EXPECT_TRUE(broker.on_second(market, 1735828201).ended.empty()) << "same session: still working";
    auto next_day = broker.on_second(market, 1735828200 + 86400);
    ASSERT_EQ(next_day.ended, std::vector<int>{1});
    EXPECT_EQ(broker.orders().at(1).status, "Cancelled");
}

TEST(SimFills, ModifiedOrderFillsOnlyOnDataAfterTheModification) {
    sim::SyntheticMarket market({"AAPL"}, 1735828200);
    sim::BrokerConfig cfg;
    cfg.fills.max_volume_share_bps = 0;
    sim::SimBroker broker(cfg);
    auto o = limit("AAPL", "BUY", 10, 1.00);
    o.order_id = 1;
    ASSERT_FALSE(broker.place(o, 7, 1735828200));
    o.lmt_price = 10'000.0;  // now marketable
    ASSERT_FALSE(broker.place(o, 7, 1735828205));
    EXPECT_TRUE(broker.on_second(market, 1735828204).fills.empty()) << "data from before the change";
    auto after = broker.on_second(market, 1735828206);
    ASSERT_EQ(after.fills.size(), 1u);
    EXPECT_EQ(broker.executions()[0].details.shares, Quantity::from_units(10));
    EXPECT_EQ(broker.positions().at("AAPL").quantity, Quantity::from_units(10));
}

TEST(SimFills, UnsupportedTimeInForceIsRejectedWithTheReason) {
    sim::SimBroker broker({});
    auto o = market("AAPL", "BUY", 10);
    o.order_id = 1;
    o.tif = "OPG";
    auto reject = broker.place(o, 7, 0);
    ASSERT_TRUE(reject);
    EXPECT_EQ(reject->code, 201);
    EXPECT_NE(reject->text.find("OPG"), std::string::npos) << reject->text;
}
