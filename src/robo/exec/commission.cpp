#include "robo/exec/commission.hpp"

#include <algorithm>
#include <array>
#include <chrono>

namespace robo::exec {

namespace {
const Money kFixedMin = Money::parse("1");
const Money kTieredMin = Money::parse("0.35");
constexpr int64_t kMaxBps = 100;  // 1% of trade value

struct Tier {
    int64_t up_to_shares;  // inclusive upper bound of the month's volume for this rate
    const char* rate;
};
constexpr std::array<Tier, 5> kTiers{{{300'000, "0.0035"},
                                      {3'000'000, "0.002"},
                                      {20'000'000, "0.0015"},
                                      {100'000'000, "0.001"},
                                      {INT64_MAX / 10'000, "0.0005"}}};
}  // namespace

std::string_view to_string(CommissionPlan p) noexcept {
    switch (p) {
        case CommissionPlan::none:
            return "none";
        case CommissionPlan::ibkr_fixed:
            return "ibkr_fixed";
        case CommissionPlan::ibkr_tiered:
            return "ibkr_tiered";
    }
    return "?";
}

bool parse_commission_plan(std::string_view text, CommissionPlan& out) noexcept {
    if (text == "none")
        out = CommissionPlan::none;
    else if (text == "fixed" || text == "ibkr_fixed")
        out = CommissionPlan::ibkr_fixed;
    else if (text == "tiered" || text == "ibkr_tiered")
        out = CommissionPlan::ibkr_tiered;
    else
        return false;
    return true;
}

void CommissionSchedule::roll_month(Timestamp time) {
    auto days = std::chrono::floor<std::chrono::days>(time);
    std::chrono::year_month_day ymd{days};
    int64_t key = int64_t{int(ymd.year())} * 12 + unsigned(ymd.month());
    if (key != month_key_) {
        month_key_ = key;
        month_volume_ = Quantity{};
    }
}

Price CommissionSchedule::rate_for_volume(Quantity volume_before) const {
    // The tier is chosen by the volume already traded this month (IBKR: "at the time the
    // order is calculated"): after exactly 300,000 shares the next share is in tier two.
    // The fill itself does not split across a tier boundary.
    static const auto rates = [] {
        std::array<Price, kTiers.size()> r;
        for (size_t i = 0; i < kTiers.size(); ++i) r[i] = Price::parse(kTiers[i].rate);
        return r;
    }();
    for (size_t i = 0; i < kTiers.size(); ++i)
        if (volume_before < Quantity::from_units(kTiers[i].up_to_shares)) return rates[i];
    return rates.back();
}

Money CommissionSchedule::charge(OrderCommissionState& order, Quantity shares, Price price, Timestamp time,
                                 Quantity multiplier) {
    if (plan_ == CommissionPlan::none || !shares.is_positive()) return Money{};
    Money value = (price * contract_units(shares, multiplier)).abs();
    order.shares += shares;
    order.value += value;
    Money minimum;
    if (plan_ == CommissionPlan::ibkr_fixed) {
        order.per_share_sum = fixed_rate_ * order.shares;
        minimum = kFixedMin;
    } else {
        roll_month(time);
        order.per_share_sum += rate_for_volume(month_volume_) * shares;
        month_volume_ += shares;
        minimum = kTieredMin;
    }
    Money maximum = basis_points(order.value, kMaxBps);
    Money total = std::min(std::max(order.per_share_sum, minimum), maximum);
    Money due = total - order.charged;
    if (due.is_negative()) due = Money{};  // the cap never refunds what was already paid
    order.charged += due;
    return due;
}

Money CommissionSchedule::single_order(Quantity shares, Price price, Timestamp time) {
    OrderCommissionState state;
    return charge(state, shares, price, time);
}

}  // namespace robo::exec
