// tests/web/webhook_receiver.hpp — a webhook receiver on loopback for the alert tests:
// records every request body, and fails the first `failures` requests with 500.
#pragma once
#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

namespace robo::test {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

// A webhook receiver on loopback that fails the first `failures` requests with 500.
class Receiver {
public:
    explicit Receiver(int failures)
        : failures_(failures), acceptor_(ioc_, {asio::ip::make_address("127.0.0.1"), 0}) {
        thread_ = std::thread([this] { serve(); });
    }
    ~Receiver() {
        stop_ = true;
        beast::error_code ec;
        // Unblock accept with one last connection.
        asio::ip::tcp::socket s(ioc_);
        s.connect(acceptor_.local_endpoint(), ec);
        thread_.join();
    }
    std::string url() const {
        return "http://127.0.0.1:" + std::to_string(acceptor_.local_endpoint().port()) + "/hook";
    }
    std::vector<std::string> bodies() {
        std::lock_guard l(m_);
        return bodies_;
    }
    // The bodies received so far, parsed.
    std::vector<nlohmann::json> alerts() {
        std::vector<nlohmann::json> out;
        for (const auto& b : bodies()) out.push_back(nlohmann::json::parse(b, nullptr, false));
        return out;
    }
    int requests() {
        std::lock_guard l(m_);
        return requests_;
    }

private:
    void serve() {
        while (!stop_) {
            asio::ip::tcp::socket socket(ioc_);
            beast::error_code ec;
            acceptor_.accept(socket, ec);
            if (ec || stop_) return;
            beast::flat_buffer buffer;
            http::request<http::string_body> req;
            http::read(socket, buffer, req, ec);
            if (ec) continue;
            bool fail;
            {
                std::lock_guard l(m_);
                ++requests_;
                fail = requests_ <= failures_;
                if (!fail) bodies_.push_back(req.body());
            }
            http::response<http::string_body> res{
                fail ? http::status::internal_server_error : http::status::ok, 11};
            res.prepare_payload();
            http::write(socket, res, ec);
        }
    }

    int failures_;
    asio::io_context ioc_;
    asio::ip::tcp::acceptor acceptor_;
    std::thread thread_;
    std::atomic<bool> stop_{false};
    std::mutex m_;
    std::vector<std::string> bodies_;
    int requests_ = 0;
};

}  // namespace robo::test
