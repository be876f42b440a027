// Round trips for every message the client and the simulator use, exact layouts where
// the protocol notes fix them, and the decoder's refusal of bad input.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "robo/ibkr/codec.hpp"
#include "robo/ibkr/fuzz.hpp"

using namespace robo;
using namespace robo::ibkr;

namespace {

std::string_view payload_of(const std::string& frame) { return std::string_view(frame).substr(4); }

std::vector<std::string> fields_of(const std::string& frame) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : payload_of(frame)) {
        if (c == '\0') {
            out.push_back(cur);
            cur.clear();
        } else {
            cur += c;
        }
    }
    return out;
}

std::string raw_frame(std::initializer_list<std::string_view> fields) {
    FieldWriter w;
    for (auto f : fields) w.add(f);
    return w.finish();
}

template <class M>
M server_roundtrip(const M& m) {
    auto decoded = decode_server(payload_of(encode(m)));
    EXPECT_TRUE(std::holds_alternative<M>(decoded)) << M::name;
    return std::get<M>(decoded);
}
template <class M>
M client_roundtrip(const M& m) {
    auto decoded = decode_client(payload_of(encode(m)));
    EXPECT_TRUE(std::holds_alternative<M>(decoded)) << M::name;
    return std::get<M>(decoded);
}

Contract aapl() {
    Contract c;
    c.con_id = 265598;
    c.symbol = "AAPL";
    c.primary_exchange = "NASDAQ";
    c.local_symbol = "AAPL";
    c.trading_class = "NMS";
    return c;
}
Contract aapl_incoming() {
    auto c = aapl();
    c.primary_exchange.clear();  // C11in has no primaryExchange
    return c;
}

}  // namespace

// ------------------------------------------------------------------- wire primitives

TEST(Wire, FrameHasBigEndianLengthAndNulTerminatedFields) {
    auto f = raw_frame({"9", "1", "1000"});
    ASSERT_EQ(f.size(), 4u + 9u);
    EXPECT_EQ(std::string(f.data(), 4), std::string("\0\0\0\x09", 4));
    EXPECT_EQ(f.substr(4), std::string("9\0"
                                       "1\0"
                                       "1000\0",
                                       9));
}

TEST(Wire, DoublesAreShortestRoundTripAndLocaleFree) {
    EXPECT_EQ(format_double(189.5), "189.5");
    EXPECT_EQ(format_double(0.0001), "0.0001");
    EXPECT_EQ(format_double(1e300), "1e+300");
    EXPECT_EQ(format_double(std::numeric_limits<double>::infinity()), "Infinity");
    double d = 0;
    ASSERT_TRUE(parse_double("1.0E-4", d));
    EXPECT_EQ(d, 1e-4);
    ASSERT_TRUE(parse_double("Infinity", d));
    EXPECT_TRUE(std::isinf(d));
    EXPECT_FALSE(parse_double("189,5", d));
}

TEST(Wire, UnsetSentinelsReadAsUnsetEitherEmptyOrAsText) {
    auto f = raw_frame({"", "2147483647", "5", "", "1.7976931348623157E308", "2.5", "9223372036854775807"});
    FieldReader r(payload_of(f));
    EXPECT_EQ(r.i32_max("a"), std::nullopt);
    EXPECT_EQ(r.i32_max("b"), std::nullopt);
    EXPECT_EQ(r.i32_max("c"), 5);
    EXPECT_EQ(r.f64_max("d"), std::nullopt);
    EXPECT_EQ(r.f64_max("e"), std::nullopt);
    EXPECT_EQ(r.f64_max("f"), 2.5);
    EXPECT_EQ(r.decimal("g"), Quantity{});
    EXPECT_TRUE(r.at_end());
}

TEST(Wire, EmptyNumbersReadAsZeroAndBoolsAsFalse) {
    auto f = raw_frame({"", "", "", "3"});
    FieldReader r(payload_of(f));
    EXPECT_EQ(r.i32("a"), 0);
    EXPECT_EQ(r.f64("b"), 0.0);
    EXPECT_FALSE(r.boolean("c"));
    EXPECT_TRUE(r.boolean("d"));  // any non-zero int is true
}

TEST(Wire, DecimalSizesAreExactAndAcceptScientificNotation) {
    auto f = raw_frame({"0.0001", "323886", "1.0E7"});
    FieldReader r(payload_of(f));
    EXPECT_EQ(r.decimal("a"), Quantity::parse("0.0001"));
    EXPECT_EQ(r.decimal("b"), Quantity::from_units(323886));
    EXPECT_EQ(r.decimal("c"), Quantity::from_units(10'000'000));
}

TEST(Wire, SplitterReassemblesFramesAcrossArbitraryReads) {
    std::string stream = encode(NextValidId{1000}) + encode(ManagedAccounts{"DU123456"});
    FrameSplitter s;
    std::vector<std::string> got;
    for (char c : stream) {  // one byte per read, the worst case
        s.append(&c, 1);
        while (auto p = s.next()) got.emplace_back(*p);
    }
    ASSERT_EQ(got.size(), 2u);
    EXPECT_EQ(std::get<NextValidId>(decode_server(got[0])).order_id, 1000);
    EXPECT_EQ(std::get<ManagedAccounts>(decode_server(got[1])).accounts, "DU123456");
    EXPECT_EQ(s.buffered(), 0u);
}

TEST(Wire, SplitterRefusesAnOversizedLengthBeforeBufferingIt) {
    FrameSplitter s;
    const char header[4] = {'\x01', '\x00', '\x00', '\x00'};  // 16 MiB: one over the limit
    s.append(header, 4);
    EXPECT_THROW(s.next(), FrameError);
}

TEST(Wire, WriterRefusesEmbeddedNul) {
    FieldWriter w;
    EXPECT_THROW(w.add(std::string_view("a\0b", 3)), EncodeError);
}

// ------------------------------------------------------------------- bad input

TEST(Decoder, BadIntegerNamesMessageAndField) {
    auto f = raw_frame({"3", "12", "Filled", "x100", "0", "0", "0", "0", "0", "0", "", "0"});
    try {
        decode_server(payload_of(f));
        FAIL() << "decoded a garbled orderStatus";
    } catch (const DecodeError& e) {
        EXPECT_EQ(e.message_id(), 3);
        EXPECT_EQ(e.field(), "filled");
        EXPECT_NE(std::string(e.what()).find("ORDER_STATUS"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("\"x100\""), std::string::npos) << e.what();
    }
}

TEST(Decoder, MissingFieldIsAnErrorNotAGuess) {
    auto f = raw_frame({"1", "6", "9000", "4", "202.55", "2"});  // attrMask missing
    try {
        decode_server(payload_of(f));
        FAIL();
    } catch (const DecodeError& e) {
        EXPECT_EQ(e.field(), "attrMask");
        EXPECT_NE(std::string(e.what()).find("end of message"), std::string::npos);
    }
}

TEST(Decoder, ExtraFieldIsAnError) {
    auto f = raw_frame({"63", "1", "7", "DU1", "NetLiquidation", "100", "USD", "extra"});
    EXPECT_THROW(decode_server(payload_of(f)), DecodeError);
}

TEST(Decoder, UnterminatedLastFieldIsAnError) {
    std::string payload(
        "9\0"
        "1\0"
        "1000",
        8);
    EXPECT_THROW(decode_server(payload), DecodeError);
}

TEST(Decoder, UnknownIdIsReportedNotFatal) {
    auto f = raw_frame({"107", "1", "x"});
    auto m = decode_server(payload_of(f));
    ASSERT_TRUE(std::holds_alternative<UnknownMessage>(m));
    EXPECT_EQ(std::get<UnknownMessage>(m).id, 107);
}

TEST(Decoder, HugeCountIsRejectedWithoutAllocating) {
    auto f = raw_frame({"17", "1", "a", "b", "2000000000"});
    EXPECT_THROW(decode_server(payload_of(f)), DecodeError);
}

TEST(Decoder, RealTwsCaptureOfALastTickDecodes) {
    auto m = std::get<TickPrice>(
        decode_server(payload_of(raw_frame({"1", "6", "9000", "4", "202.55", "2", "0"}))));
    EXPECT_EQ(m.req_id, 9000);
    EXPECT_EQ(m.tick_type, 4);
    EXPECT_EQ(m.price, 202.55);
    EXPECT_EQ(m.size, Quantity::from_units(2));
}

// ------------------------------------------------------------------- exact layouts

TEST(Layout, PlainLimitOrderIs115Fields) {
    PlaceOrder o;
    o.order_id = 7;
    o.contract = aapl();
    o.total_quantity = Quantity::from_units(100);
    o.lmt_price = 189.37;
    EXPECT_EQ(fields_of(encode(o)).size(), 115u);
}

TEST(Layout, ReqMktDataForAStockIs20Fields) {
    ReqMktData r;
    r.req_id = 1;
    r.contract = aapl();
    EXPECT_EQ(fields_of(encode(r)).size(), 20u);
}

TEST(Layout, ReqHistoricalDataPutsBarSizeBeforeDurationIn23Fields) {
    ReqHistoricalData r;
    r.contract = aapl();
    r.bar_size = "5 mins";
    r.duration = "2 D";
    auto f = fields_of(encode(r));
    ASSERT_EQ(f.size(), 23u);
    EXPECT_EQ(f[16], "5 mins");
    EXPECT_EQ(f[17], "2 D");
}

TEST(Layout, OtherRequestsMatchStoqeyFieldCounts) {
    ReqRealTimeBars rt;
    rt.contract = aapl();
    EXPECT_EQ(fields_of(encode(rt)).size(), 19u);
    ReqTickByTick tbt;
    tbt.contract = aapl();
    EXPECT_EQ(fields_of(encode(tbt)).size(), 17u);
    ReqContractDetails cd;
    cd.contract = aapl();
    EXPECT_EQ(fields_of(encode(cd)).size(), 19u);
    EXPECT_EQ(fields_of(encode(ReqExecutions{})).size(), 10u);
}

TEST(Layout, StartApiAndHello) {
    EXPECT_EQ(fields_of(encode(StartApi{7, ""})), (std::vector<std::string>{"71", "2", "7", ""}));
    auto hello = encode_client_hello();
    EXPECT_EQ(hello, std::string("API\0\0\0\0\x09v100..176", 4 + 4 + 9));
    auto h = parse_client_hello("v100..193");
    EXPECT_EQ(h.min_version, 100);
    EXPECT_EQ(h.max_version, 193);
    EXPECT_EQ(parse_client_hello(std::string("v176 +PACEAPI\0", 14)).options, "+PACEAPI");
    EXPECT_THROW(parse_client_hello("x100..176"), DecodeError);
    auto sh = decode_server_hello(payload_of(encode_server_hello({176, "20250102 09:30:00 EST"})));
    EXPECT_EQ(sh.server_version, 176);
    EXPECT_EQ(sh.connection_time, "20250102 09:30:00 EST");
}

// ------------------------------------------------------------------- round trips

TEST(RoundTrip, MarketDataMessages) {
    TickPrice tp{9000, 4, 202.55, Quantity::from_units(2), 1};
    EXPECT_EQ(server_roundtrip(tp), tp);
    TickSize ts{9000, 8, Quantity::from_units(323886)};
    EXPECT_EQ(server_roundtrip(ts), ts);
    TickString tstr{9000, 45, "1744742857"};
    EXPECT_EQ(server_roundtrip(tstr), tstr);
    TickGeneric tg{9000, 49, 0.0};
    EXPECT_EQ(server_roundtrip(tg), tg);
    MarketDataTypeMsg mdt{9000, 3};
    EXPECT_EQ(server_roundtrip(mdt), mdt);
    TickReqParams trp{9000, 0.01, "9c0001", 3};
    EXPECT_EQ(server_roundtrip(trp), trp);
    EXPECT_EQ(server_roundtrip(TickSnapshotEnd{9000}), TickSnapshotEnd{9000});
    RealTimeBar rb{5, 1700000000, 10.5, 11, 10, 10.75, Quantity::from_units(1200), 10.6, 14};
    EXPECT_EQ(server_roundtrip(rb), rb);
}

TEST(RoundTrip, TickByTickEveryType) {
    TickByTick last{1, 1, 1700000000, 10.25, Quantity::from_units(100), 2, "ISLAND", "@", 0, 0, {}, {}};
    EXPECT_EQ(server_roundtrip(last), last);
    TickByTick bidask{
        1, 3, 1700000000, 0, {}, 1, "", "", 10.0, 10.01, Quantity::from_units(3), Quantity::from_units(4)};
    EXPECT_EQ(server_roundtrip(bidask), bidask);
    TickByTick mid{1, 4, 1700000000, 10.005, {}, 0, "", "", 0, 0, {}, {}};
    EXPECT_EQ(server_roundtrip(mid), mid);
    auto bad = raw_frame({"99", "1", "9", "1700000000"});
    EXPECT_THROW(decode_server(payload_of(bad)), DecodeError);
}

TEST(RoundTrip, OrderMessages) {
    OrderStatusMsg st{12, "Filled", Quantity::from_units(100), {}, 189.37, 555, 0, 189.37, 7, "", 0};
    EXPECT_EQ(server_roundtrip(st), st);
    OpenOrder oo;
    oo.order_id = 12;
    oo.contract = aapl_incoming();
    oo.action = "BUY";
    oo.total_quantity = Quantity::from_units(100);
    oo.order_type = "LMT";
    oo.lmt_price = 189.37;
    oo.account = "DU123456";
    oo.client_id = 7;
    oo.perm_id = 555;
    oo.status = "Submitted";
    EXPECT_EQ(server_roundtrip(oo), oo);
    EXPECT_EQ(server_roundtrip(OpenOrderEnd{}), OpenOrderEnd{});
    ExecDetails ex;
    ex.order_id = 12;
    ex.contract = aapl_incoming();
    ex.exec_id = "0001f4e8.1";
    ex.time = "20250102  09:30:01";
    ex.account = "DU123456";
    ex.side = "BOT";
    ex.shares = Quantity::from_units(100);
    ex.price = 189.37;
    ex.cum_qty = Quantity::from_units(100);
    ex.avg_price = 189.37;
    EXPECT_EQ(server_roundtrip(ex), ex);
    EXPECT_EQ(server_roundtrip(ExecDetailsEnd{4}), ExecDetailsEnd{4});
    CommissionReport cr{"0001f4e8.1", 1.0, "USD", std::nullopt, std::nullopt, 0};
    EXPECT_EQ(server_roundtrip(cr), cr);
    ErrorMsg err{12, 202, "Order Canceled - reason:", ""};
    EXPECT_EQ(server_roundtrip(err), err);
}

TEST(RoundTrip, AccountAndSessionMessages) {
    EXPECT_EQ(server_roundtrip(NextValidId{1000}), NextValidId{1000});
    EXPECT_EQ(server_roundtrip(ManagedAccounts{"DU123456,DU7"}), (ManagedAccounts{"DU123456,DU7"}));
    EXPECT_EQ(server_roundtrip(CurrentTime{1700000000}), CurrentTime{1700000000});
    PositionMsg pos{"DU123456", aapl_incoming(), Quantity::from_units(-50), 188.1};
    EXPECT_EQ(server_roundtrip(pos), pos);
    EXPECT_EQ(server_roundtrip(PositionEnd{}), PositionEnd{});
    AccountSummaryMsg as{3, "DU123456", "NetLiquidation", "100000.00", "USD"};
    EXPECT_EQ(server_roundtrip(as), as);
    EXPECT_EQ(server_roundtrip(AccountSummaryEnd{3}), AccountSummaryEnd{3});
}

TEST(RoundTrip, ContractDetailsAndHistoricalData) {
    ContractDetailsMsg cd;
    cd.req_id = 4;
    cd.contract = aapl();
    cd.long_name = "APPLE INC";
    cd.sec_ids = {{"ISIN", "US0378331005"}};
    EXPECT_EQ(server_roundtrip(cd), cd);
    EXPECT_EQ(server_roundtrip(ContractDetailsEnd{4}), ContractDetailsEnd{4});
    HistoricalDataMsg h{2, "20250101 00:00:00", "20250102 00:00:00", {}};
    h.bars.push_back({"20250102 09:30:00", 10, 11, 9.5, 10.5, Quantity::from_units(5000), 10.2, 40});
    h.bars.push_back({"20250102 09:31:00", 10.5, 10.7, 10.4, 10.6, Quantity::from_units(300), 10.55, 3});
    EXPECT_EQ(server_roundtrip(h), h);
}

TEST(RoundTrip, HistoricalDataUpdate) {
    HistoricalDataUpdate u{7, {"1735828200", 10, 11, 9.5, 10.5, Quantity::from_units(5000), 10.2, 40}};
    EXPECT_EQ(server_roundtrip(u), u);
}

TEST(Layout, HistoricalDataUpdateSendsCloseBeforeHighAndLow) {
    HistoricalDataUpdate u{7, {"20250102 09:30:00", 10, 11, 9.5, 10.5, Quantity::from_units(5000), 10.2, 40}};
    auto f = fields_of(encode(u));
    std::vector<std::string> expected{"90",  "7",    "40",  "20250102 09:30:00", "10", "10.5", "11",
                                      "9.5", "10.2", "5000"};
    EXPECT_EQ(f, expected) << "id, reqId, barCount, date, open, close, high, low, WAP, volume";
}

TEST(Decoder, StoqeyShapedHistoricalDataUpdateDecodes) {
    auto m = decode_server(payload_of(raw_frame(
        {"90", "3", "-1", "20250102 09:35:00", "189.5", "189.75", "190.0", "189.25", "189.6", "1200"})));
    auto& u = std::get<HistoricalDataUpdate>(m);
    EXPECT_EQ(u.req_id, 3);
    EXPECT_EQ(u.bar.count, -1);
    EXPECT_DOUBLE_EQ(u.bar.close, 189.75);
    EXPECT_DOUBLE_EQ(u.bar.high, 190.0);
    EXPECT_DOUBLE_EQ(u.bar.low, 189.25);
    EXPECT_EQ(u.bar.volume, Quantity::from_units(1200));
}

TEST(RoundTrip, EveryRequest) {
    EXPECT_EQ(client_roundtrip(StartApi{3, ""}), (StartApi{3, ""}));
    ReqMktData md;
    md.req_id = 1;
    md.contract = aapl();
    md.generic_ticks = "233,236";
    EXPECT_EQ(client_roundtrip(md), md);
    EXPECT_EQ(client_roundtrip(CancelMktData{1}), CancelMktData{1});
    PlaceOrder po;
    po.order_id = 1001;
    po.contract = aapl();
    po.action = "SELL";
    po.total_quantity = Quantity::parse("12.5");
    po.order_type = "STP LMT";
    po.lmt_price = 180.0;
    po.aux_price = 181.0;
    po.account = "DU123456";
    po.order_ref = "strat-1";
    EXPECT_EQ(client_roundtrip(po), po);
    EXPECT_EQ(client_roundtrip(CancelOrder{1001, ""}), (CancelOrder{1001, ""}));
    EXPECT_EQ(client_roundtrip(ReqOpenOrders{}), ReqOpenOrders{});
    EXPECT_EQ(client_roundtrip(ReqAllOpenOrders{}), ReqAllOpenOrders{});
    EXPECT_EQ(client_roundtrip(ReqManagedAccts{}), ReqManagedAccts{});
    EXPECT_EQ(client_roundtrip(ReqCurrentTime{}), ReqCurrentTime{});
    EXPECT_EQ(client_roundtrip(ReqGlobalCancel{}), ReqGlobalCancel{});
    EXPECT_EQ(client_roundtrip(ReqPositions{}), ReqPositions{});
    EXPECT_EQ(client_roundtrip(CancelPositions{}), CancelPositions{});
    EXPECT_EQ(client_roundtrip(CancelHistoricalData{2}), CancelHistoricalData{2});
    EXPECT_EQ(client_roundtrip(CancelRealTimeBars{5}), CancelRealTimeBars{5});
    EXPECT_EQ(client_roundtrip(CancelAccountSummary{3}), CancelAccountSummary{3});
    ReqExecutions re{4, 0, "DU123456", "20250102-09:00:00", "AAPL", "STK", "", "BUY"};
    EXPECT_EQ(client_roundtrip(re), re);
    EXPECT_EQ(client_roundtrip(ReqIds{1}), ReqIds{1});
    ReqContractDetails cd;
    cd.contract = aapl();
    EXPECT_EQ(client_roundtrip(cd), cd);
    ReqHistoricalData hd;
    hd.contract = aapl();
    hd.end_date_time = "20250102-16:00:00";
    EXPECT_EQ(client_roundtrip(hd), hd);
    ReqRealTimeBars rt;
    rt.contract = aapl();
    EXPECT_EQ(client_roundtrip(rt), rt);
    EXPECT_EQ(client_roundtrip(ReqMarketDataType{3}), ReqMarketDataType{3});
    ReqAccountSummary ras;
    EXPECT_EQ(client_roundtrip(ras), ras);
    ReqTickByTick tbt;
    tbt.contract = aapl();
    tbt.tick_type = "BidAsk";
    EXPECT_EQ(client_roundtrip(tbt), tbt);
    EXPECT_EQ(client_roundtrip(CancelTickByTick{6}), CancelTickByTick{6});
}

TEST(RoundTrip, PlaceOrderFromAnotherClientWithConditionalBlocksStaysAligned) {
    PlaceOrder po;
    po.contract = aapl();
    po.total_quantity = Quantity::from_units(10);
    po.lmt_price = 1;
    auto f = fields_of(encode(po));
    // algoStrategy (field 84, 1-based) set: then a count and one tag/value pair follow.
    f[83] = "Adaptive";
    f.insert(f.begin() + 84, {"1", "adaptivePriority", "Normal"});
    FieldWriter w;
    for (auto& s : f) w.add(s);
    auto decoded = std::get<PlaceOrder>(decode_client(payload_of(w.finish())));
    EXPECT_EQ(decoded.algo_strategy, "Adaptive");
    EXPECT_EQ(decoded.lmt_price, 1.0);
}

// ------------------------------------------------------------------- fuzz

namespace {
std::vector<std::string> corpus() {
    ReqMktData md;
    md.contract = aapl();
    PlaceOrder po;
    po.contract = aapl();
    po.total_quantity = Quantity::from_units(1);
    OpenOrder oo;
    oo.contract = aapl_incoming();
    HistoricalDataMsg h{2, "a", "b", {{"20250102", 1, 2, 0.5, 1.5, Quantity::from_units(9), 1.2, 3}}};
    return {encode(md),
            encode(po),
            encode(oo),
            encode(h),
            encode(TickPrice{1, 1, 10, {}, 0}),
            encode(ContractDetailsMsg{}),
            encode(TickByTick{})};
}
}  // namespace

RC_GTEST_PROP(Fuzz, ArbitraryBytesNeverCrashTheDecoder, (const std::string& bytes)) {
    auto out = fuzz_decode(bytes);
    RC_ASSERT(out.decoded + out.unknown + out.decode_errors == 2 * out.frames);
}

RC_GTEST_PROP(Fuzz, MutatedValidFramesNeverCrashTheDecoder, ()) {
    auto frames = corpus();
    auto frame = frames[*rc::gen::inRange<std::size_t>(0, frames.size())];
    auto edits = *rc::gen::container<std::vector<std::pair<std::size_t, char>>>(
        rc::gen::pair(rc::gen::inRange<std::size_t>(4, frame.size()),
                      rc::gen::element('\0', '-', '9', 'x', '.', 'E', '\xff')));
    for (auto [pos, c] : edits) frame[pos] = c;
    auto cut = *rc::gen::inRange<std::size_t>(4, frame.size() + 1);
    // Keep the length prefix honest for the cut payload so the decoder sees it.
    std::string payload = frame.substr(4, cut - 4);
    FieldWriter w;
    std::string framed = w.finish();
    uint32_t n = static_cast<uint32_t>(payload.size());
    framed[0] = static_cast<char>(n >> 24), framed[1] = static_cast<char>(n >> 16);
    framed[2] = static_cast<char>(n >> 8), framed[3] = static_cast<char>(n);
    auto out = fuzz_decode(framed + payload);
    RC_ASSERT(out.frames == 1u);
    RC_ASSERT(!out.frame_error);
}
