// research/sweep_store.hpp — a sweep's rows in the robo_trader database (tables `sweeps` and
// `sweep_runs`, store/migration_sweeps.cpp). The sweep's id is "sweep-" and the first 16 hex
// digits of the SHA-256 of its definition (sweep.json), so the same sweep recorded again
// replaces its rows. Throws store::StoreError naming the file.
#pragma once
#include <filesystem>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "robo/research/analysis.hpp"

namespace robo::research {

std::string sweep_id(const nlohmann::json& definition);

// `kind`: "sweep" or "walkforward". Returns the sweep's id.
std::string record_sweep(const std::filesystem::path& db, const std::string& kind,
                         const nlohmann::json& definition, const SweepSummary& summary,
                         const nlohmann::json& summary_file, const std::vector<RunRecord>& runs);

}  // namespace robo::research
