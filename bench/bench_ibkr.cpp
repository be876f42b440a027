// bench/bench_ibkr.cpp — how fast does the TWS codec decode, and how long from a tick
// arriving on the socket to the order's bytes leaving it?
//
// BM_Decode_TickPriceStream: the message mix of the @stoqey/ib peer harness
// (../shared/peers/stoqey): tickPrice 1|6|reqId|tickType|price|size|attrMask, reqId 1..8,
// tickType BID/ASK/LAST, a 2-decimal random walk, framed, fed in 64 KiB chunks through
// FrameSplitter and decode_server (the client's path minus the socket).
// BM_Decode_PreSplitPayloads: the decoder alone on pre-split payloads (stoqey's "tokens").
// BM_TickToOrderLatency: a fake TWS on loopback writes one tickPrice; the client's handler
// places a limit order; the time runs until the fake TWS has read the whole placeOrder
// frame (so it includes two loopback hops). Reports median and p99 in microseconds.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <boost/asio.hpp>
#include <random>
#include <thread>

#include "robo/ibkr/client/client.hpp"

using namespace robo;
using namespace robo::ibkr;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

struct Burst {
    std::string bytes;
    std::vector<std::string> payloads;
    double price_sum = 0;
};

Burst make_burst(std::size_t n) {
    Burst b;
    std::mt19937 rng(0x2545f491);
    int cents = 10000;
    const int types[] = {1, 2, 4};
    for (std::size_t i = 0; i < n; ++i) {
        cents = std::max(100, cents + static_cast<int>(rng() % 21) - 10);
        TickPrice t{static_cast<int>(1 + i % 8), types[i % 3], cents / 100.0,
                    Quantity::from_units(1 + static_cast<int64_t>(rng() % 1000)), static_cast<int>(i & 3)};
        b.price_sum += t.price;
        auto frame = encode(t);
        b.payloads.push_back(frame.substr(4));
        b.bytes += frame;
    }
    return b;
}

const Burst& burst() {
    static const Burst b = make_burst(1'000'000);
    return b;
}

void BM_Decode_TickPriceStream(benchmark::State& state) {
    const auto& b = burst();
    for (auto _ : state) {
        FrameSplitter split;
        std::size_t n = 0;
        double sum = 0;
        for (std::size_t off = 0; off < b.bytes.size(); off += 65536) {
            split.append(b.bytes.data() + off, std::min<std::size_t>(65536, b.bytes.size() - off));
            while (auto p = split.next()) {
                auto m = decode_server(*p);
                sum += std::get<TickPrice>(m).price;
                ++n;
            }
        }
        if (n != b.payloads.size() || std::abs(sum - b.price_sum) > 1e-3) state.SkipWithError("wrong decode");
        benchmark::DoNotOptimize(sum);
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * b.payloads.size()));
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * b.bytes.size()));
}
BENCHMARK(BM_Decode_TickPriceStream)->UseRealTime()->Unit(benchmark::kMillisecond);

void BM_Decode_PreSplitPayloads(benchmark::State& state) {
    const auto& b = burst();
    for (auto _ : state) {
        double sum = 0;
        for (auto& p : b.payloads) sum += std::get<TickPrice>(decode_server(p)).price;
        benchmark::DoNotOptimize(sum);
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * b.payloads.size()));
}
BENCHMARK(BM_Decode_PreSplitPayloads)->UseRealTime()->Unit(benchmark::kMillisecond);

void BM_Encode_PlaceOrder(benchmark::State& state) {
    PlaceOrder o;
    o.order_id = 1;
    o.contract.symbol = "AAPL";
    o.total_quantity = Quantity::from_units(100);
    o.lmt_price = 189.37;
    for (auto _ : state) benchmark::DoNotOptimize(encode(o));
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Encode_PlaceOrder);

// ----------------------------------------------------------------------------- latency

// Blocking fake TWS: the handshake, then one tick per iteration and a read of the order.
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
    // Sends a tick and returns the nanoseconds until a placeOrder has been read.
    int64_t tick_to_order(const std::string& tick) {
        auto t0 = std::chrono::steady_clock::now();
        asio::write(sock_, asio::buffer(tick));
        while (peek_message_id(read_payload()) != PlaceOrder::id) {
        }
        return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - t0)
            .count();
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
};

void BM_TickToOrderLatency(benchmark::State& state) {
    FakeTws tws;
    asio::io_context io;
    ClientConfig cfg;
    cfg.port = tws.port();
    cfg.max_messages_per_second = 1e6;  // measure the path, not the 50/s limiter
    cfg.rate_burst = 1e6;
    cfg.heartbeat = std::chrono::hours(1);
    cfg.request_timeout = std::chrono::milliseconds(0);  // the fake TWS answers no re-read
    Client client(io, cfg);
    client.on_message = [&](const ServerMessage& m) {
        if (auto* t = std::get_if<TickPrice>(&m); t && t->tick_type == 4) {
            PlaceOrder o;
            o.contract.symbol = "AAPL";
            o.action = "BUY";
            o.total_quantity = Quantity::from_units(100);
            o.lmt_price = t->price;
            client.place_order(o);
        }
    };
    auto guard = asio::make_work_guard(io);
    std::thread loop([&] { io.run(); });
    asio::post(io, [&] { client.connect(); });
    tws.handshake();
    std::string tick = encode(TickPrice{1, 4, 189.37, Quantity::from_units(100), 0});
    for (int i = 0; i < 200; ++i) tws.tick_to_order(tick);  // warm-up
    std::vector<int64_t> ns;
    for (auto _ : state) {
        auto d = tws.tick_to_order(tick);
        ns.push_back(d);
        state.SetIterationTime(static_cast<double>(d) / 1e9);
    }
    tws.close();
    asio::post(io, [&] { client.disconnect(); });
    guard.reset();
    loop.join();
    std::sort(ns.begin(), ns.end());
    auto at = [&](double q) {
        return static_cast<double>(ns[static_cast<std::size_t>(q * static_cast<double>(ns.size() - 1))]) /
               1e3;
    };
    state.counters["median_us"] = at(0.5);
    state.counters["p99_us"] = at(0.99);
}
BENCHMARK(BM_TickToOrderLatency)->UseManualTime()->Iterations(5000)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
