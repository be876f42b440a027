// log/log.hpp — structured logging: one event per line, with a component, an event name
// and fields.
//
// Callers name what happened, never format a line:
//     robo::log::info("risk", "order_rejected", {{"symbol", "AAPL"}, {"limit", 0.02}});
// The logger owns formatting (JSON or text), redaction of secrets and account ids, and
// delivery off the caller's thread. It must never throw into the caller.
#pragma once
#include <nlohmann/json.hpp>
#include <string_view>

namespace robo::log {

enum class Level { trace, debug, info, warn, error, critical, off };

using Fields = nlohmann::json;  // a JSON object; keys are field names

// Emits one event if `level` is at or above the configured level. Never throws.
void write(Level level, std::string_view component, std::string_view event, Fields fields = Fields::object());

inline void trace(std::string_view c, std::string_view e, Fields f = Fields::object()) { write(Level::trace, c, e, std::move(f)); }
inline void debug(std::string_view c, std::string_view e, Fields f = Fields::object()) { write(Level::debug, c, e, std::move(f)); }
inline void info(std::string_view c, std::string_view e, Fields f = Fields::object()) { write(Level::info, c, e, std::move(f)); }
inline void warn(std::string_view c, std::string_view e, Fields f = Fields::object()) { write(Level::warn, c, e, std::move(f)); }
inline void error(std::string_view c, std::string_view e, Fields f = Fields::object()) { write(Level::error, c, e, std::move(f)); }

bool enabled(Level level) noexcept;

}  // namespace robo::log
