#!/usr/bin/env node
// Drives @stoqey/ib (an independent TypeScript TWS client, strict: code 505 on any extra or
// missing field) against our TWS simulator: market data, tick-by-tick, real-time bars,
// historical bars, keepUpToDate historical bars (historicalDataUpdate, then
// cancelHistoricalData), contract details, a market order that fills, a resting limit order
// that is cancelled, executions, positions, account summary and current time.
// Usage: node stoqey_scenario.js <port> [clientId]. Prints one JSON line; exit 0 when every
// checkpoint was reached and no decoding error (505) or unexpected error occurred.
"use strict";
const { IBApi, EventName } = require("@stoqey/ib");

const port = Number(process.argv[2] || 7497);
const clientId = Number(process.argv[3] || 11);
const ib = new IBApi({ host: "127.0.0.1", port });
const aapl = { symbol: "AAPL", secType: "STK", exchange: "SMART", currency: "USD" };

const seen = {};
const errors = [];
const mark = (k) => (seen[k] = (seen[k] || 0) + 1);
const need = ["nextValidId", "managedAccounts", "tickPrice", "tickSize", "tickString", "tickByTickAllLast",
  "tickByTickBidAsk", "realtimeBar", "historicalBar", "historicalEnd", "historicalUpdate", "historicalUpdateNewBar",
  "contractDetails", "contractDetailsEnd",
  "filled", "execDetails", "commissionReport", "cancelled", "openOrderEnd", "executionsEnd", "position",
  "positionEnd", "accountSummary", "accountSummaryEnd", "currentTime", "unknownContract200"];
let finished = false;

function finish(reason) {
  if (finished) return;
  finished = true;
  const missing = need.filter((k) => !seen[k]);
  const decoding = errors.filter((e) => e.code === 505);
  const ok = missing.length === 0 && errors.length === 0;
  console.log(JSON.stringify({ ok, reason, missing, decoding_errors: decoding.length, errors, seen }));
  try { ib.disconnect(); } catch (e) { /* closing anyway */ }
  process.exit(ok ? 0 : 1);
}
setTimeout(() => finish("timeout"), Number(process.env.SCENARIO_TIMEOUT_MS || 20000));
setInterval(() => { if (need.every((k) => seen[k])) finish("complete"); }, 50);

let limitId = 0;
ib.on(EventName.error, (err, code, reqId) => {
  const msg = err && err.message ? err.message : String(err);
  if (code === 202 && reqId === limitId) return mark("cancelled202");
  if (code === 200 && reqId === 99) return mark("unknownContract200");
  errors.push({ code, reqId, msg });
})
  .on(EventName.info, () => mark("info"))
  .on(EventName.managedAccounts, (a) => a.startsWith("DU") && mark("managedAccounts"))
  .on(EventName.tickPrice, () => mark("tickPrice"))
  .on(EventName.tickSize, () => mark("tickSize"))
  .on(EventName.tickString, () => mark("tickString"))
  .on(EventName.tickGeneric, () => mark("tickGeneric"))
  .on(EventName.tickByTickAllLast, () => mark("tickByTickAllLast"))
  .on(EventName.tickByTickBidAsk, () => mark("tickByTickBidAsk"))
  .on(EventName.realtimeBar, () => mark("realtimeBar"))
  .on(EventName.historicalData, (reqId, time) =>
    String(time).startsWith("finished") ? mark("historicalEnd") : mark("historicalBar"))
  .on(EventName.historicalDataUpdate, (reqId, time, open, high, low, close, volume) => {
    if (reqId !== 10 || !(high >= low && open > 0 && close > 0 && volume >= 0)) return;
    mark("historicalUpdate");
    // A second bar has started: the stream works; cancel it (no error may follow).
    if (seen.firstUpdateTime === undefined) seen.firstUpdateTime = time;
    else if (time !== seen.firstUpdateTime && !seen.historicalUpdateNewBar) {
      mark("historicalUpdateNewBar");
      ib.cancelHistoricalData(10);
    }
  })
  .on(EventName.contractDetails, (reqId, d) => d.contract.symbol === "AAPL" && mark("contractDetails"))
  .on(EventName.contractDetailsEnd, () => mark("contractDetailsEnd"))
  .on(EventName.orderStatus, (id, status) => {
    if (status === "Filled") mark("filled");
    if (status === "Cancelled" && id === limitId) mark("cancelled");
  })
  .on(EventName.openOrder, (id, contract, order, state) => state && state.status && mark("openOrder"))
  .on(EventName.openOrderEnd, () => mark("openOrderEnd"))
  .on(EventName.execDetails, (reqId, c, e) => {
    mark("execDetails");
    if (!seen.executionsRequested) { seen.executionsRequested = 1; ib.reqExecutions(7, {}); }
  })
  .on(EventName.execDetailsEnd, () => mark("executionsEnd"))
  .on(EventName.commissionReport, () => { mark("commissionReport"); ib.reqPositions(); })
  .on(EventName.position, () => mark("position"))
  .on(EventName.positionEnd, () => mark("positionEnd"))
  .on(EventName.accountSummary, () => mark("accountSummary"))
  .on(EventName.accountSummaryEnd, () => mark("accountSummaryEnd"))
  .on(EventName.currentTime, () => mark("currentTime"));

ib.once(EventName.nextValidId, (id) => {
  mark("nextValidId");
  ib.reqMktData(1, aapl, "", false, false);
  ib.reqTickByTickData(2, aapl, "AllLast", 0, false);
  ib.reqTickByTickData(3, aapl, "BidAsk", 0, false);
  ib.reqRealTimeBars(4, aapl, 5, "TRADES", false);
  ib.reqHistoricalData(5, aapl, "", "1 D", "5 mins", "TRADES", 1, 1, false);
  ib.reqHistoricalData(10, aapl, "", "1800 S", "5 secs", "TRADES", 1, 1, true);  // keepUpToDate
  ib.reqContractDetails(6, aapl);
  ib.reqContractDetails(99, { symbol: "NOSUCH", secType: "STK", exchange: "SMART", currency: "USD" });
  ib.reqAccountSummary(8, "All", "NetLiquidation,TotalCashValue,BuyingPower,AvailableFunds");
  ib.reqCurrentTime();
  ib.placeOrder(id, aapl, { action: "BUY", orderType: "MKT", totalQuantity: 10, tif: "DAY", transmit: true });
  limitId = id + 1;
  ib.placeOrder(limitId, aapl, { action: "BUY", orderType: "LMT", lmtPrice: 1, totalQuantity: 5, tif: "DAY",
    transmit: true });
  setTimeout(() => { ib.reqOpenOrders(); ib.cancelOrder(limitId); }, 300);
});
ib.connect(clientId);
