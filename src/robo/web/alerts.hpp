// web/alerts.hpp — posts alerts (kill-switch trip, broker disconnection, stalled feed,
// breached limit) as JSON to a webhook (MONITORING_ALERT_WEBHOOK).
//
// post() never blocks the caller: it hands the alert to a bounded lock-free queue (full =
// dropped and counted) and a worker thread delivers it with HTTP POST, retrying with
// exponential backoff. Only plain http:// URLs are supported (a TLS-terminating relay on
// loopback covers https); anything else is refused at construction with a clear error.
#pragma once
#include <concurrentqueue/blockingconcurrentqueue.h>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

namespace robo::web {

struct AlertOptions {
    std::string url;  // http://host[:port]/path
    int max_attempts = 5;
    std::chrono::milliseconds first_backoff{500};  // doubled after each failure
    std::chrono::milliseconds timeout{5000};       // per attempt
    size_t queue_capacity = 1024;
};

struct AlertCounters {
    std::atomic<uint64_t> queued{0}, delivered{0}, retries{0}, gave_up{0}, dropped{0};
};

class AlertPoster {
public:
    explicit AlertPoster(AlertOptions options);  // throws std::invalid_argument on a bad URL
    ~AlertPoster();
    AlertPoster(const AlertPoster&) = delete;
    AlertPoster& operator=(const AlertPoster&) = delete;

    // kind: "kill_switch_tripped", "broker_disconnected", "feed_stalled", "limit_breached".
    bool post(std::string kind, nlohmann::json details);
    // Posts a whole alert object as it is ("time" is added when it has none).
    bool post(nlohmann::json alert);
    // Waits until every queued alert is delivered or given up, or the timeout passes.
    bool flush(std::chrono::milliseconds timeout);
    const AlertCounters& counters() const noexcept { return counters_; }

private:
    void run();
    bool deliver_once(const std::string& body);

    AlertOptions options_;
    std::string host_, port_, path_;
    AlertCounters counters_;
    moodycamel::BlockingConcurrentQueue<std::string> queue_;
    std::atomic<size_t> pending_{0};
    std::atomic<bool> stopping_{false};
    std::mutex sleep_mutex_;
    std::condition_variable sleep_cv_;
    std::thread worker_;
};

}  // namespace robo::web
