#include "robo/data/quality/finding.hpp"

#include <fmt/format.h>

namespace robo::data::quality {

std::string_view to_string(Check c) noexcept {
    switch (c) {
        case Check::non_positive_price:
            return "non_positive_price";
        case Check::absurd_price:
            return "absurd_price";
        case Check::non_positive_size:
            return "non_positive_size";
        case Check::absurd_size:
            return "absurd_size";
        case Check::crossed_quote:
            return "crossed_quote";
        case Check::locked_quote:
            return "locked_quote";
        case Check::out_of_order:
            return "out_of_order";
        case Check::duplicate:
            return "duplicate";
        case Check::future_timestamp:
            return "future_timestamp";
        case Check::stale:
            return "stale";
        case Check::outlier:
            return "outlier";
        case Check::ohlc_inconsistent:
            return "ohlc_inconsistent";
        case Check::zero_volume:
            return "zero_volume";
        case Check::gap:
            return "gap";
        case Check::outside_session:
            return "outside_session";
        case Check::split:
            return "split";
        case Check::dividend:
            return "dividend";
        case Check::count_:
            break;
    }
    return "unknown";
}

std::string_view to_string(Action a) noexcept {
    switch (a) {
        case Action::passed:
            return "passed";
        case Action::flagged:
            return "flagged";
        case Action::quarantined:
            return "quarantined";
    }
    return "unknown";
}

// What `value` and `expected` mean for each check, so the line reads as a sentence.
std::string describe_detail(const Finding& f) {
    switch (f.check) {
        case Check::outlier:
            return fmt::format("{:.8g} is outside the robust band around {:.8g}", f.value, f.expected);
        case Check::gap:
            return fmt::format("{:.0f} missing bar(s) or trading day(s) after this time, before record #{}",
                               f.value, f.index);
        case Check::split:
            return f.value >= 1
                       ? fmt::format("split {:.4g}-for-1 (price before / after = {:.4g})", f.value, f.value)
                       : fmt::format("reverse split 1-for-{:.4g} (price before / after = {:.4g})",
                                     1 / f.value, f.value);
        case Check::dividend:
            return fmt::format("dividend {:.4f} per share (factor {:.6f})", f.value, f.expected);
        case Check::outside_session:
            return "off the exchange calendar (a closed day, or outside extended hours)";
        case Check::stale:
        case Check::future_timestamp:
            return fmt::format("{:.3f} s off, limit {:.3f} s", f.value, f.expected);
        default:
            return fmt::format("found {:.8g}, expected {:.8g}", f.value, f.expected);
    }
}

std::string Finding::describe() const {
    return fmt::format("{} {} #{} {}: {} ({})", symbol.view(), format_iso_micros(time), index,
                       to_string(check), describe_detail(*this), to_string(action));
}

void FindingLog::merge(const FindingLog& other) {
    for (size_t i = 0; i < check_count; ++i) by_check_[i] += other.by_check_[i];
    for (size_t i = 0; i < by_action_.size(); ++i) by_action_[i] += other.by_action_[i];
    for (const auto& f : other.findings_) {
        if (findings_.size() < max_kept_)
            findings_.push_back(f);
        else
            ++overflow_;
    }
    overflow_ += other.overflow_;
}

void FindingLog::clear() {
    findings_.clear();
    by_check_.fill(0);
    by_action_.fill(0);
    overflow_ = 0;
}

uint64_t FindingLog::total() const noexcept {
    uint64_t n = 0;
    for (auto c : by_check_) n += c;
    return n;
}

}  // namespace robo::data::quality
