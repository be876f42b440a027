// research/sweep_files.cpp — see sweep_files.hpp.
#include "robo/research/sweep_files.hpp"

#include <fmt/format.h>

#include <cmath>
#include <map>

namespace robo::research {
namespace {

std::ofstream open_for(const std::filesystem::path& path, std::ios::openmode mode) {
    if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary | mode);
    if (!out) throw std::runtime_error(path.string() + ": cannot open for writing");
    return out;
}

void check_written(std::ofstream& out, const std::filesystem::path& path) {
    out.flush();
    if (!out) throw std::runtime_error(path.string() + ": write failed (disk full?)");
}

std::string cell(double x) {
    if (std::isnan(x)) return "";
    if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
    return fmt::format("{}", x);
}

// A CSV field: quoted when it holds a comma, a quote or a line break.
std::string field(const std::string& s) {
    if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
    std::string q = "\"";
    for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
}

// The first key whose value differs, for the refusal.
std::string first_difference(const nlohmann::json& a, const nlohmann::json& b,
                             const std::string& where = "") {
    if (a.is_object() && b.is_object()) {
        for (const auto& [k, v] : a.items()) {
            if (!b.contains(k)) return where + k;
            if (auto d = first_difference(v, b.at(k), where + k + "."); !d.empty()) return d;
        }
        for (const auto& [k, v] : b.items())
            if (!a.contains(k)) return where + k;
        return "";
    }
    return a == b ? "" : (where.empty() ? "the definition" : where.substr(0, where.size() - 1));
}

}  // namespace

void write_results_csv(const std::filesystem::path& path, const std::vector<std::string>& param_names,
                       const std::vector<RunRecord>& runs) {
    auto out = open_for(path, std::ios::trunc);
    out << "run_id,strategy";
    for (const auto& p : param_names) out << ',' << field(p);
    out << ",final_equity,total_return,cagr,sharpe,sortino,max_drawdown,calmar,trades,win_rate,profit_factor,"
           "exposure,status,reason\n";
    for (const auto& r : runs) {
        std::map<std::string, std::string> values(r.params.begin(), r.params.end());
        out << field(r.id) << ',' << field(r.strategy);
        for (const auto& p : param_names) out << ',' << field(values.count(p) ? values[p] : "");
        const RunMetrics& m = r.metrics;
        if (r.status == RunStatus::ok)
            out << ',' << m.final_equity.to_string(2) << ',' << cell(m.total_return) << ',' << cell(m.cagr)
                << ',' << cell(m.sharpe) << ',' << cell(m.sortino) << ',' << cell(m.max_drawdown) << ','
                << cell(m.calmar) << ',' << m.trades << ',' << cell(m.win_rate) << ','
                << cell(m.profit_factor) << ',' << cell(m.exposure);
        else
            out << ",,,,,,,,,,,";
        out << ',' << to_string(r.status) << ',' << field(r.reason) << '\n';
    }
    check_written(out, path);
}

nlohmann::json results_rows(const std::vector<std::string>& param_names, const std::vector<RunRecord>& runs) {
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& r : runs) {
        std::map<std::string, std::string> values(r.params.begin(), r.params.end());
        nlohmann::json row{{"run_id", r.id}, {"strategy", r.strategy}};
        for (const auto& p : param_names)
            row[p] = values.count(p) ? nlohmann::json(values[p]) : nlohmann::json(nullptr);
        const bool ok = r.status == RunStatus::ok;
        auto number = [&](double x) {
            return ok && !std::isnan(x) ? nlohmann::json(x) : nlohmann::json(nullptr);
        };
        const RunMetrics& m = r.metrics;
        row["final_equity"] = ok ? nlohmann::json(m.final_equity.to_double()) : nlohmann::json(nullptr);
        row["total_return"] = number(m.total_return);
        row["cagr"] = number(m.cagr);
        row["sharpe"] = number(m.sharpe);
        row["sortino"] = number(m.sortino);
        row["max_drawdown"] = number(m.max_drawdown);
        row["calmar"] = number(m.calmar);
        row["trades"] = ok ? nlohmann::json(m.trades) : nlohmann::json(nullptr);
        row["win_rate"] = number(m.win_rate);
        row["profit_factor"] = number(m.profit_factor);
        row["exposure"] = number(m.exposure);
        row["status"] = to_string(r.status);
        row["reason"] = r.reason;
        rows.push_back(std::move(row));
    }
    return rows;
}

void write_json(const std::filesystem::path& path, const nlohmann::json& j) {
    auto out = open_for(path, std::ios::trunc);
    out << j.dump(2) << '\n';
    check_written(out, path);
}

Journal::Journal(const std::filesystem::path& dir, const nlohmann::json& definition, bool resume,
                 CurvePolicy curves)
    : path_(dir / "runs.jsonl") {
    const auto def_path = dir / "sweep.json";
    if (resume) {
        std::ifstream in(def_path);
        if (!in)
            throw std::runtime_error("--resume " + dir.string() +
                                     ": no sweep.json there (not a sweep's folder)");
        nlohmann::json old;
        try {
            old = nlohmann::json::parse(in);
        } catch (const nlohmann::json::exception& e) {
            throw std::runtime_error(def_path.string() + ": cannot be read (" + e.what() + ")");
        }
        if (const auto d = first_difference(old, definition); !d.empty())
            throw std::runtime_error("--resume " + dir.string() + ": that sweep was run with another " + d +
                                     "; resume it with the same settings, or start a new --out");
        // The records read are copied as they are (curves included) to a new journal that
        // replaces the old one, so a half line left by the interruption never precedes a new
        // record; in memory only the best curves stay.
        CurveKeeper keeper(done_, curves);
        const auto fresh = std::filesystem::path(path_).concat(".new");
        std::ofstream copy = open_for(fresh, std::ios::trunc);
        std::ifstream lines(path_);
        std::string line;
        for (size_t n = 1; std::getline(lines, line); ++n) {
            if (line.empty()) continue;
            try {
                done_.push_back(record_from_json(nlohmann::json::parse(line)));
                keeper.admit(done_.size() - 1);
                copy << line << '\n';
            } catch (const std::exception&) {
                // A line cut short by the interruption is the one run that did not finish.
                if (lines.peek() == std::char_traits<char>::eof()) break;
                copy.close();
                std::filesystem::remove(fresh);
                throw std::runtime_error(fmt::format(
                    "{}:{}: not a run record; remove the line or start a new --out", path_.string(), n));
            }
        }
        check_written(copy, fresh);
        copy.close();
        lines.close();
        std::filesystem::rename(fresh, path_);
    }
    write_json(def_path, definition);
    out_ = open_for(path_, resume ? std::ios::app : std::ios::trunc);
    check_written(out_, path_);
}

void Journal::append(const RunRecord& r) {
    out_ << to_json(r).dump() << '\n';
    check_written(out_, path_);
}

}  // namespace robo::research
