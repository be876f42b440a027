// session/backfill.cpp — see backfill.hpp.
#include "robo/session/backfill.hpp"

#include <ostream>

#include <boost/asio.hpp>
#include <filesystem>
#include <fstream>
#include <map>

#include "robo/data/files/readers.hpp"
#include "robo/ibkr/adapt/translate.hpp"
#include "robo/ibkr/client/client.hpp"

namespace robo::session {
namespace {

std::vector<Symbol> symbols_of(const std::vector<std::string>& texts) {
    std::vector<Symbol> symbols;
    for (const auto& s : texts) {
        if (s.empty()) continue;
        Symbol sym;
        if (!Symbol::try_make(s, sym))
            throw std::invalid_argument("--symbols \"" + s + "\": expected a ticker such as AAPL");
        // The symbol names the output file: "../../ETC/X" must not climb out of --out.
        if (!data::symbol_is_path_safe(sym))
            throw std::invalid_argument("--symbols \"" + s +
                                        "\" holds path characters ('/' or a leading '.'): refused");
        symbols.push_back(sym);
    }
    if (symbols.empty()) throw std::invalid_argument("--symbols is empty; expected e.g. AAPL,MSFT");
    return symbols;
}

}  // namespace

std::string backfill_address(const config::Config& config, const BackfillRequest& r) {
    return r.host.value_or(config.ibkr.host) + ":" + std::to_string(r.port.value_or(config.ibkr.port));
}

BackfillResult backfill(const config::Config& config, const BackfillRequest& r) {
    using namespace robo::ibkr;
    const auto tf = parse_timeframe(r.bar);
    if (!tf || *tf == Timeframe::session)
        throw std::invalid_argument("--bar " + r.bar + ": expected 1s, 5s, 1m, 5m, 15m, 30m, 1h or 1d");
    const std::vector<Symbol> symbols = symbols_of(r.symbols);
    const int port = r.port.value_or(config.ibkr.port);
    if (port < 1 || port > 65535)
        throw std::invalid_argument("--port " + std::to_string(port) + ": expected 1 to 65535");
    if (r.timeout_s <= 0) throw std::invalid_argument("--timeout must be a positive number of seconds");
    std::filesystem::create_directories(r.out);

    boost::asio::io_context io;
    ClientConfig cfg;
    cfg.host = r.host.value_or(config.ibkr.host);
    cfg.port = static_cast<uint16_t>(port);
    cfg.client_id = r.client_id;
    Client client(io, cfg);
    BackfillResult result;
    std::map<int, Symbol> pending;
    client.on_event = [&](ConnectionEvent e) {
        if (e == ConnectionEvent::gave_up) io.stop();
        if (e != ConnectionEvent::connected || result.connected) return;
        result.connected = true;
        for (auto s : symbols) {
            ReqHistoricalData q;
            q.contract = stock_contract(s);
            q.bar_size = bar_size_setting(*tf);
            q.duration = r.duration;
            q.end_date_time = r.end;
            q.use_rth = r.all_hours ? 0 : 1;
            q.format_date = 2;  // epoch seconds: no time-zone guessing
            pending.emplace(client.request_historical(q), s);
        }
    };
    client.on_message = [&](const ServerMessage& m) {
        if (auto* h = std::get_if<HistoricalDataMsg>(&m)) {
            auto it = pending.find(h->req_id);
            if (it == pending.end()) return;
            auto path = std::filesystem::path(r.out) /
                        (it->second.str() + "_" + std::string(to_string(*tf)) + ".csv");
            std::ofstream f(path);
            f << "timestamp,open,high,low,close,volume\n";
            for (auto& b : h->bars) {
                auto bar = to_bar(b, it->second, *tf);
                f << format_iso_micros(bar.start) << ',' << bar.open.to_string() << ','
                  << bar.high.to_string() << ',' << bar.low.to_string() << ',' << bar.close.to_string() << ','
                  << bar.volume.to_string() << '\n';
            }
            f.close();
            if (!f)
                result.errors.push_back(it->second.str() + ": writing " + path.string() + " failed");
            else
                result.written.push_back(it->second.str() + ": " + std::to_string(h->bars.size()) +
                                         " bars -> " + path.string());
            pending.erase(it);
        } else if (auto* e = std::get_if<ErrorMsg>(&m)) {
            auto it = pending.find(e->req_id);
            if (it == pending.end()) return;
            result.errors.push_back(it->second.str() + ": error " + std::to_string(e->code) + ": " +
                                    e->message);
            pending.erase(it);
        }
        if (result.connected && pending.empty()) io.stop();
    };
    client.connect();
    io.run_for(std::chrono::seconds(r.timeout_s));
    result.unanswered = pending.size();
    return result;
}

int backfill_command(const config::Config& cfg, const BackfillRequest& request, std::ostream& out,
                     std::ostream& err) {
    BackfillResult r;
    try {
        r = backfill(cfg, request);
    } catch (const std::invalid_argument& e) {
        err << "ibkr-backfill: " << e.what() << "\n";
        return 2;
    }
    for (const auto& line : r.written) out << "ibkr-backfill: " << line << "\n";
    for (const auto& line : r.errors) err << "ibkr-backfill: " << line << "\n";
    if (!r.connected)
        err << "ibkr-backfill: could not connect to " << backfill_address(cfg, request)
            << " (is TWS/Gateway running with the API enabled, or `robo_trader tws-sim`?)\n";
    else if (r.unanswered)
        err << "ibkr-backfill: " << r.unanswered << " request(s) unanswered after " << request.timeout_s
            << " s\n";
    return r.exit_code();
}

}  // namespace robo::session
