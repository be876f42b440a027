#include "robo/engine/backtest.hpp"

#include <algorithm>
#include <set>
#include <stdexcept>

namespace robo::engine {

LoadedFeed load_feed(const DataSelection& sel) {
    data::ReadOptions options;
    options.time_zone = sel.time_zone;
    if (sel.stop_on_bad_row) options.on_bad_row = data::OnBadRow::stop;
    options.columns = sel.columns;
    options.date_order = sel.date_order;
    return feed_from_loaded(data::load_data_path(sel.data, options), sel);  // a folder or one file
}

LoadedFeed feed_from_loaded(data::LoadedData data, const DataSelection& sel) {
    LoadedFeed out;
    out.inventory = std::move(data);
    const data::LoadedData& loaded = out.inventory;
    for (const auto& f : loaded.failures) out.failures.push_back(f.path + ": " + f.message);
    if (sel.stop_on_bad_row && !loaded.failures.empty())
        throw std::runtime_error(loaded.failures.front().message + " (DATA_ON_BAD_ROW=stop)");
    const Timestamp now = sel.now.value_or(wall_now());
    // The quality gate: the verdict of every row, from the rows before it only.
    auto gate = [&](const auto& file) {
        auto verdicts = data::quality::gate_rows(file, now);
        if (sel.stop_on_bad_row && verdicts.count() > 0)
            throw std::runtime_error(verdicts.quarantined.front().text + " (DATA_ON_BAD_ROW=stop)");
        out.quarantined_rows += verdicts.count();
        for (size_t i = 0; i < verdicts.by_reason.size(); ++i)
            out.quarantined_by_reason[i] += verdicts.by_reason[i];
        for (auto& q : verdicts.quarantined) out.quarantined.push_back(std::move(q));
        return std::move(verdicts.usable);
    };
    const std::set<Symbol> wanted(sel.symbols.begin(), sel.symbols.end());
    std::set<Symbol> present;
    auto selected = [&](Symbol s, Timestamp t) {
        if (!wanted.empty() && !wanted.count(s)) return false;
        if (sel.from && t < *sel.from) return false;
        if (sel.to && t >= *sel.to + std::chrono::days(1)) return false;
        return true;
    };
    auto note_rejects = [&](const auto& file) {
        out.rejected_rows += file.rejected.size();
        for (const auto& r : file.rejected)
            if (out.rejected_examples.size() < 5) out.rejected_examples.push_back(data::to_string(r));
    };
    size_t total = 0;
    for (const auto& f : loaded.bar_files) total += f.bars.size();
    for (const auto& f : loaded.tick_files) total += f.ticks.size();
    for (const auto& f : loaded.quote_files) total += f.quotes.size();
    out.feed.reserve(total);
    for (const auto& f : loaded.bar_files) {
        ++out.files;
        note_rejects(f);
        const auto usable = gate(f);
        for (size_t i = 0; i < f.bars.size(); ++i) {
            if (!usable[i]) continue;
            const Bar& b = f.bars[i];
            if (!selected(b.symbol, b.start)) {
                ++out.outside_selection;
                continue;
            }
            out.feed.add(b);
            ++out.bars;
            present.insert(b.symbol);
        }
    }
    for (const auto& f : loaded.tick_files) {
        ++out.files;
        note_rejects(f);
        const auto usable = gate(f);
        for (size_t i = 0; i < f.ticks.size(); ++i) {
            if (!usable[i]) continue;
            const Tick& t = f.ticks[i];
            if (!selected(t.symbol, t.time)) {
                ++out.outside_selection;
                continue;
            }
            out.feed.add(t);
            ++out.ticks;
            present.insert(t.symbol);
        }
    }
    for (const auto& f : loaded.quote_files) {
        ++out.files;
        note_rejects(f);
        const auto usable = gate(f);
        for (size_t i = 0; i < f.quotes.size(); ++i) {
            if (!usable[i]) continue;
            const Quote& q = f.quotes[i];
            if (!selected(q.symbol, q.time)) {
                ++out.outside_selection;
                continue;
            }
            out.feed.add(q);
            ++out.quotes;
            present.insert(q.symbol);
        }
    }
    for (Symbol s : wanted)
        if (!present.count(s))
            throw std::runtime_error("symbol " + s.str() + " has no data in " + sel.data.string() +
                                     (sel.from || sel.to ? " for the dates asked" : ""));
    if (out.feed.size() == 0) {
        // Say why: nothing read (data/files names it), everything quarantined, or all outside the selection.
        std::string why = data::explain_nothing_read(loaded);
        if (why.empty() && out.outside_selection == 0 && out.quarantined_rows > 0) {
            why = sel.data.string() + ": no usable market data: the quality gate quarantined every row (" +
                  data::quality::format_reasons(out.quarantined_by_reason) +
                  "); first: " + out.quarantined.front().text;
        }
        if (why.empty())
            why = sel.data.string() + ": no market data in the selection (check --symbols, --from, --to)";
        throw std::runtime_error(why);
    }
    out.feed.seal();
    out.symbols.assign(present.begin(), present.end());
    return out;
}

RunFiles write_run_files(const std::filesystem::path& dir, const exec::Portfolio& portfolio,
                         const report::Metrics& metrics, const report::ReportInfo& info) {
    std::filesystem::create_directories(dir);
    RunFiles f{dir / "trades.csv", dir / "fills.csv", dir / "equity.csv", dir / "report.html"};
    report::write_trades_csv(f.trades, portfolio);
    report::write_fills_csv(f.fills, portfolio);
    report::write_equity_csv(f.equity, portfolio);
    report::write_html_report(f.report, metrics, info);
    return f;
}

}  // namespace robo::engine
