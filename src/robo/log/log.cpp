// The logger's state: configuration, the bounded queue and the writer thread.
// See log.hpp for the delivery policy.
#include "robo/log/log.hpp"

#include <concurrentqueue/concurrentqueue.h>
#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>

#include <atomic>
#include <cctype>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <future>
#include <memory>
#include <mutex>
#include <thread>
#include <variant>

#include "robo/core/time.hpp"
#include "robo/log/format.hpp"
#include "robo/log/redact.hpp"

namespace robo::log {
namespace {

struct Event {
    Timestamp ts;
    Level level;
    std::string component;
    std::string event;
    Fields fields;
};
using FlushRequest = std::shared_ptr<std::promise<void>>;
using Item = std::variant<Event, FlushRequest>;

class Logger {
public:
    Logger() = default;
    ~Logger() { stop_writer(); }

    bool enabled(Level l) const noexcept {
        return l != Level::off && static_cast<int>(l) >= level_.load(std::memory_order_relaxed);
    }

    void write(Level level, std::string_view component, std::string_view event, Fields&& fields) {
        Event e{wall_now(), level, std::string(component), std::string(event), std::move(fields)};
        if (async_.load(std::memory_order_acquire)) {
            const std::size_t capacity = capacity_.load(std::memory_order_relaxed);
            const std::size_t queued = queued_.fetch_add(1, std::memory_order_relaxed);
            if (queued >= capacity) {
                queued_.fetch_sub(1, std::memory_order_relaxed);
                dropped_.fetch_add(1, std::memory_order_relaxed);
                return;
            }
            // Half full: the writer stops gathering, so a burst is written rather than dropped.
            enqueue(Item{std::move(e)}, queued + 1 >= capacity / 2);
            return;
        }
        std::lock_guard lock(config_mutex_);
        deliver(e);
        write_stderr_batch();
    }

    void configure(const LogOptions& options) {
        std::lock_guard lock(config_mutex_);
        stop_writer();
        std::shared_ptr<spdlog::sinks::sink> sink;
        if (!options.line_sink && !options.file.empty()) {
            try {
                sink = std::make_shared<spdlog::sinks::rotating_file_sink_mt>(
                    options.file.string(), std::max<std::size_t>(options.max_file_bytes, 1024),
                    std::max<std::size_t>(options.max_files, 1));
            } catch (const std::exception& ex) {
                throw std::runtime_error("log: cannot open log file " + options.file.string() + ": " +
                                         ex.what());
            }
            sink->set_pattern("%v");
        }
        file_sink_ = std::move(sink);
        line_sink_ = options.line_sink;
        format_ = options.format;
        capacity_.store(std::max<std::size_t>(options.queue_capacity, 16));
        level_.store(static_cast<int>(options.level));
        if (options.async) {
            writer_ = std::thread([this] { run_writer(); });
            async_.store(true, std::memory_order_release);
        }
    }

    void flush() noexcept {
        try {
            if (async_.load(std::memory_order_acquire)) {
                auto done = std::make_shared<std::promise<void>>();
                auto future = done->get_future();
                enqueue(Item{done}, true);
                future.wait_for(std::chrono::seconds(2));
            }
            std::lock_guard lock(config_mutex_);
            if (file_sink_) file_sink_->flush();
            std::fflush(stderr);
        } catch (...) {
        }
    }

    std::uint64_t dropped() const noexcept { return dropped_.load(std::memory_order_relaxed); }

private:
    // Runs on the writer thread (async) or under config_mutex_ (sync).
    void deliver(Event& e) noexcept {
        try {
            report_drops();
            redact(e.fields);
            const std::string component = redact_text(e.component);
            const std::string event = redact_text(e.event);
            emit(format_ == Format::json ? format_json(e.ts, e.level, component, event, e.fields)
                                         : format_text(e.ts, e.level, component, event, e.fields),
                 e.level);
        } catch (...) {
            // A line that cannot be formatted is lost, but counted.
            dropped_.fetch_add(1, std::memory_order_relaxed);
        }
    }

    void emit(const std::string& line, Level level) {
        if (line_sink_) {
            line_sink_(line);
        } else if (file_sink_) {
            spdlog::details::log_msg msg(spdlog::source_loc{}, "robo", spdlog::level::info, line);
            file_sink_->log(msg);
            if (level >= Level::error) file_sink_->flush();
        } else {
            // stderr is unbuffered: a line and its newline were two write(2) calls each.
            // Lines gathered together go out in one, after the writer's pass over the queue.
            stderr_batch_.append(line).push_back('\n');
            if (stderr_batch_.size() >= kStderrBatchBytes) write_stderr_batch();
        }
    }

    // On the writer thread, or under config_mutex_ when synchronous.
    void write_stderr_batch() noexcept {
        if (stderr_batch_.empty()) return;
        std::fwrite(stderr_batch_.data(), 1, stderr_batch_.size(), stderr);
        stderr_batch_.clear();
    }

    void report_drops() {
        const std::uint64_t now = dropped_.load(std::memory_order_relaxed);
        if (now == reported_drops_) return;
        const std::uint64_t count = now - reported_drops_;
        reported_drops_ = now;
        Fields f = {{"count", count}, {"total", now}};
        emit(format_ == Format::json ? format_json(wall_now(), Level::warn, "log", "events_dropped", f)
                                     : format_text(wall_now(), Level::warn, "log", "events_dropped", f),
             Level::warn);
    }

    // The writer is woken for the first event after an idle spell, and then gives the others
    // up to kGather to arrive before it writes them all: not once per event, which cost the
    // caller a futex wake-up each (4 % of a backtest that logs its kill switch's trips). Whoever
    // waits for the writer (a flush, the stop, a half-full queue) wakes it at once (`urgent`).
    void enqueue(Item&& item, bool urgent) {
        queue_.enqueue(std::move(item));
        if (urgent) urgent_.store(true, std::memory_order_release);
        // Pairs with the writer's fence: it sees this event, or this sees it idle.
        std::atomic_thread_fence(std::memory_order_seq_cst);
        if (urgent || writer_idle_.load(std::memory_order_relaxed)) {
            std::lock_guard lock(wake_mutex_);
            wake_.notify_one();
        }
    }

    // A null FlushRequest is the stop token: drain what is queued, then return.
    void run_writer() {
        Item item;
        for (;;) {
            {
                std::unique_lock lock(wake_mutex_);
                writer_idle_.store(true, std::memory_order_relaxed);
                std::atomic_thread_fence(std::memory_order_seq_cst);
                // Rechecked every second as well: a wake-up lost to a fault of this reasoning
                // would delay a line, never keep it.
                while (!wake_.wait_for(lock, std::chrono::seconds(1),
                                       [&] { return queue_.size_approx() > 0; })) {
                }
                writer_idle_.store(false, std::memory_order_relaxed);
                wake_.wait_for(lock, kGather, [&] { return urgent_.load(std::memory_order_acquire); });
                urgent_.store(false, std::memory_order_relaxed);
            }
            while (queue_.try_dequeue(item)) {
                if (auto* f = std::get_if<FlushRequest>(&item); f && !*f) {
                    while (queue_.try_dequeue(item)) handle(item);
                    write_stderr_batch();
                    return;
                }
                handle(item);
            }
            write_stderr_batch();
        }
    }

    void handle(Item& item) {
        if (auto* e = std::get_if<Event>(&item)) {
            queued_.fetch_sub(1, std::memory_order_relaxed);
            deliver(*e);
        } else if (auto* f = std::get_if<FlushRequest>(&item); f && *f) {
            try {
                write_stderr_batch();
                if (file_sink_) file_sink_->flush();
                std::fflush(stderr);
                (*f)->set_value();
            } catch (...) {
            }
        }
    }

    // Caller holds config_mutex_ (or is the destructor).
    void stop_writer() {
        if (!writer_.joinable()) return;
        async_.store(false, std::memory_order_release);
        enqueue(Item{FlushRequest{}}, true);
        writer_.join();
        if (file_sink_) file_sink_->flush();
    }

    std::mutex config_mutex_;
    std::atomic<int> level_{static_cast<int>(Level::info)};
    std::atomic<bool> async_{false};
    std::atomic<std::size_t> capacity_{65536};
    std::atomic<std::size_t> queued_{0};
    std::atomic<std::uint64_t> dropped_{0};
    std::uint64_t reported_drops_ = 0;  // writer side only
    static constexpr std::size_t kStderrBatchBytes = 64 * 1024;
    std::string stderr_batch_;  // lines for stderr not yet written (writer side only)
    Format format_ = Format::json;
    std::shared_ptr<spdlog::sinks::sink> file_sink_;
    std::function<void(std::string_view)> line_sink_;
    static constexpr std::chrono::milliseconds kGather{5};
    moodycamel::ConcurrentQueue<Item> queue_;
    std::mutex wake_mutex_;
    std::condition_variable wake_;
    std::atomic<bool> writer_idle_{false};
    std::atomic<bool> urgent_{false};
    std::thread writer_;
};

Logger& logger() {
    static Logger instance;
    return instance;
}

}  // namespace

bool enabled(Level level) noexcept { return logger().enabled(level); }

void write(Level level, std::string_view component, std::string_view event, Fields fields) {
    if (!enabled(level)) return;
    try {
        logger().write(level, component, event, std::move(fields));
    } catch (...) {
    }
}

void configure(const LogOptions& options) { logger().configure(options); }
void flush() noexcept { logger().flush(); }
std::uint64_t dropped_events() noexcept { return logger().dropped(); }

std::string_view to_string(Level level) noexcept {
    switch (level) {
        case Level::trace:
            return "trace";
        case Level::debug:
            return "debug";
        case Level::info:
            return "info";
        case Level::warn:
            return "warn";
        case Level::error:
            return "error";
        case Level::critical:
            return "critical";
        case Level::off:
            return "off";
    }
    return "?";
}

std::optional<Level> parse_level(std::string_view text) noexcept {
    char buf[16] = {};
    if (text.size() >= sizeof buf) return std::nullopt;
    for (std::size_t i = 0; i < text.size(); ++i)
        buf[i] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[i])));
    const std::string_view t(buf, text.size());
    if (t == "trace") return Level::trace;
    if (t == "debug") return Level::debug;
    if (t == "info") return Level::info;
    if (t == "warn" || t == "warning") return Level::warn;
    if (t == "error") return Level::error;
    if (t == "critical" || t == "fatal") return Level::critical;
    if (t == "off") return Level::off;
    return std::nullopt;
}

}  // namespace robo::log
