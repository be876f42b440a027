// DailyVolume keeps a running sum while the days are whole numbers; its averages must be
// the bits of the plain computation it replaced (the 20 days summed in ring order on every
// new day), whatever the volumes: whole, fractional, huge, mixed, or switching between them.
#include "robo/engine/daily_volume.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <random>
#include <vector>

namespace robo::engine {
namespace {

// The computation before the running sum, kept verbatim as the reference.
struct PlainDailyVolume {
    int64_t day = -1;
    double today = 0;
    std::vector<double> days;
    size_t next = 0;
    double days_average = 0;
    void add(int64_t d, double volume) {
        if (day != d) {
            if (day >= 0) {
                if (days.size() < 20)
                    days.push_back(today);
                else
                    days[next] = today;
                next = (next + 1) % 20;
                double sum = 0;
                for (double x : days) sum += x;
                days_average = sum / double(days.size());
            }
            day = d;
            today = 0;
        }
        today += volume;
    }
    double average() const { return days.empty() ? today : days_average; }
};

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

enum class Kind { whole, fractional, huge, mixed, phases };

double draw(Kind kind, std::mt19937_64& rng, int64_t day) {
    std::uniform_int_distribution<int64_t> shares(0, 400'000'000);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    switch (kind) {
        case Kind::whole:
            return double(shares(rng));
        case Kind::fractional:
            return double(shares(rng)) + unit(rng);
        case Kind::huge:
            return unit(rng) < 0.5 ? 0x1p50 + double(shares(rng)) : double(shares(rng));  // sums past 2^53
        case Kind::mixed:
            return unit(rng) < 0.1 ? double(shares(rng)) + 0.5 : double(shares(rng));
        case Kind::phases:
            return (day / 30) % 2 ? double(shares(rng)) * 0.25 : double(shares(rng));
    }
    return 0;
}

TEST(DailyVolume, AveragesAreThePlainRingOrderSumsBitForBit) {
    for (Kind kind : {Kind::whole, Kind::fractional, Kind::huge, Kind::mixed, Kind::phases}) {
        std::mt19937_64 rng(42 + int(kind));
        DailyVolume fast;
        PlainDailyVolume plain;
        int64_t day = 16'000;
        for (int bar = 0; bar < 20'000; ++bar) {
            day += std::uniform_int_distribution<int>(0, 3)(rng) == 0 ? 0 : 1;  // some days have several bars
            const double volume = draw(kind, rng, day);
            fast.add(day, volume);
            plain.add(day, volume);
            ASSERT_TRUE(same_bits(fast.average(), plain.average()))
                << "kind " << int(kind) << ", bar " << bar << ": " << fast.average() << " vs "
                << plain.average();
        }
    }
}

TEST(DailyVolume, TodayBeforeAnyCompletedDayThenTheCompletedDaysOnly) {
    DailyVolume v;
    v.add(1, 100);
    v.add(1, 50);
    EXPECT_EQ(v.average(), 150);
    v.add(2, 10);
    EXPECT_EQ(v.average(), 150);  // day 1 completed; today's 10 is not in the average
    v.add(3, 0);
    EXPECT_EQ(v.average(), 80);
}

}  // namespace
}  // namespace robo::engine
