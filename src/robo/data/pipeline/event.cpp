#include "robo/data/pipeline/event.hpp"

namespace robo::data::pipeline {

DataKind kind_of(const MarketEvent& e) noexcept {
    switch (e.data.index()) {
        case 0:
            return DataKind::tick;
        case 1:
            return DataKind::quote;
        default:
            return DataKind::bar;
    }
}

const Symbol& symbol_of(const MarketEvent& e) noexcept {
    static const Symbol none;
    switch (e.data.index()) {
        case 0:
            return std::get<Tick>(e.data).symbol;
        case 1:
            return std::get<Quote>(e.data).symbol;
        case 2:
            return std::get<Bar>(e.data).symbol;
        default:
            return none;
    }
}

Timestamp time_of(const MarketEvent& e) noexcept {
    switch (e.data.index()) {
        case 0:
            return std::get<Tick>(e.data).time;
        case 1:
            return std::get<Quote>(e.data).time;
        case 2:
            return std::get<Bar>(e.data).start;
        default:
            return Timestamp{};
    }
}

}  // namespace robo::data::pipeline
