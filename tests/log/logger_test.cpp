// The logger: one event per line in JSON or text, levels, delivery off the caller's
// thread with counted drops, and size rotation.
#include <future>

#include "log_helpers.hpp"
#include "robo/core/time.hpp"
#include "robo/log/format.hpp"

using namespace robo::test;
using robo::log::Format;
using robo::log::Level;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;

TEST(LogFormat, JsonCarriesUtcMicrosecondTimestampLevelComponentEventAndFields) {
    auto ts = robo::from_civil(2026, 1, 2, 14, 30, 0, 123456000);
    auto line = robo::log::format_json(ts, Level::info, "risk", "order_rejected",
                                       {{"symbol", "AAPL"}, {"limit", 0.02}});
    EXPECT_EQ(
        line,
        R"({"ts":"2026-01-02T14:30:00.123456Z","level":"info","component":"risk","event":"order_rejected",)"
        R"("fields":{"limit":0.02,"symbol":"AAPL"}})");
}

TEST(LogFormat, TextIsReadableAndQuotesOnlyWhatNeedsIt) {
    auto ts = robo::from_civil(2026, 1, 2, 14, 30, 0, 123456000);
    auto line = robo::log::format_text(ts, Level::warn, "data", "row_rejected",
                                       {{"file", "a b.csv"}, {"line", 12}, {"ok", false}});
    EXPECT_EQ(line, R"(2026-01-02T14:30:00.123456Z WARN  data row_rejected file="a b.csv" line=12 ok=false)");
}

TEST(LogFormat, AFieldNamedLevelCannotOverwriteTheEnvelope) {
    auto line = robo::log::format_json(robo::wall_now(), Level::error, "x", "y", {{"level", "debug"}});
    auto j = nlohmann::json::parse(line);
    EXPECT_EQ(j["level"], "error");
    EXPECT_EQ(j["fields"]["level"], "debug");
}

TEST(LogFormat, NewlinesInValuesNeverSplitAnEvent) {
    robo::log::Fields f = {{"msg", "first\nsecond\r\nthird"}};
    EXPECT_EQ(robo::log::format_json(robo::wall_now(), Level::info, "c", "e", f).find('\n'),
              std::string::npos);
    EXPECT_EQ(robo::log::format_text(robo::wall_now(), Level::info, "c", "e", f).find('\n'),
              std::string::npos);
}

TEST(Logger, DeliversEveryEventFromOneThreadInOrder) {
    CapturedLog log(Format::json);
    for (int i = 0; i < 500; ++i) robo::log::info("test", "tick", {{"i", i}});
    auto lines = log.lines();
    ASSERT_EQ(lines.size(), 500u);
    for (int i = 0; i < 500; ++i) EXPECT_EQ(nlohmann::json::parse(lines[i])["fields"]["i"], i);
}

TEST(Logger, JsonLinesHaveTheEnvelope) {
    CapturedLog log(Format::json);
    robo::log::warn("engine", "stale_feed", {{"symbol", "SPY"}});
    auto lines = log.lines();
    ASSERT_EQ(lines.size(), 1u);
    auto j = nlohmann::json::parse(lines[0]);
    EXPECT_THAT(j["ts"].get<std::string>(),
                MatchesRegex(R"([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}Z)"));
    EXPECT_EQ(j["level"], "warn");
    EXPECT_EQ(j["component"], "engine");
    EXPECT_EQ(j["event"], "stale_feed");
    EXPECT_EQ(j["fields"]["symbol"], "SPY");
}

TEST(Logger, EventsBelowTheLevelAreNotWritten) {
    CapturedLog log(Format::text, Level::warn);
    robo::log::info("c", "quiet");
    robo::log::debug("c", "quieter");
    robo::log::error("c", "loud");
    auto lines = log.lines();
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_THAT(lines[0], HasSubstr("ERROR c loud"));
    EXPECT_FALSE(robo::log::enabled(Level::info));
    EXPECT_TRUE(robo::log::enabled(Level::critical));
}

TEST(Logger, FullQueueDropsAndCountsInsteadOfBlockingTheCaller) {
    std::promise<void> entered, release;
    auto release_future = release.get_future().share();
    std::atomic<bool> first{true};
    std::vector<std::string> lines;
    std::mutex m;
    robo::log::LogOptions o;
    o.queue_capacity = 16;
    o.line_sink = [&](std::string_view line) {
        if (first.exchange(false)) {
            entered.set_value();
            release_future.wait();  // the writer is stuck, as on a slow disk
        }
        std::lock_guard lock(m);
        lines.emplace_back(line);
    };
    robo::log::configure(o);
    const auto dropped_before = robo::log::dropped_events();
    robo::log::info("t", "first");
    entered.get_future().wait();
    for (int i = 0; i < 100; ++i) robo::log::info("t", "burst", {{"i", i}});
    EXPECT_EQ(robo::log::dropped_events() - dropped_before, 84u);  // 16 queued, the rest dropped
    release.set_value();
    robo::log::flush();
    robo::log::configure(robo::log::LogOptions{.async = false});
    std::lock_guard lock(m);
    ASSERT_EQ(lines.size(), 1u + 1u + 16u);  // first, the drop report, the 16 queued
    EXPECT_THAT(lines[1], HasSubstr("events_dropped"));
    EXPECT_THAT(lines[1], HasSubstr("\"count\":84"));
}

TEST(Logger, FileRotatesBySize) {
    TempDir dir;
    robo::log::LogOptions o;
    o.file = dir.path() / "robo.log";
    o.max_file_bytes = 4096;
    o.max_files = 2;
    o.async = true;
    robo::log::configure(o);
    for (int i = 0; i < 200; ++i)
        robo::log::info("test", "filler", {{"i", i}, {"pad", std::string(40, 'x')}});
    robo::log::flush();
    robo::log::configure(robo::log::LogOptions{.async = false});
    ASSERT_TRUE(std::filesystem::exists(dir.path() / "robo.log"));
    ASSERT_TRUE(std::filesystem::exists(dir.path() / "robo.1.log"));
    ASSERT_TRUE(std::filesystem::exists(dir.path() / "robo.2.log"));
    EXPECT_FALSE(std::filesystem::exists(dir.path() / "robo.3.log"));
    for (const char* name : {"robo.log", "robo.1.log", "robo.2.log"})
        EXPECT_LE(std::filesystem::file_size(dir.path() / name), 4096u) << name;
    // The newest events are in the current file, whole lines of JSON.
    auto current = read_lines(dir.path() / "robo.log");
    ASSERT_FALSE(current.empty());
    EXPECT_EQ(nlohmann::json::parse(current.back())["fields"]["i"], 199);
}

TEST(Logger, UnopenableFileIsAStartupErrorNamingTheFile) {
    robo::log::LogOptions o;
    o.file = "/proc/robo_cannot_write_here/x.log";
    EXPECT_THAT([&] { robo::log::configure(o); },
                testing::ThrowsMessage<std::runtime_error>(HasSubstr("/proc/robo_cannot_write_here/x.log")));
    robo::log::configure(robo::log::LogOptions{.async = false});
}

TEST(Logger, ParsesLevelNamesInAnyCase) {
    EXPECT_EQ(robo::log::parse_level("WARNING"), Level::warn);
    EXPECT_EQ(robo::log::parse_level("Debug"), Level::debug);
    EXPECT_EQ(robo::log::parse_level("loud"), std::nullopt);
}
