#include "robo/features/rolling_window.hpp"

namespace robo::features {

void RollingWindow::recompute() noexcept {
    since_recompute_ = 0;
    double total = 0;
    for (double v : values_) total += v;
    shift_ = total / period_;  // re-centre on the current mean
    sum_ = 0;
    sumsq_ = 0;
    // Summed oldest to newest so the result depends only on the window's contents.
    for (int i = 0; i < period_; ++i) {
        const double d = values_[static_cast<std::size_t>((pos_ + i) % period_)] - shift_;
        sum_ += d;
        sumsq_ += d * d;
    }
}

}  // namespace robo::features
