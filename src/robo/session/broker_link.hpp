// session/broker_link.hpp — a session through the TWS socket API (`run --broker tws-sim|ibkr`): the market
// data and the broker of a run session come from TWS / IB Gateway over the socket API, so the session trades
// through the same engine, order manager, risk gate and ledger as a backtest.
//   tws-sim: the market-data files of --data are served by the TWS simulator in this
//            process on a free loopback port (its own thread, as if it were another
//            program) and traded through the real protocol; the engine's clock follows
//            the simulator's data time. The replay lasts about as long as the paper
//            replay would at --speed. This is what `make run` does.
//   ibkr:    TWS or Gateway at IBKR_HOST:IBKR_PORT with IBKR_CLIENT_ID; --symbols names
//            what to trade. EXECUTION_MODE=paper trades only a paper (DU...) account;
//            EXECUTION_MODE=live needs EXECUTION_LIVE_CONFIRM=I_UNDERSTAND and
//            --confirm-live, and refuses a paper account.
// Must never: start a live session without both confirmations.
#pragma once
#include <iosfwd>
#include <map>
#include <memory>

#include "robo/config/config.hpp"
#include "robo/engine/backtest.hpp"
#include "robo/engine/session.hpp"
#include "robo/session/plan.hpp"

namespace robo::session {

class BrokerLink {
public:
    // Connects (or starts the simulator and connects) and adjusts the session's config
    // (mode, clock, feature timeframe). Throws std::exception with a one-line reason.
    static std::unique_ptr<BrokerLink> open(const Plan& plan, engine::SessionConfig& sc,
                                            const engine::LoadedFeed& loaded, std::ostream& out);
    virtual ~BrokerLink() = default;
    virtual engine::Feed& feed() = 0;
    virtual exec::Broker& broker() = 0;
    // After the session: stops the connection (and the simulator) and prints the
    // reconciliation of the ledger with the broker's positions, less what the account held
    // before the session (`baseline`, from the engine's first position report). Returns
    // false on a break.
    virtual bool finish(std::ostream& out, const exec::Portfolio& ledger,
                        const std::map<Symbol, Quantity>& baseline) = 0;
};

}  // namespace robo::session
