// research/run_record.cpp — see run_record.hpp.
#include "robo/research/run_record.hpp"

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace robo::research {
namespace {

nlohmann::json number_or_null(double x) {
    return std::isfinite(x) ? nlohmann::json(x) : nlohmann::json(nullptr);
}
// Infinity (a profit factor without losses) is kept apart from "not computable" (NaN).
nlohmann::json number_json(double x) {
    if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
    return number_or_null(x);
}
double number_from(const nlohmann::json& j, const char* key) {
    const auto& v = j.at(key);
    if (v.is_null()) return std::numeric_limits<double>::quiet_NaN();
    if (v.is_string()) {
        if (v == "inf") return std::numeric_limits<double>::infinity();
        if (v == "-inf") return -std::numeric_limits<double>::infinity();
        throw std::invalid_argument(std::string("run record: ") + key + " is not a number");
    }
    return v.get<double>();
}
Money money_from(const nlohmann::json& j, const char* key) {
    Money m;
    if (!Money::try_parse(j.at(key).get<std::string>(), m))
        throw std::invalid_argument(std::string("run record: ") + key + " is not an amount");
    return m;
}

}  // namespace

std::string_view to_string(RunStatus s) noexcept {
    switch (s) {
        case RunStatus::ok:
            return "ok";
        case RunStatus::failed:
            return "failed";
        case RunStatus::skipped:
            return "skipped";
    }
    return "?";
}

RunMetrics run_metrics(const report::Metrics& m) {
    RunMetrics r;
    r.initial_equity = m.initial_equity;
    r.final_equity = m.final_equity;
    r.total_return = m.total_return;
    r.cagr = m.cagr;
    r.sharpe = m.sharpe;
    r.sortino = m.sortino;
    r.max_drawdown = m.max_drawdown;
    r.calmar = m.calmar;
    r.trades = m.trades;
    r.win_rate = m.win_rate;
    r.profit_factor = m.profit_factor;
    r.exposure = m.exposure;
    return r;
}

nlohmann::json to_json(const RunRecord& r) {
    nlohmann::json params = nlohmann::json::array();
    for (const auto& [k, v] : r.params) params.push_back({k, v});
    nlohmann::json daily = nlohmann::json::array();
    for (const auto& d : r.daily) daily.push_back({unix_nanos(d.day), d.equity});
    const RunMetrics& m = r.metrics;
    nlohmann::json out{{"id", r.id},
                       {"strategy", r.strategy},
                       {"params", params},
                       {"status", to_string(r.status)},
                       {"reason", r.reason},
                       {"metrics",
                        {{"initial_equity", m.initial_equity.to_string()},
                         {"final_equity", m.final_equity.to_string()},
                         {"total_return", number_json(m.total_return)},
                         {"cagr", number_json(m.cagr)},
                         {"sharpe", number_json(m.sharpe)},
                         {"sortino", number_json(m.sortino)},
                         {"max_drawdown", number_json(m.max_drawdown)},
                         {"calmar", number_json(m.calmar)},
                         {"trades", m.trades},
                         {"win_rate", number_json(m.win_rate)},
                         {"profit_factor", number_json(m.profit_factor)},
                         {"exposure", number_json(m.exposure)}}},
                       {"daily", daily}};
    if (r.digest) {
        const ReturnDigest& d = *r.digest;
        nlohmann::json blocks = nlohmann::json::array();
        for (const auto& b : d.blocks) blocks.push_back({b.sum, b.squares});
        out["digest"] = {{"observations", d.observations},
                         {"days", d.days},
                         {"partitions", d.partitions},
                         {"count", d.moments.count},
                         {"mean", number_json(d.moments.mean)},
                         {"sd", number_json(d.moments.sd)},
                         {"skewness", number_json(d.moments.skewness)},
                         {"kurtosis", number_json(d.moments.kurtosis)},
                         {"blocks", blocks}};
    }
    return out;
}

RunRecord record_from_json(const nlohmann::json& j) {
    try {
        RunRecord r;
        r.id = j.at("id").get<std::string>();
        r.strategy = j.at("strategy").get<std::string>();
        for (const auto& p : j.at("params"))
            r.params.emplace_back(p.at(0).get<std::string>(), p.at(1).get<std::string>());
        const std::string status = j.at("status").get<std::string>();
        if (status == "ok")
            r.status = RunStatus::ok;
        else if (status == "failed")
            r.status = RunStatus::failed;
        else if (status == "skipped")
            r.status = RunStatus::skipped;
        else
            throw std::invalid_argument("run record: status \"" + status + "\" is not ok, failed or skipped");
        r.reason = j.at("reason").get<std::string>();
        const auto& m = j.at("metrics");
        r.metrics.initial_equity = money_from(m, "initial_equity");
        r.metrics.final_equity = money_from(m, "final_equity");
        r.metrics.total_return = number_from(m, "total_return");
        r.metrics.cagr = number_from(m, "cagr");
        r.metrics.sharpe = number_from(m, "sharpe");
        r.metrics.sortino = number_from(m, "sortino");
        r.metrics.max_drawdown = number_from(m, "max_drawdown");
        r.metrics.calmar = number_from(m, "calmar");
        r.metrics.trades = m.at("trades").get<int64_t>();
        r.metrics.win_rate = number_from(m, "win_rate");
        r.metrics.profit_factor = number_from(m, "profit_factor");
        r.metrics.exposure = number_from(m, "exposure");
        for (const auto& d : j.at("daily"))
            r.daily.push_back({from_unix_nanos(d.at(0).get<int64_t>()), d.at(1).get<double>()});
        if (j.contains("digest")) {
            const auto& g = j.at("digest");
            ReturnDigest d;
            d.observations = g.at("observations").get<size_t>();
            d.days = g.at("days").get<uint64_t>();
            d.partitions = g.at("partitions").get<int>();
            d.moments.count = g.at("count").get<size_t>();
            d.moments.mean = number_from(g, "mean");
            d.moments.sd = number_from(g, "sd");
            d.moments.skewness = number_from(g, "skewness");
            d.moments.kurtosis = number_from(g, "kurtosis");
            for (const auto& b : g.at("blocks"))
                d.blocks.push_back({b.at(0).get<double>(), b.at(1).get<double>()});
            r.digest = std::move(d);
        }
        return r;
    } catch (const nlohmann::json::exception& e) {
        throw std::invalid_argument(std::string("run record: ") + e.what());
    }
}

std::vector<double> daily_returns(const RunRecord& r) {
    std::vector<double> out;
    out.reserve(r.daily.size());
    double prev = r.metrics.initial_equity.to_double();
    for (const auto& d : r.daily) {
        out.push_back(prev > 0 ? d.equity / prev - 1 : 0);
        prev = d.equity;
    }
    return out;
}

ReturnDigest digest_of(const RunRecord& r, int partitions) {
    uint64_t h = 1469598103934665603ull;  // FNV-1a over the days' nanoseconds
    for (const auto& d : r.daily) {
        uint64_t x = uint64_t(unix_nanos(d.day));
        for (int b = 0; b < 8; ++b, x >>= 8) h = (h ^ (x & 0xff)) * 1099511628211ull;
    }
    return digest_returns(daily_returns(r), partitions, h);
}

void keep_digest_only(RunRecord& r, int partitions) {
    if (r.status != RunStatus::ok) return;
    if (!r.digest || r.digest->partitions != partitions) r.digest = digest_of(r, partitions);
    std::vector<report::DailyPoint>().swap(r.daily);
}

}  // namespace robo::research
