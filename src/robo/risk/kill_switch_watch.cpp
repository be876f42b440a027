#include "robo/risk/kill_switch_watch.hpp"

#include <sys/stat.h>

namespace robo::risk {

namespace {
KillSwitchWatch::FileVersion version_of(const std::filesystem::path& file) {
    struct stat st {};
    if (::stat(file.c_str(), &st) != 0) return {};
    return {true, static_cast<std::uint64_t>(st.st_ino), static_cast<std::int64_t>(st.st_size),
            static_cast<std::int64_t>(st.st_mtim.tv_sec), static_cast<std::int64_t>(st.st_mtim.tv_nsec)};
}
}  // namespace

KillSwitchWatch::KillSwitchWatch(std::filesystem::path file, std::function<void()> on_change,
                                 std::chrono::milliseconds interval)
    : file_(std::move(file)), on_change_(std::move(on_change)), interval_(interval) {
    // The version seen at construction, before the thread exists: taken on the thread, a
    // write between construction and the thread's first look (a loaded machine) became the
    // baseline and was never reported.
    thread_ = std::thread([this, first = version_of(file_)] { run(first); });
}

KillSwitchWatch::~KillSwitchWatch() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
}

void KillSwitchWatch::run(FileVersion last) {
    std::unique_lock lock(mutex_);
    while (!wake_.wait_for(lock, interval_, [this] { return stopping_; })) {
        const FileVersion now = version_of(file_);
        if (now == last) continue;
        last = now;
        lock.unlock();
        on_change_();
        lock.lock();
    }
}

}  // namespace robo::risk
