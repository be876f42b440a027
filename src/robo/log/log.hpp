// log/log.hpp — structured logging: one event per line, with a component, an event name
// and fields.
//
// Callers name what happened, never format a line:
//     robo::log::info("risk", "order_rejected", {{"symbol", "AAPL"}, {"limit", 0.02}});
// The logger owns formatting (JSON or text), redaction of secrets and account ids, and
// delivery off the caller's thread. It must never throw into the caller.
//
// Delivery: after configure() with async = true (the default for sessions), write() only
// stamps the time and moves the event into a bounded lock-free queue (moodycamel); one
// writer thread redacts, formats and writes (spdlog sinks: stderr or a size-rotated file).
// We use our own queue rather than spdlog's async logger because spdlog formats on the
// caller's thread; here formatting and redaction also leave the hot path. When the queue is
// full the event is dropped and counted (dropped_events()), and the writer reports the
// count as a "log/events_dropped" warning: the trading thread never blocks on logging.
// Before configure() the logger writes JSON at info and above synchronously to stderr.
#pragma once
#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace robo::log {

enum class Level { trace, debug, info, warn, error, critical, off };
enum class Format { json, text };

using Fields = nlohmann::json;  // a JSON object; keys are field names

// Emits one event if `level` is at or above the configured level. Never throws.
void write(Level level, std::string_view component, std::string_view event, Fields fields = Fields::object());

inline void trace(std::string_view c, std::string_view e, Fields f = Fields::object()) {
    write(Level::trace, c, e, std::move(f));
}
inline void debug(std::string_view c, std::string_view e, Fields f = Fields::object()) {
    write(Level::debug, c, e, std::move(f));
}
inline void info(std::string_view c, std::string_view e, Fields f = Fields::object()) {
    write(Level::info, c, e, std::move(f));
}
inline void warn(std::string_view c, std::string_view e, Fields f = Fields::object()) {
    write(Level::warn, c, e, std::move(f));
}
inline void error(std::string_view c, std::string_view e, Fields f = Fields::object()) {
    write(Level::error, c, e, std::move(f));
}
inline void critical(std::string_view c, std::string_view e, Fields f = Fields::object()) {
    write(Level::critical, c, e, std::move(f));
}

bool enabled(Level level) noexcept;

struct LogOptions {
    Level level = Level::info;
    Format format = Format::json;
    std::filesystem::path file;                     // empty: stderr
    std::size_t max_file_bytes = 50 * 1024 * 1024;  // rotate when the file would pass this
    std::size_t max_files = 5;                      // rotated files kept: file.1 ... file.N
    bool async = true;                              // false: write on the caller's thread
    std::size_t queue_capacity = 65536;             // events waiting before new ones are dropped
    // For tests and embedding: when set, finished lines (without newline) go here instead
    // of stderr or the file. Called from the writer thread.
    std::function<void(std::string_view line)> line_sink;
};

// Replaces the logger's configuration: drains what is queued under the old one first.
// Throws std::runtime_error when the log file cannot be opened (a start-up error, not a
// hot-path one). Not meant to race with itself; write() may run concurrently.
void configure(const LogOptions& options);
// Waits (up to two seconds) until every event written before the call is delivered.
void flush() noexcept;
// Events dropped because the queue was full, since start.
std::uint64_t dropped_events() noexcept;

std::string_view to_string(Level level) noexcept;
// Accepts trace, debug, info, warn/warning, error, critical, off in any case.
std::optional<Level> parse_level(std::string_view text) noexcept;

}  // namespace robo::log
