// SortedWindow gives the same median and MAD as copying the window and running nth_element
// twice (what the gate did before), bit for bit, through evictions, ties and clears.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <deque>
#include <random>
#include <vector>

#include "robo/data/quality/sorted_window.hpp"

namespace robo::data::quality {
namespace {

struct Reference {
    double median = 0, mad = 0;
};

Reference by_nth_element(const std::deque<double>& window) {
    if (window.empty()) return {};
    std::vector<double> v(window.begin(), window.end());
    auto mid = v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2);
    std::nth_element(v.begin(), mid, v.end());
    Reference r;
    r.median = *mid;
    for (auto& x : v) x = std::fabs(x - r.median);
    std::nth_element(v.begin(), mid, v.end());
    r.mad = *mid;
    return r;
}

void expect_same_as_reference(std::size_t capacity, const std::vector<double>& values) {
    SortedWindow window(capacity);
    std::deque<double> plain;
    for (std::size_t i = 0; i < values.size(); ++i) {
        window.push(values[i]);
        plain.push_back(values[i]);
        if (plain.size() > capacity) plain.pop_front();
        const auto ref = by_nth_element(plain);
        ASSERT_EQ(window.size(), plain.size());
        // Bit equality, not nearness: the gate's verdicts must not move.
        ASSERT_EQ(window.median(), ref.median) << "capacity " << capacity << ", after value " << i;
        ASSERT_EQ(window.mad(window.median()), ref.mad) << "capacity " << capacity << ", after value " << i;
        ASSERT_EQ(window.robust_sigma(), 1.4826 * ref.mad);
    }
}

TEST(SortedWindow, MedianAndMadEqualNthElementOnTheSameWindowBitForBit) {
    std::mt19937_64 rng(42);
    std::normal_distribution<double> returns(0.0, 0.02);
    for (std::size_t capacity : {1u, 2u, 5u, 20u, 63u, 64u}) {
        std::vector<double> values(500);
        for (auto& v : values) v = returns(rng);
        expect_same_as_reference(capacity, values);
    }
}

TEST(SortedWindow, TiesAndRepeatedValuesKeepTheReferenceValues) {
    std::mt19937_64 rng(7);
    std::uniform_int_distribution<int> few(0, 4);  // volumes that repeat often
    for (std::size_t capacity : {3u, 4u, 20u}) {
        std::vector<double> values(400);
        for (auto& v : values) v = 1000.0 * few(rng);
        expect_same_as_reference(capacity, values);
    }
}

// mad() of any center, inside the window, outside it, or on a repeated value, is the
// nth_element of |x - center| (the gate asks with the median; the bisection must not care).
TEST(SortedWindow, MadOfAnyCenterEqualsNthElementOfTheDeviations) {
    std::mt19937_64 rng(99);
    std::uniform_int_distribution<int> small(0, 9);
    for (std::size_t capacity = 1; capacity <= 24; ++capacity) {
        SortedWindow window(capacity);
        std::deque<double> plain;
        for (int step = 0; step < 60; ++step) {
            const double x = 0.5 * small(rng);
            window.push(x);
            plain.push_back(x);
            if (plain.size() > capacity) plain.pop_front();
            for (double center : {-3.0, 0.0, 0.5, 1.25, 2.0, 4.5, 9.0}) {
                std::vector<double> d;
                for (double p : plain) d.push_back(std::fabs(p - center));
                auto mid = d.begin() + static_cast<std::ptrdiff_t>(d.size() / 2);
                std::nth_element(d.begin(), mid, d.end());
                ASSERT_EQ(window.mad(center), *mid) << "capacity " << capacity << ", center " << center;
            }
        }
    }
}

TEST(SortedWindow, EmptyAndClearedWindowsAnswerZero) {
    SortedWindow window(4);
    EXPECT_EQ(window.median(), 0.0);
    EXPECT_EQ(window.mad(1.0), 0.0);
    for (double v : {3.0, 1.0, 2.0, 5.0, 4.0}) window.push(v);
    EXPECT_EQ(window.size(), 4u);
    EXPECT_EQ(window.median(), 4.0);  // 1 left: {2, 3, 4, 5}, index 2
    window.clear();
    EXPECT_TRUE(window.empty());
    EXPECT_EQ(window.robust_sigma(), 0.0);
    window.push(-2.0);
    EXPECT_EQ(window.median(), -2.0);
    EXPECT_EQ(window.mad(0.5), 2.5);
}

}  // namespace
}  // namespace robo::data::quality
