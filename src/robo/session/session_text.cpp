// session/session_text.cpp — see session_text.hpp.
#include "robo/session/session_text.hpp"

#include <fmt/format.h>

#include <sstream>

#include "robo/data/files/inventory.hpp"

namespace robo::session {

std::string with_commas(uint64_t n) {
    std::string s = std::to_string(n), out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (i && (s.size() - i) % 3 == 0) out += ',';
        out += s[i];
    }
    return out;
}

// What was loaded, and what of it the session will not use.
std::string describe_data(const SessionBuilder& b) {
    std::ostringstream out;
    const auto& plan = b.plan();
    const auto& loaded = b.data();
    const std::string cmd = plan.request.command;
    if (plan.request.mode == engine::Mode::backtest) {
        out << fmt::format("robo_trader {}: {} files, {} symbols, {} bars, {} trades, {} quotes from {}\n",
                           cmd, loaded.files, loaded.symbols.size(), with_commas(loaded.bars),
                           with_commas(loaded.ticks), with_commas(loaded.quotes), plan.data_label);
        if (loaded.rejected_rows) {
            out << fmt::format("  {} rejected rows (quarantined), for example:\n", loaded.rejected_rows);
            for (const auto& r : loaded.rejected_examples) out << "    " << r << "\n";
        }
    } else {
        out << "robo_trader run: market data in " << plan.data_label << "\n";
        data::print_inventory(out, loaded.inventory);
    }
    if (loaded.warmup_bars)
        out << fmt::format(
            "  {} bars before --from warm the strategies up (seen, never traded, not in the "
            "metrics)\n",
            with_commas(loaded.warmup_bars));
    // Rows the quality gate kept out of the session, by reason, with the first few named.
    if (loaded.quarantined_rows) {
        out << fmt::format("  {} rows quarantined by the quality gate ({}), never traded, for example:\n",
                           loaded.quarantined_rows,
                           data::quality::format_reasons(loaded.quarantined_by_reason));
        for (size_t i = 0; i < loaded.quarantined.size() && i < 5; ++i)
            out << "    " << loaded.quarantined[i].text << "\n";
    }
    if (plan.request.mode == engine::Mode::backtest)
        for (const auto& f : loaded.failures) out << "  UNREADABLE " << f << "\n";
    for (const auto& line : loaded.same_symbol_files)
        out << "  same symbol in several files: " << line << "\n";
    return out.str();
}

std::string describe_start(SessionBuilder& b) {
    std::ostringstream out;
    const auto& plan = b.plan();
    const auto& sc = plan.engine;
    const bool backtest = plan.request.mode == engine::Mode::backtest;
    const auto& symbols = b.data().symbols;
    out << fmt::format(
        "  {} {} with {} ({}), {} sizing, cash {}, commission {}, slippage {} bps{}\n",
        backtest ? "backtesting" : "paper trading on a replay,",
        symbols.size() == 1 ? symbols[0].str() : std::to_string(symbols.size()) + " symbols",
        b.strategy_names(), plan.request.combine, risk::to_string(sc.trader.sizing.method),
        sc.initial_cash.to_string(2), exec::to_string(sc.broker.commission), sc.broker.slippage_bps,
        backtest                            ? ""
        : plan.config.data.replay_speed > 0 ? fmt::format(", speed {}x", plan.config.data.replay_speed)
                                            : ", as fast as possible");
    out << "  policy (" << to_string(plan.policy.kind) << "): " << plan.policy.describe() << "\n";
    const auto& gate = b.session().gate();
    if (gate.kill_switch_tripped())
        out << "  KILL SWITCH TRIPPED: " << gate.kill_switch_state()
            << "\n    new entries are refused; exits and cancels pass. Reset: robo_trader risk reset "
               "--reason \"who: why\""
            << (plan.policy.kill_switch_file.empty() ? ""
                                                     : " --state " + plan.policy.kill_switch_file.string())
            << "\n";
    return out.str();
}

std::string describe_outcome(SessionBuilder& b, const Outcome& o) {
    std::ostringstream out;
    auto& s = b.session();
    const auto& summary = o.summary;
    out << fmt::format(
        "\n{} after {} events in {:.2f} s ({}/s): {}\n", engine::to_string(summary.final_state),
        with_commas(summary.events), summary.wall_seconds,
        with_commas(uint64_t(summary.wall_seconds > 0 ? double(summary.events) / summary.wall_seconds : 0)),
        summary.stop_reason);
    out << report::format_summary(o.metrics) << "\n" << report::format_symbol_table(o.metrics);
    const auto& ts = s.trader().stats();
    out << fmt::format(
        "  orders {}, refused by the gate {}, rejected by the broker {}, stop-outs {}, wishes too small to "
        "size {}\n",
        ts.orders, ts.gate_refusals, ts.broker_rejections, ts.stop_outs, ts.zero_size);
    if (ts.retries + ts.parked + ts.held_back > 0) {
        std::string parked;
        for (const auto& p : s.trader().parked())
            parked += fmt::format("{}{} ({})", parked.empty() ? "" : ", ", p.symbol.view(), p.reason);
        out << fmt::format(
            "  order flow: {} retries after broker rejections, {} symbol(s) parked{}, {} wishes held back\n",
            ts.retries, ts.parked, parked.empty() ? "" : " (" + parked + ")", ts.held_back);
    }
    if (ts.stop_moves_requested + ts.stop_move_refusals > 0)
        out << fmt::format(
            "  trailing stops: {} moves asked, {} made, {} refused by the gate, {} refused by the broker\n",
            ts.stop_moves_requested, ts.stops_moved, ts.stop_move_refusals, ts.stop_move_rejections);
    if (const auto* fs = s.features(); fs && fs->snapshots() == 0 && fs->unread() > 0)
        out << fmt::format("  features: not computed, no strategy reads them ({} bars)\n", fs->unread());
    else if (fs)
        out << fmt::format("  features: {} snapshots, {} bars refused{}\n", fs->snapshots(), fs->refused(),
                           fs->refused() ? " (last: " + fs->last_error() + ")" : "");
    if (auto refusals = s.gate().refusal_summary(); !refusals.empty())
        out << "  refused by kind: " << refusals << "\n";
    out << "  kill switch: " << s.gate().kill_switch_state() << "\n";
    if (o.files.report.empty()) return out.str();  // a research run writes no file
    out << "\n  trades  " << o.files.trades.string() << "\n  fills   " << o.files.fills.string()
        << "\n  equity  " << o.files.equity.string() << "\n  audit   " << b.plan().audit_path.string()
        << "\n  log     " << b.plan().log.file.string() << "\n  report  " << o.files.report.string()
        << "\n  summary " << o.files.summary.string() << "\n";
    return out.str();
}

}  // namespace robo::session
