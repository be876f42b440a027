// core/symbol_map.hpp — a map from Symbol to a value, for the look-ups made on every bar.
//
// A backtest looks a symbol up in about eight maps per bar (the engine's last prices, the
// gate's symbol facts and volumes, the strategies' latest signals, the ledger, the
// correlation tracker). std::unordered_map pays a call, a division by a prime and a walk
// of linked nodes each time. Here the slots are a power-of-two table probed linearly from
// the symbol's own hash (std::hash<Symbol>, two words mixed); a slot holds the symbol's two
// words and a pointer to its value, so a look-up compares in the table and follows one
// pointer. The entries live in insertion order in a deque:
// - a reference to a value stays valid for the map's life (entries are never moved or
//   erased; there is no erase);
// - iteration is in insertion order, the same in every run;
// - the table is kept at most half full, so a look-up reads one or two slots.
#pragma once
#include <cstdint>
#include <deque>
#include <utility>
#include <vector>

#include "robo/core/symbol.hpp"

namespace robo {

template <class V>
class SymbolMap {
public:
    using Entry = std::pair<Symbol, V>;

    SymbolMap() = default;
    // A copy's slots point at its own entries; a move keeps the entries where they are.
    SymbolMap(const SymbolMap& other) : entries_(other.entries_) { rehash(other.slots_.size()); }
    SymbolMap& operator=(const SymbolMap& other) {
        if (this != &other) {
            entries_ = other.entries_;
            rehash(other.slots_.size());
        }
        return *this;
    }
    SymbolMap(SymbolMap&&) noexcept = default;
    SymbolMap& operator=(SymbolMap&&) noexcept = default;

    // The value of `symbol`, or nullptr.
    V* find(const Symbol& symbol) noexcept { return locate(symbol).value; }
    const V* find(const Symbol& symbol) const noexcept { return const_cast<SymbolMap*>(this)->find(symbol); }
    bool contains(const Symbol& symbol) const noexcept { return find(symbol) != nullptr; }

    // The value of `symbol`, constructed from `args` when it is new; true when it was.
    template <class... Args>
    std::pair<V*, bool> try_emplace(const Symbol& symbol, Args&&... args) {
        Found f = locate(symbol);
        if (f.value) return {f.value, false};
        if (2 * (entries_.size() + 1) > slots_.size()) {
            grow();
            f = locate(symbol);
        }
        entries_.emplace_back(std::piecewise_construct, std::forward_as_tuple(symbol),
                              std::forward_as_tuple(std::forward<Args>(args)...));
        slots_[f.slot] = {symbol.word(0), symbol.word(1), &entries_.back().second};
        return {&entries_.back().second, true};
    }
    V& operator[](const Symbol& symbol) { return *try_emplace(symbol).first; }

    size_t size() const noexcept { return entries_.size(); }
    bool empty() const noexcept { return entries_.empty(); }
    // In insertion order.
    auto begin() noexcept { return entries_.begin(); }
    auto end() noexcept { return entries_.end(); }
    auto begin() const noexcept { return entries_.begin(); }
    auto end() const noexcept { return entries_.end(); }

private:
    // A symbol's two words decide equality (the bytes past its length are zero, and no
    // character is), so the table compares them without touching the entries.
    struct Slot {
        std::uint64_t w0 = 0, w1 = 0;
        V* value = nullptr;  // nullptr: empty
    };
    struct Found {
        V* value;     // the entry's value, or nullptr
        size_t slot;  // where it is, or the empty slot where it would go
    };
    Found locate(const Symbol& symbol) noexcept {
        if (slots_.empty()) return {nullptr, 0};
        const size_t mask = slots_.size() - 1;
        const std::uint64_t w0 = symbol.word(0), w1 = symbol.word(1);
        for (size_t i = std::hash<Symbol>{}(symbol)&mask;; i = (i + 1) & mask) {
            const Slot& slot = slots_[i];
            if (slot.value == nullptr) return {nullptr, i};
            if (slot.w0 == w0 && slot.w1 == w1) return {slot.value, i};
        }
    }
    void grow() { rehash(slots_.empty() ? 16 : 2 * slots_.size()); }
    void rehash(size_t size) {
        std::vector<Slot> slots(size);
        const size_t mask = size - 1;
        for (Entry& e : entries_) {
            size_t i = std::hash<Symbol>{}(e.first) & mask;
            while (slots[i].value != nullptr) i = (i + 1) & mask;
            slots[i] = {e.first.word(0), e.first.word(1), &e.second};
        }
        slots_ = std::move(slots);
    }

    std::vector<Slot> slots_;
    std::deque<Entry> entries_;
};

}  // namespace robo
