// research/walkforward.cpp — see walkforward.hpp.
#include "robo/research/walkforward.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>

#include "robo/data/calendar.hpp"
#include "robo/report/outputs.hpp"
#include "robo/research/shared_data.hpp"
#include "robo/research/sweep_files.hpp"
#include "robo/research/sweep_job.hpp"

namespace robo::research {
namespace {

using namespace std::chrono;

[[noreturn]] void bad(const std::string& what) { throw std::invalid_argument(what); }

struct Step {
    int months = 0, days = 0;
};

// "2y", "6m", "90d", "4w".
Step parse_step(const std::string& flag, const std::string& text) {
    int n = 0;
    auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    const std::string unit(p, text.data() + text.size());
    if (ec != std::errc() || n <= 0 || unit.size() != 1)
        bad(flag + " \"" + text + "\": expected a positive count and a unit, e.g. 2y, 6m, 12w, 90d");
    switch (unit[0]) {
        case 'y':
            return {12 * n, 0};
        case 'm':
            return {n, 0};
        case 'w':
            return {0, 7 * n};
        case 'd':
            return {0, n};
    }
    bad(flag + " \"" + text + "\": the unit must be y, m, w or d");
}

// `k` steps after `from`; a month end that does not exist (31 April) is the month's last day.
sys_days advance(sys_days from, Step step, int k) {
    year_month_day d{from};
    if (step.months) {
        d = year_month_day{d.year(), d.month(), d.day()} + months{step.months * k};
        if (!d.ok()) d = year_month_day_last{d.year(), month_day_last{d.month()}};
    }
    return sys_days{d} + days{step.days * k};
}

std::string day_text(sys_days d) {
    const year_month_day y{d};
    return fmt::format("{:04}-{:02}-{:02}", int(y.year()), unsigned(y.month()), unsigned(y.day()));
}

sys_days ny_day(Timestamp t) { return sys_days{data::ExchangeCalendar::nyse().local_date(t)}; }

// The first and last New York day of the data the request selects (warm-up bars excluded).
std::pair<sys_days, sys_days> span_of(const engine::LoadedFeed& data) {
    std::optional<Timestamp> first, last;
    for (const auto& e : data.feed.events()) {
        if (e.backfill()) continue;
        const Timestamp t = e.bar() ? e.bar()->start : e.time;
        if (!first || t < *first) first = t;
        if (!last || t > *last) last = t;
    }
    if (!first) bad("walkforward: no market data in the selection");
    return {ny_day(*first), ny_day(*last)};
}

size_t changed_params(const Params& a, const Params& b) {
    size_t n = 0;
    for (size_t i = 0; i < a.size(); ++i)
        if (i >= b.size() || a[i] != b[i]) ++n;
    return n;
}

nlohmann::json finite(double x) { return std::isfinite(x) ? nlohmann::json(x) : nlohmann::json(nullptr); }

void stitch(WalkForwardResult& r) {
    double level = r.initial_equity.to_double();
    for (const auto& w : r.windows) {
        if (!w.test || w.test->status != RunStatus::ok) continue;
        const double start = w.test->metrics.initial_equity.to_double();
        const double scale = start > 0 ? level / start : 0;
        for (const auto& d : w.test->daily) {
            r.oos_equity.push_back({d.day, d.equity * scale});
            r.oos_window.push_back(w.index);
        }
        if (!w.test->daily.empty()) level = w.test->daily.back().equity * scale;
    }
    const double initial = r.initial_equity.to_double();
    r.oos_total_return = r.oos_equity.empty() || initial <= 0 ? std::nan("") : level / initial - 1;
    std::vector<double> returns;
    double prev = initial;
    for (const auto& d : r.oos_equity) {
        returns.push_back(prev > 0 ? d.equity / prev - 1 : 0);
        prev = d.equity;
    }
    const Moments m = moments(returns);
    r.oos_sharpe = m.count >= 2 && m.sd > 0 ? m.mean / m.sd * std::sqrt(252.0) : std::nan("");
    size_t kept = 0, compared = 0;
    const Window* previous = nullptr;
    for (const auto& w : r.windows) {
        if (!w.chosen) continue;
        if (previous) {
            ++compared;
            kept += w.params_changed == 0;
        }
        previous = &w;
    }
    r.stability = compared ? double(kept) / double(compared) : std::nan("");
}

// A window's journal belongs to these runs only: the sweep's definition (grids, search,
// every backtest setting of its runs) and the window's dates.
nlohmann::json window_definition(const Sweep& sweep, const Window& w) {
    nlohmann::json d = sweep_definition(sweep);
    d["window"] = {{"train", {w.train_from, w.train_to}}, {"test", {w.test_from, w.test_to}}};
    return d;
}

}  // namespace

WalkForwardResult walk_forward(const config::LoadResult& config, const WalkForwardRequest& request,
                               const WindowProgressFn& progress) {
    const Step train = parse_step("--train", request.train), test = parse_step("--test", request.test);
    WalkForwardResult out;
    out.objective = request.sweep.objective;
    // The whole span, read once: every window's runs select from these files.
    Sweep whole(config, request.sweep);
    auto shared = whole.shared_data();
    const auto [first, last] = span_of(shared->first());
    struct Dates {
        sys_days train_from, train_to, test_from, test_to;
    };
    std::vector<Dates> dates;
    for (int k = 0;; ++k) {
        const sys_days train_from = request.anchored ? first : advance(first, test, k);
        const sys_days test_from =
            request.anchored ? advance(advance(first, train, 1), test, k) : advance(train_from, train, 1);
        if (test_from > last) break;
        dates.push_back({train_from, test_from - days{1}, test_from,
                         std::min(advance(test_from, test, 1) - days{1}, last)});
    }
    if (dates.empty())
        bad(fmt::format(
            "walkforward: the data runs {} .. {}, too short for --train {} and a test window after it",
            day_text(first), day_text(last), request.train));
    std::optional<Params> previous;  // the last window's choice
    for (size_t i = 0; i < dates.size(); ++i) {
        Window w;
        w.index = i;
        w.train_from = day_text(dates[i].train_from);
        w.train_to = day_text(dates[i].train_to);
        w.test_from = day_text(dates[i].test_from);
        w.test_to = day_text(dates[i].test_to);
        SweepRequest in = request.sweep;
        in.base.from = w.train_from;
        in.base.to = w.train_to;
        Sweep train_sweep(config, in);
        train_sweep.share_data(shared);
        const auto window_dir = request.journal / "windows" / fmt::format("{:02}", i + 1);
        auto journaled = [&](Sweep& sweep, const std::filesystem::path& dir) {
            if (request.journal.empty()) return sweep.run({}, {}, {}, request.stop);
            // Resuming: the first window's journal must be there (it names the walk-forward
            // that ran); a later window the interruption never reached starts afresh.
            const bool have = std::filesystem::exists(dir / "sweep.json");
            if (request.resume && !have && i == 0)
                throw std::runtime_error("--resume " + request.journal.string() +
                                         ": no walk-forward journal there (windows/01 is missing)");
            std::filesystem::create_directories(dir);
            Journal journal(dir, window_definition(sweep, w), request.resume && have, sweep.curve_policy());
            return sweep.run(
                journal.done(), {}, [&](const RunRecord& r) { journal.append(r); }, request.stop);
        };
        const auto runs = journaled(train_sweep, window_dir / "train");
        w.in_sample = summarize(runs, request.sweep.objective, request.sweep.partitions);
        if (!w.in_sample.best) {
            w.note = "no training run finished";
        } else {
            w.chosen = runs[*w.in_sample.best];
            w.is_objective = objective_value(out.objective, w.chosen->metrics);
            w.params_changed = previous ? changed_params(w.chosen->params, *previous) : 0;
            previous = w.chosen->params;
            SweepRequest oos = request.sweep;
            oos.grids = {train_sweep.runs()[*w.in_sample.best].spec};
            oos.search = Search::grid;
            oos.budget = oos.seed = 0;
            oos.base.from = w.test_from;
            oos.base.to = w.test_to;
            Sweep test_sweep(config, oos);
            test_sweep.share_data(shared);
            w.test = journaled(test_sweep, window_dir / "test").front();
            w.test->id = fmt::format("w{:02}", i);
            if (w.test->status == RunStatus::ok) {
                w.oos_objective = objective_value(out.objective, w.test->metrics);
                if (out.initial_equity.raw() == 0) out.initial_equity = w.test->metrics.initial_equity;
            } else {
                w.note = "test run " + std::string(to_string(w.test->status)) + ": " + w.test->reason;
                w.oos_objective = std::nan("");
            }
        }
        out.windows.push_back(std::move(w));
        if (progress) progress(i + 1, dates.size());
    }
    stitch(out);
    return out;
}

nlohmann::json walkforward_json(const WalkForwardResult& r) {
    nlohmann::json windows = nlohmann::json::array();
    for (const auto& w : r.windows) {
        nlohmann::json params = nlohmann::json::object();
        if (w.chosen)
            for (const auto& [k, v] : w.chosen->params) params[k] = v;
        windows.push_back(
            {{"window", w.index + 1},
             {"train", {w.train_from, w.train_to}},
             {"test", {w.test_from, w.test_to}},
             {"chosen_run", w.chosen ? nlohmann::json(w.chosen->id) : nlohmann::json(nullptr)},
             {"params", params},
             {"in_sample_objective", w.chosen ? finite(w.is_objective) : nullptr},
             {"out_of_sample_objective", w.test ? finite(w.oos_objective) : nullptr},
             {"params_changed", w.params_changed},
             {"in_sample_runs", w.in_sample.runs},
             {"in_sample_pbo", finite(w.in_sample.pbo.value)},
             {"in_sample_deflated_sharpe", finite(w.in_sample.deflated_sharpe.value)},
             {"test_metrics", w.test && w.test->status == RunStatus::ok ? to_json(*w.test).at("metrics")
                                                                        : nlohmann::json(nullptr)},
             {"note", w.note}});
    }
    return {{"objective", to_string(r.objective)},
            {"windows", windows},
            {"out_of_sample",
             {{"total_return", finite(r.oos_total_return)},
              {"sharpe", finite(r.oos_sharpe)},
              {"final_equity",
               r.oos_equity.empty() ? nlohmann::json(nullptr) : finite(r.oos_equity.back().equity)}}},
            {"stability", finite(r.stability)}};
}

void write_oos_equity_csv(const std::filesystem::path& path, const WalkForwardResult& r) {
    if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << "date,window,equity\n";
    for (size_t i = 0; i < r.oos_equity.size(); ++i)
        out << report::ny_date(r.oos_equity[i].day) << ',' << r.oos_window[i] + 1 << ','
            << fmt::format("{:.2f}", r.oos_equity[i].equity) << '\n';
    out.flush();
    if (!out) throw std::runtime_error(path.string() + ": cannot write");
}

}  // namespace robo::research
