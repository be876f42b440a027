// exec/commission.hpp — what Interactive Brokers charges for a US stock order, exactly.
//
// Two IBKR Pro schedules (broker commission only; exchange, clearing and regulatory fees
// are not modelled):
//   fixed:  USD 0.005 per share, at least USD 1.00, at most 1% of the trade value.
//   tiered: per share by the month's cumulative volume before the fill —
//           <= 300,000 shares 0.0035; 300,001-3,000,000 0.0020; 3,000,001-20,000,000 0.0015;
//           20,000,001-100,000,000 0.0010; above 0.0005 — at least USD 0.35, at most 1% of
//           the trade value. (interactivebrokers.com, "Commissions Stocks", United States.)
// The minimum and maximum apply per order, not per execution: an order filled in pieces
// pays in total what one execution of the same size would have paid, each fill paying the
// difference between the order's running total and what it has paid so far.
// Never uses floating point; never throws for realistic sizes.
#pragma once
#include <cstdint>
#include <string_view>

#include "robo/core/multiplier.hpp"
#include "robo/core/time.hpp"
#include "robo/core/units.hpp"

namespace robo::exec {

enum class CommissionPlan : uint8_t { none, ibkr_fixed, ibkr_tiered };

std::string_view to_string(CommissionPlan p) noexcept;
// "none", "fixed" / "ibkr_fixed", "tiered" / "ibkr_tiered".
bool parse_commission_plan(std::string_view text, CommissionPlan& out) noexcept;

// The running commission state of one order (what it has been charged so far).
struct OrderCommissionState {
    Quantity shares;      // filled so far
    Money value;          // |price x quantity x multiplier| filled so far
    Money per_share_sum;  // sum of shares x rate before the order's min and max
    Money charged;        // total charged so far
};

// IBKR Pro's fixed rate: USD 0.005 a share.
inline Price ibkr_fixed_rate() noexcept { return Price::from_raw(Price::scale / 200); }

class CommissionSchedule {
public:
    // `fixed_rate`: the fixed plan's rate per share (EXECUTION_COMMISSION_PER_SHARE; IBKR's
    // is USD 0.005). The tiered plan's rates are IBKR's, above.
    explicit CommissionSchedule(CommissionPlan plan = CommissionPlan::ibkr_fixed,
                                Price fixed_rate = ibkr_fixed_rate())
        : plan_(plan), fixed_rate_(fixed_rate) {}

    CommissionPlan plan() const noexcept { return plan_; }

    // Commission for one execution of `shares` at `price` belonging to the order whose
    // running state is `order` (updated). `time` selects the month for tiered volume. The
    // per-share rate is per contract; the 1 % cap is of the trade value, shares x `multiplier`
    // x price (EXECUTION_CONTRACT_MULTIPLIER).
    Money charge(OrderCommissionState& order, Quantity shares, Price price, Timestamp time,
                 Quantity multiplier = Quantity::from_units(1));

    // Commission of a single execution that is a whole order (examples, estimates).
    Money single_order(Quantity shares, Price price, Timestamp time);

    // Shares traded this month so far (tiered volume).
    Quantity month_volume() const noexcept { return month_volume_; }

private:
    Price rate_for_volume(Quantity volume_before) const;
    void roll_month(Timestamp time);

    CommissionPlan plan_;
    Price fixed_rate_;
    int64_t month_key_ = -1;  // year * 12 + month of the current tiered month
    Quantity month_volume_;
};

}  // namespace robo::exec
