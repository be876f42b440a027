#include "robo/data/quality/file_check.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <ostream>
#include <set>

namespace robo::data::quality {

namespace {

// File line of each kept record: data starts on line 2; rejected lines are skipped.
template <class Issues>
std::vector<size_t> record_lines(size_t records, const Issues& rejected) {
    std::set<size_t> bad;
    for (const auto& r : rejected) bad.insert(r.line);
    std::vector<size_t> lines;
    lines.reserve(records);
    size_t line = 2;
    for (size_t i = 0; i < records; ++i, ++line) {
        while (bad.count(line)) ++line;
        lines.push_back(line);
    }
    return lines;
}

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

HistoryRules with_calendar(const FileCheckOptions& o, bool use) {
    HistoryRules r = o.rules;
    r.gate.calendar = use ? &ExchangeCalendar::nyse() : nullptr;
    return r;
}

template <class Times>
bool decide_calendar(const FileCheckOptions& o, bool daily, const Times& times, std::string& note) {
    if (o.calendar != CalendarChoice::automatic) return o.calendar == CalendarChoice::nyse;
    if (daily) return true;
    if (times.empty()) return false;
    const auto& cal = ExchangeCalendar::nyse();
    size_t inside = 0;
    for (const auto t : times) inside += cal.is_extended_open(t);
    const double share = static_cast<double>(inside) / static_cast<double>(times.size());
    const bool use = share >= o.auto_min_in_hours;
    if (!use)
        note = fmt::format(
            "{:.1f}% of records outside NYSE hours: not a US exchange feed, gaps judged without a "
            "calendar",
            100.0 * (1.0 - share));
    return use;
}

}  // namespace

FileQuality check_file(const BarFile& f, const FileCheckOptions& o, Timestamp now) {
    auto q = start(f.path, f.symbol, fmt::format("bars {}", to_string(f.timeframe)), f.rows_read, f.rejected,
                   f.bars.size());
    const bool daily = f.timeframe == Timeframe::day || f.timeframe == Timeframe::session;
    std::vector<Timestamp> times;
    if (!daily) {
        times.reserve(f.bars.size());
        for (const auto& b : f.bars) times.push_back(b.start);
    }
    q.calendar_used = decide_calendar(o, daily, times, q.note);
    std::vector<double> adj;
    if (f.adjusted_close.size() == f.bars.size())
        for (const auto& a : f.adjusted_close) adj.push_back(a ? a->to_double() : 0.0);
    q.report = validate_bars(f.bars, adj, with_calendar(o, q.calendar_used), now);
    return q;
}

FileQuality check_file(const TickFile& f, const FileCheckOptions& o, Timestamp now) {
    auto q = start(f.path, f.symbol, "ticks", f.rows_read, f.rejected, f.ticks.size());
    q.calendar_used = false;  // trades carry no cadence; only the checks without hours apply
    q.report = validate_ticks(f.ticks, with_calendar(o, false), now);
    return q;
}

FileQuality check_file(const QuoteFile& f, const FileCheckOptions& o, Timestamp now) {
    auto q = start(f.path, f.symbol, "quotes", f.rows_read, f.rejected, f.quotes.size());
    q.calendar_used = false;
    q.report = validate_quotes(f.quotes, with_calendar(o, false), now);
    return q;
}

void print_file_quality(std::ostream& out, const FileQuality& q, size_t max_lines, size_t max_dividends) {
    const auto& c = q.report.counts;
    const auto& log = q.report.findings;
    uint64_t dividends = log.count(Check::dividend), splits = log.count(Check::split);
    out << fmt::format(
        "{}: {} {}, {} rows, quality {:.3f}%, errors {} (rejected {}, quarantined {}), flagged {}, "
        "gaps {}, splits {}, dividends {}{}\n",
        q.path, q.symbol.view(), q.what, q.rows, 100.0 * q.quality_score(), q.errors(), q.rejected.size(),
        c.quarantined, c.flagged, log.count(Check::gap), splits, dividends,
        q.calendar_used ? "" : ", no calendar");
    if (!q.note.empty()) out << "  note: " << q.note << "\n";
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
    size_t dividend_lines = 0;
    for (const auto& f : log.findings()) {
        if (f.check == Check::dividend && dividend_lines++ >= max_dividends) continue;
        if (f.check != Check::dividend && f.check != Check::split && shown++ >= max_lines) {
            ++hidden;
            continue;
        }
        out << "  " << q.path << ":" << line_of(f.index) << ": " << f.describe() << "\n";
    }
    if (hidden > 0) out << "  ... " << hidden << " more (raise --show)\n";
    if (max_dividends > 0 && dividends > max_dividends)
        out << "  ... " << dividends - max_dividends << " more dividends\n";
}

}  // namespace robo::data::quality
