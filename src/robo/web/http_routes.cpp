#include "robo/web/http_routes.hpp"

#include <fstream>
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

Routes::Response Routes::error(const Request& req, http::status status, const std::string& message) {
    Response res{status, req.version()};
    res.set(http::field::content_type, "application/json");
    res.keep_alive(req.keep_alive());
    res.body() = nlohmann::json{{"error", message}}.dump();
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
    if (!req.body().empty()) {
        auto body = nlohmann::json::parse(req.body(), nullptr, false);
        if (body.is_discarded() || !body.is_object())
            return error(req, http::status::bad_request,
                         "body must be a JSON object like {\"reason\":\"...\"}");
        if (auto r = body.find("reason"); r != body.end() && r->is_string()) reason = *r;
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
    if (target == "/") target = "/index.html";
    if (target.find("..") != std::string_view::npos || target.find('\\') != std::string_view::npos)
        return error(req, http::status::bad_request, "bad path");
    if (options_.web_root.empty() || !std::filesystem::exists(options_.web_root / "index.html")) {
        if (target != "/index.html") return error(req, http::status::not_found, "not found");
        Response res{http::status::ok, req.version()};
        res.set(http::field::content_type, "text/html; charset=utf-8");
        res.body() =
            "<!doctype html><title>robo_trader</title><p>The dashboard is not built. Run "
            "<code>make build</code> (it runs scripts/build-ui.sh).</p>";
        res.prepare_payload();
        return res;
    }
    auto path = options_.web_root / std::filesystem::path(std::string(target.substr(1)));
    std::ifstream in(path, std::ios::binary);
    if (!in) return error(req, http::status::not_found, "not found: " + std::string(target));
    std::ostringstream body;
    body << in.rdbuf();
    Response res{http::status::ok, req.version()};
    res.set(http::field::content_type, std::string(content_type(target)));
    res.keep_alive(req.keep_alive());
    res.body() = body.str();
    res.prepare_payload();
    return res;
}

Routes::Response Routes::handle(const Request& req) {
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
