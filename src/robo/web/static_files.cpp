#include "robo/web/static_files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>
#include <vector>

#include "robo/log/log.hpp"

namespace robo::web {

namespace {

// Bounds on the walk at start, so that a mistaken root (such as "/") cannot stall it.
constexpr std::size_t kMaxListed = 4096;
constexpr int kMaxDepth = 8;
constexpr std::size_t kMaxPathBytes = 1024;

bool plain_char(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-';
}

bool plain_segment(std::string_view s) {
    if (s.empty() || s.size() > 255 || s.front() == '.') return false;
    for (char c : s)
        if (!plain_char(c)) return false;
    return true;
}

// "a/b.js": plain segments separated by single slashes.
bool plain_relative(std::string_view rel) {
    if (rel.empty() || rel.size() > kMaxPathBytes) return false;
    for (;;) {
        auto slash = rel.find('/');
        if (!plain_segment(rel.substr(0, slash))) return false;
        if (slash == std::string_view::npos) return true;
        rel.remove_prefix(slash + 1);
    }
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

class Fd {
public:
    explicit Fd(int fd) : fd_(fd) {}
    ~Fd() {
        if (fd_ >= 0) ::close(fd_);
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    Fd(Fd&& o) noexcept : fd_(o.fd_) { o.fd_ = -1; }
    Fd& operator=(Fd&& o) noexcept {
        std::swap(fd_, o.fd_);
        return *this;
    }
    int get() const noexcept { return fd_; }

private:
    int fd_;
};

}  // namespace

std::optional<std::string> static_path(std::string_view target) {
    if (target == "/") return "index.html";
    if (target.size() > kMaxPathBytes || target.empty() || target.front() != '/') return std::nullopt;
    std::string decoded;
    decoded.reserve(target.size());
    for (size_t i = 0; i < target.size(); ++i) {
        char c = target[i];
        if (c == '%') {
            if (i + 2 >= target.size()) return std::nullopt;
            int hi = hex_value(target[i + 1]), lo = hex_value(target[i + 2]);
            if (hi < 0 || lo < 0) return std::nullopt;
            c = static_cast<char>(hi * 16 + lo);
            i += 2;
        }
        // After one decoding only the plain characters and '/' may remain: this refuses
        // NUL, controls, backslashes, a second level of escapes and every non-ASCII byte.
        if (c != '/' && !plain_char(c)) return std::nullopt;
        decoded.push_back(c);
    }
    std::string_view rel(decoded);
    rel.remove_prefix(1);
    if (!plain_relative(rel)) return std::nullopt;
    return std::string(rel);
}

StaticFiles::StaticFiles(const std::filesystem::path& root) {
    namespace fs = std::filesystem;
    if (root.empty()) return;
    std::error_code ec;
    const fs::path canonical = fs::canonical(root, ec);
    if (ec) return;
    root_fd_ = ::open(canonical.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (root_fd_ < 0) return;
    fs::recursive_directory_iterator it(canonical, fs::directory_options::none, ec), end;
    for (; !ec && it != end; it.increment(ec)) {
        const auto status = it->symlink_status(ec);
        if (ec) break;
        const std::string name = it->path().filename().string();
        if (fs::is_directory(status)) {
            // Hidden folders are never served; nor is anything too deep.
            if (!plain_segment(name) || it.depth() + 1 >= kMaxDepth) it.disable_recursion_pending();
            continue;
        }
        if (!fs::is_regular_file(status)) continue;  // links, FIFOs, sockets, devices
        const std::string rel = it->path().lexically_relative(canonical).generic_string();
        std::error_code size_ec;
        const auto size = fs::file_size(it->path(), size_ec);
        if (size_ec || size > kMaxFileBytes || !plain_relative(rel)) continue;
        listed_.insert(rel);
        if (listed_.size() >= kMaxListed) {
            log::warn("web", "web_root_truncated", {{"root", canonical.string()}, {"files", listed_.size()}});
            break;
        }
    }
    built_ = listed_.count("index.html") > 0;
}

StaticFiles::~StaticFiles() {
    if (root_fd_ >= 0) ::close(root_fd_);
}

std::optional<std::string> StaticFiles::read(const std::string& relative) const {
    if (root_fd_ < 0 || !listed_.count(relative)) return std::nullopt;
    // Walk down from the root's descriptor one component at a time, never following a
    // link, so that a folder swapped for a link after start cannot lead outside.
    std::vector<std::string> parts;
    for (size_t start = 0;;) {
        auto slash = relative.find('/', start);
        parts.push_back(relative.substr(start, slash - start));
        if (slash == std::string::npos) break;
        start = slash + 1;
    }
    Fd dir(-1);
    int at = root_fd_;
    for (size_t i = 0; i + 1 < parts.size(); ++i) {
        Fd next(::openat(at, parts[i].c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
        if (next.get() < 0) return std::nullopt;
        dir = std::move(next);
        at = dir.get();
    }
    // O_NONBLOCK: opening a FIFO put in a file's place must not wait for a writer.
    Fd file(::openat(at, parts.back().c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC));
    if (file.get() < 0) return std::nullopt;
    struct stat st {};
    if (::fstat(file.get(), &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < 0 ||
        static_cast<std::size_t>(st.st_size) > kMaxFileBytes)
        return std::nullopt;
    std::string body(static_cast<std::size_t>(st.st_size), '\0');
    std::size_t got = 0;
    while (got < body.size()) {
        const ssize_t n = ::read(file.get(), body.data() + got, body.size() - got);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return std::nullopt;
        if (n == 0) break;  // shrank while we read: serve what is there
        got += static_cast<std::size_t>(n);
    }
    body.resize(got);
    return body;
}

}  // namespace robo::web
