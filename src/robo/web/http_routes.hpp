// web/http_routes.hpp — the HTTP side of the server: health, metrics, the JSON API,
// control actions and static files. Runs on the web thread and reads only the Hub.
//
// Every request must name this server in its Host header (see host_refusal) before any
// route sees it; static files come only from the allow-list of StaticFiles.
#pragma once
#include <boost/beast/http.hpp>
#include <optional>
#include <set>
#include <string>

#include "robo/log/audit_sink.hpp"
#include "robo/web/hub.hpp"
#include "robo/web/server.hpp"
#include "robo/web/static_files.hpp"

namespace robo::web {

class Routes {
public:
    using Request = boost::beast::http::request<boost::beast::http::string_body>;
    using Response = boost::beast::http::response<boost::beast::http::string_body>;

    Routes(const ServerOptions& options, Hub& hub, ControlHandler control, log::AuditSink* audit);

    // Refuses (before any route) a request without exactly one Host header (400) or whose
    // Host is not one of this server's names (421): the bound address, localhost,
    // 127.0.0.1, ::1 and ServerOptions::allowed_hosts, with any port. This is what stops a
    // page using DNS rebinding from reading the API. Also checked by handle().
    std::optional<Response> host_refusal(const Request& req) const;
    // Refuses (403) a WebSocket upgrade whose Origin header, when there is one, is not
    // http(s):// one of the same names: a page on another site must not read the stream.
    std::optional<Response> origin_refusal(const Request& req) const;
    Response handle(const Request& req);
    static Response error(const Request& req, boost::beast::http::status status, const std::string& message);

    // Prometheus text exposition of the hub's counters and the latest risk and health.
    std::string metrics_text() const;

private:
    Response json(const Request& req, const nlohmann::json& body,
                  boost::beast::http::status status = boost::beast::http::status::ok);
    Response control(const Request& req, const std::string& action);
    Response file(const Request& req, std::string_view target);

    const ServerOptions& options_;
    StaticFiles files_;
    std::set<std::string> hosts_;  // lowercase, without brackets or port
    Hub& hub_;
    ControlHandler control_;
    log::AuditSink* audit_;
};

}  // namespace robo::web
