// The same data under file names in reverse order gives identical fills: bars of one time
// are one slice, applied whole before any strategy acts (engine/engine.hpp).
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "support/paths.hpp"
#include "support/shell.hpp"

using namespace robo::test;

namespace {
std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// Each file of `from` under its own folder, the folders named so that the files sort in
// reverse order (the symbol comes from the file's name, which stays the same).
std::filesystem::path reversed_copy(const std::filesystem::path& from, const std::filesystem::path& to) {
    std::filesystem::remove_all(to);
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator(from))
        if (e.path().extension() == ".csv") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (size_t i = 0; i < files.size(); ++i) {
        std::string folder = "f";
        folder += std::to_string(9000 - i);  // (not "f" + ...: g++ 12 warns falsely, -Wrestrict)
        auto dir = to / folder;
        std::filesystem::create_directories(dir);
        std::filesystem::create_symlink(files[i], dir / files[i].filename());
    }
    return to;
}

std::string fills_of(const std::filesystem::path& data, const std::string& name) {
    auto out = std::filesystem::temp_directory_path() / ("robo_file_order_" + name);
    std::filesystem::remove_all(out);
    auto r = run_shell(binary().string() + " backtest --quiet --no-record --data " + data.string() +
                       " --out " + out.string());
    EXPECT_EQ(r.status, 0) << r.out;
    return slurp(out / "fills.csv");
}
}  // namespace

TEST(FileOrder, TheSharedDailyDataUnderReversedFileNamesGivesIdenticalFills) {
    ROBO_REQUIRE_SHARED_DATA();
    const auto data = shared_data_dir() / "daily";
    const auto reversed =
        reversed_copy(data, std::filesystem::temp_directory_path() / "robo_file_order_reversed_data");
    const std::string a = fills_of(data, "as_named"), b = fills_of(reversed, "reversed");
    EXPECT_GT(std::count(a.begin(), a.end(), '\n'), 1000);  // a real run
    EXPECT_EQ(a, b);
}
