#include "support/http_client.hpp"

#include <fmt/format.h>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

namespace robo::test {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

namespace {
asio::ip::tcp::endpoint loopback(uint16_t port) { return {asio::ip::make_address("127.0.0.1"), port}; }
}  // namespace

HttpReply http_request(uint16_t port, http::verb verb, const std::string& target, const std::string& body,
                       const std::string& token) {
    asio::io_context ioc;
    beast::tcp_stream stream(ioc);
    stream.expires_after(std::chrono::seconds(5));
    stream.connect(loopback(port));
    http::request<http::string_body> req{verb, target, 11};
    req.set(http::field::host, "127.0.0.1");
    if (!token.empty()) req.set(http::field::authorization, fmt::format("Bearer {}", token));
    req.body() = body;
    req.prepare_payload();
    http::write(stream, req);
    beast::flat_buffer buffer;
    http::response<http::string_body> res;
    http::read(stream, buffer, res);
    return {static_cast<int>(res.result_int()), res.body(), std::string(res[http::field::content_type])};
}

HttpReply raw_http(uint16_t port, const std::string& bytes, std::chrono::seconds timeout) {
    asio::io_context ioc;
    beast::tcp_stream stream(ioc);
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(32u << 20);
    beast::error_code result;
    stream.expires_after(timeout);
    stream.async_connect(loopback(port), [&](beast::error_code ec) {
        if (ec) {
            result = ec;
            return;
        }
        // A server may answer and close before the whole request is written; read anyway.
        asio::async_write(stream, asio::buffer(bytes), [&](beast::error_code, size_t) {
            http::async_read(stream, buffer, parser, [&](beast::error_code rec, size_t) { result = rec; });
        });
    });
    ioc.run();
    if (result && !parser.is_header_done()) return {0, result.message(), ""};
    auto& res = parser.get();
    return {static_cast<int>(res.result_int()), res.body(), std::string(res[http::field::content_type])};
}

HttpReply raw_get(uint16_t port, const std::string& target, const std::string& host) {
    std::string req = fmt::format("GET {} HTTP/1.1\r\n", target);
    if (!host.empty()) req += fmt::format("Host: {}\r\n", host);
    return raw_http(port, req + "Connection: close\r\n\r\n");
}

struct WsClient::Impl {
    asio::io_context ioc;
    beast::websocket::stream<beast::tcp_stream> ws{ioc};
};

WsClient::WsClient(uint16_t port) : impl_(std::make_unique<Impl>()) {
    beast::get_lowest_layer(impl_->ws).connect(loopback(port));
    impl_->ws.handshake(fmt::format("127.0.0.1:{}", port), "/ws");
}

WsClient::~WsClient() = default;

void WsClient::send(const std::string& text) {
    impl_->ws.text(true);
    impl_->ws.write(asio::buffer(text));
}

nlohmann::json WsClient::receive() {
    beast::get_lowest_layer(impl_->ws).expires_after(std::chrono::seconds(5));
    beast::flat_buffer buffer;
    impl_->ws.read(buffer);
    return nlohmann::json::parse(beast::buffers_to_string(buffer.data()));
}

}  // namespace robo::test
