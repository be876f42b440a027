#include <gtest/gtest.h>

#include "robo/web/hub.hpp"

using namespace robo;
using namespace robo::web;
using nlohmann::json;

namespace {
Timestamp t0() { return parse_timestamp("2024-03-01T14:30:00Z"); }

std::vector<json> take(Client& c) {
    std::vector<json> out;
    for (auto& m : c.outbox()) out.push_back(json::parse(*m));
    c.outbox().clear();
    return out;
}

void subscribe(Hub& hub, const std::shared_ptr<Client>& c, json topics, json symbols = json::array()) {
    hub.handle_client_message(c, json{{"op", "subscribe"}, {"topics", topics}, {"symbols", symbols}}.dump());
}
}  // namespace

TEST(Hub, NewClientIsGreetedWithSequenceOne) {
    Hub hub;
    auto c = hub.connect();
    auto msgs = take(*c);
    ASSERT_EQ(msgs.size(), 1u);
    EXPECT_EQ(msgs[0]["type"], "hello");
    EXPECT_EQ(msgs[0]["seq"], 1);
}

TEST(Hub, DeliversOnlySubscribedTopicsAndSymbols) {
    Hub hub;
    auto c = hub.connect();
    subscribe(hub, c, {"quotes"}, {"AAPL"});
    take(*c);
    hub.publish(Topic::quotes, "AAPL", {{"bid", 1}}, t0());
    hub.publish(Topic::quotes, "MSFT", {{"bid", 2}}, t0());
    hub.publish(Topic::bars, "AAPL", {{"close", 3}}, t0());
    hub.drain();
    auto msgs = take(*c);
    ASSERT_EQ(msgs.size(), 1u);
    EXPECT_EQ(msgs[0]["topic"], "quotes");
    EXPECT_EQ(msgs[0]["symbol"], "AAPL");
    EXPECT_EQ(msgs[0]["data"]["bid"], 1);
    EXPECT_EQ(msgs[0]["time"], "2024-03-01T14:30:00.000000Z");
}

TEST(Hub, SubscribeAnswersWithAckAndSnapshotOfLatestState) {
    Hub hub;
    hub.publish(Topic::positions, "AAPL", {{"qty", 10}}, t0());
    hub.publish(Topic::positions, "AAPL", {{"qty", 20}}, t0());
    hub.publish(Topic::positions, "MSFT", {{"qty", 5}}, t0());
    hub.drain();
    auto c = hub.connect();
    take(*c);
    subscribe(hub, c, {"positions"});
    auto msgs = take(*c);
    ASSERT_EQ(msgs.size(), 2u);
    EXPECT_EQ(msgs[0]["type"], "ack");
    EXPECT_EQ(msgs[1]["type"], "snapshot");
    ASSERT_EQ(msgs[1]["items"].size(), 2u);
    EXPECT_EQ(msgs[1]["items"][0]["symbol"], "AAPL");
    EXPECT_EQ(msgs[1]["items"][0]["data"]["qty"], 20);
}

TEST(Hub, EventTopicsKeepBoundedHistory) {
    Hub hub(HubLimits{.history_per_topic = 3});
    for (int i = 0; i < 10; ++i) hub.publish(Topic::fills, "AAPL", {{"n", i}}, t0());
    hub.drain();
    auto items = hub.snapshot_items(Topic::fills);
    ASSERT_EQ(items.size(), 3u);
    EXPECT_EQ(items[0]["data"]["n"], 7);
    EXPECT_EQ(items[2]["data"]["n"], 9);
}

TEST(Hub, SlowClientSkipsMessagesAndSeesTheGapInSequenceNumbers) {
    Hub hub(HubLimits{.client_outbox = 4, .drop_after_skips = 1000});
    auto c = hub.connect();
    subscribe(hub, c, {"quotes"});
    take(*c);  // hello, ack, snapshot: seq 1..3
    for (int i = 0; i < 10; ++i) hub.publish(Topic::quotes, "AAPL", {{"n", i}}, t0());
    hub.drain();
    auto msgs = take(*c);
    ASSERT_EQ(msgs.size(), 4u);  // the outbox bound
    EXPECT_EQ(msgs.back()["seq"], 7);
    EXPECT_EQ(hub.counters().skipped.load(), 6u);
    hub.publish(Topic::quotes, "AAPL", {{"n", 10}}, t0());
    hub.drain();
    msgs = take(*c);
    ASSERT_EQ(msgs.size(), 1u);
    EXPECT_EQ(msgs[0]["seq"], 14);  // 8..13 were skipped: the client knows to resync
    EXPECT_EQ(msgs[0]["data"]["n"], 10);
}

TEST(Hub, ClientThatStaysBehindIsDropped) {
    Hub hub(HubLimits{.client_outbox = 2, .drop_after_skips = 5});
    auto c = hub.connect();
    subscribe(hub, c, {"quotes"});
    for (int i = 0; i < 20; ++i) hub.publish(Topic::quotes, "AAPL", {{"n", i}}, t0());
    hub.drain();
    EXPECT_TRUE(c->dropped());
    EXPECT_EQ(hub.counters().clients_dropped.load(), 1u);
    EXPECT_EQ(hub.client_count(), 0u);
}

TEST(Hub, MalformedClientMessagesGetClearErrorsAndAreCounted) {
    Hub hub;
    auto c = hub.connect();
    take(*c);
    for (const char* bad : {"not json", "[1,2]", R"({"nop":1})", R"({"op":"subscribe"})",
                            R"({"op":"subscribe","topics":["weather"]})", R"({"op":"fly"})",
                            R"({"op":"subscribe","topics":["quotes"],"symbols":"AAPL"})"})
        hub.handle_client_message(c, bad);
    auto msgs = take(*c);
    ASSERT_EQ(msgs.size(), 7u);
    for (auto& m : msgs) EXPECT_EQ(m["type"], "error");
    EXPECT_NE(msgs[4]["message"].get<std::string>().find("unknown topic \"weather\""), std::string::npos);
    EXPECT_EQ(hub.counters().client_errors.load(), 7u);
    EXPECT_FALSE(c->dropped());
}

TEST(Hub, ClientSendingOnlyGarbageIsEventuallyDropped) {
    Hub hub(HubLimits{.max_client_errors = 3});
    auto c = hub.connect();
    for (int i = 0; i < 3; ++i) hub.handle_client_message(c, "garbage");
    EXPECT_TRUE(c->dropped());
}

TEST(Hub, FullInboundQueueDropsAndCountsInsteadOfBlocking) {
    Hub hub(HubLimits{.inbound_capacity = 5});
    int accepted = 0;
    for (int i = 0; i < 8; ++i) accepted += hub.publish(Topic::quotes, "AAPL", {{"n", i}}, t0());
    EXPECT_EQ(accepted, 5);
    EXPECT_EQ(hub.counters().dropped_inbound.load(), 3u);
    EXPECT_EQ(hub.drain(), 5u);
    EXPECT_TRUE(hub.publish(Topic::quotes, "AAPL", {{"n", 9}}, t0()));
}

TEST(Hub, UnsubscribeStopsDelivery) {
    Hub hub;
    auto c = hub.connect();
    subscribe(hub, c, {"quotes", "bars"});
    hub.handle_client_message(c, R"({"op":"unsubscribe","topics":["quotes"]})");
    take(*c);
    hub.publish(Topic::quotes, "AAPL", {{"n", 1}}, t0());
    hub.publish(Topic::bars, "AAPL", {{"n", 2}}, t0());
    hub.drain();
    auto msgs = take(*c);
    ASSERT_EQ(msgs.size(), 1u);
    EXPECT_EQ(msgs[0]["topic"], "bars");
}

#include "robo/web/publisher.hpp"

TEST(Publisher, SendsExactDecimalsAndTheDocumentedFields) {
    Hub hub;
    Publisher pub(hub);
    Fill f{.client_id = "c1",
           .exec_id = "e1",
           .symbol = Symbol("AAPL"),
           .side = Side::buy,
           .quantity = Quantity::parse("100"),
           .price = Price::parse("189.37"),
           .commission = Money::parse("1"),
           .time = t0()};
    pub.fill(f);
    Position p{
        .symbol = Symbol("AAPL"), .quantity = Quantity::parse("100"), .average_cost = Price::parse("189.37")};
    pub.position(p, Price::parse("190"), t0());
    hub.drain();
    auto fills = hub.snapshot_items(Topic::fills);
    ASSERT_EQ(fills.size(), 1u);
    EXPECT_EQ(fills[0]["data"]["price"], "189.37");
    EXPECT_EQ(fills[0]["data"]["side"], "buy");
    const json* pos = hub.latest(Topic::positions, "AAPL");
    ASSERT_NE(pos, nullptr);
    EXPECT_EQ((*pos)["unrealized_pnl"], "63");
    EXPECT_EQ((*pos)["market_value"], "19000");
}
