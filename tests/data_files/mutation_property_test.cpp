// Property: random byte mutations of a real file never crash a reader, and every data row
// is either a bar or a rejected row (rows_read == bars + rejected). A file too damaged to
// read at all must say so with DataFileError, never anything else.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "helpers.hpp"

using namespace robo;
using namespace robo::data;
using namespace robo::test;

namespace {

// One edit: overwrite, insert or delete a byte, with bytes biased towards the ones that
// matter to a CSV parser.
struct Mutation {
    int kind;  // 0 overwrite, 1 insert, 2 erase
    size_t position;
    char byte;
};

std::string mutate(std::string text, const std::vector<Mutation>& mutations) {
    for (const auto& m : mutations) {
        if (text.empty()) break;
        size_t at = m.position % text.size();
        if (m.kind == 0)
            text[at] = m.byte;
        else if (m.kind == 1)
            text.insert(text.begin() + static_cast<std::ptrdiff_t>(at), m.byte);
        else
            text.erase(at, 1);
    }
    return text;
}

rc::Gen<Mutation> mutation() {
    auto byte =
        rc::gen::oneOf(rc::gen::element(',', '\n', '\r', '.', '-', '0', '9', ':', 'T', '/', ' ', '\0'),
                       rc::gen::arbitrary<char>());
    return rc::gen::construct<Mutation>(rc::gen::inRange(0, 3), rc::gen::arbitrary<size_t>(), byte);
}

// A real file cut to its first `rows` data rows, to keep each case fast.
std::string head_of(const std::filesystem::path& p, size_t rows) {
    std::string text = slurp(p);
    size_t pos = 0;
    for (size_t i = 0; i <= rows && pos != std::string::npos; ++i) pos = text.find('\n', pos + 1);
    return pos == std::string::npos ? text : text.substr(0, pos + 1);
}

template <class File, class Items>
void check_accounting(const File& f, const Items& items) {
    RC_ASSERT(f.rows_read == items.size() + f.rejected.size());
    for (const auto& issue : f.rejected) RC_ASSERT(issue.line >= 2);
}

}  // namespace

RC_GTEST_PROP(MutatedFiles, DailyRowsAreAlwaysAccountedFor, ()) {
    static const std::string original = head_of(sample_dir() / "daily" / "AAPL.csv", 60);
    auto mutations = *rc::gen::container<std::vector<Mutation>>(*rc::gen::inRange<size_t>(1, 20), mutation());
    std::string text = mutate(original, mutations);
    try {
        auto f = read_bar_text("AAPL.csv", text);
        check_accounting(f, f.bars);
        RC_ASSERT(f.adjusted_close.size() == f.bars.size());
    } catch (const DataFileError&) {
        // e.g. the header itself was damaged: a clear error, which is allowed
    }
}

RC_GTEST_PROP(MutatedFiles, IntradayRowsAreAlwaysAccountedFor, ()) {
    static const std::string original =
        head_of(sample_dir() / "intraday" / "index-future-2006-01-03-1min.csv", 60);
    auto mutations = *rc::gen::container<std::vector<Mutation>>(*rc::gen::inRange<size_t>(1, 20), mutation());
    std::string text = mutate(original, mutations);
    ReadOptions o;
    o.timeframe = Timeframe::m1;
    try {
        auto f = read_bar_text("index-future.csv", text, o);
        check_accounting(f, f.bars);
        for (size_t i = 1; i < f.bars.size(); ++i) RC_ASSERT(f.bars[i - 1].start < f.bars[i].start);
    } catch (const DataFileError&) {
    }
}

RC_GTEST_PROP(MutatedFiles, TickAndQuoteRowsAreAlwaysAccountedFor, ()) {
    static const std::string ticks = slurp(sample_dir() / "intraday" / "ticksample.csv");
    static const std::string quotes = slurp(sample_dir() / "intraday" / "bidask-sample.csv");
    auto mutations = *rc::gen::container<std::vector<Mutation>>(*rc::gen::inRange<size_t>(1, 20), mutation());
    try {
        auto t = read_tick_text("ticks.csv", mutate(ticks, mutations));
        check_accounting(t, t.ticks);
    } catch (const DataFileError&) {
    }
    try {
        auto q = read_quote_text("quotes.csv", mutate(quotes, mutations));
        check_accounting(q, q.quotes);
        for (const auto& quote : q.quotes) RC_ASSERT(quote.bid <= quote.ask);
    } catch (const DataFileError&) {
    }
}
