// Durability: a child process writes ticks as fast as it can and prints each committed
// sequence number to a pipe after the commit; it is killed with SIGKILL mid-stream. The
// database must then open cleanly, pass integrity_check, and hold every row reported.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

#include "store_fixture.hpp"

using namespace robo;
using namespace robo::store;
using namespace robo::store::test;

namespace {

// The child: tick i has time_ns = i, so "sequence N committed" means rows 1..N exist.
[[noreturn]] void write_until_killed(const std::filesystem::path& db, int report_fd) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);  // never outlive the test
    try {
        WriterOptions options;
        options.max_batch_rows = 2000;
        options.max_batch_delay = std::chrono::milliseconds(5);
        options.on_commit = [report_fd](const CommitReport& r) {
            std::string line = std::to_string(r.last_sequence) + "\n";
            if (::write(report_fd, line.data(), line.size()) != static_cast<ssize_t>(line.size())) _exit(4);
        };
        Writer w(db, options);
        for (int64_t i = 1; i <= 50'000'000; ++i) {
            Tick t{Symbol("CRASH"), from_unix_nanos(i), Price::from_raw(i), Quantity::from_raw(1)};
            auto s = w.submit(TickRecord{t, 0});
            if (!s.ok() || s.sequence != static_cast<uint64_t>(i)) _exit(3);
        }
    } catch (...) {
        _exit(2);
    }
    _exit(0);  // not reached in practice: the parent kills us long before
}

// Reads "N\n" lines from fd; returns the largest N seen. Stops after `want` lines, at EOF,
// or after `timeout_ms` without data.
uint64_t read_reports(int fd, size_t want, int timeout_ms, size_t& lines, std::string& pending) {
    uint64_t last = 0;
    char buf[4096];
    while (lines < want) {
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, timeout_ms) <= 0) break;
        ssize_t n = ::read(fd, buf, sizeof buf);
        if (n <= 0) break;
        pending.append(buf, static_cast<size_t>(n));
        size_t nl;
        while ((nl = pending.find('\n')) != std::string::npos) {
            last = std::max<uint64_t>(last, std::stoull(pending.substr(0, nl)));
            pending.erase(0, nl + 1);
            ++lines;
        }
    }
    return last;
}

}  // namespace

class Crash : public StoreTest {};

TEST_F(Crash, EveryRowReportedCommittedSurvivesKillNine) {
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        ::close(fds[0]);
        write_until_killed(db_path(), fds[1]);
    }
    ::close(fds[1]);

    size_t lines = 0;
    std::string pending;
    uint64_t seen = read_reports(fds[0], 20, 20'000, lines, pending);  // mid-stream: 20 commits in
    ASSERT_EQ(::kill(child, SIGKILL), 0);
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    ASSERT_GE(lines, 20u) << "the child reported only " << lines << " commits (exit status " << status << ")";
    ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "child ended on its own: " << status;
    // Whatever the child reported before dying is still in the pipe.
    uint64_t reported = std::max(seen, read_reports(fds[0], SIZE_MAX, 1000, lines, pending));
    ::close(fds[0]);
    ASSERT_GT(reported, 0u);

    auto db = open_for_writing(db_path());  // what the next run does: opens and recovers
    EXPECT_EQ(db.query_text("PRAGMA integrity_check"), "ok");
    auto stored = db.query_int("SELECT count(*) FROM ticks WHERE time_ns <= " + std::to_string(reported));
    EXPECT_EQ(stored, static_cast<int64_t>(reported)) << "rows reported committed are missing";
    // And nothing half-written: every stored row is whole and in sequence.
    auto total = db.query_int("SELECT count(*) FROM ticks");
    EXPECT_EQ(db.query_int("SELECT max(time_ns) FROM ticks"), total);
    EXPECT_EQ(db.query_int("SELECT count(*) FROM ticks WHERE price_e8 != time_ns"), 0);
}
