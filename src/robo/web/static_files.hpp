// web/static_files.hpp — the built dashboard's files, and nothing else.
//
// At construction the web root is resolved to its canonical path, opened as a directory
// and walked once (symbolic links are never followed): every regular file under it whose
// path is plain (see static_path) and whose size is at most kMaxFileBytes goes on an
// allow-list. A request names a file by its URL path; only a listed file is ever opened,
// component by component beneath the root's descriptor with O_NOFOLLOW, non-blocking, and
// served only when fstat says it is still a regular file within the size cap. A link,
// FIFO, device or directory put in place later is refused, and nothing outside the root is
// ever touched.
#pragma once
#include <cstddef>
#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace robo::web {

// The largest file served; the dashboard's files are a few hundred KiB.
inline constexpr std::size_t kMaxFileBytes = 16u << 20;

// The path relative to the web root that a request target (query removed) names, or
// nullopt when it is not a plain path: "/" is "index.html". The target is percent-decoded
// once; then it must be "/" followed by segments of A-Z a-z 0-9 . _ - separated by single
// slashes, none empty, none starting with '.' (so no "." or ".." segments and no hidden
// files). Everything else is refused: NUL, backslashes, '%' left after decoding (double
// encoding), bytes outside printable ASCII (overlong UTF-8 such as %c0%af), bad escapes.
std::optional<std::string> static_path(std::string_view target);

class StaticFiles {
public:
    // An empty or missing root, or one without index.html, is "not built".
    explicit StaticFiles(const std::filesystem::path& root);
    ~StaticFiles();
    StaticFiles(const StaticFiles&) = delete;
    StaticFiles& operator=(const StaticFiles&) = delete;

    bool built() const noexcept { return built_; }
    // The file's bytes, or nullopt when it is not on the allow-list or no longer a regular
    // file of at most kMaxFileBytes. Never blocks on a FIFO or a device.
    std::optional<std::string> read(const std::string& relative) const;
    const std::set<std::string>& listed() const noexcept { return listed_; }

private:
    int root_fd_ = -1;
    bool built_ = false;
    std::set<std::string> listed_;
};

}  // namespace robo::web
