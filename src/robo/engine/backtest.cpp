#include "robo/engine/backtest.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <future>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>

#include "robo/core/parallel.hpp"
#include "robo/data/quality/corporate_actions.hpp"
#include "robo/data/quality/finding.hpp"

namespace robo::engine {

LoadedFeed load_feed(const DataSelection& sel) {
    data::ReadOptions options;
    options.time_zone = sel.time_zone;
    if (sel.stop_on_bad_row) options.on_bad_row = data::OnBadRow::stop;
    options.columns = sel.columns;
    options.date_order = sel.date_order;
    return feed_from_loaded(data::load_data_path(sel.data, options), sel);  // a folder or one file
}

namespace {
// DATA_DIVIDENDS=cash: the cash dividends a daily file's Adj Close / Close shows on its usable
// bars (quarantined rows are left out, as the quality report does), amounts rounded to 0.0001.
// A bar file without Adj Close is named in `out.files_without_adj_close`.
template <class Usable>
void collect_dividends(const data::BarFile& f, const Usable& usable, LoadedFeed& out) {
    const bool daily = f.timeframe == Timeframe::day || f.timeframe == Timeframe::session;
    bool has_adj = daily && f.adjusted_close.size() == f.bars.size();
    if (has_adj)
        has_adj = std::any_of(f.adjusted_close.begin(), f.adjusted_close.end(),
                              [](const std::optional<Price>& p) { return p.has_value(); });
    if (!has_adj) {
        if (!f.bars.empty()) out.files_without_adj_close.push_back(f.path);
        return;
    }
    std::vector<Bar> bars;
    std::vector<double> adj;
    for (size_t i = 0; i < f.bars.size(); ++i) {
        if (!usable[i]) continue;
        bars.push_back(f.bars[i]);
        adj.push_back(f.adjusted_close[i] ? f.adjusted_close[i]->to_double() : 0.0);
    }
    for (const auto& a : data::quality::detect_corporate_actions(bars, adj)) {
        if (a.kind != data::quality::CorporateAction::Kind::dividend) continue;
        const int64_t ten_thousandths = std::llround(a.amount * 10'000);
        if (ten_thousandths <= 0) continue;
        out.dividends.push_back(
            {bars[a.index].symbol, a.date, Price::from_raw(ten_thousandths * (Price::scale / 10'000))});
    }
}

// Files that hold the same symbol at the same timeframe, with their ranges (backtest.hpp), and
// without `merge` the files left out: all but the one whose data ends last.
struct SameSymbolFiles {
    std::vector<std::string> lines;
    std::set<const data::BarFile*> left_out;
};
// The bar on its Adj Close basis: prices times Adj Close / Close (exact when that is 1).
Bar on_adjusted_basis(const Bar& b, double factor) {
    Bar out = b;
    for (Price* p : {&out.open, &out.high, &out.low, &out.close})
        *p = Price::from_double(p->to_double() * factor);
    return out;
}

SameSymbolFiles same_symbol_files(const data::LoadedData& loaded, bool merge) {
    std::map<std::pair<Symbol, Timeframe>, std::vector<const data::BarFile*>> by_symbol;
    for (const auto& f : loaded.bar_files)
        if (!f.bars.empty()) by_symbol[{f.bars.front().symbol, f.bars.front().timeframe}].push_back(&f);
    SameSymbolFiles out;
    for (auto& [key, files] : by_symbol) {
        if (files.size() < 2) continue;
        std::sort(files.begin(), files.end(),
                  [](const auto* a, const auto* b) { return a->bars.front().start < b->bars.front().start; });
        std::string line = key.first.str() + ":";
        for (size_t i = 0; i < files.size(); ++i) {
            const auto& f = *files[i];
            line +=
                fmt::format("{} {} {}..{}", i ? "," : "", std::filesystem::path(f.path).filename().string(),
                            report::ny_date(f.bars.front().start), report::ny_date(f.bars.back().start));
            if (i == 0) continue;
            const auto& before = *files[i - 1];
            const auto days =
                std::chrono::duration_cast<std::chrono::days>(f.bars.front().start - before.bars.back().start)
                    .count();
            line += days > 0 ? fmt::format(" (gap of {} days)", days)
                             : fmt::format(" (overlaps by {} days)", -days);
        }
        if (merge) {
            out.lines.push_back(line + "; merged into one series (DATA_MERGE_SAME_SYMBOL=true)");
            continue;
        }
        // The latest data wins (ties: the last path), so that the choice never depends on file order.
        const auto* kept = *std::max_element(files.begin(), files.end(), [](const auto* a, const auto* b) {
            return std::pair(a->bars.back().start, a->path) < std::pair(b->bars.back().start, b->path);
        });
        for (const auto* f : files)
            if (f != kept) out.left_out.insert(f);
        out.lines.push_back(line + fmt::format("; only {} is used, the one with the latest data "
                                               "(--set DATA_MERGE_SAME_SYMBOL=true merges them)",
                                               std::filesystem::path(kept->path).filename().string()));
    }
    return out;
}
}  // namespace

LoadedFeed feed_from_loaded(data::LoadedData data, const DataSelection& sel) {
    LoadedFeed out;
    out.inventory = std::move(data);
    const data::LoadedData& loaded = out.inventory;
    for (const auto& f : loaded.failures) out.failures.push_back(f.path + ": " + f.message);
    if (sel.stop_on_bad_row && !loaded.failures.empty())
        throw std::runtime_error(loaded.failures.front().message + " (DATA_ON_BAD_ROW=stop)");
    const Timestamp now = sel.now.value_or(wall_now());
    // The quality gate: the verdict of every row, from the rows before it only.
    data::quality::GateOptions gate_options;
    gate_options.rules.tick_outliers.k = sel.outlier_mad_threshold;
    gate_options.rules.bar_outliers.k = sel.outlier_mad_threshold;
    // Every file's verdicts, computed on every core before they are taken in file order.
    auto same_symbol = same_symbol_files(loaded, sel.merge_same_symbol);
    const size_t n_bar = loaded.bar_files.size(), n_tick = loaded.tick_files.size();
    std::vector<data::quality::GateVerdicts> verdicts_of(n_bar + n_tick + loaded.quote_files.size());
    parallel_for(verdicts_of.size(), [&](size_t i) {
        if (i < n_bar) {
            if (!same_symbol.left_out.count(&loaded.bar_files[i]))
                verdicts_of[i] = data::quality::gate_rows(loaded.bar_files[i], now, gate_options);
        } else if (i < n_bar + n_tick) {
            verdicts_of[i] = data::quality::gate_rows(loaded.tick_files[i - n_bar], now, gate_options);
        } else {
            verdicts_of[i] =
                data::quality::gate_rows(loaded.quote_files[i - n_bar - n_tick], now, gate_options);
        }
    });
    auto gate = [&](size_t file) {
        auto& verdicts = verdicts_of[file];
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
    // A file's records are one symbol after another: the set is touched once per run of a symbol.
    std::optional<Symbol> last_present;
    auto note_present = [&](Symbol s) {
        if (s == last_present) return;
        last_present = s;
        present.insert(s);
    };
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
    // Warm-up bars a series of `tf` needs: the most any strategy asks for, in this series' bars.
    auto warmup_for = [&](Timeframe tf) {
        int64_t n = 0;
        const int64_t own = std::max<int64_t>(timeframe_seconds(tf), 1);
        for (const auto& [want, bars] : sel.warmup) {
            const int64_t per = want ? std::max<int64_t>(1, (timeframe_seconds(*want) + own - 1) / own) : 1;
            n = std::max(n, int64_t(bars) * per);
        }
        return n;
    };
    out.same_symbol_files = std::move(same_symbol.lines);
    for (size_t k = 0; k < n_bar; ++k) {
        const auto& f = loaded.bar_files[k];
        ++out.files;
        if (same_symbol.left_out.count(&f)) {
            out.left_out_bars += f.bars.size();
            continue;
        }
        note_rejects(f);
        const auto usable = gate(k);
        if (sel.dividends_cash) collect_dividends(f, usable, out);
        // Usable bars of this series just before `from` that warm the strategies up.
        std::vector<char> warm(f.bars.size(), 0);
        if (sel.from && !sel.warmup.empty() && !f.bars.empty()) {
            int64_t need = warmup_for(f.bars.front().timeframe);
            for (size_t i = f.bars.size(); i-- > 0 && need > 0;) {
                if (!usable[i] || f.bars[i].start >= *sel.from) continue;
                warm[i] = 1;
                --need;
            }
        }
        const bool has_adj = sel.adjusted_prices && f.adjusted_close.size() == f.bars.size();
        for (size_t i = 0; i < f.bars.size(); ++i) {
            if (!usable[i]) continue;
            Bar adjusted;
            const Bar* bar = &f.bars[i];
            bool owned = false;  // an adjusted copy: the feed keeps it
            if (has_adj && f.adjusted_close[i] && bar->close.is_positive() &&
                f.adjusted_close[i]->is_positive()) {
                adjusted = on_adjusted_basis(*bar, f.adjusted_close[i]->to_double() / bar->close.to_double());
                bar = &adjusted;
                owned = true;
                ++out.adjusted_bars;
            }
            const Bar& b = *bar;
            auto feed = [&](bool backfill) {
                owned ? out.feed.add_owned(b, backfill) : out.feed.add(b, backfill);
            };
            if (warm[i] && (wanted.empty() || wanted.count(b.symbol))) {
                feed(/*backfill=*/true);
                ++out.warmup_bars;
                continue;
            }
            if (!selected(b.symbol, b.start)) {
                ++out.outside_selection;
                continue;
            }
            feed(/*backfill=*/false);
            ++out.bars;
            note_present(b.symbol);
        }
    }
    for (size_t k = 0; k < n_tick; ++k) {
        const auto& f = loaded.tick_files[k];
        ++out.files;
        note_rejects(f);
        const auto usable = gate(n_bar + k);
        for (size_t i = 0; i < f.ticks.size(); ++i) {
            if (!usable[i]) continue;
            const Tick& t = f.ticks[i];
            if (!selected(t.symbol, t.time)) {
                ++out.outside_selection;
                continue;
            }
            out.feed.add(t);
            ++out.ticks;
            note_present(t.symbol);
        }
    }
    for (size_t k = 0; k < loaded.quote_files.size(); ++k) {
        const auto& f = loaded.quote_files[k];
        ++out.files;
        note_rejects(f);
        const auto usable = gate(n_bar + n_tick + k);
        for (size_t i = 0; i < f.quotes.size(); ++i) {
            if (!usable[i]) continue;
            const Quote& q = f.quotes[i];
            if (!selected(q.symbol, q.time)) {
                ++out.outside_selection;
                continue;
            }
            out.feed.add(q);
            ++out.quotes;
            note_present(q.symbol);
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
    if (sel.adjusted_prices && out.bars + out.warmup_bars > 0 && out.adjusted_bars == 0)
        throw std::runtime_error(
            sel.data.string() +
            ": DATA_ADJUSTED_PRICES=true, but no bar has an Adj Close to adjust by; use files "
            "with an Adj Close column, or trade the prices as they are");
    if (sel.dividends_cash && sel.adjusted_prices)
        throw std::runtime_error(
            "DATA_DIVIDENDS=cash with DATA_ADJUSTED_PRICES=true: adjusted prices already contain the "
            "dividends, which would be counted twice; book them as cash on unadjusted prices, or trade "
            "adjusted prices with DATA_DIVIDENDS=ignore");
    // Every bar file used lacks Adj Close (or there are only ticks and quotes): nothing to book.
    if (sel.dividends_cash &&
        out.files_without_adj_close.size() == loaded.bar_files.size() - same_symbol.left_out.size())
        throw std::runtime_error(sel.data.string() +
                                 ": DATA_DIVIDENDS=cash, but no Adj Close column in any bar file: dividends "
                                 "unknown; use files with an Adj Close column, or DATA_DIVIDENDS=ignore");
    std::stable_sort(out.dividends.begin(), out.dividends.end(),
                     [](const DividendEvent& a, const DividendEvent& b) {
                         return a.symbol != b.symbol ? a.symbol < b.symbol : a.ex_date < b.ex_date;
                     });
    out.feed.seal();
    out.symbols.assign(present.begin(), present.end());
    return out;
}

namespace {
RunFiles run_file_names(const std::filesystem::path& dir) {
    std::filesystem::create_directories(dir);
    return {dir / "trades.csv", dir / "fills.csv", dir / "equity.csv", dir / "report.html"};
}

// The three tables need only the (finished, no longer changing) ledger: they are written on
// another core while the caller computes and writes the report. get() rethrows a failure;
// a future of std::async waits for its task when destroyed, so on any way out (the report
// failing too) no thread outlives what it reads.
std::future<void> write_tables_meanwhile(const RunFiles& f, const exec::Portfolio& portfolio) {
    return std::async(std::launch::async, [&f, &portfolio] {
        report::write_trades_csv(f.trades, portfolio);
        report::write_fills_csv(f.fills, portfolio);
        report::write_equity_csv(f.equity, portfolio);
    });
}
}  // namespace

RunFiles write_run_files(const std::filesystem::path& dir, const exec::Portfolio& portfolio,
                         const report::Metrics& metrics, const report::ReportInfo& info) {
    const RunFiles f = run_file_names(dir);
    auto tables = write_tables_meanwhile(f, portfolio);
    report::write_html_report(f.report, metrics, info);
    tables.get();
    return f;
}

namespace {
report::ReportTable refusal_table(const GateTally& t) {
    report::ReportTable table{"Orders refused by the gate, by kind", {}, {}};
    int64_t kinds = 0;
    for (const auto& [kind, n] : t.by_kind) {
        table.rows.push_back({kind, std::to_string(n)});
        kinds += n;
    }
    table.rows.push_back({"orders refused", std::to_string(t.refusals)});
    if (t.multi_kind > 0)
        table.note = fmt::format(
            "{} of the {} refusals carried several kinds at once; each is counted under every kind it "
            "carried, "
            "so the kinds add up to {}.",
            t.multi_kind, t.refusals, kinds);
    if (t.refusals == 0) table.note = "The gate refused nothing.";
    return table;
}

report::ReportTable trip_table(const GateTally& t) {
    report::ReportTable table{"Kill-switch trips, by trigger", {}, {}};
    for (const auto& [trigger, n] : t.trips_by_trigger) table.rows.push_back({trigger, std::to_string(n)});
    table.rows.push_back({"trips", std::to_string(t.trips)});
    return table;
}

report::ReportTable limits_table(const nlohmann::json& limits) {
    report::ReportTable table{"Gate and limits in force", {}, {}};
    for (const auto& [k, v] : limits.items())
        table.rows.push_back({k, v.is_string() ? v.get<std::string>() : v.dump()});
    return table;
}

// What sizing and the broker's volume cap did to the orders, said when it happened.
report::ReportTable sizing_table(const TraderStats& ts) {
    report::ReportTable table{"Sizing and fills: what held orders back", {}, {}};
    for (const auto& [cap, n] : ts.caps)
        table.rows.push_back(
            {"entries " + cap + " (smaller than the sizing method asked)", std::to_string(n)});
    if (ts.zero_size > 0)
        table.rows.push_back(
            {"wishes too small to size (see sizing_zero in the audit)", std::to_string(ts.zero_size)});
    if (ts.kelly_no_edge > 0) {
        table.rows.push_back({"entries Kelly refused for want of edge", std::to_string(ts.kelly_no_edge)});
        table.note = kKellyRecovery;
    }
    if (ts.expired_without_volume > 0)
        table.rows.push_back(
            {"orders expired: the data had no volume for the volume cap to lend (--max-volume-share 0 turns "
             "the cap off)",
             std::to_string(ts.expired_without_volume)});
    return table;
}

std::optional<report::Benchmark> benchmark_of(const LoadedFeed& loaded, const report::Metrics& metrics,
                                              exec::CommissionPlan plan) {
    const std::set<Symbol> traded(loaded.symbols.begin(), loaded.symbols.end());
    // One timeframe per symbol (its finest in the files), so a symbol is not counted twice.
    // A file's bars are one symbol, one after another: each look-up is made once per run of
    // the same symbol, not once per bar.
    std::map<Symbol, Timeframe> finest;
    for (const auto& f : loaded.inventory.bar_files) {
        std::optional<Symbol> last;
        Timeframe* slot = nullptr;  // the symbol's entry in `finest`; null when not traded
        for (const Bar& b : f.bars) {
            if (b.symbol != last) {
                last = b.symbol;
                slot = traded.count(b.symbol) ? &finest.try_emplace(b.symbol, b.timeframe).first->second
                                              : nullptr;
            }
            if (slot && timeframe_seconds(b.timeframe) < timeframe_seconds(*slot)) *slot = b.timeframe;
        }
    }
    std::vector<const Bar*> bars;
    for (const auto& f : loaded.inventory.bar_files) {
        std::optional<Symbol> last;
        const Timeframe* wanted = nullptr;
        for (const Bar& b : f.bars) {
            if (b.symbol != last) {
                last = b.symbol;
                auto it = finest.find(b.symbol);
                wanted = it == finest.end() ? nullptr : &it->second;
            }
            if (wanted && *wanted == b.timeframe) bars.push_back(&b);
        }
    }
    if (bars.empty()) return std::nullopt;
    return report::buy_and_hold(bars, metrics, plan);
}
}  // namespace

RunFiles write_run_files(const std::filesystem::path& dir, Session& session, const LoadedFeed& loaded,
                         const report::Metrics& metrics, report::ReportInfo info) {
    const GateTally tally = session.gate().tally();
    const nlohmann::json limits = session.gate().limits_json();
    RunFiles f = run_file_names(dir);
    auto tables = write_tables_meanwhile(f, session.portfolio());
    info.benchmark = benchmark_of(loaded, metrics, session.config().broker.commission);
    info.tables.push_back(refusal_table(tally));
    info.tables.push_back(trip_table(tally));
    info.tables.push_back(limits_table(limits));
    if (auto notes = sizing_table(session.trader().stats()); !notes.rows.empty())
        info.tables.push_back(notes);
    report::write_html_report(f.report, metrics, info);
    tables.get();
    const auto& ts = session.trader().stats();
    nlohmann::json quarantined_by_reason = nlohmann::json::object();
    for (size_t i = 0; i < loaded.quarantined_by_reason.size(); ++i)
        if (loaded.quarantined_by_reason[i] > 0)
            quarantined_by_reason[std::string(data::quality::to_string(data::quality::Check(i)))] =
                loaded.quarantined_by_reason[i];
    nlohmann::json details{{"refusals", tally.to_json()},
                           {"kill_switch",
                            {{"state", session.gate().kill_switch_state()},
                             {"trips", tally.trips},
                             {"trips_by_trigger", tally.trips_by_trigger}}},
                           {"gate", limits},
                           {"orders",
                            {{"sent", ts.orders},
                             {"refused_by_gate", ts.gate_refusals},
                             {"rejected_by_broker", ts.broker_rejections},
                             {"too_small_to_size", ts.zero_size},
                             {"sizes_capped", ts.sizes_capped},
                             {"sizes_capped_by", ts.caps},
                             {"kelly_no_edge", ts.kelly_no_edge},
                             {"expired_without_volume", ts.expired_without_volume},
                             {"stop_outs", ts.stop_outs},
                             {"held_back", ts.held_back}}},
                           {"data",
                            {{"files", loaded.files},
                             {"bars", loaded.bars},
                             {"trades", loaded.ticks},
                             {"quotes", loaded.quotes},
                             {"rejected_rows", loaded.rejected_rows},
                             {"quarantined_rows", loaded.quarantined_rows},
                             {"quarantined_by_reason", quarantined_by_reason},
                             {"same_symbol_files", loaded.same_symbol_files},
                             {"same_symbol_bars_left_out", loaded.left_out_bars},
                             {"bars_on_adj_close_basis", loaded.adjusted_bars}}},
                           {"run", session.engine().summary().to_json()}};
    details["run"].erase("wall_seconds");  // the same run gives the same file
    f.summary = dir / "summary.json";
    report::write_summary_json(f.summary, metrics, info, details);
    return f;
}

}  // namespace robo::engine
