#include "robo/web/server.hpp"

#include <array>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <future>

#include "robo/log/log.hpp"
#include "robo/web/http_routes.hpp"

namespace robo::web {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

struct Server::Impl {
    ServerOptions options;
    Hub& hub;
    Routes routes;
    asio::io_context ioc{1};
    tcp::acceptor acceptor{ioc};
    std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;

    Impl(ServerOptions o, Hub& h, ControlHandler control, log::AuditSink* audit)
        : options(std::move(o)), hub(h), routes(options, hub, std::move(control), audit) {}

    void accept();
};

namespace {

class WsSession : public std::enable_shared_from_this<WsSession> {
public:
    WsSession(tcp::socket socket, Hub& hub) : ws_(std::move(socket)), hub_(hub) {}

    void run(http::request<http::string_body> req) {
        ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
        ws_.read_message_max(64 * 1024);  // client messages are small commands
        ws_.async_accept(req, [self = shared_from_this()](beast::error_code ec) { self->on_accept(ec); });
    }

private:
    void on_accept(beast::error_code ec) {
        if (ec) return;
        client_ = hub_.connect();
        std::weak_ptr<WsSession> weak = shared_from_this();
        client_->on_message = [weak] {
            if (auto self = weak.lock()) self->pump();
        };
        pump();
        read();
    }

    void read() {
        ws_.async_read(buffer_, [self = shared_from_this()](beast::error_code ec, size_t) {
            if (ec) return self->close();
            std::string text = beast::buffers_to_string(self->buffer_.data());
            self->buffer_.consume(self->buffer_.size());
            if (!self->ws_.got_text()) {
                self->hub_.handle_client_message(self->client_, "\x01binary");  // counted as malformed
            } else {
                self->hub_.handle_client_message(self->client_, text);
            }
            self->read();
        });
    }

    // Writes the outbox one message at a time; a dropped client is closed.
    void pump() {
        if (!client_ || writing_ || closed_) return;
        if (client_->dropped()) {
            closed_ = true;
            ws_.async_close(
                websocket::close_reason(websocket::close_code::policy_error, client_->drop_reason()),
                [self = shared_from_this()](beast::error_code) { self->finish(); });
            return;
        }
        if (client_->outbox().empty()) return;
        writing_ = true;
        current_ = client_->outbox().front();
        client_->outbox().pop_front();
        ws_.text(true);
        ws_.async_write(asio::buffer(*current_), [self = shared_from_this()](beast::error_code ec, size_t) {
            self->writing_ = false;
            self->current_.reset();
            if (ec) return self->close();
            self->pump();
        });
    }

    void close() {
        closed_ = true;
        finish();
    }
    void finish() {
        if (client_) {
            client_->on_message = nullptr;
            hub_.disconnect(client_);
            client_.reset();
        }
    }

    websocket::stream<beast::tcp_stream> ws_;
    Hub& hub_;
    beast::flat_buffer buffer_;
    std::shared_ptr<Client> client_;
    Message current_;
    bool writing_ = false;
    bool closed_ = false;
};

class HttpSession : public std::enable_shared_from_this<HttpSession> {
public:
    HttpSession(tcp::socket socket, Server::Impl& server) : stream_(std::move(socket)), server_(server) {}
    void run() { read(); }

private:
    void read() {
        parser_.emplace();
        parser_->body_limit(kBodyLimit);
        stream_.expires_after(std::chrono::seconds(30));
        http::async_read(
            stream_, buffer_, *parser_, [self = shared_from_this()](beast::error_code ec, size_t) {
                if (ec) return self->on_read_error(ec);
                auto req = self->parser_->release();
                if (websocket::is_upgrade(req)) {
                    if (auto refused = self->server_.routes.host_refusal(req))
                        return self->respond(std::move(*refused));
                    if (auto refused = self->server_.routes.origin_refusal(req))
                        return self->respond(std::move(*refused));
                    if (req.target() != "/ws")
                        return self->respond(
                            Routes::error(req, http::status::not_found, "WebSocket endpoint is /ws"));
                    stream_release(self, std::move(req));
                    return;
                }
                self->respond(self->handle(req));
            });
    }

    Routes::Response handle(const Routes::Request& req) {
        try {
            return server_.routes.handle(req);
        } catch (const std::exception& e) {
            // One bad request must not end the web thread (and with it /health and control).
            log::error("web", "request_failed", {{"error", e.what()}});
            return Routes::error(req, http::status::internal_server_error, "internal error");
        }
    }

    // A request the parser refused is answered (413 for a body over the limit, 431 for
    // oversized headers, 400 otherwise) and the connection closed; a peer that went away
    // is simply closed.
    void on_read_error(beast::error_code ec) {
        http::status status;
        std::string message;
        if (ec == http::error::body_limit) {
            status = http::status::payload_too_large;
            message = "request body larger than " + std::to_string(kBodyLimit / 1024) + " KiB";
        } else if (ec == http::error::header_limit) {
            status = http::status::request_header_fields_too_large;
            message = "request headers too large";
        } else if (ec.category() == beast::http::make_error_code(http::error::bad_target).category() &&
                   ec != http::error::end_of_stream && ec != http::error::partial_message) {
            status = http::status::bad_request;
            message = "malformed HTTP request";
        } else {
            return shutdown();
        }
        auto res = std::make_shared<http::response<http::string_body>>(status, 11);
        res->set(http::field::content_type, "application/json");
        res->set(http::field::cache_control, "no-store");
        res->keep_alive(false);
        res->body() = nlohmann::json{{"error", message}}.dump();
        res->prepare_payload();
        stream_.expires_after(std::chrono::seconds(5));
        http::async_write(stream_, *res, [self = shared_from_this(), res](beast::error_code wec, size_t) {
            self->shutdown();
            if (!wec) self->drain(0);
        });
    }

    // Reads and discards what the client is still sending (a bounded amount, for a bounded
    // time) before the socket closes, so that the close does not reset the connection and
    // destroy the answer before the client has read it.
    void drain(size_t discarded) {
        if (discarded > kDrainLimit) return;
        stream_.async_read_some(asio::buffer(drain_buffer_),
                                [self = shared_from_this(), discarded](beast::error_code ec, size_t n) {
                                    if (!ec) self->drain(discarded + n);
                                });
    }

    static void stream_release(const std::shared_ptr<HttpSession>& self,
                               http::request<http::string_body> req) {
        beast::get_lowest_layer(self->stream_).expires_never();
        std::make_shared<WsSession>(self->stream_.release_socket(), self->server_.hub)->run(std::move(req));
    }

    void respond(http::response<http::string_body> res) {
        auto keep = res.keep_alive();
        auto sp = std::make_shared<http::response<http::string_body>>(std::move(res));
        http::async_write(stream_, *sp, [self = shared_from_this(), sp, keep](beast::error_code ec, size_t) {
            if (ec || !keep) return self->shutdown();
            self->read();
        });
    }

    void shutdown() {
        beast::error_code ec;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    }

    beast::tcp_stream stream_;
    Server::Impl& server_;
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
    std::array<char, 16 * 1024> drain_buffer_{};

    static constexpr uint64_t kBodyLimit = 64 * 1024;
    static constexpr size_t kDrainLimit = 1 << 20;
};

}  // namespace

void Server::Impl::accept() {
    acceptor.async_accept(asio::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
        if (ec == asio::error::operation_aborted) return;
        if (!ec) std::make_shared<HttpSession>(std::move(socket), *this)->run();
        accept();
    });
}

Server::Server(ServerOptions options, Hub& hub, ControlHandler control, log::AuditSink* audit)
    : impl_(std::make_unique<Impl>(std::move(options), hub, std::move(control), audit)) {
    bind_ = impl_->options.bind;
}

Server::~Server() { stop(); }

void Server::start() {
    auto& im = *impl_;
    beast::error_code ec;
    auto address = asio::ip::make_address(im.options.bind, ec);
    if (ec)
        throw std::runtime_error("web: MONITORING_HTTP_BIND=" + im.options.bind + " is not an IP address");
    tcp::endpoint endpoint{address, im.options.port};
    im.acceptor.open(endpoint.protocol(), ec);
    if (!ec) im.acceptor.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) im.acceptor.bind(endpoint, ec);
    if (!ec) im.acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec)
        throw std::runtime_error("web: cannot listen on " + im.options.bind + ":" +
                                 std::to_string(im.options.port) + ": " + ec.message());
    bound_port_ = im.acceptor.local_endpoint().port();
    im.hub.set_wake([&im] { asio::post(im.ioc, [&im] { im.hub.drain(); }); });
    asio::post(im.ioc, [&im] { im.hub.drain(); });  // events published before start
    im.work.emplace(im.ioc.get_executor());
    im.accept();
    thread_ = std::thread([&im] {
        try {
            im.ioc.run();
        } catch (const std::exception& e) {
            log::error("web", "server_thread_failed", {{"error", e.what()}});
        }
    });
    log::info("web", "server_started", {{"url", url()}});
}

void Server::stop() {
    if (!thread_.joinable()) return;
    asio::post(impl_->ioc, [this] {
        beast::error_code ec;
        impl_->acceptor.close(ec);
    });
    impl_->hub.set_wake(nullptr);
    impl_->work.reset();
    impl_->ioc.stop();
    thread_.join();
}

std::string Server::url() const { return "http://" + bind_ + ":" + std::to_string(bound_port_) + "/"; }

void Server::run_on_web_thread(std::function<void()> fn) {
    std::promise<void> done;
    asio::post(impl_->ioc, [&] {
        fn();
        done.set_value();
    });
    done.get_future().wait();
}

}  // namespace robo::web
