// ibkr/requests.hpp — typed client -> server messages at server version 176.
//
// Same scheme as messages.hpp: id, version (-1 when absent), one visit() for both
// directions. The simulator decodes these; the client encodes them. PlaceOrder is the
// full 115-field layout of §4; blocks we never send are still walked when decoding so the
// simulator stays aligned with other clients (it rejects what it does not support).
#pragma once
#include "robo/ibkr/messages.hpp"

namespace robo::ibkr {

struct StartApi {
    static constexpr int id = 71, version = 2;
    static constexpr const char* name = "START_API";
    int client_id = 0;
    std::string optional_capabilities;
    template <class F>
    void visit(F& f) {
        f("clientId", client_id), f("optionalCapabilities", optional_capabilities);
    }
    bool operator==(const StartApi&) const = default;
};

struct ReqMktData {
    static constexpr int id = 1, version = 11;
    static constexpr const char* name = "REQ_MKT_DATA";
    int req_id = 0;
    Contract contract;
    bool dnc_present = false;
    std::string generic_ticks;
    bool snapshot = false, regulatory_snapshot = false;
    std::string options;
    template <class F>
    void visit(F& f) {
        f("reqId", req_id);
        contract.visit12(f);
        visit_bag_legs(f, contract);
        f("deltaNeutralContractPresent", dnc_present);
        if (dnc_present) f.skip_n("deltaNeutralContract", 3);
        f("genericTickList", generic_ticks), f("snapshot", snapshot);
        f("regulatorySnapshot", regulatory_snapshot), f("mktDataOptions", options);
    }
    bool operator==(const ReqMktData&) const = default;
};

using CancelMktData = IdOnly<2, &names::cancel_mkt_data>;

// placeOrder at SV 176: exactly 115 fields for a plain order (§4).
struct PlaceOrder {
    static constexpr int id = 3, version = -1;
    static constexpr const char* name = "PLACE_ORDER";
    int order_id = 0;
    Contract contract;
    std::string action = "BUY";  // BUY, SELL, SSHORT
    Quantity total_quantity;
    std::string order_type = "LMT";  // MKT, LMT, STP, STP LMT, ...
    std::optional<double> lmt_price, aux_price;
    std::string tif = "DAY", oca_group, account, open_close;
    int origin = 0;
    std::string order_ref;
    bool transmit = true;
    int parent_id = 0;
    bool outside_rth = false;
    std::string good_till_date;
    // Read only to walk the conditional blocks.
    std::string dn_order_type, hedge_type, algo_strategy, compete_offset;
    std::optional<double> scale_price_increment;
    bool dnc_present = false;
    int conditions = 0;

    template <class F>
    void visit(F& f) {
        f("orderId", order_id);
        contract.visit12(f);
        if constexpr (F::reading) {
            if (contract.sec_type == "BAG")
                f.r.fail("secType", "\"BAG\"", "a single-leg contract (combo orders unsupported)");
        }
        f.skip("secIdType", ""), f.skip("secId", "");
        // A: core
        f("action", action), f("totalQuantity", total_quantity), f("orderType", order_type);
        f("lmtPrice", lmt_price), f("auxPrice", aux_price), f("tif", tif), f("ocaGroup", oca_group);
        f("account", account), f("openClose", open_close), f("origin", origin);
        f("orderRef", order_ref), f("transmit", transmit), f("parentId", parent_id);
        f.skip("blockOrder", "0"), f.skip("sweepToFill", "0"), f.skip("displaySize", "");
        f.skip("triggerMethod", "0"), f("outsideRth", outside_rth), f.skip("hidden", "0");
        // B: consumed and ignored
        f.skip("sharesAllocation", ""), f.skip("discretionaryAmt", ""), f.skip("goodAfterTime", "");
        f("goodTillDate", good_till_date), f.skip("faGroup", ""), f.skip("faMethod", "");
        f.skip("faPercentage", ""), f.skip("faProfile", ""), f.skip("modelCode", "");
        f.skip("shortSaleSlot", "0"), f.skip("designatedLocation", ""), f.skip("exemptCode", "-1");
        f.skip("ocaType", "0"), f.skip("rule80A", ""), f.skip("settlingFirm", "");
        f.skip("allOrNone", "0"), f.skip("minQty", ""), f.skip("percentOffset", "");
        f.skip("eTradeOnly", "0"), f.skip("firmQuoteOnly", "0"), f.skip("nbboPriceCap", "");
        f.skip("auctionStrategy", "0"), f.skip("startingPrice", ""), f.skip("stockRefPrice", "");
        f.skip("delta", ""), f.skip("stockRangeLower", ""), f.skip("stockRangeUpper", "");
        f.skip("overridePercentageConstraints", "0"), f.skip("volatility", "");
        f.skip("volatilityType", ""), f("deltaNeutralOrderType", dn_order_type);
        f.skip("deltaNeutralAuxPrice", "");
        // C: conditional blocks
        if (!dn_order_type.empty()) f.skip_n("deltaNeutral", 8);
        f.skip("continuousUpdate", "0"), f.skip("referencePriceType", "");
        f.skip("trailStopPrice", ""), f.skip("trailingPercent", "");
        f.skip("scaleInitLevelSize", ""), f.skip("scaleSubsLevelSize", "");
        f("scalePriceIncrement", scale_price_increment);
        if (scale_price_increment && *scale_price_increment > 0) f.skip_n("scaleParams", 7);
        f.skip("scaleTable", ""), f.skip("activeStartTime", ""), f.skip("activeStopTime", "");
        f("hedgeType", hedge_type);
        if (!hedge_type.empty()) f.skip_n("hedgeParam", 1);
        f.skip("optOutSmartRouting", "0"), f.skip("clearingAccount", "");
        f.skip("clearingIntent", ""), f.skip("notHeld", "0");
        f("deltaNeutralContractPresent", dnc_present);
        if (dnc_present) f.skip_n("deltaNeutralContract", 3);
        f("algoStrategy", algo_strategy);
        if (!algo_strategy.empty()) f.skip_group("algoParamsCount", 2);
        f.skip("algoId", ""), f.skip("whatIf", "0"), f.skip("orderMiscOptions", "");
        f.skip("solicited", "0"), f.skip("randomizeSize", "0"), f.skip("randomizePrice", "0");
        if (order_type == "PEG BENCH") f.skip_n("pegBench", 5);
        visit_conditions(f, conditions);
        f.skip("adjustedOrderType", ""), f.skip("triggerPrice", ""), f.skip("lmtPriceOffset", "");
        f.skip("adjustedStopPrice", ""), f.skip("adjustedStopLimitPrice", "");
        f.skip("adjustedTrailingAmount", ""), f.skip("adjustableTrailingUnit", "0");
        f.skip("extOperator", ""), f.skip("softDollarTierName", ""), f.skip("softDollarTierValue", "");
        f.skip("cashQty", ""), f.skip("mifid2DecisionMaker", ""), f.skip("mifid2DecisionAlgo", "");
        f.skip("mifid2ExecutionTrader", ""), f.skip("mifid2ExecutionAlgo", "");
        f.skip("dontUseAutoPriceForHedge", "0"), f.skip("isOmsContainer", "0");
        f.skip("discretionaryUpToLimitPrice", "0"), f.skip("usePriceMgmtAlgo", "");
        f.skip("duration", ""), f.skip("postToAts", ""), f.skip("autoCancelParent", "0");
        f.skip("advancedErrorOverride", ""), f.skip("manualOrderTime", "");
        // From SV 170, only for these venues and types.
        if (contract.exchange == "IBKRATS") f.skip_n("minTradeQty", 1);
        if (order_type == "PEG BEST") {
            f.skip("minCompeteSize", ""), f("competeAgainstBestOffset", compete_offset);
            if (compete_offset == "Infinity") f.skip_n("midOffsets", 2);
        }
        if (order_type == "PEG MID") f.skip_n("midOffsets", 2);
    }
    bool operator==(const PlaceOrder&) const = default;
};

struct CancelOrder {
    static constexpr int id = 4, version = 1;
    static constexpr const char* name = "CANCEL_ORDER";
    int order_id = 0;
    std::string manual_order_cancel_time;
    template <class F>
    void visit(F& f) {
        f("orderId", order_id), f("manualOrderCancelTime", manual_order_cancel_time);
    }
    bool operator==(const CancelOrder&) const = default;
};

using ReqOpenOrders = Empty<5, &names::req_open_orders>;
using ReqAllOpenOrders = Empty<16, &names::req_all_open_orders>;
using ReqManagedAccts = Empty<17, &names::req_managed_accts>;
using ReqCurrentTime = Empty<49, &names::req_current_time>;
using ReqGlobalCancel = Empty<58, &names::req_global_cancel>;
using ReqPositions = Empty<61, &names::req_positions>;
using CancelPositions = Empty<64, &names::cancel_positions>;
using CancelHistoricalData = IdOnly<25, &names::cancel_historical>;
using CancelRealTimeBars = IdOnly<51, &names::cancel_rt_bars>;
using CancelAccountSummary = IdOnly<63, &names::cancel_account_summary>;

struct ReqExecutions {
    static constexpr int id = 7, version = 3;
    static constexpr const char* name = "REQ_EXECUTIONS";
    int req_id = 0;
    int client_id = 0;  // filter: 0 means all
    std::string account, time, symbol, sec_type, exchange, side;
    template <class F>
    void visit(F& f) {
        f("reqId", req_id), f("clientId", client_id), f("acctCode", account), f("time", time);
        f("symbol", symbol), f("secType", sec_type), f("exchange", exchange), f("side", side);
    }
    bool operator==(const ReqExecutions&) const = default;
};

struct ReqIds {
    static constexpr int id = 8, version = 1;
    static constexpr const char* name = "REQ_IDS";
    int num_ids = 1;
    template <class F>
    void visit(F& f) {
        f("numIds", num_ids);
    }
    bool operator==(const ReqIds&) const = default;
};

struct ReqContractDetails {
    static constexpr int id = 9, version = 8;
    static constexpr const char* name = "REQ_CONTRACT_DATA";
    int req_id = 0;
    Contract contract;
    bool include_expired = false;
    std::string sec_id_type, sec_id, issuer_id;
    template <class F>
    void visit(F& f) {
        f("reqId", req_id);
        contract.visit12(f);
        f("includeExpired", include_expired), f("secIdType", sec_id_type), f("secId", sec_id);
        f("issuerId", issuer_id);
    }
    bool operator==(const ReqContractDetails&) const = default;
};

struct ReqHistoricalData {
    static constexpr int id = 20, version = -1;
    static constexpr const char* name = "REQ_HISTORICAL_DATA";
    int req_id = 0;
    Contract contract;
    bool include_expired = false;
    std::string end_date_time;       // empty: now
    std::string bar_size = "1 min";  // bar size comes before duration
    std::string duration = "1 D";
    int use_rth = 1;
    std::string what_to_show = "TRADES";
    int format_date = 1;
    bool keep_up_to_date = false;
    std::string chart_options;
    template <class F>
    void visit(F& f) {
        f("reqId", req_id);
        contract.visit12(f);
        f("includeExpired", include_expired), f("endDateTime", end_date_time);
        f("barSizeSetting", bar_size), f("durationStr", duration), f("useRTH", use_rth);
        f("whatToShow", what_to_show), f("formatDate", format_date);
        visit_bag_legs(f, contract);
        f("keepUpToDate", keep_up_to_date), f("chartOptions", chart_options);
    }
    // What IBKR's "no identical request within 15 s" rule compares: the client's pacer
    // and the simulator's enforcement use this one definition.
    std::string pacing_key() const {
        return contract.symbol + '|' + contract.sec_type + '|' + contract.exchange + '|' + end_date_time +
               '|' + bar_size + '|' + duration + '|' + what_to_show + '|' + std::to_string(use_rth);
    }
    bool operator==(const ReqHistoricalData&) const = default;
};

struct ReqRealTimeBars {
    static constexpr int id = 50, version = 3;
    static constexpr const char* name = "REQ_REAL_TIME_BARS";
    int req_id = 0;
    Contract contract;
    int bar_size = 5;
    std::string what_to_show = "TRADES";
    bool use_rth = false;
    std::string options;
    template <class F>
    void visit(F& f) {
        f("reqId", req_id);
        contract.visit12(f);
        f("barSize", bar_size), f("whatToShow", what_to_show), f("useRTH", use_rth);
        f("realTimeBarsOptions", options);
    }
    bool operator==(const ReqRealTimeBars&) const = default;
};

struct ReqMarketDataType {
    static constexpr int id = 59, version = 1;
    static constexpr const char* name = "REQ_MARKET_DATA_TYPE";
    int type = 1;
    template <class F>
    void visit(F& f) {
        f("marketDataType", type);
    }
    bool operator==(const ReqMarketDataType&) const = default;
};

struct ReqAccountSummary {
    static constexpr int id = 62, version = 1;
    static constexpr const char* name = "REQ_ACCOUNT_SUMMARY";
    int req_id = 0;
    std::string group = "All";
    std::string tags = "NetLiquidation,TotalCashValue,BuyingPower,AvailableFunds";
    template <class F>
    void visit(F& f) {
        f("reqId", req_id), f("group", group), f("tags", tags);
    }
    bool operator==(const ReqAccountSummary&) const = default;
};

struct ReqTickByTick {
    static constexpr int id = 97, version = -1;
    static constexpr const char* name = "REQ_TICK_BY_TICK_DATA";
    int req_id = 0;
    Contract contract;
    std::string tick_type = "Last";  // Last, AllLast, BidAsk, MidPoint
    int number_of_ticks = 0;
    bool ignore_size = false;
    template <class F>
    void visit(F& f) {
        f("reqId", req_id);
        contract.visit12(f);
        f("tickType", tick_type), f("numberOfTicks", number_of_ticks), f("ignoreSize", ignore_size);
    }
    bool operator==(const ReqTickByTick&) const = default;
};

struct CancelTickByTick {
    static constexpr int id = 98, version = -1;
    static constexpr const char* name = "CANCEL_TICK_BY_TICK_DATA";
    int req_id = 0;
    template <class F>
    void visit(F& f) {
        f("reqId", req_id);
    }
    bool operator==(const CancelTickByTick&) const = default;
};

struct UnknownRequest {
    int id = 0;
    bool operator==(const UnknownRequest&) const = default;
};

using ClientMessage =
    std::variant<UnknownRequest, StartApi, ReqMktData, CancelMktData, PlaceOrder, CancelOrder, ReqOpenOrders,
                 ReqAllOpenOrders, ReqManagedAccts, ReqCurrentTime, ReqGlobalCancel, ReqPositions,
                 CancelPositions, CancelHistoricalData, CancelRealTimeBars, CancelAccountSummary,
                 ReqExecutions, ReqIds, ReqContractDetails, ReqHistoricalData, ReqRealTimeBars,
                 ReqMarketDataType, ReqAccountSummary, ReqTickByTick, CancelTickByTick>;

}  // namespace robo::ibkr
