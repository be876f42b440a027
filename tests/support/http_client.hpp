// tests/support/http_client.hpp — small synchronous HTTP and WebSocket clients for the
// dashboard's tests.
//
// Boost.Beast stays in http_client.cpp, compiled once into robo_test_support; only the verb
// enum is included here, so a test file does not instantiate the client's templates itself.
#pragma once
#include <boost/beast/http/verb.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

namespace robo::test {

struct HttpReply {
    int status = 0;
    std::string body;
    std::string content_type;
};

HttpReply http_request(uint16_t port, boost::beast::http::verb verb, const std::string& target,
                       const std::string& body = "", const std::string& token = "");

inline HttpReply http_get(uint16_t port, const std::string& target) {
    return http_request(port, boost::beast::http::verb::get, target);
}

// Sends `bytes` exactly as given (so that a path reaches the server as-is) and reads one
// response. Status 0 when the server closed or did not answer within `timeout` (the error
// is then in `body`). Asynchronous inside, because the stream's timeout only applies to
// asynchronous operations: a server stuck on a request must fail the test, not hang it.
HttpReply raw_http(uint16_t port, const std::string& bytes,
                   std::chrono::seconds timeout = std::chrono::seconds(5));

// "GET target HTTP/1.1" with the given Host (none when empty), connection closed after.
HttpReply raw_get(uint16_t port, const std::string& target, const std::string& host = "127.0.0.1");

class WsClient {
public:
    explicit WsClient(uint16_t port);
    ~WsClient();
    WsClient(const WsClient&) = delete;
    WsClient& operator=(const WsClient&) = delete;

    void send(const std::string& text);
    // The next message, waiting at most 5 s.
    nlohmann::json receive();
    // Reads until a message matching pred arrives; returns it.
    template <class Pred>
    nlohmann::json receive_until(Pred pred, int max_messages = 10000) {
        for (int i = 0; i < max_messages; ++i) {
            auto m = receive();
            if (pred(m)) return m;
        }
        throw std::runtime_error("expected message never arrived");
    }

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace robo::test
