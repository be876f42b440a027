#include "robo/web/alerts.hpp"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <stdexcept>

#include "robo/core/time.hpp"
#include "robo/log/log.hpp"

namespace robo::web {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

AlertPoster::AlertPoster(AlertOptions options) : options_(std::move(options)) {
    const std::string prefix = "http://";
    if (options_.url.rfind(prefix, 0) != 0)
        throw std::invalid_argument("MONITORING_ALERT_WEBHOOK=" + options_.url +
                                    ": expected an http://host[:port]/path URL");
    std::string rest = options_.url.substr(prefix.size());
    auto slash = rest.find('/');
    std::string authority = rest.substr(0, slash);
    path_ = slash == std::string::npos ? "/" : rest.substr(slash);
    auto colon = authority.rfind(':');
    host_ = colon == std::string::npos ? authority : authority.substr(0, colon);
    port_ = colon == std::string::npos ? "80" : authority.substr(colon + 1);
    if (host_.empty() || port_.empty() || port_.find_first_not_of("0123456789") != std::string::npos)
        throw std::invalid_argument("MONITORING_ALERT_WEBHOOK=" + options_.url +
                                    ": cannot read host and port");
    worker_ = std::thread([this] { run(); });
}

AlertPoster::~AlertPoster() {
    stopping_ = true;
    sleep_cv_.notify_all();
    queue_.enqueue(std::string());  // wakes the worker
    worker_.join();
}

bool AlertPoster::post(std::string kind, nlohmann::json details) {
    return post(nlohmann::json{
        {"kind", std::move(kind)}, {"time", format_iso_micros(wall_now())}, {"details", std::move(details)}});
}

bool AlertPoster::post(nlohmann::json alert) {
    if (pending_.load(std::memory_order_relaxed) >= options_.queue_capacity) {
        counters_.dropped.fetch_add(1, std::memory_order_relaxed);
        return false;
    }
    if (alert.is_object() && !alert.contains("time")) alert["time"] = format_iso_micros(wall_now());
    pending_.fetch_add(1, std::memory_order_relaxed);
    counters_.queued.fetch_add(1, std::memory_order_relaxed);
    queue_.enqueue(alert.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    return true;
}

bool AlertPoster::flush(std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (pending_.load() > 0) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return true;
}

bool AlertPoster::deliver_once(const std::string& body) {
    try {
        asio::io_context ioc;
        asio::ip::tcp::resolver resolver(ioc);
        beast::tcp_stream stream(ioc);
        stream.expires_after(options_.timeout);
        stream.connect(resolver.resolve(host_, port_));
        http::request<http::string_body> req{http::verb::post, path_, 11};
        req.set(http::field::host, host_);
        req.set(http::field::content_type, "application/json");
        req.set(http::field::user_agent, "robo_trader-alerts");
        req.body() = body;
        req.prepare_payload();
        http::write(stream, req);
        beast::flat_buffer buffer;
        http::response<http::string_body> res;
        http::read(stream, buffer, res);
        beast::error_code ec;
        stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ec);
        return res.result_int() >= 200 && res.result_int() < 300;
    } catch (const std::exception&) {
        return false;
    }
}

void AlertPoster::run() {
    std::string body;
    while (true) {
        queue_.wait_dequeue(body);
        if (stopping_ && body.empty()) return;
        if (body.empty()) continue;
        auto backoff = options_.first_backoff;
        bool ok = false;
        for (int attempt = 1; attempt <= options_.max_attempts && !stopping_; ++attempt) {
            if (deliver_once(body)) {
                ok = true;
                break;
            }
            if (attempt == options_.max_attempts) break;
            counters_.retries.fetch_add(1, std::memory_order_relaxed);
            std::unique_lock lock(sleep_mutex_);
            sleep_cv_.wait_for(lock, backoff, [this] { return stopping_.load(); });
            backoff *= 2;
        }
        if (ok) {
            counters_.delivered.fetch_add(1, std::memory_order_relaxed);
        } else {
            counters_.gave_up.fetch_add(1, std::memory_order_relaxed);
            log::error("web", "alert_undelivered",
                       {{"webhook_host", host_ + ":" + port_}, {"attempts", options_.max_attempts}});
        }
        pending_.fetch_sub(1, std::memory_order_relaxed);
    }
}

}  // namespace robo::web
