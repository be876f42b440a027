// data/quality/row_gate.cpp — see row_gate.hpp.
#include "robo/data/quality/row_gate.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <set>

#include "robo/data/quality/sorted_window.hpp"

namespace robo::data::quality {

namespace {

bool is_daily(Timeframe tf) { return tf == Timeframe::day || tf == Timeframe::session; }

// Whether an intraday file is judged with the NYSE calendar (see row_gate.hpp).
bool decide_calendar(const GateOptions& o, bool daily, const std::vector<Timestamp>& times,
                     std::string& note) {
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

// Median of the last volumes of usable bars (on the current share basis).
using RecentVolumes = SortedWindow;

// A split left in the prices, judged when `bar` arrives: previous close / open is a usual split
// ratio (corporate_actions.hpp), and the Adj Close / Close factor jumps by the same ratio (the
// vendor adjusted for it); without Adj Close, this day's volume moves the ratio's way against
// the median of the days before (the share count changed). Returns the ratio.
// `sigma()` is asked only without Adj Close (it sorts a window).
template <class Sigma>
std::optional<double> likely_split(const Bar& prev, std::optional<double> prev_adj, const Bar& bar,
                                   std::optional<double> adj, const RecentVolumes& volumes, Sigma&& sigma,
                                   const FactorStepSplits& factor_steps, const CorporateActionRules& rules) {
    const double prev_close = prev.close.to_double(), open = bar.open.to_double(),
                 close = bar.close.to_double();
    if (prev_close <= 0 || open <= 0 || close <= 0) return std::nullopt;
    const double log_gap = std::log(prev_close / open);
    if (prev_adj && adj) {
        if (*prev_adj <= 0 || *adj <= 0) return std::nullopt;
        return factor_steps.ratio_for(std::log((*adj / close) / (*prev_adj / prev_close)), log_gap);
    }
    const auto split = split_for_gap(log_gap, sigma(), rules);
    if (!split) return std::nullopt;
    if (volumes.size() < 5) return std::nullopt;
    const double before = volumes.median(), now = bar.volume.to_double();
    if (before <= 0 || now <= 0) return std::nullopt;
    if (!volume_confirms_split(std::log(now / before), *split, rules)) return std::nullopt;
    return split->ratio;
}

// Daily bars: the causal return band of DailyMoveRules.
class DailyMoves {
public:
    explicit DailyMoves(const DailyMoveRules& r)
        : rules_(r), returns_(static_cast<size_t>(std::max(r.window, 1))) {}

    // Judges `close` against the last usable close; false = usable (and it becomes the reference).
    // On true, `reference` is the close it was compared with.
    bool outlier(double close, double& reference) {
        if (!rules_.enabled || close <= 0) return false;
        if (last_ <= 0) {
            last_ = close;
            return false;
        }
        reference = last_;
        const double r = std::log(close / last_);
        double center = 0, bound = rules_.max_move;
        if (static_cast<int>(returns_.size()) >= rules_.min_samples) {
            center = returns_.median();
            bound = std::min(rules_.max_move,
                             std::max(rules_.k * 1.4826 * returns_.mad(center), rules_.min_move));
        }
        if (std::fabs(r - center) <= bound) {
            accept(close, r);
            return false;
        }
        // A second outlier that agrees with the first is a new level (a real jump): use it.
        if (pending_ > 0 && std::fabs(std::log(close / pending_)) <= bound) {
            pending_ = 0;
            last_ = close;
            return false;
        }
        pending_ = close;
        return true;
    }
    // The robust sigma of the recent usable returns (0 before any): how much this symbol moves.
    double sigma() const { return returns_.robust_sigma(); }
    // A split moved the prices: `close` is the new reference, the returns before stay valid.
    void restart_at(double close) {
        last_ = close;
        pending_ = 0;
    }

private:
    void accept(double close, double r) {
        pending_ = 0;
        last_ = close;
        returns_.push(r);
    }

    DailyMoveRules rules_;
    SortedWindow returns_;  // the last `window` usable returns
    double last_ = 0, pending_ = 0;
};

std::string row_text(const std::string& path, size_t line, const Finding& f, std::string_view extra = {}) {
    return fmt::format("{}:{}: {} {} {}: {}{}", path, line, f.symbol.view(), format_iso_micros(f.time),
                       to_string(f.check), describe_detail(f), extra);
}

// The first quarantining finding of one record (the validator may record several).
const Finding* reason_of(const FindingLog& log) {
    for (const auto& f : log.findings())
        if (f.action == Action::quarantined) return &f;
    return nullptr;
}

struct Collector {
    const std::string& path;
    const std::vector<size_t>& lines;
    GateVerdicts& out;

    void quarantine(size_t i, Finding f, std::optional<Timeframe> tf, std::string_view extra = {}) {
        f.index = static_cast<int64_t>(i);
        f.action = Action::quarantined;
        out.usable[i] = false;
        ++out.by_reason[static_cast<size_t>(f.check)];
        out.quarantined.push_back(
            {i, lines[i], f.check, f.symbol, tf, f.time, row_text(path, lines[i], f, extra)});
    }
};

// Ticks and quotes: the streaming gate with its causal band, without a calendar.
template <class Record>
GateVerdicts gate_records(const std::string& path, const std::vector<Record>& records,
                          const std::vector<RowIssue>& rejected, Timestamp now, const GateOptions& o) {
    GateVerdicts out;
    out.usable.assign(records.size(), true);
    QualityRules rules = o.rules;
    rules.calendar = nullptr;
    FindingLog log;
    Validator gate(rules, &log);
    const auto lines = record_lines(records.size(), rejected);
    Collector c{path, lines, out};
    for (size_t i = 0; i < records.size(); ++i) {
        log.clear();
        if (gate.check(records[i], now) != Action::quarantined) continue;
        if (const Finding* f = reason_of(log)) c.quarantine(i, *f, std::nullopt);
    }
    return out;
}

}  // namespace

std::vector<size_t> record_lines(size_t records, const std::vector<RowIssue>& rejected) {
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

GateVerdicts gate_rows(const BarFile& f, Timestamp now, const GateOptions& o) {
    GateVerdicts out;
    out.usable.assign(f.bars.size(), true);
    const bool daily = is_daily(f.timeframe);
    std::vector<Timestamp> times;
    if (!daily) {
        times.reserve(f.bars.size());
        for (const auto& b : f.bars) times.push_back(b.start);
    }
    out.calendar_used = decide_calendar(o, daily, times, out.note);
    QualityRules rules = o.rules;
    rules.calendar = out.calendar_used ? &ExchangeCalendar::nyse() : nullptr;
    rules.outside_session_action = Action::quarantined;
    if (daily) rules.bar_outliers.enabled = false;  // daily closes: the return band below
    DailyMoves moves(o.daily_moves);
    FindingLog log;
    Validator gate(rules, &log);
    const auto lines = record_lines(f.bars.size(), f.rejected);
    Collector c{f.path, lines, out};
    const bool has_adj = f.adjusted_close.size() == f.bars.size();
    auto adj_of = [&](size_t i) -> std::optional<double> {
        if (!has_adj || !f.adjusted_close[i]) return std::nullopt;
        return f.adjusted_close[i]->to_double();
    };

    // Splits: the last usable bar (or the last split bar) is the basis the next open is compared with.
    std::optional<size_t> basis;
    RecentVolumes volumes(static_cast<size_t>(o.corporate.volume_window));
    const FactorStepSplits factor_steps(o.corporate);
    for (size_t i = 0; i < f.bars.size(); ++i) {
        const Bar& bar = f.bars[i];
        if (daily && basis) {
            if (auto ratio = likely_split(
                    f.bars[*basis], adj_of(*basis), bar, adj_of(i), volumes, [&] { return moves.sigma(); },
                    factor_steps, o.corporate)) {
                c.quarantine(
                    i, Finding{Check::split, Action::quarantined, bar.symbol, bar.start, 0, *ratio, *ratio},
                    bar.timeframe,
                    " - the prices are not split-adjusted, so this row and the jump across it are not "
                    "traded; "
                    "use split-adjusted data (Yahoo's Close and Adj Close are; IBKR's ADJUSTED_LAST history "
                    "is)");
                gate.rebase_for_split(bar, *ratio);
                moves.restart_at(bar.close.to_double());
                basis = i;
                volumes.clear();
                volumes.push(bar.volume.to_double());
                continue;
            }
        }
        log.clear();
        if (gate.check(bar, now) == Action::quarantined) {
            if (const Finding* finding = reason_of(log)) c.quarantine(i, *finding, bar.timeframe);
            continue;
        }
        if (double reference = 0; daily && moves.outlier(bar.close.to_double(), reference)) {
            c.quarantine(i,
                         Finding{Check::outlier, Action::quarantined, bar.symbol, bar.start, 0,
                                 bar.close.to_double(), reference},
                         bar.timeframe, " (the last usable close)");
            continue;
        }
        basis = i;
        volumes.push(bar.volume.to_double());
    }
    return out;
}

GateVerdicts gate_rows(const TickFile& f, Timestamp now, const GateOptions& o) {
    return gate_records(f.path, f.ticks, f.rejected, now, o);
}

GateVerdicts gate_rows(const QuoteFile& f, Timestamp now, const GateOptions& o) {
    return gate_records(f.path, f.quotes, f.rejected, now, o);
}

std::string format_reasons(const ReasonCounts& counts) {
    std::string s;
    for (size_t i = 0; i < counts.size(); ++i)
        if (counts[i] > 0)
            s += fmt::format("{}{} {}", s.empty() ? "" : ", ", to_string(static_cast<Check>(i)), counts[i]);
    return s;
}

}  // namespace robo::data::quality
