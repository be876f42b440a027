// apps/cmd_ibkr_backfill.cpp — `robo_trader ibkr-backfill`: historical bars from TWS,
// IB Gateway or tws-sim into CSV files, one per symbol, with IBKR's pacing rules kept by
// the client (an identical request waits 15 s; at most 60 per 10 minutes, 50 open).
#include <boost/asio.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "command_registry.hpp"
#include "robo/data/files/readers.hpp"
#include "robo/ibkr/adapt/translate.hpp"
#include "robo/ibkr/client/client.hpp"

namespace robo::apps {
namespace {

struct BackfillOptions {
    std::string host = "127.0.0.1";
    int port = 7497;
    int client_id = 17;
    std::string symbols;
    std::string bar = "1d";
    std::string duration = "1 Y";
    std::string end;
    bool all_hours = false;
    std::string out = "data/backfill";
    int timeout_s = 600;
};

int run_backfill(const BackfillOptions& o) {
    using namespace robo::ibkr;
    auto tf = parse_timeframe(o.bar);
    if (!tf || *tf == Timeframe::session) {
        std::cerr << "ibkr-backfill: --bar " << o.bar << ": expected 1s, 5s, 1m, 5m, 15m, 30m, 1h or 1d\n";
        return 2;
    }
    std::vector<Symbol> symbols;
    try {
        std::string_view list = o.symbols;
        while (!list.empty()) {
            auto comma = list.find(',');
            if (auto s = list.substr(0, comma); !s.empty()) {
                symbols.emplace_back(s);
                // The symbol names the output file: "../../ETC/X" must not climb out of --out.
                if (!data::symbol_is_path_safe(symbols.back()))
                    throw std::invalid_argument("\"" + std::string(s) +
                                                "\" holds path characters ('/' or a leading '.'): refused");
            }
            if (comma == std::string_view::npos) break;
            list.remove_prefix(comma + 1);
        }
    } catch (const std::exception& e) {
        std::cerr << "ibkr-backfill: --symbols: " << e.what() << "\n";
        return 2;
    }
    if (symbols.empty()) {
        std::cerr << "ibkr-backfill: --symbols is empty; expected e.g. AAPL,MSFT\n";
        return 2;
    }
    std::filesystem::create_directories(o.out);

    boost::asio::io_context io;
    ClientConfig cfg;
    cfg.host = o.host;
    cfg.port = static_cast<uint16_t>(o.port);
    cfg.client_id = o.client_id;
    Client client(io, cfg);
    std::map<int, Symbol> pending;
    int failures = 0;
    bool requested = false;
    client.on_event = [&](ConnectionEvent e) {
        if (e == ConnectionEvent::gave_up) io.stop();
        if (e != ConnectionEvent::connected || requested) return;
        requested = true;
        for (auto s : symbols) {
            ReqHistoricalData r;
            r.contract = stock_contract(s);
            r.bar_size = bar_size_setting(*tf);
            r.duration = o.duration;
            r.end_date_time = o.end;
            r.use_rth = o.all_hours ? 0 : 1;
            r.format_date = 2;  // epoch seconds: no time-zone guessing
            pending.emplace(client.request_historical(r), s);
        }
    };
    client.on_message = [&](const ServerMessage& m) {
        if (auto* h = std::get_if<HistoricalDataMsg>(&m)) {
            auto it = pending.find(h->req_id);
            if (it == pending.end()) return;
            auto path = std::filesystem::path(o.out) /
                        (it->second.str() + "_" + std::string(to_string(*tf)) + ".csv");
            std::ofstream f(path);
            f << "timestamp,open,high,low,close,volume\n";
            for (auto& b : h->bars) {
                auto bar = to_bar(b, it->second, *tf);
                f << format_iso_micros(bar.start) << ',' << bar.open.to_string() << ','
                  << bar.high.to_string() << ',' << bar.low.to_string() << ',' << bar.close.to_string() << ','
                  << bar.volume.to_string() << '\n';
            }
            std::cout << "ibkr-backfill: " << it->second.view() << ": " << h->bars.size() << " bars -> "
                      << path.string() << "\n";
            pending.erase(it);
        } else if (auto* e = std::get_if<ErrorMsg>(&m)) {
            auto it = pending.find(e->req_id);
            if (it == pending.end()) return;
            std::cerr << "ibkr-backfill: " << it->second.view() << ": error " << e->code << ": " << e->message
                      << "\n";
            ++failures;
            pending.erase(it);
        }
        if (requested && pending.empty()) io.stop();
    };
    client.connect();
    io.run_for(std::chrono::seconds(o.timeout_s));
    if (!requested) {
        std::cerr << "ibkr-backfill: could not connect to " << o.host << ":" << o.port
                  << " (is TWS/Gateway running with the API enabled, or `robo_trader tws-sim`?)\n";
        return 1;
    }
    if (!pending.empty()) {
        std::cerr << "ibkr-backfill: " << pending.size() << " request(s) unanswered after " << o.timeout_s
                  << " s\n";
        return 1;
    }
    return failures == 0 ? 0 : 1;
}

CommandRegistration backfill_command{
    "ibkr-backfill", "Download historical bars from TWS/Gateway (or tws-sim) into CSV files",
    [](CLI::App& cmd) {
        auto o = std::make_shared<BackfillOptions>();
        cmd.add_option("--symbols", o->symbols, "Comma-separated symbols")->required();
        cmd.add_option("--bar", o->bar, "Bar size: 1s, 5s, 1m, 5m, 15m, 30m, 1h, 1d");
        cmd.add_option("--duration", o->duration, "TWS duration: \"N S|D|W|M|Y\"");
        cmd.add_option("--end", o->end, "End time yyyyMMdd-HH:mm:ss (UTC); empty: now");
        cmd.add_flag("--all-hours", o->all_hours, "Include bars outside regular trading hours");
        cmd.add_option("--out", o->out, "Output folder");
        cmd.add_option("--host", o->host, "TWS/Gateway address");
        cmd.add_option("--port", o->port, "7497 TWS paper, 4002 Gateway paper, 7496/4001 live");
        cmd.add_option("--client-id", o->client_id, "API client id");
        cmd.add_option("--timeout", o->timeout_s, "Give up after this many seconds");
        return [o]() -> int { return run_backfill(*o); };
    }};

}  // namespace
}  // namespace robo::apps
