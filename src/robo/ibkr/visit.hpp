// ibkr/visit.hpp — one field list drives both encoding and decoding.
//
// Each message struct has `template <class F> void visit(F& f)` that names its fields in
// wire order. FieldOut writes them, FieldIn reads them; a conditional block is plain `if`
// code on a field already visited, so the two directions cannot drift apart. Fields we
// carry but do not model go through skip(name, text): written as `text`, read and dropped.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "robo/ibkr/wire.hpp"

namespace robo::ibkr {

struct FieldOut {
    static constexpr bool reading = false;
    FieldWriter& w;

    template <class T>
    void operator()(const char*, const T& v) {
        w.add(v);
    }
    void skip(const char*, std::string_view text) { w.add(text); }
    // A counted list of plain records; writes the count then each record.
    template <class T>
    void list(const char*, const std::vector<T>& items) {
        w.add(static_cast<int>(items.size()));
        for (auto& item : items) const_cast<T&>(item).visit(*this);
    }
    // A counted group we never model: written as count 0.
    void skip_group(const char*, int) { w.add(0); }
    void skip_n(const char*, int) {}
};

struct FieldIn {
    static constexpr bool reading = true;
    FieldReader& r;

    void operator()(const char* n, int& v) { v = r.i32(n); }
    void operator()(const char* n, int64_t& v) { v = r.i64(n); }
    void operator()(const char* n, double& v) { v = r.f64(n); }
    void operator()(const char* n, bool& v) { v = r.boolean(n); }
    void operator()(const char* n, std::string& v) { v = std::string(r.text(n)); }
    void operator()(const char* n, Quantity& v) { v = r.decimal(n); }
    void operator()(const char* n, std::optional<int>& v) { v = r.i32_max(n); }
    void operator()(const char* n, std::optional<double>& v) { v = r.f64_max(n); }
    void skip(const char* n, std::string_view) { r.text(n); }

    // Reads a count and guards it: a garbled count must not make us reserve gigabytes.
    int count(const char* n, int fields_per_item) {
        int c = r.i32(n);
        if (c < 0 || (fields_per_item > 0 && c > 1'000'000))
            r.fail(n, std::to_string(c), "a count between 0 and 1000000");
        return c;
    }
    template <class T>
    void list(const char* n, std::vector<T>& items) {
        int c = count(n, 1);
        items.clear();
        items.reserve(static_cast<std::size_t>(std::min(c, 4096)));
        for (int i = 0; i < c; ++i) items.emplace_back().visit(*this);
    }
    void skip_group(const char* n, int fields_per_item) {
        int c = count(n, fields_per_item);
        for (int64_t i = 0; i < int64_t{c} * fields_per_item; ++i) r.text(n);
    }
    void skip_n(const char* n, int k) {
        for (int i = 0; i < k; ++i) r.text(n);
    }
};

}  // namespace robo::ibkr
