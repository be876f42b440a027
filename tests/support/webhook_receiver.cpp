#include "support/webhook_receiver.hpp"

#include <fmt/format.h>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <mutex>
#include <thread>

namespace robo::test {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

struct Receiver::Impl {
    explicit Impl(int failing) : failures(failing), acceptor(ioc, {asio::ip::make_address("127.0.0.1"), 0}) {
        thread = std::thread([this] { serve(); });
    }
    ~Impl() {
        stop = true;
        beast::error_code ec;
        // Unblock accept with one last connection.
        asio::ip::tcp::socket s(ioc);
        s.connect(acceptor.local_endpoint(), ec);
        thread.join();
    }
    void serve() {
        while (!stop) {
            asio::ip::tcp::socket socket(ioc);
            beast::error_code ec;
            acceptor.accept(socket, ec);
            if (ec || stop) return;
            beast::flat_buffer buffer;
            http::request<http::string_body> req;
            http::read(socket, buffer, req, ec);
            if (ec) continue;
            bool fail;
            {
                std::lock_guard l(m);
                ++requests;
                fail = requests <= failures;
                if (!fail) bodies.push_back(req.body());
            }
            http::response<http::string_body> res{
                fail ? http::status::internal_server_error : http::status::ok, 11};
            res.prepare_payload();
            http::write(socket, res, ec);
        }
    }

    int failures;
    asio::io_context ioc;
    asio::ip::tcp::acceptor acceptor;
    std::thread thread;
    std::atomic<bool> stop{false};
    std::mutex m;
    std::vector<std::string> bodies;
    int requests = 0;
};

Receiver::Receiver(int failures) : impl_(std::make_unique<Impl>(failures)) {}
Receiver::~Receiver() = default;

std::string Receiver::url() const {
    return fmt::format("http://127.0.0.1:{}/hook", impl_->acceptor.local_endpoint().port());
}

std::vector<std::string> Receiver::bodies() {
    std::lock_guard l(impl_->m);
    return impl_->bodies;
}

std::vector<nlohmann::json> Receiver::alerts() {
    std::vector<nlohmann::json> out;
    for (const auto& b : bodies()) out.push_back(nlohmann::json::parse(b, nullptr, false));
    return out;
}

int Receiver::requests() {
    std::lock_guard l(impl_->m);
    return impl_->requests;
}

}  // namespace robo::test
