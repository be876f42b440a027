// research/sweep_files.hpp — a sweep's files in its folder:
//   results.csv   one row per run in run-id order: run_id, strategy, one column per parameter
//                 (named as in --strategy), final_equity, total_return, cagr, sharpe, sortino,
//                 max_drawdown, calmar, trades, win_rate, profit_factor, exposure, status, reason
//   summary.json  summary_json() plus the request and, for a walk-forward, its windows
//   sweep.json    what defines the runs (grids, search, every backtest setting): --resume
//                 refuses a folder whose sweep.json differs
//   runs.jsonl    the journal: each finished run appended and flushed as it ends, so an
//                 interrupted sweep loses no finished run
// Numbers are written with the shortest text that reads back to the same double (NaN: an
// empty cell or null; a profit factor without losses: inf), so the same sweep gives
// byte-identical files. Writers throw std::runtime_error naming the path.
#pragma once
#include <filesystem>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "robo/research/analysis.hpp"
#include "robo/research/run_record.hpp"

namespace robo::research {

void write_results_csv(const std::filesystem::path& path, const std::vector<std::string>& param_names,
                       const std::vector<RunRecord>& runs);
// The same rows as objects with typed values (numbers, null for NaN or not run; final_equity
// as a number of dollars): what the Python package turns into a pandas DataFrame.
nlohmann::json results_rows(const std::vector<std::string>& param_names, const std::vector<RunRecord>& runs);
void write_json(const std::filesystem::path& path, const nlohmann::json& j);

// The journal of one sweep folder.
class Journal {
public:
    // Starts a new journal (truncates) or, with `resume`, reads the finished runs of the old
    // one after checking that sweep.json matches `definition`. Throws std::runtime_error
    // naming the folder and the setting that differs, or the line that cannot be read.
    // The runs read keep their curves as `curves` says (the file keeps every curve, so a
    // resumed sweep holds no more than one that ran through).
    Journal(const std::filesystem::path& dir, const nlohmann::json& definition, bool resume,
            CurvePolicy curves = {});
    const std::vector<RunRecord>& done() const noexcept { return done_; }
    // Appends one finished run and flushes it to the file.
    void append(const RunRecord& r);

private:
    std::filesystem::path path_;
    std::ofstream out_;
    std::vector<RunRecord> done_;
};

}  // namespace robo::research
