#include "robo/log/audit_trail.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "robo/log/audit_text.hpp"
#include "robo/log/audit_writer.hpp"
#include "robo/log/log.hpp"

namespace robo::log {
namespace {

std::string errno_text() { return std::strerror(errno); }

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

AuditTrail::AuditTrail(std::filesystem::path file, FsyncPolicy fsync)
    : AuditTrail(std::move(file), AuditTrailOptions{.fsync = fsync}) {}

AuditTrail::AuditTrail(std::filesystem::path file, AuditTrailOptions options)
    : path_(std::move(file)), options_(std::move(options)), prev_hash_(genesis_hash) {
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
    if (options_.fsync == FsyncPolicy::none)
        writer_ = std::make_unique<Writer>(*this, options_.queue_capacity);
    else
        renderer_ = std::make_unique<Renderer>();
}

AuditTrail::~AuditTrail() {
    writer_.reset();  // drains the queue
    if (fd_ >= 0) {
        // FsyncPolicy::none is "not synced" (policy.cpp): the kernel writes the file back in
        // its own time, as it does every other output of a backtest, which can be run again.
        // Syncing several MB here cost a backtest 5-7 ms at exit. Every record of a
        // session that syncs was synced when it was recorded; this only settles the metadata.
        if (options_.fsync == FsyncPolicy::every_record) ::fdatasync(fd_);
        ::close(fd_);
    }
}

void AuditTrail::record(std::string_view kind, const nlohmann::json& fields) {
    if (writer_) {
        writer_->push(options_.clock(), kind, fields);
        return;
    }
    std::lock_guard lock(mutex_);
    write_now(kind, &fields, nullptr);
}

void AuditTrail::record(const CompactRecord& record) {
    if (writer_) {
        writer_->push(options_.clock(), record);
        return;
    }
    std::lock_guard lock(mutex_);
    write_now(record.kind(), nullptr, &record);
}

void AuditTrail::write_now(std::string_view kind, const nlohmann::json* fields,
                           const CompactRecord* compact) {
    try {
        Renderer& r = *renderer_;
        r.render_fields(fields, compact);
        r.line.build(r.fields, kind, seq_ + 1, prev_hash_, options_.clock());
        if (std::size_t done = 0; !write_fully(fd_, r.line.text, done))
            throw AuditError("write failed: " + errno_text());
        if (::fdatasync(fd_) != 0) throw AuditError("fdatasync failed: " + errno_text());
        ++seq_;
        prev_hash_ = r.line.hash;
    } catch (const std::exception& e) {
        ++failed_;
        report_failure(kind, e.what());
    }
}

void AuditTrail::report_failure(std::string_view kind, const char* what) {
    error("audit", "record_failed",
          {{"file", path_.string()}, {"kind", kind}, {"error", what}, {"failed_total", failed_}});
}

void AuditTrail::flush() {
    if (writer_) writer_->flush();
}

std::uint64_t AuditTrail::last_seq() const {
    if (writer_) writer_->flush();
    std::lock_guard lock(mutex_);
    return seq_;
}
std::string AuditTrail::last_hash() const {
    if (writer_) writer_->flush();
    std::lock_guard lock(mutex_);
    return prev_hash_;
}
std::uint64_t AuditTrail::failed_writes() const {
    if (writer_) writer_->flush();
    std::lock_guard lock(mutex_);
    return failed_;
}
std::uint64_t AuditTrail::queue_full_waits() const {
    std::lock_guard lock(mutex_);
    return writer_ ? writer_->full_waits() : 0;
}

}  // namespace robo::log
