// The compact audit record: the same canonical text as its json, and the queued trail
// (FsyncPolicy::none) writes the same bytes by either path, in call order, never dropping.
#include <atomic>
#include <cmath>
#include <future>
#include <limits>
#include <memory>
#include <mutex>
#include <random>
#include <thread>

#include "log_helpers.hpp"
#include "robo/core/units.hpp"
#include "robo/log/audit_text.hpp"
#include "robo/log/audit_trail.hpp"

using namespace robo::test;
using robo::Price;
using robo::Quantity;
using robo::log::AuditTrail;
using robo::log::AuditTrailOptions;
using robo::log::CompactRecord;
using robo::log::FsyncPolicy;
using robo::log::verify_audit_file;

namespace {

robo::Timestamp fixed_clock() { return robo::from_unix_nanos(1'767'364'200'123'456'000); }

AuditTrailOptions queued(std::size_t capacity = 1024) {
    return {.fsync = FsyncPolicy::none, .clock = fixed_clock, .queue_capacity = capacity};
}

std::string file_text(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Every kind of value, including the awkward ones: extremes, -0.0, NaN, escapes, UTF-8,
// invalid bytes, a repeated key and secrets at the top and nested.
CompactRecord awkward_record() {
    CompactRecord r("risk_accepted");
    r.integer("min", std::numeric_limits<std::int64_t>::min())
        .integer("max", std::numeric_limits<std::int64_t>::max())
        .unsigned_integer("umax", std::numeric_limits<std::uint64_t>::max())
        .number("tenth", 0.1)
        .number("neg_zero", -0.0)
        .number("big", 1e21)
        .number("tiny", 1e-7)
        .number("three", 3.0)
        .number("nan", std::nan(""))
        .number("inf", std::numeric_limits<double>::infinity())
        .boolean("yes", true)
        .boolean("no", false);
    return r;
}

CompactRecord text_record() {
    CompactRecord r("order_submitted");
    r.text("plain", "AAPL")
        .text("escapes", "quote \" backslash \\ newline \n tab \t bell \x01 del \x7f")
        .text("utf8", "caf\xc3\xa9")
        .text("invalid", "bad \xff byte")
        .time("time", robo::from_unix_nanos(1'704'205'800'000'001'000))
        .decimal("limit", Price::parse("189.37"))
        .decimal("quantity", Quantity::parse("-12.5"))
        .text("plain", "replaced: the later value wins")
        .text("password", "hunter2")
        .json("nested", {{"api_token", "abc"}, {"list", {1, 2.5, "x"}}})
        .text("long", std::string(300, 'z'));  // beyond the inline buffer
    return r;
}

std::string canonical_fields(const CompactRecord& r) {
    robo::log::SecretKeys secrets;
    std::string out;
    r.render_fields(out, secrets);
    return out;
}

}  // namespace

TEST(CompactRecord, RendersTheTextNlohmannDumpsForItsJson) {
    const CompactRecord r = awkward_record();
    EXPECT_EQ(canonical_fields(r),
              r.to_json().dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

TEST(CompactRecord, CopiesKeepEveryField) {
    const CompactRecord r = text_record();
    CompactRecord copy;
    copy = r;
    EXPECT_EQ(copy.kind(), "order_submitted");
    EXPECT_EQ(copy.to_json(), r.to_json());
    EXPECT_EQ(r.to_json()["plain"], "replaced: the later value wins");
    EXPECT_EQ(r.to_json()["limit"], "189.37");
    EXPECT_EQ(r.to_json()["quantity"], "-12.5");
    EXPECT_EQ(r.to_json()["time"], "2024-01-02T14:30:00.000001Z");
}

TEST(CompactRecord, TooManyFieldsIsAnError) {
    CompactRecord r("k");
    for (std::size_t i = 0; i < CompactRecord::max_fields; ++i) r.integer("n", 1);
    EXPECT_THROW(r.integer("n", 1), std::length_error);
}

TEST(AuditTrailQueued, CompactAndJsonPathsWriteTheSameBytes) {
    TempDir dir;
    const auto compact_file = dir.path() / "compact.jsonl", json_file = dir.path() / "json.jsonl",
               durable_file = dir.path() / "durable.jsonl";
    {
        AuditTrail compact(compact_file, queued()), json(json_file, queued());
        AuditTrail durable(durable_file, {.fsync = FsyncPolicy::every_record, .clock = fixed_clock});
        for (const CompactRecord& r : {awkward_record(), text_record(), awkward_record()}) {
            compact.record(r);
            durable.record(r);
            json.record(r.kind(), r.to_json());
        }
    }
    const std::string bytes = file_text(compact_file);
    EXPECT_EQ(bytes, file_text(json_file));
    EXPECT_EQ(bytes, file_text(durable_file));
    EXPECT_EQ(bytes.find("hunter2"), std::string::npos);
    EXPECT_EQ(bytes.find("abc"), std::string::npos);
    EXPECT_TRUE(verify_audit_file(compact_file).ok());
}

namespace {
// A deferred value that notes which threads rendered it and how often.
class NotingJson final : public robo::log::DeferredJson {
public:
    nlohmann::json render() const override {
        std::lock_guard lock(mutex_);
        threads_.push_back(std::this_thread::get_id());
        return {{"kind", "Correlation"}, {"api_token", "secret-in-deferred"}, {"values", {0.85, 0.7}}};
    }
    std::vector<std::thread::id> threads() const {
        std::lock_guard lock(mutex_);
        return threads_;
    }

private:
    mutable std::mutex mutex_;
    mutable std::vector<std::thread::id> threads_;
};
}  // namespace

TEST(CompactRecord, DeferredValuesRenderWhereTheRecordIsRenderedAndOnlyThere) {
    auto noting = std::make_shared<NotingJson>();
    CompactRecord r("risk_rejected");
    r.text("symbol", "AAPL").deferred("violations", noting);
    EXPECT_TRUE(noting->threads().empty()) << "rendered when added";
    EXPECT_EQ(canonical_fields(r),
              "{\"symbol\":\"AAPL\",\"violations\":{\"api_token\":\"[REDACTED]\",\"kind\":\"Correlation\","
              "\"values\":[0.85,0.7]}}");
    EXPECT_EQ(r.to_json()["violations"]["values"][0], 0.85);
    CompactRecord copy;
    copy = r;
    EXPECT_EQ(copy.to_json(), r.to_json());
    copy.release_json();
    EXPECT_EQ(r.to_json()["violations"]["kind"], "Correlation") << "a copy's release frees only its own";
    EXPECT_THROW(CompactRecord("k").deferred("v", nullptr), std::invalid_argument);

    // Through the queued trail: rendered once, on the writer thread, redacted like json,
    // and the same bytes as the json path.
    TempDir dir;
    const auto deferred_file = dir.path() / "deferred.jsonl", json_file = dir.path() / "json.jsonl";
    auto queued_noting = std::make_shared<NotingJson>();
    {
        AuditTrail deferred(deferred_file, queued()), json(json_file, queued());
        CompactRecord q("risk_rejected");
        q.text("symbol", "AAPL").deferred("violations", queued_noting);
        deferred.record(q);
        json.record(q.kind(), r.to_json());
    }
    const auto threads = queued_noting->threads();
    ASSERT_EQ(threads.size(), 1u);
    EXPECT_NE(threads[0], std::this_thread::get_id());
    const std::string bytes = file_text(deferred_file);
    EXPECT_EQ(bytes, file_text(json_file));
    EXPECT_EQ(bytes.find("secret-in-deferred"), std::string::npos);
    EXPECT_NE(bytes.find("Correlation"), std::string::npos);
    EXPECT_TRUE(verify_audit_file(deferred_file).ok());
}

TEST(AuditTrailQueued, MixedCallsKeepTheirOrder) {
    TempDir dir;
    const auto file = dir.path() / "audit.jsonl";
    {
        AuditTrail trail(file, queued(8));
        for (int i = 1; i <= 500; ++i) {
            if (i % 3 == 0)
                trail.record("order_submitted", {{"n", i}});
            else
                trail.record(CompactRecord("risk_accepted").integer("n", i));
        }
        EXPECT_EQ(trail.last_seq(), 500u);
    }
    const auto lines = read_lines(file);
    ASSERT_EQ(lines.size(), 500u);
    for (int i = 1; i <= 500; ++i) {
        const auto rec = nlohmann::json::parse(lines[static_cast<std::size_t>(i - 1)]);
        EXPECT_EQ(rec["seq"], i);
        EXPECT_EQ(rec["fields"]["n"], i);
        EXPECT_EQ(rec["kind"], i % 3 == 0 ? "order_submitted" : "risk_accepted");
    }
    EXPECT_TRUE(verify_audit_file(file).ok());
}

TEST(AuditTrailQueued, LastHashIsTheLastWrittenRecordsAfterAFlush) {
    TempDir dir;
    const auto file = dir.path() / "audit.jsonl";
    AuditTrail trail(file, queued());
    for (int i = 0; i < 10; ++i) trail.record(CompactRecord("risk_accepted").integer("n", i));
    const std::string hash = trail.last_hash();
    const auto lines = read_lines(file);
    ASSERT_EQ(lines.size(), 10u);
    EXPECT_EQ(nlohmann::json::parse(lines.back())["hash"], hash);
}

TEST(AuditTrailQueued, AFullQueueMakesTheCallerWaitAndDropsNothing) {
    TempDir dir;
    const auto file = dir.path() / "audit.jsonl";
    std::promise<void> release;
    std::shared_future<void> released = release.get_future().share();
    AuditTrailOptions options = queued(2);
    options.before_batch = [released] { released.wait(); };  // the writer is stuck
    AuditTrail trail(file, options);
    std::atomic<bool> done{false};
    std::thread caller([&] {
        for (int i = 1; i <= 6; ++i) trail.record(CompactRecord("risk_accepted").integer("n", i));
        done = true;
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    EXPECT_FALSE(done.load());  // blocked on the full queue, not dropping
    release.set_value();
    caller.join();
    EXPECT_GE(trail.queue_full_waits(), 1u);
    EXPECT_EQ(trail.last_seq(), 6u);
    EXPECT_EQ(trail.failed_writes(), 0u);
    EXPECT_EQ(read_lines(file).size(), 6u);
    EXPECT_TRUE(verify_audit_file(file).ok());
}

TEST(AuditTrailQueued, ClosingWritesEverythingQueued) {
    TempDir dir;
    const auto file = dir.path() / "audit.jsonl";
    {
        AuditTrail trail(file, FsyncPolicy::none);
        for (int i = 0; i < 3000; ++i) trail.record(CompactRecord("risk_accepted").integer("n", i));
    }
    const auto v = verify_audit_file(file);
    EXPECT_EQ(v.records, 3000u);
    EXPECT_TRUE(v.ok());
}

// The queue's slots are made as it first reaches them, and it starts again at the first slot
// whenever it empties. Bursts longer and shorter than the queue, with and without a wait for
// it to empty between them, wrap it at every place: every record arrives once, in order.
TEST(AuditTrailQueued, BurstsThatWrapOrEmptyTheQueueKeepEveryRecordInOrder) {
    TempDir dir;
    const auto file = dir.path() / "audit.jsonl";
    std::mt19937 rng(3);
    int n = 0;
    {
        AuditTrailOptions options = queued(5);
        std::atomic<int> batches{0};
        options.before_batch = [&batches] {  // a slow writer now and then: the queue fills
            if (++batches % 3 == 0) std::this_thread::sleep_for(std::chrono::microseconds(300));
        };
        AuditTrail trail(file, options);
        for (int burst = 0; burst < 300; ++burst) {
            const int size = 1 + int(rng() % 12);
            for (int k = 0; k < size; ++k) {
                ++n;
                if (n % 4 == 0)
                    trail.record("order_submitted", {{"n", n}, {"pad", std::string(rng() % 300, 'x')}});
                else
                    trail.record(CompactRecord("risk_accepted").integer("n", n));
            }
            if (rng() % 2) trail.flush();  // empty: the next burst starts at the first slot
        }
    }
    const auto lines = read_lines(file);
    ASSERT_EQ(lines.size(), std::size_t(n));
    for (int i = 1; i <= n; ++i) {
        const auto rec = nlohmann::json::parse(lines[std::size_t(i - 1)]);
        ASSERT_EQ(rec["seq"], i);
        ASSERT_EQ(rec["fields"]["n"], i);
    }
    EXPECT_TRUE(verify_audit_file(file).ok());
}

// The writer waits for a batch to gather, but never for long: a lone record reaches the
// file without a flush (a session that records rarely still has its trail on disk), and a
// flush does not wait for a batch that will not fill.
TEST(AuditTrailQueued, ALoneRecordIsWrittenSoonWithoutAFlushAndAFlushDoesNotWaitForABatch) {
    TempDir dir;
    const auto file = dir.path() / "audit.jsonl";
    AuditTrail trail(file, FsyncPolicy::none);
    trail.record(CompactRecord("risk_accepted").integer("n", 1));
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (read_lines(file).empty() && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    EXPECT_EQ(read_lines(file).size(), 1u) << "a lone record waited for a batch";

    for (int i = 2; i <= 10; ++i) trail.record(CompactRecord("risk_accepted").integer("n", i));
    EXPECT_EQ(trail.last_seq(), 10u);  // flushes first: returns though no batch of 256 fills
    EXPECT_EQ(read_lines(file).size(), 10u);
    EXPECT_TRUE(verify_audit_file(file).ok());
}
