// risk/kill_switch_watch.hpp — notices, within one polling interval, that the kill
// switch's state file was changed by another process (the operator's `robo_trader risk
// trip|reset`), so that a running session adopts it (KillSwitch::sync) within a second.
//
// A thread of its own polls the file's identity (inode, size, modification time) with
// stat(), which never blocks on the file's contents; on a change it calls `on_change`,
// which must hand the work to the session's thread (e.g. Engine::post). The session's own
// writes are noticed too: sync() then finds nothing new and does nothing.
#pragma once
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <mutex>
#include <thread>

namespace robo::risk {

class KillSwitchWatch {
public:
    KillSwitchWatch(std::filesystem::path file, std::function<void()> on_change,
                    std::chrono::milliseconds interval = std::chrono::milliseconds(200));
    ~KillSwitchWatch();
    KillSwitchWatch(const KillSwitchWatch&) = delete;
    KillSwitchWatch& operator=(const KillSwitchWatch&) = delete;

    // What identifies one version of the file: an atomic rename gives a new inode.
    struct FileVersion {
        bool exists = false;
        std::uint64_t inode = 0;
        std::int64_t size = 0, mtime_sec = 0, mtime_nsec = 0;
        bool operator==(const FileVersion&) const = default;
    };

private:
    void run(FileVersion last);

    std::filesystem::path file_;
    std::function<void()> on_change_;
    std::chrono::milliseconds interval_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace robo::risk
