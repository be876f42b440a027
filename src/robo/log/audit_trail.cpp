#include "robo/log/audit_trail.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <set>

#include "robo/core/time.hpp"
#include "robo/log/log.hpp"
#include "robo/log/redact.hpp"
#include "robo/log/sha256.hpp"

namespace robo::log {
namespace {

constexpr auto replace_bad_utf8 = nlohmann::json::error_handler_t::replace;

std::string errno_text() { return std::strerror(errno); }

// Appends the canonical text of `value` (as canonical_audit_text) to `out`.
void dump_canonical(const nlohmann::json& value, std::string& out) {
    nlohmann::detail::serializer<nlohmann::json> s(nlohmann::detail::output_adapter<char>(out), ' ',
                                                   replace_bad_utf8);
    s.dump(value, false, false, 0);
}

// Secret-named keys are redacted at any depth; account ids stay (see the header).
void redact_secret_keys(nlohmann::json& value) {
    if (value.is_array()) {
        for (auto& item : value) redact_secret_keys(item);
    } else if (value.is_object()) {
        for (auto& [key, item] : value.items()) {
            if (is_secret_key(key))
                item = redacted_marker;
            else
                redact_secret_keys(item);
        }
    }
}

// The last complete line of the file and whether a torn (newline-less) tail follows it.
struct Tail {
    std::string last_line;
    bool torn = false;
};

Tail read_tail(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw AuditError("audit: cannot read " + file.string() + ": " + errno_text());
    in.seekg(0, std::ios::end);
    const auto size = static_cast<std::size_t>(in.tellg());
    Tail tail;
    if (size == 0) return tail;
    std::size_t chunk = 64 * 1024;
    for (;;) {
        const std::size_t take = std::min(chunk, size);
        std::string buf(take, '\0');
        in.seekg(static_cast<std::streamoff>(size - take));
        in.read(buf.data(), static_cast<std::streamsize>(take));
        std::size_t end = buf.size();
        tail.torn = buf.back() != '\n';
        std::size_t last_nl = buf.rfind('\n');
        if (last_nl != std::string::npos) {
            end = last_nl;
            std::size_t start = end == 0 ? std::string::npos : buf.rfind('\n', end - 1);
            if (start != std::string::npos || take == size) {
                start = start == std::string::npos ? 0 : start + 1;
                tail.last_line = buf.substr(start, end - start);
                return tail;
            }
        } else if (take == size) {
            return tail;  // one torn line and nothing else
        }
        chunk *= 4;
    }
}

}  // namespace

std::string canonical_audit_text(const nlohmann::json& record_without_hash) {
    return record_without_hash.dump(-1, ' ', false, replace_bad_utf8);
}

AuditTrail::AuditTrail(std::filesystem::path file, FsyncPolicy fsync)
    : path_(std::move(file)), fsync_(fsync), prev_hash_(genesis_hash) {
    if (path_.has_parent_path()) {
        std::error_code ec;
        std::filesystem::create_directories(path_.parent_path(), ec);
    }
    fd_ = ::open(path_.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
    if (fd_ < 0) throw AuditError("audit: cannot open " + path_.string() + ": " + errno_text());
    try {
        Tail tail = read_tail(path_);
        if (!tail.last_line.empty()) {
            nlohmann::json last;
            try {
                last = nlohmann::json::parse(tail.last_line);
            } catch (const std::exception& e) {
                throw AuditError("audit: last record of " + path_.string() +
                                 " is not valid JSON; run `robo_trader audit verify " + path_.string() + "`");
            }
            if (!last.is_object() || !last.contains("seq") || !last["seq"].is_number_unsigned() ||
                !last.contains("hash") || !last["hash"].is_string())
                throw AuditError("audit: last record of " + path_.string() +
                                 " has no seq or hash; run `robo_trader audit verify " + path_.string() +
                                 "`");
            seq_ = last["seq"].get<std::uint64_t>();
            prev_hash_ = last["hash"].get<std::string>();
        }
        if (tail.torn) {
            // A crash mid-write: end the torn line so the next record starts cleanly;
            // verify reports the torn line as malformed.
            if (::write(fd_, "\n", 1) != 1) throw AuditError("audit: cannot write " + path_.string());
            warn("audit", "torn_record_found", {{"file", path_.string()}, {"continues_after_seq", seq_}});
        }
    } catch (...) {
        ::close(fd_);
        throw;
    }
}

AuditTrail::~AuditTrail() {
    if (fd_ >= 0) {
        ::fdatasync(fd_);
        ::close(fd_);
    }
}

void AuditTrail::record(std::string_view kind, const nlohmann::json& fields) {
    std::lock_guard lock(mutex_);
    try {
        // The record is assembled as text rather than as a json object that is dumped,
        // parsed back and dumped twice more: keys in the canonical (sorted) order are
        // fields, hash, kind, prev_hash, seq, time, so the hashed text is
        //   {"fields":F,"kind":K,"prev_hash":"P","seq":N,"time":"T"}
        // and the line is the same with "hash":"H" after F. F is the canonical dump of the
        // redacted fields; dumping is a fixed point of parse-then-dump (NaN is already null,
        // invalid UTF-8 already U+FFFD), so this is the text verify rebuilds from the line.
        fields_text_.clear();
        const bool secret = has_secret_key(fields);
        if (!fields.is_object() || secret) {
            nlohmann::json clean = fields.is_object() ? fields : nlohmann::json{{"value", fields}};
            redact_secret_keys(clean);
            dump_canonical(clean, fields_text_);
        } else {
            dump_canonical(fields, fields_text_);
        }
        rest_text_.assign(",\"kind\":");
        dump_canonical(nlohmann::json(kind), rest_text_);
        rest_text_.append(",\"prev_hash\":\"").append(prev_hash_).append("\",\"seq\":");
        rest_text_.append(std::to_string(seq_ + 1)).append(",\"time\":\"");
        rest_text_.append(format_iso_micros(wall_now())).append("\"}");

        line_.assign("{\"fields\":").append(fields_text_);
        const std::size_t prefix = line_.size();
        line_.append(rest_text_);
        std::string hash = sha256_hex(line_);
        line_.resize(prefix);
        line_.append(",\"hash\":\"").append(hash).append("\"").append(rest_text_).push_back('\n');
        std::size_t done = 0;
        while (done < line_.size()) {
            ssize_t n = ::write(fd_, line_.data() + done, line_.size() - done);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) throw AuditError("write failed: " + errno_text());
            done += static_cast<std::size_t>(n);
        }
        if (fsync_ == FsyncPolicy::every_record && ::fdatasync(fd_) != 0)
            throw AuditError("fdatasync failed: " + errno_text());
        ++seq_;
        prev_hash_ = std::move(hash);
    } catch (const std::exception& e) {
        ++failed_;
        error("audit", "record_failed",
              {{"file", path_.string()}, {"kind", kind}, {"error", e.what()}, {"failed_total", failed_}});
    }
}

// Whether any key, at any depth, is secret-named. The answer per key name is cached: records
// reuse a handful of names, and the check normalises the name (an allocation) each time.
bool AuditTrail::has_secret_key(const nlohmann::json& value) {
    if (value.is_array()) {
        for (const auto& item : value)
            if (has_secret_key(item)) return true;
    } else if (value.is_object()) {
        for (const auto& [key, item] : value.items()) {
            auto known = secret_key_cache_.find(key);
            if (known == secret_key_cache_.end())
                known = secret_key_cache_.emplace(key, is_secret_key(key)).first;
            if (known->second || has_secret_key(item)) return true;
        }
    }
    return false;
}

std::uint64_t AuditTrail::last_seq() const {
    std::lock_guard lock(mutex_);
    return seq_;
}
std::string AuditTrail::last_hash() const {
    std::lock_guard lock(mutex_);
    return prev_hash_;
}
std::uint64_t AuditTrail::failed_writes() const {
    std::lock_guard lock(mutex_);
    return failed_;
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

}  // namespace robo::log
