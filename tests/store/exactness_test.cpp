// Property: any Price and Quantity written through the store reads back identical, and
// the decimal views print it exactly as the core types do.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "store_fixture.hpp"

using namespace robo;
using namespace robo::store;
using namespace robo::store::test;

class Exactness : public StoreTest {};

TEST_F(Exactness, AnyPriceAndSizeRoundTripThroughWriterReaderAndDecimalView) {
    Writer w(db_path());
    Reader reader(db_path());
    Statement view(reader.connection(), "SELECT price, size FROM ticks_dec WHERE symbol = 'X' AND seq = ?");
    int64_t round = 0;
    rc::check([&](int64_t price_raw, int64_t size_raw) {
        RC_PRE(price_raw != std::numeric_limits<int64_t>::min());  // abs() of it overflows in SQL
        RC_PRE(size_raw != std::numeric_limits<int64_t>::min());
        ++round;
        Tick t{Symbol("X"), from_unix_nanos(1), Price::from_raw(price_raw), Quantity::from_raw(size_raw)};
        RC_ASSERT(w.submit(TickRecord{t, round}).ok());
        RC_ASSERT(w.flush());
        auto back = reader.ticks(t.symbol);
        RC_ASSERT(back.size() == static_cast<size_t>(round));
        RC_ASSERT(back.back().price == t.price);
        RC_ASSERT(back.back().size == t.size);
        view.bind(1, round);
        RC_ASSERT(view.step());
        RC_ASSERT(std::string(view.column_text(0)) == t.price.to_string());
        RC_ASSERT(std::string(view.column_text(1)) == t.size.to_string());
        view.reset();
    });
}
