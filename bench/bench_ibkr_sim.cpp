// bench/bench_ibkr_sim.cpp — what does the simulator's fill step cost now that every fill
// goes through exec::PaperBroker?
//
// BM_SimBroker_SecondWithRestingOrders: one simulated second (one-second bars for every
// symbol with working orders, handed to the PaperBroker, events applied) with N resting
// limit orders spread over six symbols that never become marketable.
// BM_SimBroker_MarketOrderToFilled: place a 100-share market order and step seconds until it
// has filled under the default 10% volume cap (several partial fills), per order.
#include <benchmark/benchmark.h>

#include "robo/ibkr/sim/broker.hpp"

using namespace robo;
using namespace robo::ibkr;
using namespace robo::ibkr::sim;

namespace {
const std::vector<std::string> kSymbols{"AAPL", "MSFT", "SPY", "QQQ", "NVDA", "AMZN"};
constexpr int64_t kStart = 1735828200;

PlaceOrder order(int id, const std::string& symbol, std::string type, int qty) {
    PlaceOrder p;
    p.order_id = id;
    p.contract.symbol = symbol;
    p.action = "BUY";
    p.order_type = std::move(type);
    p.total_quantity = Quantity::from_units(qty);
    p.tif = "GTC";
    if (p.order_type == "LMT") p.lmt_price = 1.0;  // far below the market: rests
    return p;
}
}  // namespace

static void BM_SimBroker_SecondWithRestingOrders(benchmark::State& state) {
    SyntheticMarket market(kSymbols, kStart);
    SimBroker broker({});
    for (int i = 0; i < state.range(0); ++i)
        broker.place(order(i + 1, kSymbols[std::size_t(i) % kSymbols.size()], "LMT", 10), 1, kStart);
    int64_t t = kStart;
    for (auto _ : state) benchmark::DoNotOptimize(broker.on_second(market, ++t));
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_SimBroker_SecondWithRestingOrders)->Arg(10)->Arg(100)->Arg(1000);

static void BM_SimBroker_MarketOrderToFilled(benchmark::State& state) {
    SyntheticMarket market(kSymbols, kStart);
    SimBroker broker({});
    int64_t t = kStart;
    int id = 0;
    for (auto _ : state) {
        broker.place(order(++id, "AAPL", "MKT", 100), 1, t);
        while (broker.orders().at(id).working()) benchmark::DoNotOptimize(broker.on_second(market, ++t));
    }
    state.SetItemsProcessed(state.iterations());
    state.counters["fills_per_order"] =
        benchmark::Counter(double(broker.executions().size()) / double(std::max(id, 1)));
}
BENCHMARK(BM_SimBroker_MarketOrderToFilled);

BENCHMARK_MAIN();
