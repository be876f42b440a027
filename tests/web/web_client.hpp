// Small synchronous HTTP and WebSocket clients for the server tests (Boost.Beast).
#pragma once
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <nlohmann/json.hpp>
#include <string>

namespace robo::test {

struct HttpReply {
    int status = 0;
    std::string body;
    std::string content_type;
};

inline HttpReply http_request(uint16_t port, boost::beast::http::verb verb, const std::string& target,
                              const std::string& body = "", const std::string& token = "") {
    namespace beast = boost::beast;
    namespace http = beast::http;
    boost::asio::io_context ioc;
    beast::tcp_stream stream(ioc);
    stream.expires_after(std::chrono::seconds(5));
    stream.connect(boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port));
    http::request<http::string_body> req{verb, target, 11};
    req.set(http::field::host, "127.0.0.1");
    if (!token.empty()) req.set(http::field::authorization, "Bearer " + token);
    req.body() = body;
    req.prepare_payload();
    http::write(stream, req);
    beast::flat_buffer buffer;
    http::response<http::string_body> res;
    http::read(stream, buffer, res);
    return {static_cast<int>(res.result_int()), res.body(), std::string(res[http::field::content_type])};
}

inline HttpReply http_get(uint16_t port, const std::string& target) {
    return http_request(port, boost::beast::http::verb::get, target);
}

// Sends `bytes` exactly as given (so that a path reaches the server as-is) and reads one
// response. Status 0 when the server closed or did not answer within `timeout` (the error
// is then in `body`). Asynchronous inside, because the stream's timeout only applies to
// asynchronous operations: a server stuck on a request must fail the test, not hang it.
inline HttpReply raw_http(uint16_t port, const std::string& bytes,
                          std::chrono::seconds timeout = std::chrono::seconds(5)) {
    namespace beast = boost::beast;
    namespace http = beast::http;
    boost::asio::io_context ioc;
    beast::tcp_stream stream(ioc);
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(32u << 20);
    beast::error_code result;
    stream.expires_after(timeout);
    stream.async_connect(boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port),
                         [&](beast::error_code ec) {
                             if (ec) {
                                 result = ec;
                                 return;
                             }
                             // A server may answer and close before the whole request is written; read
                             // anyway.
                             boost::asio::async_write(
                                 stream, boost::asio::buffer(bytes), [&](beast::error_code, size_t) {
                                     http::async_read(stream, buffer, parser,
                                                      [&](beast::error_code rec, size_t) { result = rec; });
                                 });
                         });
    ioc.run();
    if (result && !parser.is_header_done()) return {0, result.message(), ""};
    auto& res = parser.get();
    return {static_cast<int>(res.result_int()), res.body(), std::string(res[http::field::content_type])};
}

// "GET target HTTP/1.1" with the given Host (none when empty), connection closed after.
inline HttpReply raw_get(uint16_t port, const std::string& target, const std::string& host = "127.0.0.1") {
    std::string req = "GET " + target + " HTTP/1.1\r\n";
    if (!host.empty()) req += "Host: " + host + "\r\n";
    return raw_http(port, req + "Connection: close\r\n\r\n");
}

class WsClient {
public:
    explicit WsClient(uint16_t port) : ws_(ioc_) {
        boost::asio::ip::tcp::endpoint ep(boost::asio::ip::make_address("127.0.0.1"), port);
        boost::beast::get_lowest_layer(ws_).connect(ep);
        ws_.handshake("127.0.0.1:" + std::to_string(port), "/ws");
    }
    void send(const std::string& text) {
        ws_.text(true);
        ws_.write(boost::asio::buffer(text));
    }
    nlohmann::json receive() {
        boost::beast::get_lowest_layer(ws_).expires_after(std::chrono::seconds(5));
        boost::beast::flat_buffer buffer;
        ws_.read(buffer);
        return nlohmann::json::parse(boost::beast::buffers_to_string(buffer.data()));
    }
    // Reads until a message matching pred arrives; returns it.
    template <class Pred>
    nlohmann::json receive_until(Pred pred, int max_messages = 10000) {
        for (int i = 0; i < max_messages; ++i) {
            auto m = receive();
            if (pred(m)) return m;
        }
        throw std::runtime_error("expected message never arrived");
    }
    boost::beast::websocket::stream<boost::beast::tcp_stream>& stream() { return ws_; }

private:
    boost::asio::io_context ioc_;
    boost::beast::websocket::stream<boost::beast::tcp_stream> ws_;
};

}  // namespace robo::test
