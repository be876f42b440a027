// tests/store — several processes opening one new database for writing at the same moment
// (two `import`s into a new --db, a run and an import) all get it. Creating the file switches
// it to WAL mode, which SQLite refuses at once ("database is locked", no busy wait) while
// another process holds the file; the opener must wait for its turn, not fail.
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <vector>

#include "robo/store/database.hpp"
#include "store/store_fixture.hpp"

using namespace robo::store;

class ConcurrentOpen : public test::StoreTest {};

TEST_F(ConcurrentOpen, ProcessesCreatingOneNewDatabaseAtOnceAllSucceed) {
    constexpr int kRounds = 40, kProcesses = 6;
    int failed = 0;
    for (int round = 0; round < kRounds; ++round) {
        const auto file = dir() / ("round" + std::to_string(round) + ".db");
        std::vector<pid_t> children;
        for (int p = 0; p < kProcesses; ++p) {
            pid_t child = ::fork();
            ASSERT_GE(child, 0);
            if (child == 0) {
                try {
                    Connection db = open_for_writing(file);
                    // Then write, as an import does: the next opener meets a file in use.
                    db.exec("BEGIN IMMEDIATE; DELETE FROM runs WHERE run_id = 'none'");
                    ::usleep(20'000);
                    db.exec("COMMIT");
                    ::_exit(schema_version(db) == latest_schema_version() ? 0 : 2);
                } catch (const StoreError& e) {
                    std::fprintf(stderr, "round %d: %s\n", round, e.what());
                    ::_exit(1);
                }
            }
            children.push_back(child);
        }
        for (pid_t child : children) {
            int status = 0;
            ::waitpid(child, &status, 0);
            if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) ++failed;
        }
    }
    EXPECT_EQ(failed, 0) << "of " << kRounds * kProcesses << " opens";
}
