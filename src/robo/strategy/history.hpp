// strategy/history.hpp — the recent closed bars of every symbol and timeframe, with the
// feature values computed on each, for Context::history.
//
// A ring of `capacity` bars per (symbol, timeframe): memory is bounded whatever the length
// of the session, and no allocation happens per bar once a ring is full (its slots are
// reused). Feature values arrive before their bar (the engine's order: features, then the
// bar) and are attached to the next bar of the same symbol and timeframe that starts at
// their time. Capacity 0 keeps nothing.
#pragma once
#include <unordered_map>
#include <vector>

#include "robo/strategy/orders.hpp"
#include "robo/strategy/strategy.hpp"

namespace robo::strategy {

class HistoryBook {
public:
    explicit HistoryBook(size_t capacity = 0) : capacity_(capacity) {}
    size_t capacity() const noexcept { return capacity_; }
    // Before the first bar only (a ring's order depends on it): std::logic_error after.
    void set_capacity(size_t capacity);

    void on_features(const FeatureUpdate& update);
    void on_bar(const Bar& bar);

    // The last n bars (at most capacity) of symbol on timeframe, oldest first; none: the
    // first timeframe the symbol showed.
    History recent(Symbol symbol, size_t n, std::optional<Timeframe> timeframe) const;

private:
    struct Key {
        Symbol symbol;
        Timeframe timeframe;
        bool operator==(const Key&) const = default;
    };
    struct KeyHash {
        size_t operator()(const Key& k) const noexcept {
            return std::hash<Symbol>{}(k.symbol) * 31 + size_t(k.timeframe);
        }
    };
    struct Slot {
        Bar bar;
        std::vector<double> features;
    };
    struct Ring {
        std::vector<std::string> names;  // of the first feature update
        std::vector<Slot> slots;         // circular once full
        size_t next = 0;                 // where the next bar goes once full
        Timestamp pending_time{};
        std::vector<double> pending;  // the features of the bar about to arrive
        bool has_pending = false;
        bool has_bar = false;  // a bar was stored (first_timeframe_ knows the symbol)
    };
    // The ring of (symbol, timeframe), created on first use. A bar's features and the bar
    // itself come one after the other, so the last ring is remembered (map nodes never move).
    Ring& ring(Symbol symbol, Timeframe timeframe);

    size_t capacity_;
    std::unordered_map<Key, Ring, KeyHash> rings_;
    std::unordered_map<Symbol, Timeframe> first_timeframe_;
    // Forgotten when the book is copied or moved, so it never points into another book's map.
    struct LastRing {
        Key key{};
        Ring* ring = nullptr;
        LastRing() = default;
        LastRing(const LastRing&) noexcept {}
        LastRing& operator=(const LastRing&) noexcept {
            ring = nullptr;
            return *this;
        }
    } last_;
};

}  // namespace robo::strategy
