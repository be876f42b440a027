// tests/store/store_fixture.hpp — a fresh database file per test, and helpers that name
// the rows the tests write.
#pragma once
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "robo/store/reader.hpp"
#include "robo/store/writer.hpp"

namespace robo::store::test {

class StoreTest : public ::testing::Test {
protected:
    void SetUp() override {
        auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        dir_ = std::filesystem::temp_directory_path() / ("robo_store_" + std::to_string(::getpid()) + "_" +
                                                         info->test_suite_name() + "_" + info->name());
        std::filesystem::remove_all(dir_);
        std::filesystem::create_directories(dir_);
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }

    std::filesystem::path db_path() const { return dir_ / "robo.db"; }
    const std::filesystem::path& dir() const { return dir_; }

private:
    std::filesystem::path dir_;
};

inline Timestamp at_second(int64_t s) { return from_unix_nanos(s * 1'000'000'000LL); }

inline TickRecord trade(const char* symbol, int64_t time_ns, const char* price, const char* size = "100",
                        int64_t seq = 0) {
    return {Tick{Symbol(symbol), from_unix_nanos(time_ns), Price::parse(price), Quantity::parse(size)}, seq};
}

inline BarRecord daily_bar(const char* symbol, const char* date, const char* open, const char* high,
                           const char* low, const char* close, const char* volume = "1000") {
    Bar b;
    b.symbol = Symbol(symbol);
    b.timeframe = Timeframe::day;
    b.start = parse_timestamp(date);
    b.open = Price::parse(open);
    b.high = Price::parse(high);
    b.low = Price::parse(low);
    b.close = Price::parse(close);
    b.volume = Quantity::parse(volume);
    return {b, std::nullopt};
}

inline FeatureRecord feature(const char* symbol, const char* date, const char* name, double value) {
    return {Symbol(symbol), Timeframe::day, parse_timestamp(date), name, value};
}

// Writes the records and waits for their commit; true when all were accepted and committed.
template <class... R>
bool write_all(Writer& w, R&&... records) {
    bool accepted = (w.submit(std::forward<R>(records)).ok() && ...);
    return w.flush() && accepted;
}

}  // namespace robo::store::test
