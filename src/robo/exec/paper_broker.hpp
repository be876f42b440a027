// exec/paper_broker.hpp — a simulated broker that fills orders against market data.
//
// No look-ahead: an order is accepted at the time it is submitted and can fill only
// against data that starts at or after that time — in the engine, the next bar or quote
// after the one the strategy acted on (the broker sees each bar before the strategies,
// so an order placed on bar t is first matched against bar t+1).
// Fill rules on a bar (buy shown; sell mirrors):
//   market      at the open, plus slippage;
//   limit L     at the open if open <= L, else at L if low <= L (no slippage: a limit is
//               a guarantee);
//   stop S      at the open if open >= S (a gap), else at S if high >= S, plus slippage;
//   slippage on a bar never takes a fill outside the bar's low..high: a buy pays at most
//               the high, a sell gets at least the low (backtrader's default slip_match),
//               so a market buy on a bar that opened at its high fills at the high;
//   stop-limit  triggers like a stop at T = max(open, S); fills at T if T <= L, otherwise
//               rests as a limit at L from the next bar (intrabar order is unknown, so
//               the conservative path is taken).
// On a quote: a market buy pays mid + spread x share (share 0.5 = the ask) or the ask
// plus slippage in bps; a limit buy fills at the ask when ask <= L; a stop triggers on
// the ask. Size is capped by the displayed size when it is known.
// Partial fills: each bar lends at most max_volume_share of its volume, shared between
// the symbol's orders in submission order; the rest stays working. A bar with no volume
// fills nothing while the cap is on (set the share to 0 to turn the cap off, e.g. for
// index data without volume); a DAY order that expires so says so in its reason.
// Time in force: DAY lives through the first session it could trade in (a session is
// the New York calendar date of the data's timestamp) and expires on the first data of a later
// date; GTC until cancelled; IOC fills what the first eligible data allows and cancels
// the rest. Commission per CommissionSchedule, charged per order (min/max per order).
// Modification: the new terms apply from the modification's time on (data starting at or
// after it); fills already made stay, and the quantity must stay above them.
// Deterministic: same inputs, same fills and execution ids.
#pragma once
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "robo/exec/broker.hpp"
#include "robo/exec/commission.hpp"

namespace robo::exec {

enum class SlippageModel : uint8_t { basis_points, spread_share };

// The reason of a DAY order that expired because the data it could fill on had no volume
// for the volume cap to lend (index data without volume, e.g.).
inline constexpr std::string_view kExpiredForWantOfVolume =
    "DAY order ended unfilled: its price was reached only on data with no volume, and the volume cap "
    "lends a share of each bar's volume (--max-volume-share 0 turns the cap off for data without volume)";

struct PaperBrokerConfig {
    CommissionPlan commission = CommissionPlan::ibkr_fixed;
    Price commission_per_share = ibkr_fixed_rate();  // the fixed plan's rate
    SlippageModel slippage = SlippageModel::basis_points;
    int64_t slippage_bps = 0;              // adverse move of market and stop fills
    int64_t spread_share_bps = 5'000;      // quotes: share of the spread paid from mid (5000 = touch)
    int64_t max_volume_share_bps = 1'000;  // 10% of a bar's volume; 0 = unlimited
    ContractMultipliers multipliers;       // EXECUTION_CONTRACT_MULTIPLIER: the commission cap's trade value
};

class PaperBroker final : public Broker {
public:
    explicit PaperBroker(PaperBrokerConfig config = {});

    std::string_view name() const noexcept override { return "paper"; }
    BrokerConnection connection() const noexcept override { return BrokerConnection::connected; }
    void submit(const Order& order, Timestamp now) override;
    bool cancel(std::string_view client_id, Timestamp now) override;
    // replace() with an answer: `modified` (terms = the amended order) or `modify_rejected`
    // (why; the order keeps its terms), queued after the events produced before it. False
    // when no working order has this client id.
    bool modify(const Order& amended, Timestamp now) override;
    void poll(std::vector<BrokerEvent>& out) override;
    // Modifies a working order in place (what TWS does when an order id is placed again):
    // new type, quantity, prices and time in force; same side, symbol and commission state.
    // The new terms apply only to data starting at or after `now`. False (and nothing
    // changes) when no working order has this client id, the side or symbol differ, the
    // new quantity is not above what has filled, or the new terms are invalid.
    bool replace(const Order& order, Timestamp now);
    size_t working_orders() const noexcept override { return working_count_; }

    void on_bar(const Bar& bar) override;
    void on_quote(const Quote& quote) override;
    void on_trade(const Tick& tick) override;

    const PaperBrokerConfig& config() const noexcept { return config_; }
    const CommissionSchedule& commissions() const noexcept { return schedule_; }

private:
    struct Working {
        Order order;
        Timestamp accepted_at;
        Quantity remaining;
        OrderCommissionState commission;
        bool triggered = false;      // stop-limit whose stop was reached
        int64_t first_session = -1;  // day number of the first session it could trade in
        bool done = false;
        bool starved = false;  // its price was reached on data with no volume to lend
    };
    struct Offer {  // what one piece of market data offers to fill against
        Timestamp time;
        Price open, high, low;  // on a quote: all = the relevant side's price
        bool is_quote = false;
        Price bid, ask;
        Quantity available;  // shares this data can fill (after caps)
        bool capped = false;
    };

    Working* find_working(const std::string& client_id);
    void match(Symbol symbol, Offer& offer, Timestamp start, std::optional<Side> only = std::nullopt);
    std::optional<Price> bar_price(Working& w, const Offer& offer) const;
    std::optional<Price> quote_price(Working& w, const Offer& offer) const;
    Price slip(Price p, Side side) const;
    void emit_fill(Working& w, Quantity qty, Price price, Timestamp time);
    void finish(Working& w);

    PaperBrokerConfig config_;
    CommissionSchedule schedule_;
    std::unordered_map<Symbol, std::vector<Working>> books_;
    std::unordered_map<std::string, Symbol> known_;  // every id ever submitted
    std::vector<BrokerEvent> events_;
    size_t working_count_ = 0;
    uint64_t next_exec_ = 1;
};

}  // namespace robo::exec
