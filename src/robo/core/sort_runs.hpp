// core/sort_runs.hpp — a stable sort for data that is already a few runs in order.
//
// Market data arrives a file at a time and each file is in time order, so a list of bars or
// events is usually a few dozen ascending runs. Merging them with a heap is n log(runs)
// comparisons instead of n log n, and the merged order is applied in place by following the
// permutation's cycles: no second array of the items (a stable sort's buffer is half of
// them, and fresh memory is what costs most on a virtual machine).
// The order is exactly std::stable_sort's by key: ties go to the earlier run, whose items
// came first. With more than `max_runs` runs the data is far from sorted, and it is sorted.
#pragma once
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace robo {

template <class T, class KeyOf>
void stable_sort_runs(std::vector<T>& items, KeyOf key_of, std::size_t max_runs = 4096) {
    using Key = decltype(key_of(items.front()));
    std::vector<std::size_t> starts{0};
    for (std::size_t i = 1; i < items.size(); ++i)
        if (key_of(items[i]) < key_of(items[i - 1])) starts.push_back(i);
    if (items.size() < 2 || starts.size() == 1) return;
    if (starts.size() > max_runs || items.size() > UINT32_MAX) {
        std::stable_sort(items.begin(), items.end(),
                         [&](const T& a, const T& b) { return key_of(a) < key_of(b); });
        return;
    }
    // from[j]: where the item that belongs at j is now.
    struct Head {
        Key key;
        uint32_t run;
    };
    auto later = [](const Head& a, const Head& b) {
        return b.key < a.key || (!(a.key < b.key) && a.run > b.run);
    };
    std::vector<std::size_t> next(starts);
    std::vector<Head> heap;
    heap.reserve(starts.size());
    for (uint32_t r = 0; r < starts.size(); ++r) heap.push_back({key_of(items[starts[r]]), r});
    std::make_heap(heap.begin(), heap.end(), later);
    std::vector<uint32_t> from;
    from.reserve(items.size());
    while (!heap.empty()) {
        std::pop_heap(heap.begin(), heap.end(), later);
        Head& h = heap.back();
        from.push_back(static_cast<uint32_t>(next[h.run]++));
        const std::size_t end = h.run + 1 < starts.size() ? starts[h.run + 1] : items.size();
        if (next[h.run] < end) {
            h.key = key_of(items[next[h.run]]);
            std::push_heap(heap.begin(), heap.end(), later);
        } else {
            heap.pop_back();
        }
    }
    for (std::size_t j = 0; j < items.size(); ++j) {
        if (from[j] == j) continue;
        T held = std::move(items[j]);
        std::size_t at = j;
        while (true) {
            const std::size_t src = from[at];
            from[at] = static_cast<uint32_t>(at);
            if (src == j) {
                items[at] = std::move(held);
                break;
            }
            items[at] = std::move(items[src]);
            at = src;
        }
    }
}

}  // namespace robo
