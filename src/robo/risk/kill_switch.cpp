#include "robo/risk/kill_switch.hpp"

#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "robo/log/log.hpp"

namespace robo::risk {

namespace {
std::string iso(Timestamp t) { return format_iso_micros(t); }

Timestamp time_field(const nlohmann::json& j, const char* name) {
    if (!j.contains(name) || !j[name].is_string())
        throw std::runtime_error(fmt::format("field \"{}\" must be an ISO time string", name));
    Timestamp t;
    if (!try_parse_timestamp(j[name].get<std::string>(), t))
        throw std::runtime_error(
            fmt::format("field \"{}\" is not a time: \"{}\"", name, j[name].get<std::string>()));
    return t;
}
std::string string_field(const nlohmann::json& j, const char* name) {
    if (!j.contains(name) || !j[name].is_string())
        throw std::runtime_error(fmt::format("field \"{}\" must be a string", name));
    return j[name].get<std::string>();
}

void write_all(int fd, const std::string& data, const std::string& where) {
    size_t done = 0;
    while (done < data.size()) {
        ssize_t n = ::write(fd, data.data() + done, data.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            throw std::runtime_error(fmt::format("{}: write failed: {}", where, std::strerror(errno)));
        }
        done += static_cast<size_t>(n);
    }
}
// An exclusive flock on the state file's folder for one read-modify-write. The folder, not a
// lock file beside the state, so that nothing but the state file itself is ever left there.
class FolderLock {
public:
    explicit FolderLock(const std::filesystem::path& file) {
        std::filesystem::path dir =
            file.parent_path().empty() ? std::filesystem::path(".") : file.parent_path();
        std::error_code ec;
        std::filesystem::create_directories(dir, ec);
        fd_ = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd_ < 0)
            throw std::runtime_error(fmt::format("{}: cannot open the folder of the kill-switch state: {}",
                                                 dir.string(), std::strerror(errno)));
        while (::flock(fd_, LOCK_EX) != 0) {
            if (errno == EINTR) continue;
            const int err = errno;
            ::close(fd_);
            throw std::runtime_error(
                fmt::format("{}: cannot lock the kill-switch state: {}", dir.string(), std::strerror(err)));
        }
    }
    ~FolderLock() {
        ::flock(fd_, LOCK_UN);
        ::close(fd_);
    }
    FolderLock(const FolderLock&) = delete;
    FolderLock& operator=(const FolderLock&) = delete;

private:
    int fd_ = -1;
};
}  // namespace

nlohmann::json KillSwitchState::to_json() const {
    nlohmann::json recent = nlohmann::json::array();
    for (auto t : recent_violations) recent.push_back(iso(t));
    nlohmann::json hist = nlohmann::json::array();
    for (const auto& e : history)
        hist.push_back(
            {{"action", e.action}, {"trigger", e.trigger}, {"reason", e.reason}, {"time", iso(e.time)}});
    return {{"version", 1},
            {"tripped", tripped},
            {"trigger", trigger},
            {"reason", reason},
            {"tripped_at", iso(tripped_at)},
            {"recent_violations", recent},
            {"history", hist},
            {"revision", revision}};
}

KillSwitchState KillSwitchState::from_json(const nlohmann::json& j) {
    if (!j.is_object()) throw std::runtime_error("expected a JSON object");
    if (!j.contains("version") || j["version"] != 1) throw std::runtime_error("field \"version\" must be 1");
    KillSwitchState s;
    if (!j.contains("tripped") || !j["tripped"].is_boolean())
        throw std::runtime_error("field \"tripped\" must be true or false");
    s.tripped = j["tripped"].get<bool>();
    s.trigger = string_field(j, "trigger");
    s.reason = string_field(j, "reason");
    s.tripped_at = time_field(j, "tripped_at");
    if (!j.contains("recent_violations") || !j["recent_violations"].is_array())
        throw std::runtime_error("field \"recent_violations\" must be an array");
    for (const auto& t : j["recent_violations"]) {
        Timestamp ts;
        if (!t.is_string() || !try_parse_timestamp(t.get<std::string>(), ts))
            throw std::runtime_error("recent_violations holds something that is not an ISO time");
        s.recent_violations.push_back(ts);
    }
    if (!j.contains("history") || !j["history"].is_array())
        throw std::runtime_error("field \"history\" must be an array");
    for (const auto& e : j["history"])
        s.history.push_back({string_field(e, "action"), string_field(e, "trigger"), string_field(e, "reason"),
                             time_field(e, "time")});
    if (j.contains("revision")) {
        if (!j["revision"].is_number_integer() || j["revision"].get<int64_t>() < 0)
            throw std::runtime_error("field \"revision\" must be a whole number of at least 0");
        s.revision = j["revision"].get<int64_t>();
    }
    return s;
}

std::optional<KillSwitchState> KillSwitch::read_state(const std::filesystem::path& file) {
    std::error_code ec;
    if (!std::filesystem::exists(file, ec)) return std::nullopt;
    std::ifstream in(file, std::ios::binary);
    if (!in) throw std::runtime_error(fmt::format("{}: cannot open the kill-switch state", file.string()));
    std::stringstream buf;
    buf << in.rdbuf();
    try {
        return KillSwitchState::from_json(nlohmann::json::parse(buf.str()));
    } catch (const std::exception& e) {
        throw std::runtime_error(
            fmt::format("{}: unreadable kill-switch state: {}", file.string(), e.what()));
    }
}

void KillSwitch::write_state(const std::filesystem::path& file, const KillSwitchState& state) {
    const std::string text = state.to_json().dump(2) + "\n";
    std::filesystem::path dir = file.parent_path().empty() ? std::filesystem::path(".") : file.parent_path();
    std::filesystem::create_directories(dir);
    std::filesystem::path tmp = file;
    tmp += fmt::format(".tmp.{}", ::getpid());
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        throw std::runtime_error(fmt::format("{}: cannot create: {}", tmp.string(), std::strerror(errno)));
    try {
        write_all(fd, text, tmp.string());
        if (::fsync(fd) != 0)
            throw std::runtime_error(fmt::format("{}: fsync failed: {}", tmp.string(), std::strerror(errno)));
    } catch (...) {
        ::close(fd);
        ::unlink(tmp.c_str());
        throw;
    }
    ::close(fd);
    if (::rename(tmp.c_str(), file.c_str()) != 0) {
        int err = errno;
        ::unlink(tmp.c_str());
        throw std::runtime_error(
            fmt::format("{}: cannot rename into place: {}", file.string(), std::strerror(err)));
    }
    // The rename is durable only once the folder entry is.
    int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        ::fsync(dfd);
        ::close(dfd);
    }
}

KillSwitch::KillSwitch(KillSwitchOptions options, log::AuditSink& audit)
    : options_(std::move(options)), audit_(audit) {
    if (options_.violations < 1) throw std::invalid_argument("kill switch: violations must be at least 1");
    if (options_.window <= Duration::zero())
        throw std::invalid_argument("kill switch: window must be positive");
    if (options_.state_file.empty()) return;
    try {
        if (auto loaded = read_state(options_.state_file)) {
            state_ = std::move(*loaded);
            seen_revision_ = state_.revision;
            if (state_.tripped)
                log::warn("risk", "kill_switch_restored_tripped",
                          {{"file", options_.state_file.string()},
                           {"trigger", state_.trigger},
                           {"reason", state_.reason}});
        }
    } catch (const std::exception& e) {
        // Fail closed: a switch whose state cannot be known is treated as tripped.
        state_ = KillSwitchState{};
        state_.tripped = true;
        state_.trigger = "state_unreadable";
        state_.reason = e.what();
        log::error("risk", "kill_switch_state_unreadable", {{"error", e.what()}});
        audit_.record("kill_switch_tripped", {{"trigger", state_.trigger}, {"reason", state_.reason}});
    }
}

void KillSwitch::prune(Timestamp now) {
    auto& v = state_.recent_violations;
    v.erase(std::remove_if(v.begin(), v.end(), [&](Timestamp t) { return now - t >= options_.window; }),
            v.end());
}

int KillSwitch::violations_in_window(Timestamp now) const {
    return static_cast<int>(
        std::count_if(state_.recent_violations.begin(), state_.recent_violations.end(),
                      [&](Timestamp t) { return now - t < options_.window && t <= now; }));
}

template <class Change>
void KillSwitch::mutate(Timestamp now, Change&& change) {
    if (options_.state_file.empty()) {
        change();
        return;
    }
    try {
        FolderLock lock(options_.state_file);
        std::optional<KillSwitchState> on_disk;
        try {
            on_disk = read_state(options_.state_file);
        } catch (const std::exception& e) {
            // Someone broke the file: trip (fail safe), apply the change in memory and leave
            // the file as it is, for the operator to inspect (`robo_trader risk status`).
            fail_safe(e.what(), now);
            change();
            log::error("risk", "kill_switch_persist_failed", {{"error", e.what()}});
            return;
        }
        if (on_disk && on_disk->revision != seen_revision_) adopt(std::move(*on_disk), now);
        change();
        state_.revision = std::max(state_.revision, seen_revision_) + 1;
        write_state(options_.state_file, state_);
        seen_revision_ = state_.revision;
    } catch (const std::exception& e) {
        // Trading goes on with the in-memory state; the operator must know it is not durable.
        log::error("risk", "kill_switch_persist_failed", {{"error", e.what()}});
    }
}

KillSwitchChange KillSwitch::adopt(KillSwitchState file_state, Timestamp now) {
    const bool was = state_.tripped;
    const std::string previous = state_.trigger;
    state_ = std::move(file_state);
    seen_revision_ = state_.revision;
    prune(now);
    if (!was && state_.tripped) {
        audit_.record("kill_switch_tripped", {{"trigger", state_.trigger},
                                              {"reason", state_.reason},
                                              {"time", iso(state_.tripped_at)},
                                              {"source", "state_file"}});
        log::error("risk", "kill_switch_tripped",
                   {{"trigger", state_.trigger}, {"reason", state_.reason}, {"source", "state_file"}});
        return KillSwitchChange::tripped;
    }
    if (was && !state_.tripped) {
        std::string reason;
        for (auto it = state_.history.rbegin(); it != state_.history.rend(); ++it)
            if (it->action == "reset") {
                reason = it->reason;
                break;
            }
        audit_.record("kill_switch_reset", {{"reason", reason},
                                            {"was_tripped", true},
                                            {"previous_trigger", previous},
                                            {"time", iso(now)},
                                            {"source", "state_file"}});
        log::warn("risk", "kill_switch_reset", {{"reason", reason}, {"source", "state_file"}});
        return KillSwitchChange::reset;
    }
    return KillSwitchChange::none;
}

void KillSwitch::fail_safe(const std::string& why, Timestamp now) {
    if (state_.tripped) return;
    state_.tripped = true;
    state_.trigger = "state_unreadable";
    state_.reason = why;
    state_.tripped_at = now;
    remember({"tripped", state_.trigger, why, now});
    audit_.record("kill_switch_tripped", {{"trigger", state_.trigger}, {"reason", why}, {"time", iso(now)}});
    log::error("risk", "kill_switch_state_unreadable", {{"error", why}});
}

KillSwitchChange KillSwitch::sync(Timestamp now) {
    if (options_.state_file.empty()) return KillSwitchChange::none;
    std::optional<KillSwitchState> on_disk;
    try {
        on_disk = read_state(options_.state_file);
    } catch (const std::exception& e) {
        const bool was = state_.tripped;
        fail_safe(e.what(), now);
        return was ? KillSwitchChange::none : KillSwitchChange::tripped;
    }
    // A state file removed while a session runs is rewritten at the next change; the
    // session keeps what it knows.
    if (!on_disk || on_disk->revision == seen_revision_) return KillSwitchChange::none;
    return adopt(std::move(*on_disk), now);
}

void KillSwitch::remember(KillSwitchEvent event) {
    state_.history.push_back(std::move(event));
    if (state_.history.size() > history_limit)
        state_.history.erase(
            state_.history.begin(),
            state_.history.begin() + static_cast<long>(state_.history.size() - history_limit));
}

bool KillSwitch::record_violation(std::string_view kind, Timestamp now) {
    bool tripped_now = false;
    mutate(now, [&] {
        if (state_.tripped) return;
        prune(now);
        state_.recent_violations.push_back(now);
        const int count = static_cast<int>(state_.recent_violations.size());
        if (count >= options_.violations) {
            set_tripped("violations",
                        fmt::format("{} rejected orders within {} s (last: {})", count,
                                    std::chrono::duration<double>(options_.window).count(), kind),
                        now);
            tripped_now = true;
        }
    });
    return tripped_now;
}

void KillSwitch::trip(std::string_view trigger, std::string_view reason, Timestamp now) {
    mutate(now, [&] {
        if (!state_.tripped) set_tripped(trigger, reason, now);
    });
}

void KillSwitch::set_tripped(std::string_view trigger, std::string_view reason, Timestamp now) {
    state_.tripped = true;
    state_.trigger = trigger;
    state_.reason = reason;
    state_.tripped_at = now;
    remember({"tripped", std::string(trigger), std::string(reason), now});
    audit_.record("kill_switch_tripped", {{"trigger", trigger}, {"reason", reason}, {"time", iso(now)}});
    log::write(options_.routine ? log::Level::info : log::Level::error, "risk", "kill_switch_tripped",
               {{"trigger", trigger}, {"reason", reason}, {"time", iso(now)}});
}

void KillSwitch::reset(std::string_view reason, Timestamp now) {
    if (reason.find_first_not_of(" \t\r\n") == std::string_view::npos)
        throw std::invalid_argument("kill switch reset needs a reason (who and why), found none");
    mutate(now, [&] {
        const bool was_tripped = state_.tripped;
        const std::string previous = state_.trigger;
        state_.tripped = false;
        state_.trigger.clear();
        state_.reason.clear();
        state_.recent_violations.clear();
        remember({"reset", "operator", std::string(reason), now});
        audit_.record("kill_switch_reset", {{"reason", reason},
                                            {"was_tripped", was_tripped},
                                            {"previous_trigger", previous},
                                            {"time", iso(now)}});
        log::write(options_.routine ? log::Level::info : log::Level::warn, "risk", "kill_switch_reset",
                   {{"reason", reason}, {"was_tripped", was_tripped}});
    });
}

}  // namespace robo::risk
