#include "robo/strategy/orders.hpp"

namespace robo::strategy {

std::string_view to_string(OrderEventKind k) noexcept {
    switch (k) {
        case OrderEventKind::accepted:
            return "accepted";
        case OrderEventKind::partially_filled:
            return "partially_filled";
        case OrderEventKind::filled:
            return "filled";
        case OrderEventKind::cancelled:
            return "cancelled";
        case OrderEventKind::expired:
            return "expired";
        case OrderEventKind::rejected:
            return "rejected";
        case OrderEventKind::modified:
            return "modified";
        case OrderEventKind::modify_rejected:
            return "modify_rejected";
    }
    return "?";
}

std::string_view to_string(OrderRole r) noexcept {
    switch (r) {
        case OrderRole::single:
            return "single";
        case OrderRole::entry:
            return "entry";
        case OrderRole::stop_loss:
            return "stop_loss";
        case OrderRole::take_profit:
            return "take_profit";
    }
    return "?";
}

}  // namespace robo::strategy
