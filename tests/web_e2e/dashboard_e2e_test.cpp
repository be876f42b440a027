// The dashboard in a real browser: headless Chromium driven by playwright-core against
// the server, while a replay publishes prices, equity, fills and risk.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <thread>

#include "robo/web/publisher.hpp"
#include "robo/web/server.hpp"
#include "support/paths.hpp"

using namespace robo;
using namespace robo::web;

namespace {

std::string run_and_capture(const std::string& command, int& exit_code) {
    std::string out;
    FILE* pipe = popen((command + " 2>&1").c_str(), "r");
    if (!pipe) {
        exit_code = -1;
        return "cannot start: " + command;
    }
    std::array<char, 4096> buf{};
    while (fgets(buf.data(), buf.size(), pipe)) out += buf.data();
    int status = pclose(pipe);
    exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return out;
}

// A small synthetic session: one symbol's bars walk, a buy fills on bar 5, equity follows,
// and the risk snapshot reports the kill switch the control handler sets.
class FakeSession {
public:
    explicit FakeSession(Publisher& pub) : pub_(pub) {}
    void start() {
        thread_ = std::thread([this] { loop(); });
    }
    void stop() {
        stop_ = true;
        thread_.join();
    }
    std::string control(const std::string& action, const std::string& reason) {
        if (action == "trip") {
            tripped_ = true;
            std::lock_guard l(m_);
            reason_ = reason;
        } else if (action == "reset") {
            tripped_ = false;
        }
        return {};
    }

private:
    void loop() {
        Timestamp t = parse_timestamp("2024-03-01T14:30:00Z");
        Price close = Price::parse("100");
        Position pos{.symbol = Symbol("AAPL")};
        Money cash = Money::parse("100000");
        for (int i = 0; !stop_; ++i) {
            t += std::chrono::minutes(1);
            Price prev = close;
            close = close + Price::parse(i % 3 == 0 ? "-0.25" : "0.35");
            Bar b{.symbol = Symbol("AAPL"),
                  .timeframe = Timeframe::m1,
                  .start = t,
                  .open = prev,
                  .high = std::max(prev, close) + Price::parse("0.1"),
                  .low = std::min(prev, close) - Price::parse("0.1"),
                  .close = close,
                  .volume = Quantity::parse("1000")};
            pub_.bar(b);
            pub_.features(b.symbol, Timeframe::m1, t, {{"sma", close.to_double() - 0.2}});
            if (i == 5) {
                Order o{.client_id = "e2e-1", .symbol = b.symbol, .quantity = Quantity::parse("100")};
                pub_.order(o, OrderStatus::filled, t);
                Fill f{.client_id = "e2e-1",
                       .exec_id = "x1",
                       .symbol = b.symbol,
                       .side = Side::buy,
                       .quantity = Quantity::parse("100"),
                       .price = close,
                       .commission = Money::parse("1"),
                       .time = t};
                pub_.fill(f);
                cash += f.cash_delta();
                pos.quantity = f.quantity;
                pos.average_cost = f.price;
            }
            if (!pos.flat()) pub_.position(pos, close, t);
            Money equity = cash + pos.market_value(close);
            pub_.equity(t, equity, cash, 0.0);
            std::string reason;
            {
                std::lock_guard l(m_);
                reason = reason_;
            }
            pub_.risk(t, {{"heat", 0.01},
                          {"heat_limit", 0.06},
                          {"leverage", 0.1},
                          {"max_leverage", 2.0},
                          {"daily_pnl_pct", 0.0},
                          {"daily_loss_limit_pct", 0.005},
                          {"kill_switch_tripped", tripped_.load()},
                          {"kill_switch_reason", reason}});
            pub_.health(t,
                        {{"healthy", true},
                         {"state", "running"},
                         {"mode", "replay"},
                         {"feeds", {{"AAPL", {{"last_update", format_iso_micros(t)}, {"quality", 1.0}}}}}});
            std::this_thread::sleep_for(std::chrono::milliseconds(150));
        }
    }

    Publisher& pub_;
    std::thread thread_;
    std::atomic<bool> stop_{false}, tripped_{false};
    std::mutex m_;
    std::string reason_;
};

}  // namespace

TEST(DashboardE2E, ConnectsShowsMovementFillsAndGuardsTheKillSwitch) {
    auto ui = test::build_dir() / "web-ui";
    auto script = test::source_dir() / "web" / "ui" / "e2e" / "dashboard.e2e.mjs";
    auto playwright = test::source_dir() / "web" / "ui" / "node_modules" / "playwright-core";
    if (!std::filesystem::exists("/usr/bin/chromium"))
        GTEST_SKIP() << "/usr/bin/chromium not installed; skipping";
    if (!std::filesystem::exists(playwright) || !std::filesystem::exists(ui / "index.html"))
        GTEST_SKIP() << "dashboard not built (run make build: scripts/build-ui.sh); skipping";

    Hub hub;
    Publisher pub(hub);
    FakeSession session(pub);
    log::MemoryAuditSink audit;
    Server server(
        ServerOptions{.port = 0, .web_root = ui, .control_token = "e2e-token"}, hub,
        [&](const std::string& a, const std::string& r) { return session.control(a, r); }, &audit);
    server.start();
    session.start();
    auto shot = test::build_dir() / "dashboard-e2e.png";
    int code = 0;
    std::string out =
        run_and_capture("node " + script.string() + " " + server.url() + " e2e-token " + shot.string(), code);
    session.stop();
    server.stop();
    std::cout << out;
    EXPECT_EQ(code, 0) << out;
    EXPECT_NE(out.find("all claims hold"), std::string::npos);
    EXPECT_TRUE(std::filesystem::exists(shot));
    bool refused = false, done = false;
    for (auto& e : audit.entries) {
        refused |= e.kind == "control_refused";
        done |= e.kind == "control_action" && e.fields["action"] == "trip";
    }
    EXPECT_TRUE(refused);
    EXPECT_TRUE(done);
}
