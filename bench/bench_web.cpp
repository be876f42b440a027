// How many messages per second does the web server fan out to 100 WebSocket clients, and
// does the engine's publish() cost change when they are connected?
#include <benchmark/benchmark.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <thread>

#include "robo/web/server.hpp"

using namespace robo;
using namespace robo::web;
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;

namespace {

// N clients on one io_context thread, each reading continuously and counting messages.
class Clients {
public:
    Clients(uint16_t port, int n) {
        for (int i = 0; i < n; ++i) {
            auto ws = std::make_unique<websocket::stream<beast::tcp_stream>>(ioc_);
            beast::get_lowest_layer(*ws).connect({asio::ip::make_address("127.0.0.1"), port});
            ws->handshake("127.0.0.1", "/ws");
            ws->write(asio::buffer(std::string(R"({"op":"subscribe","topics":["quotes"]})")));
            streams_.push_back(std::move(ws));
            buffers_.emplace_back(std::make_unique<beast::flat_buffer>());
        }
        for (size_t i = 0; i < streams_.size(); ++i) read(i);
        thread_ = std::thread([this] { ioc_.run(); });
    }
    ~Clients() {
        ioc_.stop();
        thread_.join();
    }
    uint64_t received() const { return received_.load(); }

private:
    void read(size_t i) {
        streams_[i]->async_read(*buffers_[i], [this, i](beast::error_code ec, size_t) {
            if (ec) return;
            buffers_[i]->consume(buffers_[i]->size());
            received_.fetch_add(1, std::memory_order_relaxed);
            read(i);
        });
    }
    asio::io_context ioc_;
    std::vector<std::unique_ptr<websocket::stream<beast::tcp_stream>>> streams_;
    std::vector<std::unique_ptr<beast::flat_buffer>> buffers_;
    std::atomic<uint64_t> received_{0};
    std::thread thread_;
};

nlohmann::json quote_data(int64_t i) {
    return {{"bid", "189.36"}, {"ask", "189.37"}, {"bid_size", "300"}, {"ask_size", "200"}, {"n", i}};
}

}  // namespace

// Messages delivered per second to N clients (items = client messages received).
static void BM_Web_FanOut(benchmark::State& state) {
    const int clients_n = static_cast<int>(state.range(0));
    Hub hub(HubLimits{.client_outbox = 4096, .drop_after_skips = 1u << 30});
    Server server(ServerOptions{.port = 0}, hub);
    server.start();
    Clients clients(server.port(), clients_n);
    while (clients.received() < static_cast<uint64_t>(3 * clients_n)) std::this_thread::yield();
    const int batch = 2000;
    int64_t seq = 0;
    uint64_t start_received = clients.received();
    for (auto _ : state) {
        uint64_t target = clients.received() + static_cast<uint64_t>(batch) * clients_n;
        for (int i = 0; i < batch; ++i) hub.publish(Topic::quotes, "AAPL", quote_data(seq++), Timestamp{});
        while (clients.received() + hub.counters().skipped.load() < target) std::this_thread::yield();
    }
    state.SetItemsProcessed(static_cast<int64_t>(clients.received() - start_received));
    state.counters["skipped"] = static_cast<double>(hub.counters().skipped.load());
    server.stop();
}
BENCHMARK(BM_Web_FanOut)->Arg(100)->Unit(benchmark::kMillisecond)->UseRealTime();

// The engine-side cost of one publish(), with 0 or 100 clients connected.
static void BM_Web_PublishCostOnEngineThread(benchmark::State& state) {
    const int clients_n = static_cast<int>(state.range(0));
    Hub hub(HubLimits{.inbound_capacity = 1u << 20, .client_outbox = 4096, .drop_after_skips = 1u << 30});
    Server server(ServerOptions{.port = 0}, hub);
    server.start();
    std::unique_ptr<Clients> clients;
    if (clients_n > 0) clients = std::make_unique<Clients>(server.port(), clients_n);
    int64_t seq = 0;
    for (auto _ : state)
        benchmark::DoNotOptimize(hub.publish(Topic::quotes, "AAPL", quote_data(seq++), Timestamp{}));
    state.counters["dropped_inbound"] = static_cast<double>(hub.counters().dropped_inbound.load());
    server.stop();
}
BENCHMARK(BM_Web_PublishCostOnEngineThread)->Arg(0)->Arg(100)->Iterations(200000);

BENCHMARK_MAIN();
