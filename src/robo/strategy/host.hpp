// strategy/host.hpp — what the strategy framework needs from whoever runs the strategies
// (the engine): the clock, the account, timers and orders, each on behalf of one strategy
// (its StrategyId). The manager turns it into one stable Context per strategy.
#pragma once
#include "robo/strategy/orders.hpp"
#include "robo/strategy/strategy.hpp"

namespace robo::strategy {

class Host {
public:
    virtual ~Host() = default;
    virtual Timestamp now() const = 0;
    virtual Quantity position(Symbol symbol) const = 0;
    virtual Money cash() const = 0;
    virtual Money equity() const = 0;
    virtual Quantity own_position(StrategyId who, Symbol symbol) const = 0;
    // A timer for strategy `who`; the host calls Manager::timer(id) when it is due.
    virtual TimerId schedule(StrategyId who, Duration after) = 0;
    virtual OrderId submit(StrategyId who, const OrderRequest& request) = 0;
    virtual bool cancel(StrategyId who, OrderId id) = 0;
    virtual bool modify(StrategyId who, OrderId id, const OrderChange& change) = 0;
};

}  // namespace robo::strategy
