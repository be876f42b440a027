// ibkr/client/reset_window.hpp — IBKR's daily reset, when dropped sockets are expected.
//
// North America: 00:15-01:45 New York time, Sunday to Friday by default (configurable).
// During the window the client logs disconnects as expected and keeps retrying at its
// longest backoff rather than raising alarms. Time-zone arithmetic uses date/tz.
#pragma once
#include "robo/core/time.hpp"

namespace robo::ibkr {

struct ResetWindow {
    int start_minute = 15;  // minutes after midnight, New York time
    int end_minute = 105;   // exclusive
    bool saturday = false;  // North America: no reset on Saturday (weekend maintenance instead)
    bool contains(Timestamp t) const;
};

}  // namespace robo::ibkr
