// research/sweep.cpp — see sweep.hpp.
#include "robo/research/sweep.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>

#include "robo/research/analysis.hpp"
#include "robo/research/shared_data.hpp"
#include "robo/session/builder.hpp"

namespace robo::research {
namespace {

[[noreturn]] void bad(const std::string& what) { throw std::invalid_argument(what); }

RunRecord record_of(const PlannedRun& r, const std::string& strategy) {
    RunRecord rec;
    rec.id = r.id;
    rec.strategy = strategy;
    rec.params = r.params;
    return rec;
}

}  // namespace

unsigned resolve_jobs(unsigned jobs) {
    return jobs ? jobs : std::max(1u, std::thread::hardware_concurrency());
}

Sweep::Sweep(const config::LoadResult& config, SweepRequest request)
    : config_(config), request_(std::move(request)) {
    if (request_.grids.empty()) bad("no --strategy: give NAME:param=start..end:step,... at least once");
    if (request_.partitions < 2 || request_.partitions % 2)
        bad(fmt::format("--partitions {}: expected an even number, 2 or more", request_.partitions));
    if (request_.search == Search::random && request_.budget == 0)
        bad("--search random needs --budget N (how many combinations to draw)");
    if (request_.search == Search::grid && request_.budget)
        bad("--budget applies to --search random; a grid search runs every combination");
    if (request_.base.db || !request_.base.strategies.empty() || !request_.base.strategy_objects.empty())
        throw std::logic_error("Sweep: the base request names no strategy and no database");
    for (const auto& text : request_.grids) grids_.push_back(parse_grid(text));
    const auto combos = request_.search == Search::grid
                            ? all_combinations(grids_)
                            : random_combinations(grids_, request_.budget, request_.seed);
    uint64_t total = 0;
    std::vector<uint64_t> offset;
    for (const auto& g : grids_) {
        offset.push_back(total);
        total += g.size();
    }
    const int width = std::max<int>(4, int(std::to_string(total ? total - 1 : 0).size()));
    for (const auto& c : combos) {
        PlannedRun r;
        r.id = fmt::format("r{:0{}}", offset[c.grid] + c.index, width);
        r.grid = c.grid;
        r.params = c.params;
        r.spec = spec_text(grids_[c.grid], c);
        r.skip = check_combination(grids_[c.grid], c);
        runs_.push_back(std::move(r));
    }
    // The settings shared by every run are checked now, before any data is read.
    for (const auto& r : runs_)
        if (!r.skip) {
            session::plan_session(config_, run_request(r));
            return;
        }
}

Sweep::~Sweep() = default;

CurvePolicy Sweep::curve_policy() const { return {request_.objective, request_.curves, request_.partitions}; }

std::vector<std::string> Sweep::param_names() const {
    std::vector<std::string> names;
    for (const auto& g : grids_)
        for (const auto& a : g.axes)
            if (std::find(names.begin(), names.end(), a.name) == names.end()) names.push_back(a.name);
    return names;
}

session::SessionRequest Sweep::run_request(const PlannedRun& r) const {
    session::SessionRequest q = request_.base;
    q.mode = engine::Mode::backtest;
    q.strategies = {r.spec};
    q.write_files = false;
    q.no_record = true;
    return q;
}

SharedData& Sweep::data() {
    if (!data_) {
        auto first = std::find_if(runs_.begin(), runs_.end(), [](const PlannedRun& r) { return !r.skip; });
        if (first == runs_.end()) bad("every combination is refused by its strategy: nothing to run");
        data_ = std::make_shared<SharedData>(session::plan_session(config_, run_request(*first)));
        if (!data_->first().failures.empty())
            throw std::runtime_error(
                fmt::format("{} file(s) could not be read (first: {}); fix or move them, then run again",
                            data_->first().failures.size(), data_->first().failures.front()));
    }
    return *data_;
}

RunRecord Sweep::run_one(const PlannedRun& r) {
    RunRecord rec = record_of(r, grids_[r.grid].strategy);
    if (r.skip) {
        rec.status = RunStatus::skipped;
        rec.reason = *r.skip;
        return rec;
    }
    try {
        auto plan = run_plan(run_request(r));
        auto loaded = data().get(plan);
        session::SessionBuilder b(std::move(plan), std::move(loaded));
        std::ostringstream quiet;  // a research run has no audience for the builder's lines
        b.assemble(quiet);
        const session::Outcome o = b.run(quiet);
        if (o.summary.final_state == engine::EngineState::error) {
            rec.status = RunStatus::failed;
            rec.reason = o.summary.stop_reason;
            return rec;
        }
        rec.metrics = run_metrics(o.metrics);
        rec.daily = o.metrics.daily;
        rec.digest = digest_of(rec, request_.partitions);
    } catch (const std::exception& e) {
        rec.status = RunStatus::failed;
        rec.reason = e.what();
    }
    return rec;
}

session::Plan Sweep::run_plan(const session::SessionRequest& r) const {
    session::Plan plan = session::plan_session(config_, r);
    plan.engine.engine.handle_signals = false;
    return plan;
}

std::vector<RunRecord> Sweep::run(const std::vector<RunRecord>& done, const ProgressFn& progress,
                                  const FinishedFn& finished, const std::atomic<bool>* stop) {
    std::vector<RunRecord> out(runs_.size());
    CurveKeeper curves(out, curve_policy());
    std::map<std::string, const RunRecord*> by_id;
    for (const auto& d : done) by_id[d.id] = &d;
    // The runs still to do, grouped by data selection (each group's selection is built once
    // and dropped after its last run), in id order within a group.
    std::vector<size_t> todo;
    std::vector<std::string> key(runs_.size());
    std::map<std::string, size_t> pending, first_seen;
    for (size_t i = 0; i < runs_.size(); ++i) {
        if (auto it = by_id.find(runs_[i].id); it != by_id.end() && it->second->params == runs_[i].params) {
            out[i] = *it->second;
            curves.admit(i);
            continue;
        }
        todo.push_back(i);
        if (!runs_[i].skip) {
            try {
                key[i] = selection_key(session::plan_session(config_, run_request(runs_[i])).data);
            } catch (const std::exception&) {
                key[i] = "";  // run_one reports the error
            }
            first_seen.try_emplace(key[i], first_seen.size());
            ++pending[key[i]];
        }
    }
    if (std::any_of(todo.begin(), todo.end(), [&](size_t i) { return !runs_[i].skip; })) data();
    std::stable_sort(todo.begin(), todo.end(), [&](size_t a, size_t b) {
        return (runs_[a].skip ? 0 : first_seen[key[a]] + 1) < (runs_[b].skip ? 0 : first_seen[key[b]] + 1);
    });

    std::atomic<size_t> next{0};
    std::mutex mutex;
    size_t finished_count = 0;
    const auto start = std::chrono::steady_clock::now();
    auto stopped = [&] { return stop && stop->load(); };
    auto worker = [&] {
        for (size_t k; !stopped() && (k = next.fetch_add(1)) < todo.size();) {
            const size_t i = todo[k];
            RunRecord rec = run_one(runs_[i]);
            std::lock_guard lock(mutex);
            // The selection's last run: its data can go.
            if (!runs_[i].skip && --pending[key[i]] == 0 && data_) data_->release(key[i]);
            if (finished) finished(rec);
            out[i] = std::move(rec);
            curves.admit(i);
            ++finished_count;
            if (progress)
                progress(finished_count, todo.size(),
                         std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
        }
    };
    const unsigned threads = std::min<size_t>(resolve_jobs(request_.jobs), std::max<size_t>(todo.size(), 1));
    std::vector<std::jthread> pool;
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(worker);
    worker();
    pool.clear();  // joins
    if (stopped() && finished_count < todo.size())
        throw Interrupted(fmt::format("interrupted; {} of {} runs finished",
                                      finished_count + (runs_.size() - todo.size()), runs_.size()));
    return out;
}

}  // namespace robo::research
