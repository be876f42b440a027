// engine/position_check.hpp — compares what the broker says the account holds with the
// ledger, each time the broker reports its positions (on connecting and after every
// reconnect, once orders and executions have been re-read).
//
// The first report sets the baseline: what the account held before this session (the
// broker's holdings less the ledger's). The session neither trades nor counts those; it
// reports them. Every later report must equal baseline + ledger, symbol by symbol.
// Positions and executions reach a client on separate streams, so one report that
// differs may only be early: it is a suspicion, and the engine asks again a moment later.
// A difference seen twice in a row with the same numbers (or still there after
// `max_rechecks` reports) is a confirmed break. A break is never repaired here: the ledger
// is not rewritten from the broker's word, since the prices and times of what happened
// are unknown; the engine halts new exposure and an operator decides.
// Cash, when the report carries the account's freshly re-read cash, is compared the same
// way (its change since the baseline against the ledger's cash), within a tolerance of
// $1 or 1 bp of the session's traded value, whichever is larger. A cash difference is
// reported, never a break: interest, fees and dividends move a real account's cash too.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "robo/exec/portfolio.hpp"

namespace robo::engine {

struct PositionDifference {
    Symbol symbol;
    Quantity broker;  // held at the broker, less the baseline
    Quantity ledger;
    bool operator==(const PositionDifference&) const = default;
};

struct PositionVerdict {
    enum class Kind : uint8_t { baseline, equal, suspect, confirmed };
    Kind kind = Kind::equal;
    std::vector<PositionDifference> differences;           // suspect, confirmed
    std::vector<std::pair<Symbol, Quantity>> held_before;  // baseline: the account's own
    size_t open = 0;                                       // symbols held at the broker
    bool cash_checked = false;
    std::optional<Money> cash_difference;  // broker's cash change less the ledger's, beyond tolerance
    // "AAPL broker 100 ledger 0; MSFT broker -5 ledger 0"
    std::string describe() const;
};
std::string_view to_string(PositionVerdict::Kind k) noexcept;

// The one comparison of the broker's positions with the ledger: for every symbol the broker
// holds, held before the session (`baseline`) or the ledger holds, the broker's quantity less
// the baseline against the ledger's; every difference, in symbol order.
std::vector<PositionDifference> position_differences(const std::map<Symbol, Quantity>& broker,
                                                     const std::map<Symbol, Quantity>& baseline,
                                                     const exec::Portfolio& ledger);

class PositionCheck {
public:
    explicit PositionCheck(int max_rechecks = 5) : max_rechecks_(max_rechecks) {}

    PositionVerdict on_report(const std::vector<std::pair<Symbol, Quantity>>& held,
                              const exec::Portfolio& ledger, std::optional<Money> cash = std::nullopt);
    bool has_baseline() const noexcept { return has_baseline_; }
    // What the account held before the session (broker less ledger at the first report).
    const std::map<Symbol, Quantity>& baseline() const noexcept { return baseline_; }

private:
    int max_rechecks_;
    bool has_baseline_ = false;
    std::map<Symbol, Quantity> baseline_;
    std::vector<PositionDifference> last_;  // the previous report's differences
    int rechecks_ = 0;
    std::optional<Money> cash_baseline_;  // the account's cash less the ledger's, first seen
};

}  // namespace robo::engine
