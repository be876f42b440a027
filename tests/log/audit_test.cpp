// The audit trail: a hash chain that survives reopening, and verify finds each kind of
// tampering and says which record.
#include <sys/wait.h>

#include <limits>
#include <vector>

#include "log_helpers.hpp"
#include "robo/log/audit_trail.hpp"
#include "robo/log/sha256.hpp"
#include "support/paths.hpp"

using namespace robo::test;
using robo::log::AuditProblem;
using robo::log::AuditTrail;
using robo::log::FsyncPolicy;
using robo::log::verify_audit_file;
using ::testing::HasSubstr;
using ::testing::Not;

namespace {

// A trail of `n` order records: seq i has {"order": i}.
std::filesystem::path trail_with(const TempDir& dir, int n) {
    auto file = dir.path() / "audit.jsonl";
    AuditTrail trail(file, FsyncPolicy::none);
    for (int i = 1; i <= n; ++i) trail.record("order_submitted", {{"order", i}, {"symbol", "AAPL"}});
    return file;
}

// Re-hashes a record after an edit, as a careful forger would.
std::string rehashed(nlohmann::json rec) {
    rec.erase("hash");
    rec["hash"] = robo::log::sha256_hex(robo::log::canonical_audit_text(rec));
    return robo::log::canonical_audit_text(rec);
}

bool found(const robo::log::AuditVerification& v, AuditProblem::Kind kind, std::size_t line,
           std::int64_t seq) {
    for (const auto& p : v.problems)
        if (p.kind == kind && p.line == line && p.seq == seq) return true;
    return false;
}

std::string describe(const robo::log::AuditVerification& v) {
    std::string out;
    for (const auto& p : v.problems)
        out += std::string(robo::log::to_string(p.kind)) + ": " + p.message + "\n";
    return out;
}

}  // namespace

TEST(AuditTrail, RecordsAreChainedFromGenesis) {
    TempDir dir;
    auto lines = read_lines(trail_with(dir, 3));
    ASSERT_EQ(lines.size(), 3u);
    auto first = nlohmann::json::parse(lines[0]), second = nlohmann::json::parse(lines[1]);
    EXPECT_EQ(first["seq"], 1);
    EXPECT_EQ(first["prev_hash"], robo::log::genesis_hash);
    EXPECT_EQ(first["kind"], "order_submitted");
    EXPECT_EQ(first["fields"]["order"], 1);
    EXPECT_EQ(second["prev_hash"], first["hash"]);
    EXPECT_EQ(first["hash"].get<std::string>().size(), 64u);
}

TEST(AuditTrail, IntactFileVerifies) {
    TempDir dir;
    auto v = verify_audit_file(trail_with(dir, 5));
    EXPECT_TRUE(v.ok()) << describe(v);
    EXPECT_EQ(v.records, 5u);
}

TEST(AuditTrail, ReopeningContinuesTheChain) {
    TempDir dir;
    auto file = trail_with(dir, 2);
    {
        AuditTrail again(file, FsyncPolicy::every_record);
        EXPECT_EQ(again.last_seq(), 2u);
        again.record("kill_switch_tripped", {{"reason", "5 violations in 300 s"}});
    }
    auto v = verify_audit_file(file);
    EXPECT_TRUE(v.ok()) << describe(v);
    EXPECT_EQ(nlohmann::json::parse(read_lines(file).back())["seq"], 3);
}

TEST(AuditTrail, SecretFieldsAreRedactedButAccountsKept) {
    TempDir dir;
    auto file = dir.path() / "a.jsonl";
    {
        AuditTrail trail(file, FsyncPolicy::none);
        trail.record("config_loaded", {{"control_token", "tok-123"}, {"account", "DU1234567"}});
    }
    auto line = read_lines(file).at(0);
    EXPECT_THAT(line, Not(HasSubstr("tok-123")));
    EXPECT_THAT(line, HasSubstr("DU1234567"));
    EXPECT_TRUE(verify_audit_file(file).ok());
}

// record() writes its line as text, without the json round trip; each line must still be
// exactly what verify rebuilds from it (the canonical dump of the parsed line), whatever the
// fields hold: NaN and infinities, invalid UTF-8, escapes, -0.0, big integers, secrets nested
// in arrays, a value that is not an object.
TEST(AuditTrail, EveryLineIsTheCanonicalTextOfItself) {
    TempDir dir;
    auto file = dir.path() / "a.jsonl";
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();
    const std::vector<nlohmann::json> fields = {
        {{"price", nan}, {"limit", inf}, {"stop", -inf}, {"zero", -0.0}, {"whole", 5.0}},
        {{"note", std::string("bad \xff\xfe utf8")}, {"quote\"key", "tab\there\nnewline\x01"}},
        {{"unicode", "caf\xc3\xa9 \xe2\x82\xac"}, {"big", 18446744073709551615ULL}, {"neg", -42}},
        {{"legs", {{{"password", "hunter2"}}, {{"symbol", "AAPL"}}}}, {"tiny", 1e-300}},
        nlohmann::json::array({1, "two", nan}),
        nlohmann::json("just a string"),
        nlohmann::json::object(),
    };
    {
        AuditTrail trail(file, FsyncPolicy::none);
        for (const auto& f : fields) trail.record("odd \"kind\" \xff", f);
    }
    auto lines = read_lines(file);
    ASSERT_EQ(lines.size(), fields.size());
    for (const auto& line : lines)
        EXPECT_EQ(robo::log::canonical_audit_text(nlohmann::json::parse(line)), line);
    EXPECT_THAT(lines[3], Not(HasSubstr("hunter2")));
    EXPECT_EQ(nlohmann::json::parse(lines[5])["fields"]["value"], "just a string");
    auto v = verify_audit_file(file);
    EXPECT_TRUE(v.ok()) << describe(v);
}

TEST(AuditVerify, EditedContentIsFoundAtItsLine) {
    TempDir dir;
    auto file = trail_with(dir, 5);
    auto lines = read_lines(file);
    lines[2].replace(lines[2].find("\"order\":3"), 9, "\"order\":9");
    write_lines(file, lines);
    auto v = verify_audit_file(file);
    EXPECT_TRUE(found(v, AuditProblem::Kind::edited, 3, 3)) << describe(v);
    EXPECT_EQ(v.problems.size(), 1u) << describe(v);
}

TEST(AuditVerify, EditWithARecomputedHashIsStillFound) {
    TempDir dir;
    auto file = trail_with(dir, 5);
    auto lines = read_lines(file);
    auto rec = nlohmann::json::parse(lines[1]);
    rec["fields"]["order"] = 99;
    lines[1] = rehashed(rec);
    write_lines(file, lines);
    auto v = verify_audit_file(file);
    EXPECT_TRUE(found(v, AuditProblem::Kind::edited, 2, 2)) << describe(v);
}

TEST(AuditVerify, RemovedRecordIsFoundWithItsSeq) {
    TempDir dir;
    auto file = trail_with(dir, 5);
    auto lines = read_lines(file);
    lines.erase(lines.begin() + 2);  // seq 3
    write_lines(file, lines);
    auto v = verify_audit_file(file);
    ASSERT_TRUE(found(v, AuditProblem::Kind::removed, 3, 4)) << describe(v);
    EXPECT_THAT(v.problems[0].message, HasSubstr("seq 3 missing"));
}

TEST(AuditVerify, RemovedFirstRecordIsFound) {
    TempDir dir;
    auto file = trail_with(dir, 3);
    auto lines = read_lines(file);
    lines.erase(lines.begin());
    write_lines(file, lines);
    auto v = verify_audit_file(file);
    EXPECT_TRUE(found(v, AuditProblem::Kind::removed, 1, 2)) << describe(v);
}

TEST(AuditVerify, InsertedForgeryIsFoundEvenWithValidHashes) {
    TempDir dir;
    auto file = trail_with(dir, 5);
    auto lines = read_lines(file);
    // A forged seq 4 that chains correctly to seq 3, placed before the real seq 4.
    auto seq3 = nlohmann::json::parse(lines[2]);
    nlohmann::json forged = {{"seq", 4},
                             {"time", seq3["time"]},
                             {"kind", "order_submitted"},
                             {"fields", {{"order", 1000}, {"symbol", "GME"}}},
                             {"prev_hash", seq3["hash"]}};
    lines.insert(lines.begin() + 3, rehashed(forged));
    write_lines(file, lines);
    auto v = verify_audit_file(file);
    EXPECT_TRUE(found(v, AuditProblem::Kind::inserted, 4, 4)) << describe(v);
    EXPECT_EQ(v.problems.size(), 1u) << describe(v);
}

TEST(AuditVerify, DuplicatedRecordIsFoundAsInserted) {
    TempDir dir;
    auto file = trail_with(dir, 4);
    auto lines = read_lines(file);
    lines.push_back(lines[1]);
    write_lines(file, lines);
    auto v = verify_audit_file(file);
    EXPECT_TRUE(found(v, AuditProblem::Kind::inserted, 5, 2)) << describe(v);
}

TEST(AuditVerify, SwappedRecordsAreFoundAsReordered) {
    TempDir dir;
    auto file = trail_with(dir, 5);
    auto lines = read_lines(file);
    std::swap(lines[1], lines[2]);
    write_lines(file, lines);
    auto v = verify_audit_file(file);
    EXPECT_TRUE(found(v, AuditProblem::Kind::reordered, 3, 2)) << describe(v);
    for (const auto& p : v.problems) EXPECT_EQ(p.kind, AuditProblem::Kind::reordered) << describe(v);
}

TEST(AuditVerify, GarbageLineIsMalformed) {
    TempDir dir;
    auto file = trail_with(dir, 3);
    auto lines = read_lines(file);
    lines[1] = "{\"seq\": 2, oops";
    write_lines(file, lines);
    auto v = verify_audit_file(file);
    EXPECT_TRUE(found(v, AuditProblem::Kind::malformed, 2, -1)) << describe(v);
}

TEST(AuditTrail, TornLastLineIsReportedAndTheChainContinuesAfterIt) {
    TempDir dir;
    auto file = trail_with(dir, 2);
    {
        std::ofstream out(file, std::ios::app | std::ios::binary);
        out << "{\"fields\":{\"ord";  // a crash mid-write
    }
    {
        AuditTrail trail(file, FsyncPolicy::none);
        EXPECT_EQ(trail.last_seq(), 2u);
        trail.record("order_submitted", {{"order", 3}});
    }
    auto v = verify_audit_file(file);
    ASSERT_EQ(v.problems.size(), 1u) << describe(v);
    EXPECT_TRUE(found(v, AuditProblem::Kind::malformed, 3, -1)) << describe(v);
    EXPECT_EQ(v.records, 3u);
}

TEST(AuditTrail, UnreadableLastRecordRefusesToContinue) {
    TempDir dir;
    auto file = dir.path() / "bad.jsonl";
    write_lines(file, {"not json at all"});
    EXPECT_THROW(AuditTrail(file, FsyncPolicy::none), robo::log::AuditError);
}

namespace {
int run_verify(const std::filesystem::path& file, std::string& out) {
    const std::string cmd = binary().string() + " audit verify " + file.string() + " 2>&1";
    FILE* p = popen(cmd.c_str(), "r");
    char buf[4096];
    while (std::size_t n = fread(buf, 1, sizeof buf, p)) out.append(buf, n);
    int st = pclose(p);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}
}  // namespace

TEST(AuditCli, VerifyExitsZeroOnAnIntactTrail) {
    TempDir dir;
    std::string out;
    EXPECT_EQ(run_verify(trail_with(dir, 3), out), 0) << out;
    EXPECT_THAT(out, HasSubstr("3 records, chain intact"));
}

TEST(AuditCli, VerifyNamesTheTamperedRecordAndExitsNonZero) {
    TempDir dir;
    auto file = trail_with(dir, 4);
    auto lines = read_lines(file);
    lines.erase(lines.begin() + 1);
    write_lines(file, lines);
    std::string out;
    EXPECT_EQ(run_verify(file, out), 1) << out;
    EXPECT_THAT(out, HasSubstr("removed: line 2 (seq 3): record(s) removed: seq 2 missing before this line"));
}

TEST(AuditCli, VerifyOfAMissingFileExitsTwo) {
    std::string out;
    EXPECT_EQ(run_verify("/nonexistent/audit.jsonl", out), 2) << out;
}
