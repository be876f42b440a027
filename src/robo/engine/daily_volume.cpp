#include "robo/engine/daily_volume.hpp"

#include <cmath>

namespace robo::engine {

namespace {
bool whole_below_2_47(double d) { return d >= 0 && d < 0x1p47 && d == std::floor(d); }
}  // namespace

void DailyVolume::close_day() {
    if (days_.size() < kDays) {
        days_.push_back(today_);
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
    next_ = (next_ + 1) % kDays;
    double sum = whole_sum_;
    if (not_whole_ != 0) {
        sum = 0;  // in ring order
        for (double d : days_) sum += d;
    }
    days_average_ = sum / double(days_.size());
}

}  // namespace robo::engine
