#include "robo/data/quality/file_check.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <ostream>
#include <set>

namespace robo::data::quality {

namespace {

FileQuality start(const std::string& path, const Symbol& symbol, std::string what, size_t rows,
                  const std::vector<RowIssue>& rejected, size_t records) {
    FileQuality q;
    q.path = path;
    q.symbol = symbol;
    q.what = std::move(what);
    q.rows = rows;
    q.rejected = rejected;
    q.lines = record_lines(records, rejected);
    return q;
}

GateOptions gate_options(const FileCheckOptions& o) {
    GateOptions g;
    g.rules = o.rules.gate;
    g.corporate = o.rules.corporate;
    g.calendar = o.calendar;
    g.auto_min_in_hours = o.auto_min_in_hours;
    return g;
}

HistoryRules with_calendar(const FileCheckOptions& o, bool use) {
    HistoryRules r = o.rules;
    r.gate.calendar = use ? &ExchangeCalendar::nyse() : nullptr;
    return r;
}

}  // namespace

FileQuality check_file(const BarFile& f, const FileCheckOptions& o, Timestamp now) {
    auto q = start(f.path, f.symbol, fmt::format("bars {}", to_string(f.timeframe)), f.rows_read, f.rejected,
                   f.bars.size());
    q.gate = gate_rows(f, now, gate_options(o));
    q.calendar_used = q.gate.calendar_used;
    q.note = q.gate.note;
    std::vector<double> adj;
    if (f.adjusted_close.size() == f.bars.size())
        for (const auto& a : f.adjusted_close) adj.push_back(a ? a->to_double() : 0.0);
    q.report = validate_bars(f.bars, adj, with_calendar(o, q.calendar_used), now);
    return q;
}

FileQuality check_file(const TickFile& f, const FileCheckOptions& o, Timestamp now) {
    auto q = start(f.path, f.symbol, "ticks", f.rows_read, f.rejected, f.ticks.size());
    q.gate = gate_rows(f, now, gate_options(o));
    q.calendar_used = false;  // trades carry no cadence; only the checks without hours apply
    q.report = validate_ticks(f.ticks, with_calendar(o, false), now);
    return q;
}

FileQuality check_file(const QuoteFile& f, const FileCheckOptions& o, Timestamp now) {
    auto q = start(f.path, f.symbol, "quotes", f.rows_read, f.rejected, f.quotes.size());
    q.gate = gate_rows(f, now, gate_options(o));
    q.calendar_used = false;
    q.report = validate_quotes(f.quotes, with_calendar(o, false), now);
    return q;
}

void print_file_quality(std::ostream& out, const FileQuality& q, size_t max_lines, size_t max_dividends) {
    const auto& c = q.report.counts;
    const auto& log = q.report.findings;
    uint64_t dividends = log.count(Check::dividend), splits = log.count(Check::split);
    if (q.rows == 0) {  // a header and nothing else: no quality to speak of, not 100 %
        out << fmt::format("{}: {} {}, 0 rows: the file has a header but no data rows\n", q.path,
                           q.symbol.view(), q.what);
        return;
    }
    out << fmt::format(
        "{}: {} {}, {} rows, quality {:.3f}%, errors {} (rejected {}, quarantined {}), flagged {}, "
        "gaps {}, splits {}, dividends {}{}\n",
        q.path, q.symbol.view(), q.what, q.rows, 100.0 * q.quality_score(), q.errors(), q.rejected.size(),
        q.gate.count(), c.flagged, log.count(Check::gap),
        std::max<uint64_t>(splits, q.gate.by_reason[static_cast<size_t>(Check::split)]), dividends,
        q.calendar_used ? "" : ", no calendar");
    if (!q.note.empty()) out << "  note: " << q.note << "\n";
    if (q.gate.count() > 0) out << "  quarantined by reason: " << format_reasons(q.gate.by_reason) << "\n";
    size_t shown = 0, hidden = 0;
    auto line_of = [&](int64_t index) {
        return index >= 0 && static_cast<size_t>(index) < q.lines.size() ? q.lines[static_cast<size_t>(index)]
                                                                         : 0;
    };
    for (const auto& r : q.rejected) {
        if (shown++ < max_lines)
            out << "  " << to_string(r) << "\n";
        else
            ++hidden;
    }
    for (const auto& r : q.gate.quarantined) {
        if (shown++ < max_lines || r.reason == Check::split)
            out << "  " << r.text << " (row quarantined)\n";
        else
            ++hidden;
    }
    auto gated = [&](int64_t index) {
        return index >= 0 && static_cast<size_t>(index) < q.gate.usable.size() &&
               !q.gate.usable[static_cast<size_t>(index)];
    };
    size_t dividend_lines = 0;
    for (const auto& f : log.findings()) {
        // A quarantined row is reported once, with the gate's verdict.
        if (gated(f.index) && f.check != Check::gap && f.check != Check::dividend) continue;
        if (f.check == Check::dividend && dividend_lines++ >= max_dividends) continue;
        if (f.check != Check::dividend && f.check != Check::split && shown++ >= max_lines) {
            ++hidden;
            continue;
        }
        if (f.action == Action::quarantined) {
            // Only the two-sided spike test quarantines what the causal gate passed: it needs the
            // record after this one, which a backtest or a live session does not have yet.
            Finding flagged = f;
            flagged.action = Action::flagged;
            out << "  " << q.path << ":" << line_of(f.index) << ": " << flagged.describe()
                << " - a two-sided spike, seen only with the next record; the causal gate let it pass\n";
            continue;
        }
        out << "  " << q.path << ":" << line_of(f.index) << ": " << f.describe() << "\n";
    }
    if (hidden > 0) out << "  ... " << hidden << " more (raise --show)\n";
    if (max_dividends > 0 && dividends > max_dividends)
        out << "  ... " << dividends - max_dividends << " more dividends\n";
}

}  // namespace robo::data::quality
