// engine/daily_volume.hpp — a symbol's average volume over its last 20 completed days, for
// the risk gate's participation limit.
//
// The average is the ring's sum in ring order divided by its size, as it always was, so
// that its bits do not move. Summing 20 days on every bar was the risk adapter's largest
// cost in a backtest (each bar of daily data closes a day). Volumes are nearly always whole
// numbers of shares: while every day in the ring is a whole number below 2^47, every
// partial sum in any order is an integer below 2^53 and exact, so a sum kept by adding the
// new day and taking away the leaving one has the ring-order sum's very bits. Any other
// day (a fraction, a huge or negative value) makes the next averages sum the ring in order.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>

namespace robo::engine {

class DailyVolume {
public:
    static constexpr size_t kDays = 20;

    // Adds a bar's volume to New York day `day`; a later day first closes the current one.
    void add(int64_t day, double volume) {
        if (day != day_) {
            if (day_ >= 0) close_day();
            day_ = day;
            today_ = 0;
        }
        today_ += volume;
    }
    // The average of the completed days (at most kDays), or today's volume before any.
    double average() const noexcept { return size_ == 0 ? today_ : days_average_; }

private:
    void close_day();

    int64_t day_ = -1;
    double today_ = 0;
    // Ring of completed days, held inline: one pointer fewer to chase per bar.
    std::array<double, kDays> days_{};
    size_t size_ = 0, next_ = 0;
    double days_average_ = 0;
    double whole_sum_ = 0;  // of the ring's whole days (see above)
    int not_whole_ = 0;     // days in the ring that are not whole numbers below 2^47
};

}  // namespace robo::engine
