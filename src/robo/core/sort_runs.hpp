// core/sort_runs.hpp — a stable sort for data that is already a few runs in order.
//
// Market data arrives a file at a time and each file is in time order, so a list of bars or
// events is usually a few dozen ascending runs. Merging them with a heap is n log(runs)
// comparisons instead of n log n, and the merged order is applied in place by following the
// permutation's cycles: no second array of the items (a stable sort's buffer is half of
// them, and fresh memory is what costs most on a virtual machine).
// The order is exactly std::stable_sort's by key: ties go to the earlier run, whose items
// came first. With more than `max_runs` runs the data is far from sorted, and it is sorted.
// The merge can take two threads (a backtest's feed is merged while nothing else runs).
#pragma once
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <thread>
#include <vector>

namespace robo {

namespace sort_runs_detail {
// The merged order of the runs that start at starts[first_run, last_run) and end where the
// next begins (`end` for the last): for each place in that order, the index of the item that
// goes there. A heap of the runs' heads; ties go to the earlier run.
template <class T, class KeyOf>
std::vector<uint32_t> merge_order(const std::vector<T>& items, KeyOf key_of,
                                  const std::vector<std::size_t>& starts, std::size_t first_run,
                                  std::size_t last_run, std::size_t end) {
    using Key = decltype(key_of(items.front()));
    struct Head {
        Key key;
        uint32_t run;
    };
    auto later = [](const Head& a, const Head& b) {
        return b.key < a.key || (!(a.key < b.key) && a.run > b.run);
    };
    auto run_end = [&](std::size_t r) { return r + 1 < last_run ? starts[r + 1] : end; };
    std::vector<std::size_t> next(starts.begin(), starts.end());
    std::vector<Head> heap;
    heap.reserve(last_run - first_run);
    for (std::size_t r = first_run; r < last_run; ++r)
        heap.push_back({key_of(items[starts[r]]), static_cast<uint32_t>(r)});
    std::make_heap(heap.begin(), heap.end(), later);
    std::vector<uint32_t> from;
    from.reserve(end - starts[first_run]);
    while (!heap.empty()) {
        std::pop_heap(heap.begin(), heap.end(), later);
        Head& h = heap.back();
        from.push_back(static_cast<uint32_t>(next[h.run]++));
        if (next[h.run] < run_end(h.run)) {
            h.key = key_of(items[next[h.run]]);
            std::push_heap(heap.begin(), heap.end(), later);
        } else {
            heap.pop_back();
        }
    }
    return from;
}
}  // namespace sort_runs_detail

// `two_threads`: the runs are split in two halves by items, each merged on its own thread,
// and the two orders merged (ties to the first half, whose runs came first): the same order.
template <class T, class KeyOf>
void stable_sort_runs(std::vector<T>& items, KeyOf key_of, std::size_t max_runs = 4096,
                      bool two_threads = false) {
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
    std::vector<uint32_t> from;
    const std::size_t n = items.size();
    // The run that starts nearest the middle item splits the work in two.
    const std::size_t split =
        std::size_t(std::lower_bound(starts.begin(), starts.end(), n / 2) - starts.begin());
    if (two_threads && split > 0 && split < starts.size()) {
        std::vector<uint32_t> first, second;
        std::jthread other(
            [&] { second = sort_runs_detail::merge_order(items, key_of, starts, split, starts.size(), n); });
        first = sort_runs_detail::merge_order(items, key_of, starts, 0, split, starts[split]);
        other.join();  // (a jthread: joined on the way out if the line above throws)
        from.reserve(n);
        std::size_t a = 0, b = 0;
        while (a < first.size() && b < second.size())
            from.push_back(key_of(items[second[b]]) < key_of(items[first[a]]) ? second[b++] : first[a++]);
        from.insert(from.end(), first.begin() + std::ptrdiff_t(a), first.end());
        from.insert(from.end(), second.begin() + std::ptrdiff_t(b), second.end());
    } else {
        from = sort_runs_detail::merge_order(items, key_of, starts, 0, starts.size(), n);
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
