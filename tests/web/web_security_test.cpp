// The dashboard server serves the built dashboard's files and nothing else, answers only
// to its own names, refuses oversized bodies with 413 and malformed control bodies with
// 400 — with /health answering throughout and the control token never in a response.
// Requests go over raw TCP so that paths reach the server exactly as written. The token
// sits in the web root's hidden .env and in a file that a link in the root points to;
// web_security_run_test.cpp has it in a real session's environment and command line.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include "robo/log/audit_sink.hpp"
#include "robo/log/memory_audit_sink.hpp"
#include "robo/web/server.hpp"
#include "support/http_client.hpp"

using namespace robo;
using namespace robo::web;
using robo::test::raw_get;
using robo::test::raw_http;
namespace fs = std::filesystem;

namespace {

const std::string kToken = "tok-5d1c9e-never-in-a-response";

void write_file(const fs::path& p, const std::string& text) { std::ofstream(p, std::ios::binary) << text; }

// A built dashboard in a fresh temporary folder, beside a folder of secrets outside it,
// with the traps a hostile or careless machine could hold: links out, a link inside, a
// FIFO, a hidden file and a file over the size cap.
class WebRoot {
public:
    WebRoot() {
        static std::atomic<int> counter{0};
        base_ = fs::temp_directory_path() /
                ("robo_webroot_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
        fs::remove_all(base_);
        fs::create_directories(root() / "sub");
        fs::create_directories(outside());
        write_file(root() / "index.html", "<!doctype html><title>dashboard</title>");
        write_file(root() / "app.js", "console.log('dashboard');");
        write_file(root() / "style.css", "body{}");
        write_file(root() / "sub" / "page.js", "// nested");
        write_file(root() / ".env", "MONITORING_CONTROL_TOKEN=" + kToken + "\n");
        write_file(outside() / "secret.txt", "token " + kToken + "\n");
        fs::create_symlink(outside() / "secret.txt", root() / "leak.txt");
        fs::create_symlink(outside(), root() / "linkdir");
        fs::create_symlink("app.js", root() / "alias.js");
        fs::create_symlink("/etc/passwd", root() / "passwd");
        if (::mkfifo((root() / "pipe").c_str(), 0600) != 0) throw std::runtime_error("mkfifo failed");
        // Sparse: 17 MiB on paper, nothing on disk.
        std::ofstream(root() / "big.bin").close();
        fs::resize_file(root() / "big.bin", 17u << 20);
    }
    ~WebRoot() {
        std::error_code ec;
        fs::remove_all(base_, ec);
    }
    fs::path root() const { return base_ / "web-ui"; }
    fs::path outside() const { return base_ / "private"; }

private:
    fs::path base_;
};

struct SecureServer {
    explicit SecureServer(ServerOptions o = {}) {
        o.port = 0;
        o.control_token = kToken;
        if (o.web_root.empty()) o.web_root = web.root();
        server = std::make_unique<Server>(
            o, hub,
            [this](const std::string& action, const std::string& reason) {
                actions.push_back(action + ":" + reason);
                return std::string();
            },
            &audit);
        server->start();
        hub.publish(Topic::health, "", {{"healthy", true}, {"state", "running"}},
                    parse_timestamp("2024-03-01T14:30:00Z"));
        for (int i = 0; i < 50; ++i) server->run_on_web_thread([&] { hub.drain(); });
    }
    ~SecureServer() { server->stop(); }
    uint16_t port() const { return server->port(); }
    std::string host() const { return "127.0.0.1:" + std::to_string(port()); }
    test::HttpReply post(const std::string& target, const std::string& body,
                         const std::string& token = kToken) const {
        return raw_http(port(), "POST " + target + " HTTP/1.1\r\nHost: " + host() +
                                    "\r\nAuthorization: Bearer " + token +
                                    "\r\nContent-Type: application/json\r\nContent-Length: " +
                                    std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
    }

    WebRoot web;
    Hub hub;
    log::MemoryAuditSink audit;
    std::vector<std::string> actions;
    std::unique_ptr<Server> server;
};

// Control bytes and non-ASCII shown as \xNN in failure messages.
std::string printable(const std::string& s) {
    std::string out;
    for (unsigned char c : s) {
        if (c >= 0x20 && c < 0x7f) {
            out.push_back(static_cast<char>(c));
        } else {
            char buf[5];
            std::snprintf(buf, sizeof buf, "\\x%02x", c);
            out += buf;
        }
    }
    return out;
}

bool refused(int status) { return status == 400 || status == 404; }

}  // namespace

TEST(WebSecurity, ServesTheBuiltDashboardFiles) {
    SecureServer s;
    auto index = raw_get(s.port(), "/");
    EXPECT_EQ(index.status, 200);
    EXPECT_NE(index.body.find("<title>dashboard</title>"), std::string::npos);
    EXPECT_EQ(index.content_type, "text/html; charset=utf-8");
    EXPECT_EQ(raw_get(s.port(), "/index.html").status, 200);
    auto js = raw_get(s.port(), "/app.js");
    EXPECT_EQ(js.status, 200);
    EXPECT_EQ(js.body, "console.log('dashboard');");
    EXPECT_EQ(js.content_type, "text/javascript; charset=utf-8");
    EXPECT_EQ(raw_get(s.port(), "/style.css").status, 200);
    EXPECT_EQ(raw_get(s.port(), "/sub/page.js").body, "// nested");
    EXPECT_EQ(raw_get(s.port(), "/app.js?v=2").status, 200);
}

TEST(WebSecurity, EveryTraversalAndEncodingVariantIsRefusedWhileHealthAnswers) {
    SecureServer s;
    const std::vector<std::string> variants = {
        // absolute paths through empty segments: an absolute path used to replace the root
        "//etc/passwd",
        "///etc/passwd",
        "/////////etc/passwd",
        "//etc//passwd",
        "//proc/self/environ",
        "//proc/self/cmdline",
        "//proc/self/maps",
        "//dev/zero",
        "//etc/shadow",
        "//",
        // dot segments
        "/../etc/passwd",
        "/../../../../../../etc/passwd",
        "/sub/../../etc/passwd",
        "/sub/../index.html",
        "/./index.html",
        "/.",
        "/..",
        "/....//....//etc/passwd",
        "/..;/etc/passwd",
        // percent-encoded slashes and dots
        "/%2fetc%2fpasswd",
        "/%2Fetc/passwd",
        "/%2f%2fetc/passwd",
        "/%2e%2e/etc/passwd",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/%2e%2e%2fetc%2fpasswd",
        "/..%2fetc%2fpasswd",
        "/.%2e/etc/passwd",
        "/%2e./etc/passwd",
        "/%2e",
        "/sub%2f..%2f..%2fetc%2fpasswd",
        // double encoding
        "/%252e%252e/etc/passwd",
        "/..%252f..%252fetc%252fpasswd",
        "/%25%32%65%25%32%65/etc/passwd",
        // overlong and other non-ASCII UTF-8
        "/%c0%ae%c0%ae/etc/passwd",
        "/..%c0%af..%c0%afetc%c0%afpasswd",
        "/..%e0%80%af..%e0%80%afetc/passwd",
        "/..%c1%9c..%c1%9cetc%c1%9cpasswd",
        "/%ff%fe/etc/passwd",
        "/\xff",
        "/index.html\xc0\xae",
        // backslashes
        "/..\\..\\etc\\passwd",
        "/..%5c..%5cetc%5cpasswd",
        "/%5c%5cetc%5cpasswd",
        "/%2e%2e%5c%2e%2e%5cetc%5cpasswd",
        "/\\etc\\passwd",
        // NUL and other controls
        "/index.html%00.js",
        "/%00",
        "/etc/passwd%00.html",
        std::string("/index.html\0.js", 15),
        "/%0a/etc/passwd",
        "/app.js%09",
        // bad escapes
        "/%u002e%u002e/etc/passwd",
        "/%zz",
        "/app.js%",
        "/app.js%2",
        // hidden files, trailing slashes, links, size cap, other forms
        "/.env",
        "/%2eenv",
        "/sub/.hidden/../../index.html",
        "/index.html/",
        "/sub/",
        "/leak.txt",
        "/linkdir/secret.txt",
        "/passwd",
        "/big.bin",
        "/pipe",
        "http://127.0.0.1/../../etc/passwd",
        "*",
        "/proc/self/environ",
        "/etc/passwd",
    };
    ASSERT_GE(variants.size(), 40u);
    for (const auto& v : variants) {
        auto r = raw_get(s.port(), v, s.host());
        EXPECT_TRUE(refused(r.status))
            << printable(v) << " answered " << r.status << ": " << printable(r.body.substr(0, 200));
        EXPECT_EQ(r.body.find(kToken), std::string::npos) << printable(v) << " leaked the token";
        EXPECT_EQ(r.body.find("root:"), std::string::npos) << printable(v) << " leaked /etc/passwd";
        EXPECT_LT(r.body.size(), 1024u) << printable(v);
        EXPECT_EQ(raw_get(s.port(), "/health", s.host()).status, 200) << "after " << printable(v);
    }
}

TEST(WebSecurity, LinksInsideTheRootAreNeverFollowed) {
    SecureServer s;
    for (const char* path : {"/leak.txt", "/linkdir/secret.txt", "/alias.js", "/passwd"}) {
        auto r = raw_get(s.port(), path);
        EXPECT_EQ(r.status, 404) << path;
        EXPECT_EQ(r.body.find(kToken), std::string::npos) << path;
    }
}

TEST(WebSecurity, AFileSwappedForALinkAfterStartIsRefused) {
    SecureServer s;
    ASSERT_EQ(raw_get(s.port(), "/style.css").status, 200);
    fs::remove(s.web.root() / "style.css");
    fs::create_symlink(s.web.outside() / "secret.txt", s.web.root() / "style.css");
    fs::rename(s.web.root() / "sub", s.web.root() / "sub.old");
    fs::create_symlink(s.web.outside(), s.web.root() / "sub");
    write_file(s.web.outside() / "page.js", kToken);
    for (const char* path : {"/style.css", "/sub/page.js"}) {
        auto r = raw_get(s.port(), path);
        EXPECT_EQ(r.status, 404) << path;
        EXPECT_EQ(r.body.find(kToken), std::string::npos) << path;
    }
}

// The old server opened a FIFO for reading and waited for a writer forever, with /health
// and the control API stuck behind it. Opening the FIFO for writing at the end releases
// such a server so that the test can finish either way.
TEST(WebSecurity, AFifoIsRefusedAtOnceAndTheServerStaysResponsive) {
    SecureServer s;
    fs::remove(s.web.root() / "app.js");
    ASSERT_EQ(::mkfifo((s.web.root() / "app.js").c_str(), 0600), 0);  // in a listed file's place
    for (const char* path : {"/pipe", "/app.js"}) {
        auto start = std::chrono::steady_clock::now();
        auto r = raw_get(s.port(), path);
        EXPECT_EQ(r.status, 404) << path;
        EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2)) << path;
        EXPECT_EQ(raw_get(s.port(), "/health").status, 200) << "after " << path;
    }
    for (const char* fifo : {"pipe", "app.js"}) {
        int fd = ::open((s.web.root() / fifo).c_str(), O_WRONLY | O_NONBLOCK);
        if (fd >= 0) ::close(fd);
    }
}

TEST(WebSecurity, AFileOverTheSizeCapIsNotServed) {
    SecureServer s;
    EXPECT_EQ(raw_get(s.port(), "/big.bin").status, 404);
    // Nor one that grows past it after start.
    fs::resize_file(s.web.root() / "style.css", 17u << 20);
    EXPECT_EQ(raw_get(s.port(), "/style.css").status, 404);
}

TEST(WebSecurity, WithoutABuiltDashboardOnlyTheNoticeIsServed) {
    SecureServer s(ServerOptions{.web_root = "/nonexistent/web-ui"});
    EXPECT_EQ(raw_get(s.port(), "/").status, 200);
    EXPECT_EQ(raw_get(s.port(), "//etc/passwd").status, 404);
    EXPECT_EQ(raw_get(s.port(), "/../etc/passwd").status, 404);
}

TEST(WebSecurity, AForeignHostIsRefusedOnEveryRoute) {
    SecureServer s;
    for (const char* path : {"/health", "/", "/app.js", "/api/config", "/metrics", "/api/positions"}) {
        auto r = raw_get(s.port(), path, "evil.example");
        EXPECT_EQ(r.status, 421) << path;
        EXPECT_NE(r.body.find("\"error\""), std::string::npos) << path;
    }
    auto trip =
        raw_http(s.port(), "POST /api/control/trip HTTP/1.1\r\nHost: evil.example\r\nAuthorization: Bearer " +
                               kToken + "\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
    EXPECT_EQ(trip.status, 421);
    EXPECT_TRUE(s.actions.empty());
    auto ws = raw_http(s.port(),
                       "GET /ws HTTP/1.1\r\nHost: evil.example:" + std::to_string(s.port()) +
                           "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                           "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");
    EXPECT_EQ(ws.status, 421);
}

TEST(WebSecurity, HostsThatOnlyLookLikeLoopbackAreRefused) {
    SecureServer s;
    for (const char* host : {"127.0.0.1.evil.example", "localhost.evil.example", "evil.example:8765",
                             "127.0.0.2", "[::2]", "127.0.0.1:abc", "127.0.0.1:80:80", "[::1", "::1",
                             "localhost.", ":8765", "127.0.0.1@evil.example", "0.0.0.0"}) {
        EXPECT_EQ(raw_get(s.port(), "/health", host).status, 421) << host;
    }
    EXPECT_EQ(raw_get(s.port(), "/health", "").status, 400);  // no Host at all
    auto twice = raw_http(s.port(),
                          "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: evil.example\r\nConnection: "
                          "close\r\n\r\n");
    EXPECT_EQ(twice.status, 400);
}

TEST(WebSecurity, LoopbackNamesWithOrWithoutThePortAreAccepted) {
    SecureServer s;
    const std::string port = std::to_string(s.port());
    for (const std::string& host :
         {std::string("127.0.0.1"), "127.0.0.1:" + port, std::string("localhost"), "LocalHost:" + port,
          std::string("[::1]"), "[::1]:" + port, std::string("localhost:9000")}) {
        EXPECT_EQ(raw_get(s.port(), "/health", host).status, 200) << host;
    }
}

TEST(WebSecurity, AConfiguredReverseProxyNameIsAccepted) {
    SecureServer s(ServerOptions{.allowed_hosts = {"dash.example.com"}});
    EXPECT_EQ(raw_get(s.port(), "/health", "dash.example.com").status, 200);
    EXPECT_EQ(raw_get(s.port(), "/", "Dash.Example.COM:443").status, 200);
    EXPECT_EQ(raw_get(s.port(), "/health", "other.example.com").status, 421);
}

TEST(WebSecurity, ABodyOverTheLimitGets413AndTheServerCarriesOn) {
    SecureServer s;
    auto r = s.post("/api/control/trip", std::string(65 * 1024, 'x'));
    EXPECT_EQ(r.status, 413);
    EXPECT_EQ(r.content_type, "application/json");
    EXPECT_NE(r.body.find("\"error\""), std::string::npos);
    EXPECT_TRUE(s.actions.empty());
    // Announced but never sent: refused on the header alone.
    auto announced = raw_http(s.port(),
                              "POST /api/control/trip HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                              "Content-Length: 1073741824\r\n\r\n{");
    EXPECT_EQ(announced.status, 413);
    EXPECT_EQ(raw_get(s.port(), "/health").status, 200);
    EXPECT_EQ(s.post("/api/control/trip", R"({"reason":"fine"})").status, 200);
}

TEST(WebSecurity, OversizedHeadersGet431AndGarbageGets400) {
    SecureServer s;
    auto big = raw_http(
        s.port(), "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Pad: " + std::string(9000, 'a') + "\r\n\r\n");
    EXPECT_EQ(big.status, 431);
    EXPECT_EQ(raw_http(s.port(), "NOT HTTP AT ALL\r\n\r\n").status, 400);
    EXPECT_EQ(raw_get(s.port(), "/health").status, 200);
}

TEST(WebSecurity, ControlBodiesAreValidated) {
    SecureServer s;
    struct Case {
        std::string body;
        std::string names;  // what the 400's message must mention
    };
    const std::vector<Case> cases = {
        {R"({"reason":42})", "\"reason\" must be a string, found number"},
        {R"({"reason":null})", "\"reason\" must be a string, found null"},
        {R"({"reason":["a"]})", "\"reason\" must be a string, found array"},
        {R"({"reason":{"x":1}})", "\"reason\" must be a string, found object"},
        {R"({"reason":"ok","force":true})", "unknown field \"force\""},
        {R"({"why":"x"})", "unknown field \"why\""},
        {R"({"reason":")" + std::string(501, 'a') + "\"}", "at most 500"},
        {R"({"reason":"line\nbreak"})", "control characters"},
        {R"(["reason"])", "JSON object"},
        {R"("reason")", "JSON object"},
        {"{not json", "JSON object"},
    };
    for (const auto& c : cases) {
        auto r = s.post("/api/control/trip", c.body);
        EXPECT_EQ(r.status, 400) << c.body;
        auto error = nlohmann::json::parse(r.body, nullptr, false).value("error", std::string());
        EXPECT_NE(error.find(c.names), std::string::npos) << c.body << " -> " << r.body;
    }
    EXPECT_TRUE(s.actions.empty());
    EXPECT_EQ(s.post("/api/control/trip", R"({"reason":")" + std::string(500, 'a') + "\"}").status, 200);
    EXPECT_EQ(s.post("/api/control/pause", "").status, 200);
    EXPECT_EQ(s.post("/api/control/resume", "{}").status, 200);
    ASSERT_EQ(s.actions.size(), 3u);
    EXPECT_EQ(s.actions[1], "pause:");
}

TEST(WebSecurity, WebSocketFromAnotherSitesPageIsRefused) {
    SecureServer s;
    auto upgrade = [&](const std::string& origin) {
        return raw_http(
            s.port(),
            "GET /ws HTTP/1.1\r\nHost: " + s.host() + "\r\nOrigin: " + origin +
                "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n",
            std::chrono::seconds(2));
    };
    EXPECT_EQ(upgrade("http://evil.example").status, 403);
    EXPECT_EQ(upgrade("http://127.0.0.1.evil.example:" + std::to_string(s.port())).status, 403);
    EXPECT_EQ(upgrade("null").status, 403);
    EXPECT_EQ(upgrade("http://" + s.host()).status, 101);
    EXPECT_EQ(upgrade("http://localhost:" + std::to_string(s.port())).status, 101);
}
