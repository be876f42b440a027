// Interim implementation: JSON lines on stderr at info and above. The logging component
// replaces the internals (sinks, rotation, redaction, text format) behind the same API.
#include "robo/log/log.hpp"

#include <cstdio>

#include "robo/core/time.hpp"

namespace robo::log {

namespace {
const char* level_name(Level l) {
    switch (l) {
        case Level::trace: return "trace";
        case Level::debug: return "debug";
        case Level::info: return "info";
        case Level::warn: return "warn";
        case Level::error: return "error";
        case Level::critical: return "critical";
        case Level::off: return "off";
    }
    return "?";
}
}  // namespace

bool enabled(Level level) noexcept { return level >= Level::info && level != Level::off; }

void write(Level level, std::string_view component, std::string_view event, Fields fields) {
    if (!enabled(level)) return;
    try {
        nlohmann::json line = {{"ts", format_iso_micros(wall_now())},
                               {"level", level_name(level)},
                               {"component", component},
                               {"event", event}};
        if (fields.is_object())
            for (auto& [k, v] : fields.items()) line[k] = v;
        std::fprintf(stderr, "%s\n", line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
    } catch (...) {
    }
}

}  // namespace robo::log
