// tests/quality/shared_csv.hpp — a tiny reader for the shared CSV files, enough to build
// series for the quality tests (the production readers live in data/files/). Throws with
// file:line on anything it cannot read, so a test never runs on half a file.
#pragma once
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "robo/core/market_data.hpp"

namespace robo::test {

struct DailySeries {
    std::vector<Bar> bars;
    std::vector<double> adj_close;
};

inline std::vector<std::string> split_csv(const std::string& line) {
    std::vector<std::string> out;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, ',')) out.push_back(cell);
    return out;
}

inline Price price_of(const std::string& s) { return Price::parse_rounded(s); }
inline Quantity qty_of(const std::string& s) { return Quantity::parse_rounded(s); }

// Daily files: Date, Open, High, Low, Close, Volume, Adj Close in any column order.
inline DailySeries read_daily(const std::filesystem::path& path, std::string_view symbol) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error(path.string() + ": cannot open");
    std::string line;
    std::getline(in, line);
    const auto header = split_csv(line);
    auto col = [&](std::string_view name) -> size_t {
        for (size_t i = 0; i < header.size(); ++i)
            if (header[i] == name) return i;
        throw std::runtime_error(path.string() + ": no column " + std::string(name));
    };
    const size_t d = col("Date"), o = col("Open"), h = col("High"), l = col("Low"), c = col("Close"),
                 v = col("Volume"), a = col("Adj Close");
    DailySeries out;
    int n = 1;
    while (std::getline(in, line)) {
        ++n;
        const auto f = split_csv(line);
        try {
            Bar b{Symbol(symbol),    Timeframe::day,    parse_timestamp(f.at(d)),
                  price_of(f.at(o)), price_of(f.at(h)), price_of(f.at(l)),
                  price_of(f.at(c)), qty_of(f.at(v)),   false};
            out.bars.push_back(b);
            out.adj_close.push_back(std::stod(f.at(a)));
        } catch (const std::exception& e) {
            throw std::runtime_error(path.string() + ":" + std::to_string(n) + ": " + e.what());
        }
    }
    return out;
}

// Intraday bars: "Date,Time,Open,High,Low,Close,Volume,..." (the futures file's header
// omits Time but its rows carry it).
inline std::vector<Bar> read_intraday_bars(const std::filesystem::path& path, std::string_view symbol,
                                           Timeframe tf) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error(path.string() + ": cannot open");
    std::string line;
    std::getline(in, line);
    std::vector<Bar> out;
    int n = 1;
    while (std::getline(in, line)) {
        ++n;
        const auto f = split_csv(line);
        try {
            out.push_back(Bar{Symbol(symbol), tf, parse_timestamp(f.at(0) + "T" + f.at(1)), price_of(f.at(2)),
                              price_of(f.at(3)), price_of(f.at(4)), price_of(f.at(5)), qty_of(f.at(6)),
                              false});
        } catch (const std::exception& e) {
            throw std::runtime_error(path.string() + ":" + std::to_string(n) + ": " + e.what());
        }
    }
    return out;
}

// ticksample.csv: Datetime,Open,High,Low,Close,Volume,OpenInterest — one trade per row.
inline std::vector<Tick> read_ticks(const std::filesystem::path& path, std::string_view symbol) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error(path.string() + ": cannot open");
    std::string line;
    std::getline(in, line);
    std::vector<Tick> out;
    int n = 1;
    while (std::getline(in, line)) {
        ++n;
        const auto f = split_csv(line);
        try {
            out.push_back(Tick{Symbol(symbol), parse_timestamp(f.at(0)), price_of(f.at(4)), qty_of(f.at(5))});
        } catch (const std::exception& e) {
            throw std::runtime_error(path.string() + ":" + std::to_string(n) + ": " + e.what());
        }
    }
    return out;
}

}  // namespace robo::test
