// ibkr/client/reset_window.cpp — see reset_window.hpp.
#include "robo/ibkr/client/reset_window.hpp"

#include <date/tz.h>

namespace robo::ibkr {

bool ResetWindow::contains(Timestamp t) const {
    static const date::time_zone* ny = date::locate_zone("America/New_York");
    auto local = date::make_zoned(ny, std::chrono::time_point_cast<std::chrono::seconds>(t)).get_local_time();
    auto day = date::floor<date::days>(local);
    auto minute = std::chrono::duration_cast<std::chrono::minutes>(local - day).count();
    date::weekday wd{day};
    if (wd == date::Saturday && !saturday) return false;
    return minute >= start_minute && minute < end_minute;
}

}  // namespace robo::ibkr
