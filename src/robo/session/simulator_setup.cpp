// session/simulator_setup.cpp — see simulator_setup.hpp.
#include "robo/session/simulator_setup.hpp"

#include <fmt/format.h>

#include <cctype>
#include <cmath>

#include "robo/session/plan.hpp"

namespace robo::session {
namespace {

std::vector<std::string> split_symbols(const std::string& s) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : s + ",") {
        if (c == ',') {
            if (!cur.empty()) out.push_back(cur);
            cur.clear();
        } else {
            cur += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        }
    }
    return out;
}

}  // namespace

ibkr::sim::SimConfig simulator_config(const config::Config& config, const SimulatorRequest& r,
                                      std::vector<std::string>& lines) {
    namespace sim = ibkr::sim;
    sim::SimConfig cfg;
    cfg.port = static_cast<uint16_t>(r.port);
    cfg.speed = r.speed;
    cfg.broker.account = r.account;
    cfg.broker.fills = fill_model(config, r.fills);
    if (!sim::parse_fill_source(r.fill_on, cfg.broker.fill_on))
        throw std::invalid_argument("--fill-on \"" + r.fill_on + "\": expected bars or quotes");
    if (r.spread_share) {
        if (cfg.broker.fill_on != sim::FillSource::quotes)
            throw std::invalid_argument("--spread-share needs --fill-on quotes (bars have no spread)");
        if (!(*r.spread_share >= 0 && *r.spread_share <= 1))
            throw std::invalid_argument(fmt::format("--spread-share {}: expected 0 to 1", *r.spread_share));
        cfg.broker.fills.slippage = exec::SlippageModel::spread_share;
        cfg.broker.fills.spread_share_bps = int64_t(std::llround(*r.spread_share * 10'000));
    }
    cfg.symbols = split_symbols(r.symbols);
    if (cfg.symbols.empty())
        throw std::invalid_argument("--symbols is empty; expected a comma-separated list such as AAPL,MSFT");
    if (!r.data.empty()) {
        try {
            for (auto& line : sim::load_replay(r.data, cfg.replay)) lines.push_back(std::move(line));
        } catch (const std::exception& e) {
            throw std::invalid_argument("--data " + r.data + ": " + e.what());
        }
    }
    for (const auto& f : r.faults) cfg.faults.push_back(sim::parse_fault(f));
    return cfg;
}

std::string describe_fill_model(const ibkr::sim::SimConfig& cfg) {
    const auto& fm = cfg.broker.fills;
    const std::string size_cap =
        cfg.broker.fill_on == ibkr::sim::FillSource::quotes ? "size capped by the displayed size"
        : fm.max_volume_share_bps == 0
            ? "no volume cap"
            : fmt::format("at most {}% of a bar's volume", double(fm.max_volume_share_bps) / 100);
    return fmt::format("fills on {} with commission {}, {}, {}", to_string(cfg.broker.fill_on),
                       exec::to_string(fm.commission),
                       fm.slippage == exec::SlippageModel::spread_share
                           ? fmt::format("{}% of the spread from mid", double(fm.spread_share_bps) / 100)
                           : fmt::format("slippage {} bps", fm.slippage_bps),
                       size_cap);
}

}  // namespace robo::session
