// engine/position_check.cpp — see position_check.hpp.
#include "robo/engine/position_check.hpp"

#include <algorithm>
#include <set>

namespace robo::engine {

std::string_view to_string(PositionVerdict::Kind k) noexcept {
    switch (k) {
        case PositionVerdict::Kind::baseline:
            return "baseline";
        case PositionVerdict::Kind::equal:
            return "equal";
        case PositionVerdict::Kind::suspect:
            return "suspect";
        case PositionVerdict::Kind::confirmed:
            return "confirmed";
    }
    return "?";
}

std::string PositionVerdict::describe() const {
    std::string out;
    for (const auto& d : differences) {
        if (!out.empty()) out += "; ";
        out += std::string(d.symbol.view()) + " broker " + d.broker.to_string() + " ledger " +
               d.ledger.to_string();
    }
    if (cash_difference) {
        if (!out.empty()) out += "; ";
        out += "cash differs by " + cash_difference->to_string(2);
    }
    return out;
}

std::vector<PositionDifference> position_differences(const std::map<Symbol, Quantity>& broker,
                                                     const std::map<Symbol, Quantity>& baseline,
                                                     const exec::Portfolio& ledger) {
    std::set<Symbol> symbols;
    for (const auto& [s, q] : broker) symbols.insert(s);
    for (const auto& [s, q] : baseline) symbols.insert(s);
    for (const auto& book : ledger.books())
        if (!book.quantity.is_zero()) symbols.insert(book.symbol);
    std::vector<PositionDifference> out;
    for (Symbol s : symbols) {
        auto b = broker.find(s);
        auto base = baseline.find(s);
        Quantity net = (b == broker.end() ? Quantity{} : b->second) -
                       (base == baseline.end() ? Quantity{} : base->second);
        Quantity own = ledger.quantity(s);
        if (net != own) out.push_back({s, net, own});
    }
    return out;
}

PositionVerdict PositionCheck::on_report(const std::vector<std::pair<Symbol, Quantity>>& held,
                                         const exec::Portfolio& ledger, std::optional<Money> cash) {
    PositionVerdict v;
    if (cash) {
        if (!cash_baseline_) {
            cash_baseline_ = *cash - ledger.cash();
        } else {
            v.cash_checked = true;
            Money diff = (*cash - *cash_baseline_) - ledger.cash();
            Money tolerance = std::max(Money::from_units(1), basis_points(ledger.traded_value(), 1));
            if (diff.abs() > tolerance) v.cash_difference = diff;
        }
    }
    std::map<Symbol, Quantity> broker;
    for (const auto& [s, q] : held)
        if (!q.is_zero()) broker[s] = q;
    v.open = broker.size();
    if (!has_baseline_) {
        has_baseline_ = true;
        for (const auto& [s, q] : broker) {
            Quantity own = q - ledger.quantity(s);
            if (!own.is_zero()) baseline_[s] = own;
        }
        // A ledger position the broker does not hold at all is not "held before": it is a
        // difference, caught by the reports that follow.
        v.kind = PositionVerdict::Kind::baseline;
        v.held_before.assign(baseline_.begin(), baseline_.end());
        return v;
    }
    v.differences = position_differences(broker, baseline_, ledger);
    if (v.differences.empty()) {
        last_.clear();
        rechecks_ = 0;
        v.kind = PositionVerdict::Kind::equal;
        return v;
    }
    if (v.differences == last_ || rechecks_ >= max_rechecks_) {
        v.kind = PositionVerdict::Kind::confirmed;
        rechecks_ = 0;
    } else {
        v.kind = PositionVerdict::Kind::suspect;
        ++rechecks_;
    }
    last_ = v.differences;
    return v;
}

}  // namespace robo::engine
