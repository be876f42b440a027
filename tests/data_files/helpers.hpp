// tests/data_files/helpers.hpp — small helpers that keep the data-file tests readable.
#pragma once
#include <chrono>
#include <fstream>
#include <iterator>
#include <ostream>
#include <string>

#include "robo/core/time.hpp"
#include "robo/data/files/readers.hpp"
#include "support/paths.hpp"

namespace robo {
// Lets gtest print a Symbol as its text.
inline void PrintTo(const Symbol& s, std::ostream* os) { *os << s.view(); }
}  // namespace robo

namespace robo::test {

inline std::filesystem::path corpus(const std::string& name) {
    return source_dir() / "tests" / "data_files" / "corpus" / name;
}
inline std::filesystem::path shared_file(const std::string& relative) { return shared_data_dir() / relative; }

inline std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Data lines of a file: its lines (the last may lack a newline) minus the header.
inline size_t data_lines(const std::filesystem::path& p) {
    std::string text = slurp(p);
    size_t lines = static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
    if (!text.empty() && text.back() != '\n') ++lines;
    return lines == 0 ? 0 : lines - 1;
}

// "2015-01-12T05:00:00Z" as a Timestamp, to state expectations in UTC.
inline Timestamp utc(const char* text) { return parse_timestamp(text); }

inline Price price(const char* text) { return Price::parse(text); }
inline Quantity qty(const char* text) { return Quantity::parse(text); }

inline data::ReadOptions stopping() {
    data::ReadOptions o;
    o.on_bad_row = data::OnBadRow::stop;
    return o;
}

}  // namespace robo::test
