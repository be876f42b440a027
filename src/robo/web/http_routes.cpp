#include "robo/web/http_routes.hpp"

#include <algorithm>
#include <sstream>

#include "robo/log/log.hpp"

namespace robo::web {

namespace http = boost::beast::http;

namespace {

bool key_is_secret(std::string key) {
    for (auto& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (const char* word :
         {"password", "token", "secret", "api_key", "apikey", "api key", "credential", "account"})
        if (key.find(word) != std::string::npos) return true;
    return false;
}

// Equal-time comparison so a wrong token's timing does not reveal how much matched.
bool same_token(std::string_view a, std::string_view b) {
    unsigned char diff = a.size() == b.size() ? 0 : 1;
    for (size_t i = 0; i < a.size(); ++i)
        diff |= static_cast<unsigned char>(a[i] ^ b[i % (b.empty() ? 1 : b.size())]);
    return diff == 0 && !b.empty();
}

std::string metric_name(std::string_view prefix, std::string_view key) {
    std::string out(prefix);
    for (char c : key)
        out.push_back(std::isalnum(static_cast<unsigned char>(c)) ? static_cast<char>(std::tolower(c)) : '_');
    return out;
}

void numeric_fields(std::ostringstream& out, std::string_view prefix, const nlohmann::json* j) {
    if (!j || !j->is_object()) return;
    for (auto& [k, v] : j->items()) {
        if (v.is_number()) {
            out << metric_name(prefix, k) << " " << v.get<double>() << "\n";
        } else if (v.is_boolean()) {
            out << metric_name(prefix, k) << " " << (v.get<bool>() ? 1 : 0) << "\n";
        }
    }
}

std::string lowercase(std::string_view s) {
    std::string out(s);
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// The host part of a Host header value, lowercase, without brackets or port; nullopt when
// the value is not "name", "name:port", "[v6]" or "[v6]:port".
std::optional<std::string> host_of(std::string_view value) {
    auto digits = [](std::string_view p) {
        return !p.empty() && p.size() <= 5 &&
               std::all_of(p.begin(), p.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    std::string_view host;
    if (value.starts_with('[')) {
        auto close = value.find(']');
        if (close == std::string_view::npos) return std::nullopt;
        host = value.substr(1, close - 1);
        auto rest = value.substr(close + 1);
        if (!rest.empty() && !(rest.front() == ':' && digits(rest.substr(1)))) return std::nullopt;
    } else {
        auto colon = value.find(':');
        host = value.substr(0, colon);
        if (colon != std::string_view::npos && !digits(value.substr(colon + 1))) return std::nullopt;
    }
    if (host.empty()) return std::nullopt;
    return lowercase(host);
}

std::string bracketless(std::string_view host) {
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    return lowercase(host);
}

// The longest reason a control action keeps (audit records and alerts carry it).
constexpr size_t kMaxReasonChars = 500;

// Checks a control body: empty, or a JSON object whose only member is "reason", a string
// of at most kMaxReasonChars characters without control characters. Returns the problem,
// or empty when it is fine (then `reason` holds the reason).
std::string control_body_problem(const std::string& text, std::string& reason) {
    if (text.empty()) return {};
    auto body = nlohmann::json::parse(text, nullptr, false);
    if (body.is_discarded() || !body.is_object())
        return "body must be a JSON object like {\"reason\":\"...\"}";
    for (const auto& [key, value] : body.items()) {
        if (key != "reason") {
            std::string shown = key.size() > 40 ? key.substr(0, 40) + "..." : key;
            return "unknown field \"" + shown + "\": the body may only carry \"reason\" (a string)";
        }
        if (!value.is_string()) return std::string("\"reason\" must be a string, found ") + value.type_name();
        const auto& r = value.get_ref<const std::string&>();
        size_t chars = 0;  // UTF-8 code points (the parser has checked the encoding)
        for (unsigned char c : r) {
            if ((c & 0xC0) != 0x80) ++chars;
            if (c < 0x20 || c == 0x7F) return "\"reason\" must not contain control characters";
        }
        if (chars > kMaxReasonChars)
            return "\"reason\" has " + std::to_string(chars) + " characters; at most " +
                   std::to_string(kMaxReasonChars) + " are allowed";
        reason = r;
    }
    return {};
}

std::string_view content_type(std::string_view path) {
    auto ends = [&](std::string_view ext) {
        return path.size() >= ext.size() && path.substr(path.size() - ext.size()) == ext;
    };
    if (ends(".html")) return "text/html; charset=utf-8";
    if (ends(".js")) return "text/javascript; charset=utf-8";
    if (ends(".css")) return "text/css; charset=utf-8";
    if (ends(".svg")) return "image/svg+xml";
    if (ends(".png")) return "image/png";
    if (ends(".json")) return "application/json";
    return "application/octet-stream";
}

}  // namespace

nlohmann::json redact_secrets(nlohmann::json value) {
    if (value.is_object()) {
        for (auto& [k, v] : value.items()) {
            if (key_is_secret(k) && !v.is_null() && !(v.is_string() && v.get<std::string>().empty()))
                v = "***";
            else
                v = redact_secrets(std::move(v));
        }
    } else if (value.is_array()) {
        for (auto& v : value) v = redact_secrets(std::move(v));
    }
    return value;
}

Routes::Routes(const ServerOptions& options, Hub& hub, ControlHandler control, log::AuditSink* audit)
    : options_(options), files_(options.web_root), hub_(hub), control_(std::move(control)), audit_(audit) {
    hosts_ = {"localhost", "127.0.0.1", "::1", bracketless(options.bind)};
    for (const auto& h : options.allowed_hosts) hosts_.insert(bracketless(h));
}

std::optional<Routes::Response> Routes::host_refusal(const Request& req) const {
    if (req.count(http::field::host) != 1)
        return error(req, http::status::bad_request, "exactly one Host header is required");
    auto value = req[http::field::host];
    auto host = host_of(std::string_view(value.data(), value.size()));
    if (host && hosts_.count(*host)) return std::nullopt;
    return error(req, http::status::misdirected_request,
                 "this server does not answer to that Host; a reverse proxy's name goes in "
                 "MONITORING_HTTP_ALLOWED_HOSTS");
}

std::optional<Routes::Response> Routes::origin_refusal(const Request& req) const {
    auto it = req.find(http::field::origin);
    if (it == req.end()) return std::nullopt;  // not a browser
    std::string_view origin(it->value().data(), it->value().size());
    std::optional<std::string> host;
    for (std::string_view scheme : {"http://", "https://"})
        if (origin.starts_with(scheme)) host = host_of(origin.substr(scheme.size()));
    if (host && hosts_.count(*host)) return std::nullopt;
    return error(req, http::status::forbidden, "WebSocket connections from another site's pages are refused");
}

Routes::Response Routes::error(const Request& req, http::status status, const std::string& message) {
    Response res{status, req.version()};
    res.set(http::field::content_type, "application/json");
    res.set(http::field::cache_control, "no-store");
    res.keep_alive(req.keep_alive());
    // Messages may quote what a client sent: bytes that are not UTF-8 are replaced.
    res.body() =
        nlohmann::json{{"error", message}}.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    res.prepare_payload();
    return res;
}

Routes::Response Routes::json(const Request& req, const nlohmann::json& body, http::status status) {
    Response res{status, req.version()};
    res.set(http::field::content_type, "application/json");
    res.set(http::field::cache_control, "no-store");
    res.keep_alive(req.keep_alive());
    res.body() = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    res.prepare_payload();
    return res;
}

std::string Routes::metrics_text() const {
    std::ostringstream out;
    auto& c = hub_.counters();
    auto counter = [&](const char* name, const char* help, uint64_t v) {
        out << "# HELP " << name << " " << help << "\n# TYPE " << name << " counter\n"
            << name << " " << v << "\n";
    };
    counter("robo_web_events_published_total", "Events the engine published to the web hub.",
            c.published.load());
    counter("robo_web_events_dropped_total", "Events dropped because the hub's inbound queue was full.",
            c.dropped_inbound.load());
    counter("robo_web_messages_delivered_total", "Messages queued to WebSocket clients.", c.delivered.load());
    counter("robo_web_messages_skipped_total", "Messages skipped for slow WebSocket clients.",
            c.skipped.load());
    counter("robo_web_clients_dropped_total", "WebSocket clients dropped (too slow or misbehaving).",
            c.clients_dropped.load());
    counter("robo_web_client_errors_total", "Malformed messages received from clients.",
            c.client_errors.load());
    out << "# HELP robo_web_clients Connected WebSocket clients.\n# TYPE robo_web_clients "
           "gauge\nrobo_web_clients "
        << hub_.client_count() << "\n";
    numeric_fields(out, "robo_risk_", hub_.latest(Topic::risk));
    numeric_fields(out, "robo_health_", hub_.latest(Topic::health));
    return out.str();
}

Routes::Response Routes::control(const Request& req, const std::string& action) {
    static const std::set<std::string> kActions{"pause", "resume", "trip", "reset", "flatten"};
    if (!kActions.count(action))
        return error(
            req, http::status::not_found,
            "unknown control action \"" + action + "\"; expected pause, resume, trip, reset or flatten");
    auto audit = [&](std::string_view kind, nlohmann::json fields) {
        if (audit_) audit_->record(kind, redact_secrets(std::move(fields)));
    };
    if (options_.control_token.empty()) {
        audit("control_refused", {{"action", action}, {"why", "control disabled"}});
        return error(req, http::status::forbidden,
                     "control actions are disabled: set MONITORING_CONTROL_TOKEN");
    }
    std::string presented;
    if (auto it = req.find(http::field::authorization); it != req.end()) {
        auto bv = it->value();
        std::string_view v(bv.data(), bv.size());
        if (v.substr(0, 7) == "Bearer ") presented = std::string(v.substr(7));
    }
    if (!same_token(presented, options_.control_token)) {
        audit("control_refused",
              {{"action", action}, {"why", presented.empty() ? "no token" : "wrong token"}});
        log::warn("web", "control_refused", {{"action", action}});
        return error(req, http::status::unauthorized,
                     "a valid token is required (Authorization: Bearer TOKEN)");
    }
    std::string reason;
    if (auto problem = control_body_problem(req.body(), reason); !problem.empty()) {
        audit("control_refused", {{"action", action}, {"why", "bad body: " + problem}});
        return error(req, http::status::bad_request, problem);
    }
    if (action == "reset" && reason.empty())
        return error(req, http::status::bad_request, "resetting the kill switch needs a \"reason\"");
    std::string failure = control_ ? control_(action, reason) : "no engine attached";
    audit("control_action",
          {{"action", action}, {"reason", reason}, {"ok", failure.empty()}, {"error", failure}});
    if (!failure.empty()) return error(req, http::status::conflict, failure);
    return json(req, {{"ok", true}, {"action", action}});
}

Routes::Response Routes::file(const Request& req, std::string_view target) {
    if (!files_.built()) {
        if (target != "/" && target != "/index.html") return error(req, http::status::not_found, "not found");
        Response res{http::status::ok, req.version()};
        res.set(http::field::content_type, "text/html; charset=utf-8");
        res.keep_alive(req.keep_alive());
        res.body() =
            "<!doctype html><title>robo_trader</title><p>The dashboard is not built. Run "
            "<code>make build</code> (it runs scripts/build-ui.sh).</p>";
        res.prepare_payload();
        return res;
    }
    // Anything that is not a plain path to a listed regular file is "not found", whatever
    // the reason, so that a refusal says nothing about the machine's files.
    auto relative = static_path(target);
    std::optional<std::string> body;
    if (relative) body = files_.read(*relative);
    if (!body) return error(req, http::status::not_found, "not found");
    Response res{http::status::ok, req.version()};
    res.set(http::field::content_type, std::string(content_type(*relative)));
    res.set("X-Content-Type-Options", "nosniff");
    res.keep_alive(req.keep_alive());
    res.body() = std::move(*body);
    res.prepare_payload();
    return res;
}

Routes::Response Routes::handle(const Request& req) {
    if (auto refused = host_refusal(req)) return std::move(*refused);
    auto raw_target = req.target();
    std::string_view target(raw_target.data(), raw_target.size());
    if (auto q = target.find('?'); q != std::string_view::npos) target = target.substr(0, q);

    if (req.method() == http::verb::post && target.substr(0, 13) == "/api/control/")
        return control(req, std::string(target.substr(13)));
    if (req.method() != http::verb::get && req.method() != http::verb::head)
        return error(req, http::status::method_not_allowed,
                     "only GET here (control actions are POST /api/control/...)");

    if (target == "/health" || target == "/api/health") {
        const auto* h = hub_.latest(Topic::health);
        if (!h)
            return json(req, {{"healthy", false}, {"status", "starting"}}, http::status::service_unavailable);
        bool healthy = h->value("healthy", false);
        return json(req, *h, healthy ? http::status::ok : http::status::service_unavailable);
    }
    if (target == "/metrics") {
        Response res{http::status::ok, req.version()};
        res.set(http::field::content_type, "text/plain; version=0.0.4");
        res.keep_alive(req.keep_alive());
        res.body() = metrics_text();
        res.prepare_payload();
        return res;
    }
    if (target == "/api/positions") return json(req, hub_.snapshot_items(Topic::positions));
    if (target == "/api/orders") return json(req, hub_.snapshot_items(Topic::orders));
    if (target == "/api/trades") return json(req, hub_.snapshot_items(Topic::fills));
    if (target == "/api/equity") return json(req, hub_.snapshot_items(Topic::equity));
    if (target == "/api/risk") {
        const auto* r = hub_.latest(Topic::risk);
        return json(req, r ? *r : nlohmann::json::object());
    }
    if (target == "/api/config") return json(req, redact_secrets(options_.config));
    if (target.substr(0, 5) == "/api/") return error(req, http::status::not_found, "unknown API path");
    return file(req, target);
}

}  // namespace robo::web
