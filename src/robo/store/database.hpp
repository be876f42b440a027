// store/database.hpp — opening the robo_trader database: pragmas, schema version checks
// and numbered migrations.
//
// One writer connection per database file (the store::Writer, or an import) and any
// number of read-only connections; WAL mode means readers never block the writer and the
// writer never blocks readers. Migrations are applied at open, all pending ones in one
// IMMEDIATE transaction, each recorded in the schema_version table and PRAGMA user_version.
// An older database is upgraded; a newer one is refused with a message that says so; a
// file that holds tables but no schema version is refused as "not a robo_trader database".
// The schema is checked and migrated under the write lock: a second process opening the file
// meanwhile waits (up to 30 s, then "the database is busy"). Opening for writing also marks
// runs left "running" by a process that no longer exists (killed mid-way) "aborted".
// This file never deletes or rewrites user data.
#pragma once
#include <filesystem>
#include <span>
#include <string>

#include "robo/store/sqlite.hpp"

namespace robo::store {

struct Migration {
    int version;
    std::string description;
    std::string sql;
};

// Every migration, in order; version i is at index i-1. Never edit a released migration:
// add a new one.
std::span<const Migration> migrations();
int latest_schema_version();

// What a committed transaction survives. In WAL mode:
//  - process_crash (synchronous=NORMAL): a commit is in the WAL file (the OS page cache)
//    before it returns, so it survives kill -9 of the process. A power loss or kernel
//    crash may roll back the most recent commits, never corrupt the file.
//  - power_loss (synchronous=FULL): the WAL is fsynced at every commit as well.
enum class Durability { process_crash, power_loss };

struct OpenOptions {
    Durability durability = Durability::process_crash;
    // Tests only: stop migrating at this version to build an "old" database.
    int migrate_up_to = 0;  // 0 = latest
};

// Opens (creating if absent) the database for writing, in WAL mode, and migrates it.
// Throws StoreError when the schema is newer than this program or not ours.
Connection open_for_writing(const std::filesystem::path& file, OpenOptions options = {});

// Opens an existing database read-only. Refuses a missing file and any schema version
// other than the latest (an older one is upgraded by opening it once for writing).
Connection open_for_reading(const std::filesystem::path& file);

// PRAGMA user_version.
int schema_version(Connection& db);

// True when the process that started run `run_id` (make_run_id: "<kind>-<start>-<pid>") is no
// longer alive on this machine. open_for_writing marks such "running" runs "aborted".
bool run_process_gone(std::string_view run_id);

}  // namespace robo::store
