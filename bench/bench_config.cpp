// How long from nothing to a loaded, validated configuration at start-up? The handoff's
// target is 2 s; ours is well under 50 ms. Reads a realistic .env and TOML file from a
// temp dir (written once), plus a small environment, exactly as a session starts.
#include <benchmark/benchmark.h>

#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <string>

#include "robo/config/loader.hpp"
#include "robo/config/report.hpp"
#include "robo/log/audit_trail.hpp"

namespace {

namespace fs = std::filesystem;

struct Files {
    fs::path dir, env, toml;
    Files() {
        dir = fs::temp_directory_path() / ("robo_bench_cfg_" + std::to_string(::getpid()));
        fs::create_directories(dir);
        env = dir / ".env";
        toml = dir / "config.toml";
        std::ofstream(env)
            << "# a user's .env from the Python system\n"
               "IBKR_HOST=127.0.0.1\nIBKR_PORT=7497\nIBKR_CLIENT_ID=7\nIBKR_ACCOUNT=DU1234567\n"
               "IBKR_READONLY=false\nIBKR_TIMEOUT=15\nEXECUTION_MODE=paper\n"
               "EXECUTION_MAX_DAILY_TRADES=40\nRISK_POSITION_SIZING=atr\n"
               "RISK_MAX_POSITION_PCT=0.02\nRISK_MAX_DAILY_LOSS_PCT=0.005\n"
               "RISK_MAX_PORTFOLIO_HEAT=0.06\nRISK_CORRELATION_LIMIT=0.7\n"
               "RISK_MAX_LEVERAGE=2.0\nRISK_STOP_LOSS_PCT=0.02\nRISK_MAX_DAILY_LOSS_PCT=0.05\n"
               "MONITORING_LOG_FORMAT=json\nMONITORING_LOG_LEVEL=INFO\n"
               "MONITORING_CONTROL_TOKEN=\"0123456789abcdef0123\"\n"
               "SYMBOLS=AAPL,MSFT,SPY,QQQ,NVDA,AMZN,GOOGL,META,TSLA,JPM\nDEFAULT_CASH=100000\n";
        std::ofstream(toml)
            << "environment = \"staging\"\n[data]\ndir = \"data/sample\"\ntimezone = "
               "\"America/New_York\"\nstale_seconds = 30\n[strategy]\nenabled = [\"sma_crossover\", "
               "\"rsi_reversion\"]\nsma_fast = 10\nsma_slow = 30\n[monitoring]\nhttp_port = 8080\n";
    }
    ~Files() {
        std::error_code ec;
        fs::remove_all(dir, ec);
    }
};

robo::config::LoadOptions options(const Files& f) {
    robo::config::LoadOptions o;
    o.env_file = f.env;
    o.config_file = f.toml;
    o.environment = std::vector<std::pair<std::string, std::string>>{
        {"PATH", "/usr/bin"}, {"HOME", "/root"}, {"IBKR_CLIENT_ID", "9"}};
    o.overrides = {"DATA_REPLAY_SPEED=10"};
    return o;
}

// Start-up: read both files, merge, validate every value and rule.
void BM_Config_LoadAndValidate(benchmark::State& state) {
    Files files;
    const auto o = options(files);
    for (auto _ : state) {
        auto result = robo::config::load(o);
        if (!result.ok()) state.SkipWithError("configuration unexpectedly invalid");
        benchmark::DoNotOptimize(result);
    }
}
BENCHMARK(BM_Config_LoadAndValidate)->Unit(benchmark::kMicrosecond);

// Start-up as a session does it: load, then record it in the audit trail (fsync'd).
void BM_Config_LoadValidateAndAudit(benchmark::State& state) {
    Files files;
    const auto o = options(files);
    robo::log::AuditTrail trail(files.dir / "audit.jsonl");
    for (auto _ : state) {
        auto result = robo::config::load(o);
        robo::config::audit_startup(result, trail);
    }
}
BENCHMARK(BM_Config_LoadValidateAndAudit)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
