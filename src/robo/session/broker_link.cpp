// session/broker_link.cpp — see broker_link.hpp.
#include "robo/session/broker_link.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <ostream>
#include <thread>

#include "robo/ibkr/adapt/broker.hpp"
#include "robo/ibkr/adapt/market_data.hpp"
#include "robo/ibkr/sim/simulator.hpp"

namespace robo::session {

namespace asio = boost::asio;
using namespace std::chrono_literals;

namespace {

// The TWS simulator on its own thread, like a separate program on this machine.
struct SimServer {
    asio::io_context io;
    std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;
    std::unique_ptr<ibkr::sim::Simulator> sim;
    asio::steady_timer watch{io};
    std::thread thread;
    int64_t end_time = 0;

    ~SimServer() { stop(); }
    void start(ibkr::sim::SimConfig cfg) {
        sim = std::make_unique<ibkr::sim::Simulator>(io, std::move(cfg));
        sim->start();  // binds now: the port is known before the client connects
        work.emplace(io.get_executor());
        thread = std::thread([this] { io.run(); });
    }
    // Calls `done` (on the simulator's thread) once its market time reaches end_time.
    void when_over(std::function<void()> done) {
        watch.expires_after(50ms);
        watch.async_wait([this, done = std::move(done)](const boost::system::error_code& ec) mutable {
            if (ec) return;
            if (sim->now() >= end_time) return done();
            when_over(std::move(done));
        });
    }
    void stop() {
        if (!thread.joinable()) return;
        asio::post(io, [this] {
            watch.cancel();
            sim->stop();
            io.stop();
        });
        work.reset();
        thread.join();
    }
};

class Setup final : public BrokerLink {
public:
    ~Setup() override {
        // The connection's thread first, while the adapters it calls still exist.
        if (link_) link_->stop();
        if (sim_) sim_->stop();
    }
    engine::Feed& feed() override { return *feed_; }
    exec::Broker& broker() override { return *broker_; }

    std::unique_ptr<SimServer> sim_;
    std::unique_ptr<ibkr::IbkrLink> link_;
    std::unique_ptr<ibkr::IbkrBroker> broker_;
    std::unique_ptr<ibkr::IbkrMarketData> feed_;
    std::string where_;

    bool finish(std::ostream& out, const exec::Portfolio& ledger,
                const std::map<Symbol, Quantity>& baseline) override {
        // Let a last position report arrive, then compare what the broker holds with the ledger.
        for (int i = 0; i < 200 && !broker_->settled(); ++i) std::this_thread::sleep_for(10ms);
        auto held = broker_->broker_positions();
        auto bs = broker_->stats();
        auto cs = link_->call([&] { return link_->client().stats(); });
        auto fs = feed_->stats();
        link_->stop();
        if (sim_) sim_->stop();
        out << fmt::format(
            "  {}: {} orders placed, {} refused, {} fills, {} reconnects, {} duplicate-id (error 103) "
            "retries; {} messages in ({} "
            "undecodable, skipped), {} out; {} requests timed out\n"
            "  market data: {} bars, {} quotes, {} trades, {} backfill bars ({} retried, {} failed), {} "
            "dropped\n",
            where_, bs.placed, bs.refused, bs.fills, bs.reconnect_resyncs, bs.duplicate_id_retries,
            cs.messages_in, cs.decode_errors, cs.messages_out, cs.timeouts, fs.bars, fs.quotes, fs.trades,
            fs.backfill_bars, fs.backfill_retries, fs.backfill_failures, fs.dropped);
        if (const auto st = feed_->status(); st.degraded) out << "  feed: " << st.text << "\n";
        if (bs.modifies_sent + bs.modifies_refused > 0)
            out << fmt::format("  modifications: {} sent, {} confirmed, {} refused\n", bs.modifies_sent,
                               bs.modifies_confirmed, bs.modifies_refused);
        const auto breaks = engine::position_differences(held, baseline, ledger);
        for (const auto& d : breaks) {
            const auto before = baseline.find(d.symbol);
            out << fmt::format(
                "  POSITION BREAK {}: broker {} ledger {}{}\n", d.symbol.view(), d.broker.to_string(),
                d.ledger.to_string(),
                before == baseline.end() ? "" : " (net of " + before->second.to_string() + " held before)");
        }
        if (breaks.empty())
            out << "  broker positions equal the ledger (" << held.size() << " open"
                << (baseline.empty() ? "" : fmt::format(", {} held from before the session", baseline.size()))
                << ")\n";
        return breaks.empty();
    }
};

std::vector<std::string> sim_symbols(
    const std::map<std::string, std::vector<ibkr::sim::ReplayPoint>>& replay) {
    std::vector<std::string> out;
    for (auto& [s, pts] : replay) out.push_back(s);
    return out;
}

}  // namespace

std::unique_ptr<BrokerLink> BrokerLink::open(const Plan& plan, engine::SessionConfig& sc,
                                             const engine::LoadedFeed& loaded, std::ostream& out) {
    const SessionRequest& o = plan.request;
    const config::Config& cfg = plan.config;
    const std::string data = cfg.data.dir.string();
    const double speed = cfg.data.replay_speed;
    auto setup = std::make_unique<Setup>();
    const bool sim = o.broker == "tws-sim";
    ibkr::ClientConfig cc;
    cc.client_id = cfg.ibkr.client_id;
    // IBKR_TIMEOUT: every request's answer is due within it (a backfill is then asked again).
    cc.request_timeout = std::chrono::milliseconds(int64_t(cfg.ibkr.timeout * 1000));
    ibkr::IbkrBrokerConfig bc;
    ibkr::MarketDataConfig mc;
    mc.backfill_bars = o.backfill.value_or(60);
    auto tf = parse_timeframe(o.bar_timeframe.empty() ? (sim ? "5s" : "1m") : o.bar_timeframe);
    if (!tf)
        throw std::invalid_argument("--bar-timeframe \"" + o.bar_timeframe + "\": expected 5s, 1m, 5m, ...");
    mc.timeframe = *tf;
    if (!sim && !o.faults.empty()) throw std::invalid_argument("--fault: only with --broker tws-sim");
    if (sim) {
        ibkr::sim::SimConfig sim_cfg;
        sim_cfg.port = 0;
        for (const auto& f : o.faults) sim_cfg.faults.push_back(ibkr::sim::parse_fault(f));
        // One fill model: the simulator fills with the same commission, slippage and volume
        // cap the paper broker of this session would use.
        sim_cfg.broker.fills = sc.broker;
        sim_cfg.symbols.clear();
        for (auto& line : ibkr::sim::load_replay(data, sim_cfg.replay)) out << "  tws-sim: " << line << "\n";
        if (!o.symbols.empty())
            std::erase_if(sim_cfg.replay, [&](auto& kv) {
                return std::none_of(loaded.symbols.begin(), loaded.symbols.end(),
                                    [&](Symbol s) { return s.view() == kv.first; });
            });
        if (sim_cfg.replay.empty()) throw std::runtime_error("tws-sim: nothing to replay in " + data);
        // The simulator replays the records on their own calendar, at --speed market seconds
        // per second (0: one published second after another as fast as it steps).
        sim_cfg.data_clock = sim_cfg.hold_clock = true;
        sim_cfg.step = 1000ms;
        sim_cfg.speed = speed > 0 ? speed : 1e12;
        int64_t first = INT64_MAX, last = 0;
        for (auto& [s, pts] : sim_cfg.replay)
            for (auto& p : pts) first = std::min(first, p.at), last = std::max(last, p.at);
        for (const auto& f : loaded.inventory.bar_files) mc.recorded_bars[f.symbol] = f.timeframe;
        const double wall = speed > 0 ? double(last - first) / speed : 0;
        int64_t live = last - first;
        setup->sim_ = std::make_unique<SimServer>();
        setup->sim_->end_time = last;
        for (auto& s : sim_symbols(sim_cfg.replay)) mc.symbols.push_back(Symbol(s));
        setup->sim_->start(sim_cfg);
        cc.port = setup->sim_->sim->port();
        cc.mode = ibkr::TradingMode::paper;
        mc.data_time_stamps = true;
        bc.exec_time_zone = "UTC";              // the simulator prints UTC
        sc.engine.mode = engine::Mode::replay;  // paced by the simulator; its data clock below
        sc.engine.speed = 0;                    // the simulator paces the market
        setup->where_ = fmt::format("tws-sim on 127.0.0.1:{}", cc.port);
        out << fmt::format(
            "  tws-sim: {} symbols on 127.0.0.1:{}, {} market seconds ({} .. {} UTC) in about {:.0f} s\n",
            mc.symbols.size(), cc.port, live, ibkr::sim::tws_time(first), ibkr::sim::tws_time(last), wall);
    } else {
        if (cfg.ibkr.readonly)
            throw std::invalid_argument("--broker ibkr: IBKR_READONLY=true cannot place orders");
        if (cfg.execution.mode == config::ExecutionMode::backtest)
            throw std::invalid_argument("--broker ibkr: EXECUTION_MODE=backtest; expected paper or live");
        const bool live = cfg.execution.mode == config::ExecutionMode::live;
        if (live && (!o.confirm_live || cfg.execution.live_confirm != config::live_confirmation))
            throw std::invalid_argument(
                "--broker ibkr with EXECUTION_MODE=live sends real orders: it needs EXECUTION_LIVE_CONFIRM=" +
                std::string(config::live_confirmation) + " and --confirm-live");
        if (plan.data.symbols.empty())
            throw std::invalid_argument("--broker ibkr: name what to trade with --symbols (or SYMBOLS)");
        mc.symbols = plan.data.symbols;
        cc.host = cfg.ibkr.host;
        cc.port = static_cast<uint16_t>(cfg.ibkr.port);
        cc.mode = live ? ibkr::TradingMode::live : ibkr::TradingMode::paper;
        cc.live_confirmed = live;
        cc.connect_timeout = std::chrono::milliseconds(int64_t(cfg.ibkr.timeout * 1000));
        bc.account = cfg.ibkr.account;
        bc.exec_time_zone = plan.data.time_zone;
        sc.engine.mode = live ? engine::Mode::live : engine::Mode::paper;  // the wall clock: policy.hpp
        sc.engine.speed = 0;
        setup->where_ = fmt::format("{} at {}:{}", live ? "LIVE IBKR" : "IBKR paper", cc.host, cc.port);
    }
    sc.session_id = sim ? "sim" : sc.engine.mode == engine::Mode::live ? "live" : "paper";
    sc.feature_timeframes = {mc.timeframe};
    if (!mc.recorded_bars.empty()) {  // tws-sim: the data's own timeframes
        sc.feature_timeframes.clear();
        for (auto& [s, bar_tf] : mc.recorded_bars)
            if (std::find(sc.feature_timeframes.begin(), sc.feature_timeframes.end(), bar_tf) ==
                sc.feature_timeframes.end())
                sc.feature_timeframes.push_back(bar_tf);
    }
    setup->link_ = std::make_unique<ibkr::IbkrLink>(cc);
    setup->broker_ = std::make_unique<ibkr::IbkrBroker>(*setup->link_, bc);
    setup->feed_ = std::make_unique<ibkr::IbkrMarketData>(*setup->link_, mc);
    if (setup->sim_) {
        sc.engine.data_clock = &setup->feed_->data_clock();  // the simulator's data time
        auto* feed = setup->feed_.get();
        auto* server = setup->sim_.get();
        asio::post(server->io, [server, feed] {
            server->when_over(
                [feed, end = server->end_time] { feed->finish_at(from_unix_nanos(end * 1'000'000'000)); });
        });
    }
    setup->link_->start();
    // Up front: connected, and to an account that matches the mode.
    auto deadline =
        std::chrono::steady_clock::now() + std::chrono::duration<double>(std::max(cfg.ibkr.timeout, 1.0));
    while (setup->broker_->connection() != exec::BrokerConnection::connected) {
        if (std::chrono::steady_clock::now() > deadline)
            throw std::runtime_error(
                fmt::format("cannot connect to TWS at {}:{} within {} s (is TWS or Gateway "
                            "running with the API enabled?)",
                            cc.host, cc.port, cfg.ibkr.timeout));
        std::this_thread::sleep_for(10ms);
    }
    auto accounts = setup->link_->call([&] { return setup->link_->client().accounts(); });
    std::string account = bc.account.empty() && accounts.size() == 1 ? accounts.front() : bc.account;
    const bool paper_account = ibkr::is_paper_account(account);
    if (auto why = ibkr::account_mode_mismatch(cc.mode, account); !why.empty())
        throw std::runtime_error(
            "account " + (account.empty() ? std::string("(several; set IBKR_ACCOUNT)") : account) +
            " refused (EXECUTION_MODE=" + std::string(config::to_string(cfg.execution.mode)) + "): " + why);
    if (setup->sim_) {  // subscribed and backfilled: the replay's clock may start
        const auto until = std::chrono::steady_clock::now() + 30s;
        while (!setup->feed_->backfilled() && std::chrono::steady_clock::now() < until)
            std::this_thread::sleep_for(10ms);
        asio::post(setup->sim_->io, [server = setup->sim_.get()] { server->sim->start_clock(); });
    }
    // The account id itself is a secret: say only which kind it is.
    out << "  broker: " << setup->where_ << ", " << (paper_account ? "paper" : "LIVE")
        << " account, client id " << cc.client_id << "\n";
    return setup;
}

}  // namespace robo::session
