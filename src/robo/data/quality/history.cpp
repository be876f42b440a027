#include "robo/data/quality/history.hpp"

namespace robo::data::quality {

namespace {

QualityRules without_bands(QualityRules gate) {
    gate.tick_outliers.enabled = false;
    gate.bar_outliers.enabled = false;
    return gate;
}

// Marks two-sided spikes among the records not already quarantined.
template <class Record, class PriceOf, class TimeOf>
void apply_spikes(std::span<const Record> records, HistoryReport& report, const HistoryRules& rules,
                  PriceOf price_of, TimeOf time_of, const Symbol& (*symbol_of)(const Record&)) {
    std::vector<double> prices(records.size(), 0.0);
    for (size_t i = 0; i < records.size(); ++i)
        if (report.actions[i] != Action::quarantined) prices[i] = price_of(records[i]);
    const auto spikes = find_spikes(prices, rules.spikes);
    for (size_t i : spikes) {
        // The reference is the neighbour before (the level the spike left).
        double before = 0;
        for (size_t j = i; j-- > 0;)
            if (prices[j] > 0) {
                before = prices[j];
                break;
            }
        report.findings.add(Finding{Check::outlier, rules.gate.outlier_action, symbol_of(records[i]),
                                    time_of(records[i]), static_cast<int64_t>(i), prices[i], before});
        if (static_cast<int>(rules.gate.outlier_action) > static_cast<int>(report.actions[i]))
            report.actions[i] = rules.gate.outlier_action;
    }
}

void tally(HistoryReport& report, uint64_t gaps) {
    report.counts = {};
    for (auto a : report.actions) report.counts.add(a);
    report.counts.gaps = gaps;
}

const Symbol& bar_symbol(const Bar& b) { return b.symbol; }
const Symbol& tick_symbol(const Tick& t) { return t.symbol; }
const Symbol& quote_symbol(const Quote& q) { return q.symbol; }

}  // namespace

HistoryReport validate_bars(std::span<const Bar> bars, std::span<const double> adj_close,
                            const HistoryRules& rules, Timestamp now) {
    HistoryReport report;
    Validator gate(without_bands(rules.gate), &report.findings);
    report.actions.reserve(bars.size());
    for (const auto& b : bars) report.actions.push_back(gate.check(b, now));
    apply_spikes<Bar>(
        bars, report, rules, [](const Bar& b) { return b.close.to_double(); },
        [](const Bar& b) { return b.start; }, bar_symbol);

    const bool daily = !bars.empty() && (bars.front().timeframe == Timeframe::day ||
                                         bars.front().timeframe == Timeframe::session);
    if (daily && rules.detect_corporate_actions) {
        // Corporate actions are read from the usable bars only.
        std::vector<Bar> usable;
        std::vector<double> usable_adj;
        std::vector<size_t> where;
        const bool has_adj = adj_close.size() == bars.size();
        for (size_t i = 0; i < bars.size(); ++i) {
            if (report.actions[i] == Action::quarantined) continue;
            usable.push_back(bars[i]);
            if (has_adj) usable_adj.push_back(adj_close[i]);
            where.push_back(i);
        }
        for (auto a : detect_corporate_actions(usable, usable_adj, rules.corporate)) {
            a.index = where[a.index];
            const bool split = a.kind != CorporateAction::Kind::dividend;
            // A split left in the prices makes the history inconsistent: flag it. A dividend is
            // information (Adj Close already accounts for it).
            const Action act = split ? Action::flagged : Action::passed;
            report.findings.add(Finding{split ? Check::split : Check::dividend, act, bars[a.index].symbol,
                                        a.date, static_cast<int64_t>(a.index), split ? a.ratio : a.amount,
                                        split ? a.ratio : a.ratio});
            if (split && report.actions[a.index] == Action::passed) report.actions[a.index] = Action::flagged;
            report.corporate_actions.push_back(a);
        }
    }
    if (rules.adjust_splits && report.findings.count(Check::split) > 0) {
        report.adjusted.assign(bars.begin(), bars.end());
        adjust_for_splits(report.adjusted, report.corporate_actions);
    }
    tally(report, report.findings.count(Check::gap));
    return report;
}

HistoryReport validate_ticks(std::span<const Tick> ticks, const HistoryRules& rules, Timestamp now) {
    HistoryReport report;
    Validator gate(without_bands(rules.gate), &report.findings);
    report.actions.reserve(ticks.size());
    for (const auto& t : ticks) report.actions.push_back(gate.check(t, now));
    apply_spikes<Tick>(
        ticks, report, rules, [](const Tick& t) { return t.price.to_double(); },
        [](const Tick& t) { return t.time; }, tick_symbol);
    tally(report, 0);
    return report;
}

HistoryReport validate_quotes(std::span<const Quote> quotes, const HistoryRules& rules, Timestamp now) {
    HistoryReport report;
    Validator gate(without_bands(rules.gate), &report.findings);
    report.actions.reserve(quotes.size());
    for (const auto& q : quotes) report.actions.push_back(gate.check(q, now));
    apply_spikes<Quote>(
        quotes, report, rules, [](const Quote& q) { return 0.5 * (q.bid.to_double() + q.ask.to_double()); },
        [](const Quote& q) { return q.time; }, quote_symbol);
    tally(report, 0);
    return report;
}

}  // namespace robo::data::quality
