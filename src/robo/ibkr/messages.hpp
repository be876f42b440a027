// ibkr/messages.hpp — typed TWS API messages at server version 176, both directions.
//
// Field lists follow ../shared/ibkr/tws-protocol.md §4. Each struct carries its message id,
// its version field (-1 when the message has none at SV 176) and one visit() that both
// encodes and decodes it (see visit.hpp). Prices stay doubles here, as on the wire (Java
// doubles); sizes and positions are exact Quantities. Conversion to the system's Price
// happens in the adapters, never here.
// Must never: guess at a layout. Anything not modelled is still consumed field by field.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "robo/ibkr/visit.hpp"

namespace robo::ibkr {

// ----------------------------------------------------------------------------- contract

struct Contract {
    int64_t con_id = 0;
    std::string symbol;
    std::string sec_type = "STK";
    std::string last_trade_date;
    double strike = 0;
    std::string right;
    std::string multiplier;
    std::string exchange = "SMART";
    std::string primary_exchange;
    std::string currency = "USD";
    std::string local_symbol;
    std::string trading_class;

    // One field list for both wire forms. C12 (requests) carries primaryExchange after
    // exchange; C11in (incoming messages) leaves it out.
    template <class F>
    void visit_fields(F& f, bool with_primary_exchange) {
        f("conId", con_id), f("symbol", symbol), f("secType", sec_type);
        f("lastTradeDateOrContractMonth", last_trade_date), f("strike", strike), f("right", right);
        f("multiplier", multiplier), f("exchange", exchange);
        if (with_primary_exchange) f("primaryExchange", primary_exchange);
        f("currency", currency), f("localSymbol", local_symbol), f("tradingClass", trading_class);
    }
    template <class F>
    void visit12(F& f) {
        visit_fields(f, true);
    }
    template <class F>
    void visit11(F& f) {
        visit_fields(f, false);
    }
    bool operator==(const Contract&) const = default;
};

// Combo (BAG) legs in a request: count then conId|ratio|action|exchange. We never send them.
template <class F>
void visit_bag_legs(F& f, const Contract& c) {
    if (c.sec_type == "BAG") f.skip_group("comboLegCount", 4);
}

// Order conditions (placeOrder and openOrder): walked to stay aligned, never modelled.
template <class F>
void visit_conditions(F& f, int& count) {
    f("conditionsCount", count);
    if constexpr (!F::reading) {
        if (count != 0) throw EncodeError("ibkr encode: order conditions are not supported");
    } else {
        if (count < 0 || count > 1000) f.r.fail("conditionsCount", std::to_string(count), "0..1000");
        for (int i = 0; i < count; ++i) {
            int type = f.r.i32("conditionType");
            f.r.text("conjunction");
            switch (type) {
                case 1:
                    f.skip_n("priceCondition", 5);
                    break;
                case 3:
                    f.skip_n("timeCondition", 2);
                    break;
                case 4:
                    f.skip_n("marginCondition", 2);
                    break;
                case 5:
                    f.skip_n("executionCondition", 3);
                    break;
                case 6:
                    f.skip_n("volumeCondition", 4);
                    break;
                case 7:
                    f.skip_n("percentChangeCondition", 4);
                    break;
                default:
                    f.r.fail("conditionType", std::to_string(type), "1, 3, 4, 5, 6 or 7");
            }
        }
        if (count > 0) f.skip_n("conditionsIgnoreRth/cancelOrder", 2);
    }
}

// ======================================================================= server -> client

struct TickPrice {
    static constexpr int id = 1, version = 6;
    static constexpr const char* name = "TICK_PRICE";
    int req_id = 0, tick_type = 0;
    double price = 0;
    Quantity size;
    int attr_mask = 0;
    template <class F>
    void visit(F& f) {
        f("reqId", req_id), f("tickType", tick_type), f("price", price), f("size", size);
        f("attrMask", attr_mask);
    }
    bool operator==(const TickPrice&) const = default;
};

struct TickSize {
    static constexpr int id = 2, version = 6;
    static constexpr const char* name = "TICK_SIZE";
    int req_id = 0, tick_type = 0;
    Quantity size;
    template <class F>
    void visit(F& f) {
        f("reqId", req_id), f("tickType", tick_type), f("size", size);
    }
    bool operator==(const TickSize&) const = default;
};

struct OrderStatusMsg {
    static constexpr int id = 3, version = -1;
    static constexpr const char* name = "ORDER_STATUS";
    int order_id = 0;
    std::string status;  // PendingSubmit, Submitted, Cancelled, Filled, Inactive, ...
    Quantity filled, remaining;
    double avg_fill_price = 0;
    int64_t perm_id = 0;
    int parent_id = 0;
    double last_fill_price = 0;
    int client_id = 0;
    std::string why_held;
    double mkt_cap_price = 0;
    template <class F>
    void visit(F& f) {
        f("orderId", order_id), f("status", status), f("filled", filled), f("remaining", remaining);
        f("avgFillPrice", avg_fill_price), f("permId", perm_id), f("parentId", parent_id);
        f("lastFillPrice", last_fill_price), f("clientId", client_id), f("whyHeld", why_held);
        f("mktCapPrice", mkt_cap_price);
    }
    bool operator==(const OrderStatusMsg&) const = default;
};

struct ErrorMsg {
    static constexpr int id = 4, version = 2;
    static constexpr const char* name = "ERR_MSG";
    int req_id = -1;  // reqId or orderId; -1 for system notices
    int code = 0;
    std::string message;
    std::string advanced_order_reject_json;
    template <class F>
    void visit(F& f) {
        f("id", req_id), f("errorCode", code), f("errorMsg", message);
        f("advancedOrderRejectJson", advanced_order_reject_json);
    }
    bool operator==(const ErrorMsg&) const = default;
};

// The full openOrder layout; the fields we do not model are emitted with TWS-like defaults.
struct OpenOrder {
    static constexpr int id = 5, version = -1;
    static constexpr const char* name = "OPEN_ORDER";
    int order_id = 0;
    Contract contract;
    std::string action;  // BUY, SELL, SSHORT
    Quantity total_quantity;
    std::string order_type;
    std::optional<double> lmt_price, aux_price;
    std::string tif = "DAY", oca_group, account, open_close, order_ref;
    int origin = 0, client_id = 0;
    int64_t perm_id = 0;
    bool outside_rth = false, hidden = false;
    int parent_id = 0;
    std::string status;  // the order state
    std::optional<double> commission;
    std::string commission_currency;
    // Parsed only to walk the conditional blocks.
    std::string dn_order_type, hedge_type, algo_strategy, compete_offset_text;
    std::optional<double> scale_price_increment;
    bool dnc_present = false;
    int conditions = 0;

    template <class F>
    void visit(F& f) {
        f("orderId", order_id);
        contract.visit11(f);
        f("action", action), f("totalQuantity", total_quantity), f("orderType", order_type);
        f("lmtPrice", lmt_price), f("auxPrice", aux_price), f("tif", tif), f("ocaGroup", oca_group);
        f("account", account), f("openClose", open_close), f("origin", origin);
        f("orderRef", order_ref), f("clientId", client_id), f("permId", perm_id);
        f("outsideRth", outside_rth), f("hidden", hidden);
        f.skip("discretionaryAmt", "0"), f.skip("goodAfterTime", ""), f.skip("sharesAllocation", "");
        f.skip("faGroup", ""), f.skip("faMethod", ""), f.skip("faPercentage", "");
        f.skip("faProfile", "");  // present below SV 177
        f.skip("modelCode", ""), f.skip("goodTillDate", ""), f.skip("rule80A", "");
        f.skip("percentOffset", ""), f.skip("settlingFirm", ""), f.skip("shortSaleSlot", "0");
        f.skip("designatedLocation", ""), f.skip("exemptCode", "-1"), f.skip("auctionStrategy", "0");
        f.skip("startingPrice", ""), f.skip("stockRefPrice", ""), f.skip("delta", "");
        f.skip("stockRangeLower", ""), f.skip("stockRangeUpper", ""), f.skip("displaySize", "");
        f.skip("blockOrder", "0"), f.skip("sweepToFill", "0"), f.skip("allOrNone", "0");
        f.skip("minQty", ""), f.skip("ocaType", "3"), f.skip("eTradeOnly", "0");
        f.skip("firmQuoteOnly", "0"), f.skip("nbboPriceCap", ""), f("parentId", parent_id);
        f.skip("triggerMethod", "0"), f.skip("volatility", ""), f.skip("volatilityType", "0");
        f("deltaNeutralOrderType", dn_order_type), f.skip("deltaNeutralAuxPrice", "");
        if (!dn_order_type.empty()) f.skip_n("deltaNeutral", 8);
        f.skip("continuousUpdate", "0"), f.skip("referencePriceType", "0");
        f.skip("trailStopPrice", ""), f.skip("trailingPercent", "");
        f.skip("basisPoints", ""), f.skip("basisPointsType", ""), f.skip("comboLegsDescrip", "");
        f.skip_group("comboLegCount", 8), f.skip_group("orderComboLegCount", 1);
        f.skip_group("smartComboRoutingParamsCount", 2);
        f.skip("scaleInitLevelSize", ""), f.skip("scaleSubsLevelSize", "");
        f("scalePriceIncrement", scale_price_increment);
        if (scale_price_increment && *scale_price_increment > 0) f.skip_n("scaleParams", 7);
        f("hedgeType", hedge_type);
        if (!hedge_type.empty()) f.skip_n("hedgeParam", 1);
        f.skip("optOutSmartRouting", "0"), f.skip("clearingAccount", ""), f.skip("clearingIntent", "");
        f.skip("notHeld", "0"), f("deltaNeutralContractPresent", dnc_present);
        if (dnc_present) f.skip_n("deltaNeutralContract", 3);
        f("algoStrategy", algo_strategy);
        if (!algo_strategy.empty()) f.skip_group("algoParamsCount", 2);
        f.skip("solicited", "0"), f.skip("whatIf", "0"), f("status", status);
        for (const char* m : {"initMarginBefore", "maintMarginBefore", "equityWithLoanBefore",
                              "initMarginChange", "maintMarginChange", "equityWithLoanChange",
                              "initMarginAfter", "maintMarginAfter", "equityWithLoanAfter"})
            f.skip(m, "");
        f("commission", commission), f.skip("minCommission", ""), f.skip("maxCommission", "");
        f("commissionCurrency", commission_currency), f.skip("warningText", "");
        f.skip("randomizeSize", "0"), f.skip("randomizePrice", "0");
        if (order_type == "PEG BENCH") f.skip_n("pegBench", 5);
        visit_conditions(f, conditions);
        f.skip("adjustedOrderType", ""), f.skip("triggerPrice", ""), f.skip("trailStopPrice", "");
        f.skip("lmtPriceOffset", ""), f.skip("adjustedStopPrice", "");
        f.skip("adjustedStopLimitPrice", ""), f.skip("adjustedTrailingAmount", "");
        f.skip("adjustableTrailingUnit", "0"), f.skip("softDollarName", "");
        f.skip("softDollarValue", ""), f.skip("softDollarDisplayName", ""), f.skip("cashQty", "");
        f.skip("dontUseAutoPriceForHedge", "0"), f.skip("isOmsContainer", "0");
        f.skip("discretionaryUpToLimitPrice", "0"), f.skip("usePriceMgmtAlgo", "0");
        f.skip("duration", ""), f.skip("postToAts", ""), f.skip("autoCancelParent", "0");
        f.skip("minTradeQty", ""), f.skip("minCompeteSize", ""), f.skip("competeAgainstBestOffset", "");
        f.skip("midOffsetAtWhole", ""), f.skip("midOffsetAtHalf", "");
    }
    bool operator==(const OpenOrder&) const = default;
};

struct NextValidId {
    static constexpr int id = 9, version = 1;
    static constexpr const char* name = "NEXT_VALID_ID";
    int order_id = 0;
    template <class F>
    void visit(F& f) {
        f("orderId", order_id);
    }
    bool operator==(const NextValidId&) const = default;
};

struct ContractDetailsMsg {
    static constexpr int id = 10, version = -1;
    static constexpr const char* name = "CONTRACT_DATA";
    int req_id = 0;
    Contract contract;  // exchange/currency/localSymbol/tradingClass/conId/primaryExchange
    std::string market_name;
    double min_tick = 0.01;
    std::string order_types = "LMT,MKT,STP,STPLMT", valid_exchanges = "SMART,NYSE,NASDAQ";
    int price_magnifier = 1;
    int under_con_id = 0;
    std::string long_name, contract_month, industry, category, subcategory;
    std::string time_zone_id = "US/Eastern", trading_hours, liquid_hours;
    std::string ev_rule;
    std::optional<double> ev_multiplier;
    struct TagValue {
        std::string tag, value;
        template <class F>
        void visit(F& f) {
            f("tag", tag), f("value", value);
        }
        bool operator==(const TagValue&) const = default;
    };
    std::vector<TagValue> sec_ids;
    int agg_group = 1;
    std::string under_symbol, under_sec_type, market_rule_ids = "26", real_expiration_date;
    std::string stock_type = "COMMON";
    Quantity min_size = Quantity::from_units(1), size_increment = Quantity::from_units(1);
    Quantity suggested_size_increment = Quantity::from_units(100);

    template <class F>
    void visit(F& f) {
        f("reqId", req_id), f("symbol", contract.symbol), f("secType", contract.sec_type);
        f("lastTradeDateOrContractMonth", contract.last_trade_date), f("strike", contract.strike);
        f("right", contract.right), f("exchange", contract.exchange), f("currency", contract.currency);
        f("localSymbol", contract.local_symbol), f("marketName", market_name);
        f("tradingClass", contract.trading_class), f("conId", contract.con_id), f("minTick", min_tick);
        f("multiplier", contract.multiplier), f("orderTypes", order_types);
        f("validExchanges", valid_exchanges), f("priceMagnifier", price_magnifier);
        f("underConId", under_con_id), f("longName", long_name);
        f("primaryExchange", contract.primary_exchange), f("contractMonth", contract_month);
        f("industry", industry), f("category", category), f("subcategory", subcategory);
        f("timeZoneId", time_zone_id), f("tradingHours", trading_hours), f("liquidHours", liquid_hours);
        f("evRule", ev_rule), f("evMultiplier", ev_multiplier), f.list("secIdListCount", sec_ids);
        f("aggGroup", agg_group), f("underSymbol", under_symbol), f("underSecType", under_sec_type);
        f("marketRuleIds", market_rule_ids), f("realExpirationDate", real_expiration_date);
        f("stockType", stock_type), f("minSize", min_size), f("sizeIncrement", size_increment);
        f("suggestedSizeIncrement", suggested_size_increment);
    }
    bool operator==(const ContractDetailsMsg&) const = default;
};

struct ExecDetails {
    static constexpr int id = 11, version = -1;
    static constexpr const char* name = "EXECUTION_DATA";
    int req_id = -1, order_id = 0;
    Contract contract;
    std::string exec_id, time, account, exchange, side;  // side: BOT or SLD
    Quantity shares;
    double price = 0;
    int64_t perm_id = 0;
    int client_id = 0, liquidation = 0;
    Quantity cum_qty;
    double avg_price = 0;
    std::string order_ref, ev_rule;
    std::optional<double> ev_multiplier;
    std::string model_code;
    int last_liquidity = 0;
    template <class F>
    void visit(F& f) {
        f("reqId", req_id), f("orderId", order_id);
        contract.visit11(f);
        f("execId", exec_id), f("time", time), f("account", account), f("exchange", exchange);
        f("side", side), f("shares", shares), f("price", price), f("permId", perm_id);
        f("clientId", client_id), f("liquidation", liquidation), f("cumQty", cum_qty);
        f("avgPrice", avg_price), f("orderRef", order_ref), f("evRule", ev_rule);
        f("evMultiplier", ev_multiplier), f("modelCode", model_code);
        f("lastLiquidity", last_liquidity);
    }
    bool operator==(const ExecDetails&) const = default;
};

struct HistoricalBar {
    std::string date;  // yyyyMMdd, "yyyyMMdd HH:mm:ss[ zone]" or epoch seconds
    double open = 0, high = 0, low = 0, close = 0;
    Quantity volume;
    double wap = 0;
    int count = 0;
    template <class F>
    void visit(F& f) {
        f("date", date), f("open", open), f("high", high), f("low", low), f("close", close);
        f("volume", volume), f("wap", wap), f("barCount", count);
    }
    bool operator==(const HistoricalBar&) const = default;
};

struct HistoricalDataMsg {
    static constexpr int id = 17, version = -1;
    static constexpr const char* name = "HISTORICAL_DATA";
    int req_id = 0;
    std::string start, end;
    std::vector<HistoricalBar> bars;
    template <class F>
    void visit(F& f) {
        f("reqId", req_id), f("startDateStr", start), f("endDateStr", end), f.list("itemCount", bars);
    }
    bool operator==(const HistoricalDataMsg&) const = default;
};

// historicalDataUpdate (keepUpToDate=1): after the history, the bar now forming, sent again
// as it changes and then for each new bar. No version field (id 90). Mind the wire order:
// barCount, date, open, CLOSE, high, low, WAP, volume (Java EDecoder, stoqey, InterReact).
struct HistoricalDataUpdate {
    static constexpr int id = 90, version = -1;
    static constexpr const char* name = "HISTORICAL_DATA_UPDATE";
    int req_id = 0;
    HistoricalBar bar;
    template <class F>
    void visit(F& f) {
        f("reqId", req_id), f("barCount", bar.count), f("date", bar.date), f("open", bar.open);
        f("close", bar.close), f("high", bar.high), f("low", bar.low), f("wap", bar.wap);
        f("volume", bar.volume);
    }
    bool operator==(const HistoricalDataUpdate&) const = default;
};

struct ManagedAccounts {
    static constexpr int id = 15, version = 1;
    static constexpr const char* name = "MANAGED_ACCTS";
    std::string accounts;  // comma-separated
    template <class F>
    void visit(F& f) {
        f("accountsList", accounts);
    }
    bool operator==(const ManagedAccounts&) const = default;
};

struct TickGeneric {
    static constexpr int id = 45, version = 6;
    static constexpr const char* name = "TICK_GENERIC";
    int req_id = 0, tick_type = 0;
    double value = 0;
    template <class F>
    void visit(F& f) {
        f("reqId", req_id), f("tickType", tick_type), f("value", value);
    }
    bool operator==(const TickGeneric&) const = default;
};

struct TickString {
    static constexpr int id = 46, version = 6;
    static constexpr const char* name = "TICK_STRING";
    int req_id = 0, tick_type = 0;
    std::string value;
    template <class F>
    void visit(F& f) {
        f("reqId", req_id), f("tickType", tick_type), f("value", value);
    }
    bool operator==(const TickString&) const = default;
};

struct CurrentTime {
    static constexpr int id = 49, version = 1;
    static constexpr const char* name = "CURRENT_TIME";
    int64_t epoch_seconds = 0;
    template <class F>
    void visit(F& f) {
        f("time", epoch_seconds);
    }
    bool operator==(const CurrentTime&) const = default;
};

struct RealTimeBar {
    static constexpr int id = 50, version = 3;
    static constexpr const char* name = "REAL_TIME_BARS";
    int req_id = 0;
    int64_t time = 0;  // bar start, epoch seconds
    double open = 0, high = 0, low = 0, close = 0;
    Quantity volume;
    double wap = 0;
    int count = 0;
    template <class F>
    void visit(F& f) {
        f("reqId", req_id), f("time", time), f("open", open), f("high", high), f("low", low);
        f("close", close), f("volume", volume), f("wap", wap), f("count", count);
    }
    bool operator==(const RealTimeBar&) const = default;
};

// Messages that are only a request id (or nothing) after their version field.
template <int Id, const char* const* Name>
struct IdOnly {
    static constexpr int id = Id, version = 1;
    static constexpr const char* name = *Name;
    int req_id = 0;
    template <class F>
    void visit(F& f) {
        f("reqId", req_id);
    }
    bool operator==(const IdOnly&) const = default;
};
template <int Id, const char* const* Name>
struct Empty {
    static constexpr int id = Id, version = 1;
    static constexpr const char* name = *Name;
    template <class F>
    void visit(F&) {}
    bool operator==(const Empty&) const = default;
};

namespace names {
inline constexpr const char* contract_data_end = "CONTRACT_DATA_END";
inline constexpr const char* open_order_end = "OPEN_ORDER_END";
inline constexpr const char* exec_end = "EXECUTION_DATA_END";
inline constexpr const char* snapshot_end = "TICK_SNAPSHOT_END";
inline constexpr const char* position_end = "POSITION_END";
inline constexpr const char* summary_end = "ACCOUNT_SUMMARY_END";
inline constexpr const char* cancel_mkt_data = "CANCEL_MKT_DATA";
inline constexpr const char* req_open_orders = "REQ_OPEN_ORDERS";
inline constexpr const char* req_all_open_orders = "REQ_ALL_OPEN_ORDERS";
inline constexpr const char* req_managed_accts = "REQ_MANAGED_ACCTS";
inline constexpr const char* cancel_historical = "CANCEL_HISTORICAL_DATA";
inline constexpr const char* req_current_time = "REQ_CURRENT_TIME";
inline constexpr const char* cancel_rt_bars = "CANCEL_REAL_TIME_BARS";
inline constexpr const char* req_global_cancel = "REQ_GLOBAL_CANCEL";
inline constexpr const char* req_positions = "REQ_POSITIONS";
inline constexpr const char* cancel_positions = "CANCEL_POSITIONS";
inline constexpr const char* cancel_account_summary = "CANCEL_ACCOUNT_SUMMARY";
}  // namespace names

using ContractDetailsEnd = IdOnly<52, &names::contract_data_end>;
using OpenOrderEnd = Empty<53, &names::open_order_end>;
using ExecDetailsEnd = IdOnly<55, &names::exec_end>;
using TickSnapshotEnd = IdOnly<57, &names::snapshot_end>;
using PositionEnd = Empty<62, &names::position_end>;
using AccountSummaryEnd = IdOnly<64, &names::summary_end>;

struct MarketDataTypeMsg {
    static constexpr int id = 58, version = 1;
    static constexpr const char* name = "MARKET_DATA_TYPE";
    int req_id = 0, type = 1;
    template <class F>
    void visit(F& f) {
        f("reqId", req_id), f("marketDataType", type);
    }
    bool operator==(const MarketDataTypeMsg&) const = default;
};

struct CommissionReport {
    static constexpr int id = 59, version = 1;
    static constexpr const char* name = "COMMISSION_REPORT";
    std::string exec_id;
    double commission = 0;
    std::string currency = "USD";
    std::optional<double> realized_pnl, yield;
    int yield_redemption_date = 0;
    template <class F>
    void visit(F& f) {
        f("execId", exec_id), f("commission", commission), f("currency", currency);
        f("realizedPNL", realized_pnl), f("yield", yield);
        f("yieldRedemptionDate", yield_redemption_date);
    }
    bool operator==(const CommissionReport&) const = default;
};

struct PositionMsg {
    static constexpr int id = 61, version = 3;
    static constexpr const char* name = "POSITION";
    std::string account;
    Contract contract;
    Quantity position;
    double avg_cost = 0;
    template <class F>
    void visit(F& f) {
        f("account", account);
        contract.visit11(f);
        f("position", position), f("avgCost", avg_cost);
    }
    bool operator==(const PositionMsg&) const = default;
};

struct AccountSummaryMsg {
    static constexpr int id = 63, version = 1;
    static constexpr const char* name = "ACCOUNT_SUMMARY";
    int req_id = 0;
    std::string account, tag, value, currency;
    template <class F>
    void visit(F& f) {
        f("reqId", req_id), f("account", account), f("tag", tag), f("value", value);
        f("currency", currency);
    }
    bool operator==(const AccountSummaryMsg&) const = default;
};

struct TickReqParams {
    static constexpr int id = 81, version = -1;
    static constexpr const char* name = "TICK_REQ_PARAMS";
    int req_id = 0;
    double min_tick = 0.01;
    std::string bbo_exchange;
    int snapshot_permissions = 3;
    template <class F>
    void visit(F& f) {
        f("reqId", req_id), f("minTick", min_tick), f("bboExchange", bbo_exchange);
        f("snapshotPermissions", snapshot_permissions);
    }
    bool operator==(const TickReqParams&) const = default;
};

struct TickByTick {
    static constexpr int id = 99, version = -1;
    static constexpr const char* name = "TICK_BY_TICK";
    int req_id = 0;
    int type = 1;  // 1 Last, 2 AllLast, 3 BidAsk, 4 MidPoint
    int64_t time = 0;
    double price = 0;  // Last/AllLast price, or MidPoint
    Quantity size;     // Last/AllLast
    int mask = 0;
    std::string exchange, special_conditions;
    double bid = 0, ask = 0;      // BidAsk
    Quantity bid_size, ask_size;  // BidAsk
    template <class F>
    void visit(F& f) {
        f("reqId", req_id), f("tickType", type), f("time", time);
        if (type == 1 || type == 2) {
            f("price", price), f("size", size), f("mask", mask), f("exchange", exchange);
            f("specialConditions", special_conditions);
        } else if (type == 3) {
            f("bidPrice", bid), f("askPrice", ask), f("bidSize", bid_size), f("askSize", ask_size);
            f("mask", mask);
        } else if (type == 4) {
            f("midPoint", price);
        } else if constexpr (F::reading) {
            f.r.fail("tickType", std::to_string(type), "1, 2, 3 or 4");
        }
    }
    bool operator==(const TickByTick&) const = default;
};

// A message id we do not model; the client logs and ignores it (TWS sends many kinds).
struct UnknownMessage {
    int id = 0;
    bool operator==(const UnknownMessage&) const = default;
};

using ServerMessage =
    std::variant<UnknownMessage, TickPrice, TickSize, OrderStatusMsg, ErrorMsg, OpenOrder, NextValidId,
                 ContractDetailsMsg, ExecDetails, HistoricalDataMsg, ManagedAccounts, TickGeneric, TickString,
                 CurrentTime, RealTimeBar, ContractDetailsEnd, OpenOrderEnd, ExecDetailsEnd, TickSnapshotEnd,
                 MarketDataTypeMsg, CommissionReport, PositionMsg, PositionEnd, AccountSummaryMsg,
                 AccountSummaryEnd, TickReqParams, TickByTick, HistoricalDataUpdate>;

}  // namespace robo::ibkr
