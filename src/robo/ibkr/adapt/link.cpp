// ibkr/adapt/link.cpp — see link.hpp.
#include "robo/ibkr/adapt/link.hpp"

#include "robo/log/log.hpp"

namespace robo::ibkr {

IbkrLink::IbkrLink(ClientConfig cfg) : client_(std::make_unique<Client>(io_, std::move(cfg))) {
    client_->on_message = [this](const ServerMessage& m) {
        for (auto& fn : message_listeners_) fn(m);
    };
    client_->on_event = [this](ConnectionEvent e) {
        for (auto& fn : event_listeners_) fn(e);
    };
    client_->on_notice = [this](const ClientNotice& n) {
        for (auto& fn : notice_listeners_) fn(n);
    };
}

IbkrLink::~IbkrLink() { stop(); }

void IbkrLink::on_message(std::function<void(const ServerMessage&)> fn) {
    message_listeners_.push_back(std::move(fn));
}

void IbkrLink::on_event(std::function<void(ConnectionEvent)> fn) {
    event_listeners_.push_back(std::move(fn));
}

void IbkrLink::on_notice(std::function<void(const ClientNotice&)> fn) {
    notice_listeners_.push_back(std::move(fn));
}

void IbkrLink::start() {
    if (thread_.joinable()) return;
    work_.emplace(io_.get_executor());
    boost::asio::post(io_, [this] { client_->connect(); });
    thread_ = std::thread([this] {
        // A handler that throws is logged and the loop goes on: one bad message must not
        // silently end the connection (or leave call() waiting forever).
        for (;;) {
            try {
                io_.run();
                return;
            } catch (const std::exception& e) {
                robo::log::error("ibkr", "io_handler_failed", {{"what", e.what()}});
            }
        }
    });
}

void IbkrLink::stop() {
    if (!thread_.joinable()) return;
    boost::asio::post(io_, [this] { client_->disconnect(); });
    work_.reset();
    // Let the disconnect run, then end whatever timers remain (heartbeat, simulator steps).
    boost::asio::post(io_, [this] { io_.stop(); });
    thread_.join();
}

void IbkrLink::post(std::function<void()> fn) { boost::asio::post(io_, std::move(fn)); }

}  // namespace robo::ibkr
