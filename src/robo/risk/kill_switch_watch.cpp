#include "robo/risk/kill_switch_watch.hpp"

#include <sys/stat.h>

#include <tuple>

namespace robo::risk {

namespace {
// What identifies one version of the file: an atomic rename gives a new inode.
using Identity = std::tuple<bool, ino_t, off_t, int64_t, int64_t>;

Identity identity(const std::filesystem::path& file) {
    struct stat st {};
    if (::stat(file.c_str(), &st) != 0) return {false, 0, 0, 0, 0};
    return {true, st.st_ino, st.st_size, st.st_mtim.tv_sec, st.st_mtim.tv_nsec};
}
}  // namespace

KillSwitchWatch::KillSwitchWatch(std::filesystem::path file, std::function<void()> on_change,
                                 std::chrono::milliseconds interval)
    : file_(std::move(file)), on_change_(std::move(on_change)), interval_(interval) {
    thread_ = std::thread([this] { run(); });
}

KillSwitchWatch::~KillSwitchWatch() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
}

void KillSwitchWatch::run() {
    Identity last = identity(file_);
    std::unique_lock lock(mutex_);
    while (!wake_.wait_for(lock, interval_, [this] { return stopping_; })) {
        Identity now = identity(file_);
        if (now == last) continue;
        last = now;
        lock.unlock();
        on_change_();
        lock.lock();
    }
}

}  // namespace robo::risk
