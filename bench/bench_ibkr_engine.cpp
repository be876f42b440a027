// bench/bench_ibkr_engine.cpp — tick to order through the whole engine: how long from a
// trade tick arriving on the TWS socket to the placeOrder bytes leaving it, when the tick
// goes through IbkrMarketData, the engine (clock, broker drain, ledger mark, strategy),
// sizing, the pre-trade gate and the order manager, and the order through IbkrBroker and
// the client on the link's io thread?
//
// BM_TickToOrder_FullEngine: a blocking fake TWS on loopback sends one LAST tick per
// iteration; a strategy that flips between long and flat on every trade makes each tick
// an order (a buy, then a sell of the position). The clock runs until the fake TWS has
// read the whole placeOrder frame (two loopback hops and two thread hand-offs). Outside
// the timed part the fake TWS fills the order and waits until the engine has booked it.
// Reports median and p99 in microseconds. Compare BM_TickToOrderLatency in bench_ibkr
// (the client alone).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <atomic>
#include <boost/asio.hpp>
#include <thread>

#include "robo/engine/engine.hpp"
#include "robo/ibkr/adapt/broker.hpp"
#include "robo/ibkr/adapt/market_data.hpp"
#include "robo/log/audit_sink.hpp"
#include "robo/log/memory_audit_sink.hpp"

using namespace robo;
using namespace robo::ibkr;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

// Long on one trade, flat on the next: every tick changes the wish.
class Flipper final : public strategy::Strategy {
public:
    std::string_view name() const noexcept override { return "flipper"; }
    void on_trade(strategy::Context& ctx, const Tick& t) override {
        long_ = !long_;
        ctx.signal(
            {t.symbol, long_ ? strategy::Direction::long_ : strategy::Direction::flat, 1.0, {}, "flip"});
    }

private:
    bool long_ = false;
};

// Counts fills booked by the engine (engine thread) for the bench thread to wait on.
struct FillCounter final : engine::EngineObserver {
    std::atomic<int> fills{0};
    void on_order_event(const exec::BrokerEvent& ev, const exec::ManagedOrder&) override {
        if (ev.kind == exec::BrokerEvent::Kind::fill) fills.fetch_add(1);
    }
};

class FakeTws {
public:
    FakeTws() : acceptor_(io_, {asio::ip::make_address("127.0.0.1"), 0}), sock_(io_) {}
    uint16_t port() const { return acceptor_.local_endpoint().port(); }

    void handshake() {
        acceptor_.accept(sock_);
        sock_.set_option(tcp::no_delay(true));
        char api[4];
        asio::read(sock_, asio::buffer(api));
        read_payload();  // version range
        asio::write(sock_, asio::buffer(encode_server_hello({kServerVersion, "20250102 09:30:00 EST"})));
        read_payload();  // startApi
        std::string hello = encode(ManagedAccounts{"DU1234567"}) + encode(NextValidId{1});
        asio::write(sock_, asio::buffer(hello));
    }
    // Reads what the client sends on connecting (open orders, executions, positions, the
    // account summary, ...) up to the market-data request; returns its request id.
    int await_market_data() {
        while (peek_message_id(read_payload()) != ReqMktData::id) {
        }
        return std::get<ReqMktData>(decode_client(payload_)).req_id;
    }
    // Sends a tick; returns the nanoseconds until a placeOrder has been read, and the order.
    int64_t tick_to_order(const std::string& tick, PlaceOrder& order) {
        auto t0 = std::chrono::steady_clock::now();
        asio::write(sock_, asio::buffer(tick));
        while (peek_message_id(read_payload()) != PlaceOrder::id) {
        }
        auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - t0)
                      .count();
        order = std::get<PlaceOrder>(decode_client(payload_));
        return ns;
    }
    // Fills the whole order at `price`, as TWS reports it.
    void fill(const PlaceOrder& o, double price) {
        ExecDetails x;
        x.order_id = o.order_id;
        x.contract = o.contract;
        x.exec_id = "bench." + std::to_string(++execs_);
        x.time = "20250102  14:30:00";
        x.account = "DU1234567";
        x.exchange = "ISLAND";
        x.side = o.action == "BUY" ? "BOT" : "SLD";
        x.shares = o.total_quantity;
        x.price = price;
        x.client_id = 1;
        x.cum_qty = o.total_quantity;
        x.avg_price = price;
        x.order_ref = o.order_ref;
        CommissionReport c;
        c.exec_id = x.exec_id;
        c.commission = 1.0;
        OrderStatusMsg st;
        st.order_id = o.order_id;
        st.status = "Filled";
        st.filled = o.total_quantity;
        st.avg_fill_price = price;
        st.client_id = 1;
        asio::write(sock_, asio::buffer(encode(x) + encode(c) + encode(st)));
    }
    void close() {
        boost::system::error_code ec;
        sock_.close(ec);
    }

private:
    const std::string& read_payload() {
        unsigned char len[4];
        asio::read(sock_, asio::buffer(len));
        payload_.resize((std::size_t{len[0]} << 24) | (std::size_t{len[1]} << 16) |
                        (std::size_t{len[2]} << 8) | len[3]);
        asio::read(sock_, asio::buffer(payload_));
        return payload_;
    }
    asio::io_context io_;
    tcp::acceptor acceptor_;
    tcp::socket sock_;
    std::string payload_;
    int execs_ = 0;
};

void BM_TickToOrder_FullEngine(benchmark::State& state) {
    FakeTws tws;
    ClientConfig cc;
    cc.port = tws.port();
    cc.max_messages_per_second = 1e6;  // measure the path, not the 50/s limiter
    cc.rate_burst = 1e6;
    cc.heartbeat = std::chrono::hours(1);
    cc.request_timeout = std::chrono::milliseconds(0);  // the fake TWS answers no re-read
    IbkrLink link(cc);
    IbkrBroker broker(link);
    MarketDataConfig mc;
    mc.symbols = {Symbol("AAPL")};
    mc.bars = false;
    IbkrMarketData feed(link, mc);

    log::MemoryAuditSink audit;
    exec::OrderManager orders(audit, "bench");
    exec::Portfolio ledger(Money::from_units(1'000'000));
    strategy::Manager manager(strategy::Combine::vote, 0.5);
    manager.add(std::make_unique<Flipper>(), 1.0);
    engine::BasicGate gate;
    engine::TraderConfig tc;
    tc.protective_stops = false;  // one order per tick
    engine::Trader trader(tc, orders, broker, ledger, gate, audit);
    engine::EngineConfig ec;
    ec.mode = engine::Mode::paper;
    ec.handle_signals = false;
    ec.health_interval = std::chrono::milliseconds(0);
    ec.stop_timeout = std::chrono::milliseconds(100);
    engine::Engine engine(ec, feed, broker, orders, ledger, manager, trader, gate);
    FillCounter counter;
    engine.set_observer(&counter);

    link.start();
    tws.handshake();
    std::thread run([&] { engine.run(); });
    // The tick must carry the market-data line's request id (the broker's own requests,
    // positions and the account summary, are numbered before it).
    std::string tick = encode(TickPrice{tws.await_market_data(), 4, 189.37, Quantity::from_units(100), 0});
    PlaceOrder order;
    auto one = [&] {
        int before = counter.fills.load();
        auto ns = tws.tick_to_order(tick, order);
        tws.fill(order, 189.37);
        while (counter.fills.load() == before) std::this_thread::yield();
        return ns;
    };
    for (int i = 0; i < 200; ++i) one();  // warm-up
    std::vector<int64_t> ns;
    for (auto _ : state) {
        auto d = one();
        ns.push_back(d);
        state.SetIterationTime(static_cast<double>(d) / 1e9);
    }
    engine.stop("bench over");
    feed.finish();
    run.join();
    tws.close();
    link.stop();
    std::sort(ns.begin(), ns.end());
    auto at = [&](double q) {
        return static_cast<double>(ns[static_cast<std::size_t>(q * static_cast<double>(ns.size() - 1))]) /
               1e3;
    };
    state.counters["median_us"] = at(0.5);
    state.counters["p99_us"] = at(0.99);
}
BENCHMARK(BM_TickToOrder_FullEngine)->UseManualTime()->Iterations(3000)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
