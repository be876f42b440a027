// log/format.hpp — how one event becomes one line, in JSON (default) or text for people.
//
// JSON: {"ts":"2026-01-02T14:30:00.123456Z","level":"info","component":"risk",
//        "event":"order_rejected","fields":{...}}   (fields nested so that a field named
//        "level" or "ts" can never overwrite the envelope).
// Text: 2026-01-02T14:30:00.123456Z INFO  risk order_rejected limit=0.02 symbol=AAPL
// Both always produce exactly one line: newlines inside values are escaped. Formatting
// never redacts; the logger redacts the fields before calling these.
#pragma once
#include <string>
#include <string_view>

#include "robo/core/time.hpp"
#include "robo/log/log.hpp"

namespace robo::log {

std::string format_json(Timestamp ts, Level level, std::string_view component, std::string_view event,
                        const Fields& fields);
std::string format_text(Timestamp ts, Level level, std::string_view component, std::string_view event,
                        const Fields& fields);

}  // namespace robo::log
