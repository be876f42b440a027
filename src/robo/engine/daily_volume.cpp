#include "robo/engine/daily_volume.hpp"

#include <cstdint>

namespace robo::engine {

namespace {
// A conversion instead of std::floor, which is a library call without SSE4.1.
bool whole_below_2_47(double d) {
    return d >= 0 && d < 0x1p47 && d == static_cast<double>(static_cast<std::int64_t>(d));
}
}  // namespace

void DailyVolume::close_day() {
    if (size_ < kDays) {
        days_[size_++] = today_;
    } else {
        const double leaving = days_[next_];
        if (whole_below_2_47(leaving))
            whole_sum_ -= leaving;
        else
            --not_whole_;
        days_[next_] = today_;
    }
    if (whole_below_2_47(today_))
        whole_sum_ += today_;
    else
        ++not_whole_;
    next_ = next_ + 1 == kDays ? 0 : next_ + 1;
    double sum = whole_sum_;
    if (not_whole_ != 0) {
        sum = 0;  // in ring order
        for (size_t i = 0; i < size_; ++i) sum += days_[i];
    }
    days_average_ = sum / double(size_);
}

}  // namespace robo::engine
