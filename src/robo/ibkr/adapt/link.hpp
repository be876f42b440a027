// ibkr/adapt/link.hpp — one TWS connection on its own io thread, shared by the adapters.
//
// The Client must only be touched on its io_context's thread; the engine runs on another.
// IbkrLink owns that thread and the Client, fans every message, connection event and
// client notice (a frame skipped as undecodable, a request asked again or given up) out
// to the adapters that listen (broker, market data) on the io thread, and offers post()
// and call() so other threads can hand it work. Anything else that must share the thread
// (an in-process TWS simulator in tests and `make run`) is created on io() before start().
// Must never: call a listener from any thread but the io thread, or outlive its thread.
#pragma once
#include <boost/asio.hpp>
#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

#include "robo/ibkr/client/client.hpp"

namespace robo::ibkr {

class IbkrLink {
public:
    explicit IbkrLink(ClientConfig cfg);
    ~IbkrLink();  // stops the thread (disconnecting first)
    IbkrLink(const IbkrLink&) = delete;
    IbkrLink& operator=(const IbkrLink&) = delete;

    boost::asio::io_context& io() noexcept { return io_; }
    Client& client() noexcept { return *client_; }  // io thread only (or before start())

    // Listeners are added before start(); they run on the io thread.
    void on_message(std::function<void(const ServerMessage&)> fn);
    void on_event(std::function<void(ConnectionEvent)> fn);
    void on_notice(std::function<void(const ClientNotice&)> fn);

    void start();  // starts the io thread and connects
    void stop();   // disconnects, stops and joins the io thread (idempotent)
    bool running() const noexcept { return thread_.joinable(); }

    void post(std::function<void()> fn);
    // Runs fn on the io thread and waits for its result; never call it from the io thread.
    template <class F>
    auto call(F fn) -> decltype(fn()) {
        using R = decltype(fn());
        auto task = std::make_shared<std::packaged_task<R()>>(std::move(fn));
        auto result = task->get_future();
        boost::asio::post(io_, [task] { (*task)(); });
        return result.get();
    }

private:
    boost::asio::io_context io_;
    std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_;
    std::unique_ptr<Client> client_;
    std::vector<std::function<void(const ServerMessage&)>> message_listeners_;
    std::vector<std::function<void(ConnectionEvent)>> event_listeners_;
    std::vector<std::function<void(const ClientNotice&)>> notice_listeners_;
    std::thread thread_;
};

}  // namespace robo::ibkr
