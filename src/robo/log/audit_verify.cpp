// The audit file's verification: every break in the hash chain, by line (audit_trail.hpp).
#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <ostream>
#include <set>

#include "robo/log/audit_trail.hpp"
#include "robo/log/audit_verify.hpp"
#include "robo/log/sha256.hpp"

namespace robo::log {
namespace {
std::string errno_text() { return std::strerror(errno); }
}  // namespace

std::string canonical_audit_text(const nlohmann::json& record_without_hash) {
    return record_without_hash.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string_view to_string(AuditProblem::Kind kind) noexcept {
    switch (kind) {
        case AuditProblem::Kind::malformed:
            return "malformed";
        case AuditProblem::Kind::edited:
            return "edited";
        case AuditProblem::Kind::removed:
            return "removed";
        case AuditProblem::Kind::inserted:
            return "inserted";
        case AuditProblem::Kind::reordered:
            return "reordered";
    }
    return "?";
}

namespace {

struct Parsed {
    std::size_t line;
    std::int64_t seq;
    std::string prev_hash;
    std::string hash;
    bool content_ok;  // the stored hash matches the content
};

std::string where(std::size_t line, std::int64_t seq) {
    return "line " + std::to_string(line) + " (seq " + std::to_string(seq) + ")";
}

}  // namespace

AuditVerification verify_audit_file(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw AuditError("audit: cannot read " + file.string() + ": " + errno_text());
    AuditVerification result;
    auto problem = [&](AuditProblem::Kind k, std::size_t line, std::int64_t seq, std::string msg) {
        result.problems.push_back({k, line, seq, std::move(msg)});
    };

    // Pass 1: read every line and check each record against its own hash.
    std::vector<Parsed> recs;
    std::string text;
    std::size_t line_no = 0;
    while (std::getline(in, text)) {
        ++line_no;
        if (!text.empty() && text.back() == '\r') text.pop_back();
        nlohmann::json rec;
        try {
            rec = nlohmann::json::parse(text);
        } catch (const std::exception&) {
            problem(AuditProblem::Kind::malformed, line_no, -1,
                    "line " + std::to_string(line_no) + ": not a JSON record (edited or torn write)");
            continue;
        }
        const bool shaped = rec.is_object() && rec.contains("seq") && rec["seq"].is_number_unsigned() &&
                            rec.contains("hash") && rec["hash"].is_string() && rec.contains("prev_hash") &&
                            rec["prev_hash"].is_string() && rec.contains("kind") && rec.contains("time") &&
                            rec.contains("fields");
        if (!shaped) {
            problem(AuditProblem::Kind::malformed, line_no, -1,
                    "line " + std::to_string(line_no) +
                        ": record lacks seq, time, kind, fields, prev_hash or hash (edited)");
            continue;
        }
        Parsed p{line_no, rec["seq"].get<std::int64_t>(), rec["prev_hash"].get<std::string>(),
                 rec["hash"].get<std::string>(), false};
        rec.erase("hash");
        p.content_ok = sha256_hex(canonical_audit_text(rec)) == p.hash;
        if (!p.content_ok)
            problem(AuditProblem::Kind::edited, p.line, p.seq,
                    where(p.line, p.seq) + ": record edited: its content does not match its hash");
        recs.push_back(std::move(p));
    }
    result.records = recs.size();

    // Which record is the genuine holder of each seq: the one the next record's prev_hash
    // names; otherwise the first in the file.
    std::map<std::int64_t, std::vector<const Parsed*>> by_seq;
    std::set<std::string> referenced;
    for (const auto& r : recs) {
        by_seq[r.seq].push_back(&r);
        referenced.insert(r.prev_hash);
    }
    auto genuine = [&](std::int64_t seq) -> const Parsed* {
        auto it = by_seq.find(seq);
        if (it == by_seq.end()) return nullptr;
        for (const Parsed* r : it->second)
            if (referenced.count(r->hash)) return r;
        return it->second.front();
    };

    // Pass 2: order, gaps, duplicates and links, in file order.
    std::int64_t max_seq = 0;
    const Parsed* max_rec = nullptr;
    for (const auto& r : recs) {
        const auto& same = by_seq[r.seq];
        if (same.size() > 1 && genuine(r.seq) != &r) {
            const Parsed* g = genuine(r.seq);
            problem(AuditProblem::Kind::inserted, r.line, r.seq,
                    where(r.line, r.seq) + ": record inserted: seq " + std::to_string(r.seq) +
                        " already belongs to line " + std::to_string(g->line) +
                        ", which the chain continues from");
            continue;
        }
        if (r.seq <= max_seq) {
            problem(AuditProblem::Kind::reordered, r.line, r.seq,
                    where(r.line, r.seq) + ": record out of order: it comes after seq " +
                        std::to_string(max_seq) + " (line " + std::to_string(max_rec->line) + ")");
        } else {
            if (r.seq > max_seq + 1) {
                std::vector<std::int64_t> missing;
                for (std::int64_t s = max_seq + 1; s < r.seq; ++s)
                    if (!by_seq.count(s)) missing.push_back(s);
                if (!missing.empty()) {
                    std::string range = std::to_string(missing.front());
                    if (missing.size() > 1) range += ".." + std::to_string(missing.back());
                    problem(AuditProblem::Kind::removed, r.line, r.seq,
                            where(r.line, r.seq) + ": record(s) removed: seq " + range +
                                " missing before this line");
                } else {
                    problem(AuditProblem::Kind::reordered, r.line, r.seq,
                            where(r.line, r.seq) + ": record out of order: it comes before seq " +
                                std::to_string(max_seq + 1));
                }
            }
            max_seq = r.seq;
            max_rec = &r;
        }
        // The link to the predecessor, wherever it is in the file.
        if (r.seq == 1) {
            if (r.prev_hash != genesis_hash)
                problem(AuditProblem::Kind::edited, r.line, r.seq,
                        where(r.line, r.seq) + ": first record does not start from the genesis hash");
        } else if (const Parsed* before = genuine(r.seq - 1)) {
            if (r.prev_hash != before->hash && before->content_ok)
                problem(AuditProblem::Kind::edited, before->line, before->seq,
                        where(before->line, before->seq) + ": record edited or replaced: " +
                            where(r.line, r.seq) + " was chained to a different record");
        }
    }
    return result;
}

int verify_audit_command(const std::filesystem::path& file, std::ostream& out, std::ostream& err) {
    AuditVerification v;
    try {
        v = verify_audit_file(file);
    } catch (const AuditError& e) {
        err << e.what() << "\n";
        return 2;
    }
    for (const auto& p : v.problems)
        out << file.string() << ": " << to_string(p.kind) << ": " << p.message << "\n";
    if (v.ok()) {
        out << file.string() << ": " << v.records << " records, chain intact\n";
        return 0;
    }
    out << file.string() << ": " << v.problems.size() << " problem(s) in " << v.records
        << " records: the audit trail was tampered with or damaged\n";
    return 1;
}

}  // namespace robo::log
