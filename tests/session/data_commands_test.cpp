// validate and import as the command line runs them, from a configuration to an exit status
// with the test's own streams (session/data_commands.hpp), and the format flags' precedence
// over the configuration.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "robo/session/data_commands.hpp"
#include "support/config.hpp"
#include "support/paths.hpp"

namespace robo::session {
namespace {

namespace fs = std::filesystem;

class DataCommandsTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir = fs::temp_directory_path() / ("robo_data_commands_" + std::to_string(::getpid()));
        fs::remove_all(dir);
        fs::create_directories(dir / "two");
        for (const char* f : {"AAPL.csv", "KO.csv"})
            fs::copy_file(test::sample_dir() / "daily" / f, dir / "two" / f);
        fs::create_directories(dir / "empty");
    }
    void TearDown() override { fs::remove_all(dir); }
    fs::path dir;
    std::ostringstream out, err;
};

TEST_F(DataCommandsTest, AFlagOverridesItsOptionAndAnEmptyOneFallsBack) {
    const auto cfg = test::config_without_environment({"DATA_TIMEZONE=America/Chicago"});
    EXPECT_EQ(read_options({}, cfg.config).time_zone, "America/Chicago");
    DataFormat f;
    f.time_zone = "Europe/London";
    EXPECT_EQ(read_options(f, cfg.config).time_zone, "Europe/London");
}

TEST_F(DataCommandsTest, ABadSymbolFlagIsRefusedNamingIt) {
    DataFormat f;
    f.symbol = "../etc";
    try {
        read_options(f, test::config_without_environment().config);
        FAIL() << "accepted";
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("--symbol \"../etc\""), std::string::npos) << e.what();
    }
}

TEST_F(DataCommandsTest, ValidatePassesRealFilesAndRefusesAFolderWithNone) {
    ValidateRequest r;
    r.data = (dir / "two").string();
    EXPECT_EQ(validate_market_data(test::config_without_environment(), r, out, err), 0) << err.str();
    EXPECT_NE(out.str().find("AAPL.csv"), std::string::npos) << out.str();
    r.data = (dir / "empty").string();
    std::ostringstream out2, err2;
    EXPECT_EQ(validate_market_data(test::config_without_environment(), r, out2, err2), 2);
    EXPECT_EQ(err2.str().rfind("robo_trader validate: ", 0), 0u) << err2.str();
}

TEST_F(DataCommandsTest, ImportStoresEveryRowAndLeavesNoDatabaseForNothing) {
    const std::string db = (dir / "md.db").string();
    EXPECT_EQ(
        import_market_data(test::config_without_environment(), (dir / "two").string(), db, {}, out, err), 0)
        << err.str();
    EXPECT_NE(out.str().find("imported 2 files into " + db + ": 2518 rows"), std::string::npos) << out.str();

    const std::string none = (dir / "none.db").string();
    std::ostringstream out2, err2;
    EXPECT_EQ(import_market_data(test::config_without_environment(), (dir / "empty").string(), none, {}, out2,
                                 err2),
              1);
    EXPECT_NE(err2.str().find("robo_trader import: "), std::string::npos) << err2.str();
    EXPECT_FALSE(fs::exists(none));
    EXPECT_THROW(import_market_data(test::config_without_environment(), (dir / "missing").string(), none, {},
                                    out2, err2),
                 std::runtime_error);
}

TEST_F(DataCommandsTest, InspectReadsOneFileAndStopsAtABadRowWhenAsked) {
    std::ofstream(dir / "BAD.csv") << "Date,Open,High,Low,Close,Volume\n"
                                      "2020-01-02,10,11,9,10.5,1000\n"
                                      "2020-01-03,10,oops,9,10.5,1000\n"
                                      "2020-01-06,10,11,9,10.5,1000\n";
    const auto cfg = test::config_without_environment();
    EXPECT_EQ(inspect_data_file(cfg, (dir / "BAD.csv").string(), {}, false, out, err), 0) << err.str();
    EXPECT_NE(out.str().find("3 rows read, 2 accepted, 1 rejected"), std::string::npos) << out.str();
    std::ostringstream out2, err2;
    EXPECT_EQ(inspect_data_file(cfg, (dir / "BAD.csv").string(), {}, true, out2, err2), 1);
    EXPECT_NE(err2.str().find("BAD.csv:3"), std::string::npos) << err2.str();
}

}  // namespace
}  // namespace robo::session
