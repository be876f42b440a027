// robo_trader dashboard: one WebSocket (protocol in src/robo/web/hub.hpp), no polling.
// Every message carries the connection's sequence number; a gap means the server skipped
// messages for us (we were slow), so we ask for fresh snapshots of every topic.
import { createChart, LineSeries, AreaSeries, CandlestickSeries, HistogramSeries } from "lightweight-charts";

const TOPICS = ["quotes", "bars", "features", "signals", "orders", "fills", "positions", "risk", "health", "equity"];
const $ = (id) => document.getElementById(id);
const state = {
  seq: 0, messages: 0, gaps: 0, symbol: null, symbols: new Set(),
  positions: new Map(), feeds: new Map(), bars: new Map(), features: new Map(),
  lastEquityTime: 0, peak: 0,
};

const chartOptions = (height) => ({
  height, layout: { background: { color: "#182029" }, textColor: "#d8dee9" },
  grid: { vertLines: { color: "#222c36" }, horzLines: { color: "#222c36" } },
  timeScale: { timeVisible: true, secondsVisible: false }, autoSize: true,
});
const equityChart = createChart($("equity-chart"), chartOptions(260));
const equitySeries = equityChart.addSeries(AreaSeries, { lineColor: "#4cd17f", topColor: "rgba(76,209,127,0.3)", bottomColor: "rgba(76,209,127,0)" });
const drawdownChart = createChart($("drawdown-chart"), chartOptions(110));
const drawdownSeries = drawdownChart.addSeries(HistogramSeries, { color: "#c0392b" });
const priceChart = createChart($("price-chart"), chartOptions(260));
const candles = priceChart.addSeries(CandlestickSeries, {});
const overlays = new Map(); // feature name -> line series

const fmt = (v, digits = 2) => (v === undefined || v === null || v === "" ? "–" : Number(v).toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits }));
const pct = (v) => (v === undefined || v === null ? "–" : (100 * Number(v)).toFixed(2) + "%");
const escapeHtml = (t) => String(t).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const seconds = (iso) => Math.floor(Date.parse(iso) / 1000);
const signClass = (v) => (Number(v) >= 0 ? "gain" : "loss");

function setBadge(el, text, cls) { el.textContent = text; el.className = "badge " + cls; }

function connect() {
  const ws = new WebSocket(`${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/ws`);
  state.ws = ws;
  ws.onopen = () => {
    setBadge($("connection"), "live", "ok");
    state.seq = 0;
    ws.send(JSON.stringify({ op: "subscribe", topics: TOPICS }));
  };
  ws.onclose = () => { setBadge($("connection"), "disconnected", "bad"); setTimeout(connect, 1000); };
  ws.onmessage = (ev) => {
    const m = JSON.parse(ev.data);
    state.messages++;
    if (state.seq && m.seq !== state.seq + 1) {   // the server skipped messages for us
      state.gaps++;
      for (const t of TOPICS) ws.send(JSON.stringify({ op: "snapshot", topic: t }));
    }
    state.seq = m.seq;
    if (m.type === "event") apply(m.topic, m.symbol, m.time, m.data);
    else if (m.type === "snapshot") for (const it of m.items) apply(m.topic, it.symbol, it.time, it.data, true);
    $("msg-count").textContent = state.messages;
    $("gap-count").textContent = state.gaps;
  };
}

function addSymbol(symbol) {
  if (!symbol || state.symbols.has(symbol)) return;
  state.symbols.add(symbol);
  const opt = document.createElement("option");
  opt.value = opt.textContent = symbol;
  $("symbol").appendChild(opt);
  if (!state.symbol) selectSymbol(symbol);
}

function selectSymbol(symbol) {
  state.symbol = symbol;
  $("symbol").value = symbol;
  const bars = state.bars.get(symbol) || [];
  candles.setData(bars);
  for (const [name, series] of overlays) series.setData((state.features.get(symbol) || new Map()).get(name) || []);
  $("last-price").textContent = bars.length ? fmt(bars[bars.length - 1].close) : "–";
}
$("symbol").addEventListener("change", (e) => selectSymbol(e.target.value));

function pushPoint(list, point) {
  if (list.length && list[list.length - 1].time === point.time) list[list.length - 1] = point;
  else if (!list.length || list[list.length - 1].time < point.time) list.push(point);
  else return false;
  if (list.length > 5000) list.shift();
  return true;
}

const OVERLAY_COLORS = { sma: "#f5b041", ema: "#5dade2", bb_upper: "#af7ac5", bb_middle: "#7f8c8d", bb_lower: "#af7ac5", vwap: "#48c9b0" };
function overlayFor(name) {
  if (!overlays.has(name)) overlays.set(name, priceChart.addSeries(LineSeries, { color: OVERLAY_COLORS[name] || "#aaa", lineWidth: 1, title: name }));
  return overlays.get(name);
}

const handlers = {
  bars(symbol, time, d) {
    addSymbol(symbol);
    const bar = { time: seconds(d.start || time), open: +d.open, high: +d.high, low: +d.low, close: +d.close };
    if (!state.bars.has(symbol)) state.bars.set(symbol, []);
    if (pushPoint(state.bars.get(symbol), bar) && symbol === state.symbol) {
      candles.update(bar);
      $("last-price").textContent = fmt(bar.close);
    }
  },
  quotes(symbol, time, d) {
    addSymbol(symbol);
    if (symbol === state.symbol && d.last) $("last-price").textContent = fmt(d.last);
  },
  features(symbol, time, d) {
    const values = d.values || {};
    if (!state.features.has(symbol)) state.features.set(symbol, new Map());
    const per = state.features.get(symbol);
    const t = seconds(d.bar_start || time);
    for (const name of Object.keys(OVERLAY_COLORS)) {
      if (values[name] === undefined || values[name] === null) continue;
      if (!per.has(name)) per.set(name, []);
      const p = { time: t, value: +values[name] };
      if (pushPoint(per.get(name), p) && symbol === state.symbol) overlayFor(name).update(p);
    }
  },
  positions(symbol, time, d) {
    if (Number(d.quantity) === 0) state.positions.delete(symbol); else state.positions.set(symbol, d);
    const rows = [...state.positions.entries()].sort().map(([s, p]) =>
      `<tr data-symbol="${s}"><td>${s}</td><td>${p.quantity}</td><td>${fmt(p.average_cost)}</td><td>${fmt(p.mark)}</td>` +
      `<td class="${signClass(p.unrealized_pnl)}">${fmt(p.unrealized_pnl)}</td><td class="${signClass(p.realized_pnl)}">${fmt(p.realized_pnl)}</td></tr>`);
    $("positions").innerHTML = rows.join("");
  },
  orders(symbol, time, d) {
    // One row per order, updated in place: the current terms (a modified stop shows its new price).
    const prices = [d.limit ? `limit ${d.limit}` : "", d.stop ? `stop ${d.stop}` : ""].filter(Boolean).join(" ");
    const status = d.note ? `<span title="${escapeHtml(d.note)}">${d.status} *</span>` : d.status;
    prependRow($("orders"), `<td>${time.slice(0, 19).replace("T", " ")}</td><td>${symbol}</td><td>${d.side}</td><td>${d.quantity}</td><td>${d.type}</td><td>${prices}</td><td>${status}</td>`, d.client_id);
  },
  fills(symbol, time, d) {
    prependRow($("fills"), `<td>${time.slice(0, 19).replace("T", " ")}</td><td>${symbol}</td><td>${d.side}</td><td>${d.quantity}</td><td>${fmt(d.price)}</td><td>${fmt(d.commission)}</td>`, d.exec_id);
  },
  equity(symbol, time, d) {
    const t = seconds(time);
    const eq = +d.equity;
    state.peak = Math.max(state.peak, eq);
    const dd = d.drawdown !== undefined ? +d.drawdown : (state.peak ? eq / state.peak - 1 : 0);
    if (t >= state.lastEquityTime) {
      equitySeries.update({ time: t, value: eq });
      drawdownSeries.update({ time: t, value: -Math.abs(dd) * 100 });
      state.lastEquityTime = t;
    }
    $("equity-value").textContent = fmt(eq);
    $("drawdown-value").textContent = pct(-Math.abs(dd));
  },
  risk(symbol, time, d) {
    const gauge = (id, value, limit, text) => { $(id).max = limit || 1; $(id).value = Math.min(Math.abs(value || 0), limit || 1); $(id + "-text").textContent = text; };
    gauge("heat", d.heat, d.heat_limit, `${pct(d.heat)} / ${pct(d.heat_limit)}`);
    gauge("exposure", d.leverage, d.max_leverage, `${fmt(d.leverage)}x / ${fmt(d.max_leverage)}x`);
    gauge("daily", Math.min(0, d.daily_pnl_pct || 0), d.daily_loss_limit_pct, `${pct(d.daily_pnl_pct)} / -${pct(d.daily_loss_limit_pct)}`);
    if (d.kill_switch_tripped) setBadge($("kill-switch"), "TRIPPED" + (d.kill_switch_reason ? ": " + d.kill_switch_reason : ""), "bad");
    else setBadge($("kill-switch"), "armed", "ok");
  },
  health(symbol, time, d) {
    const st = d.state || "?";
    setBadge($("engine-state"), "engine: " + st, !d.healthy ? "bad" : st === "running" ? "ok" : "warn");
    if (d.mode) $("mode").textContent = d.mode;
    if (d.feeds) {
      state.feeds = new Map(Object.entries(d.feeds));
      const ago = (s) => (s === undefined ? "–" : s < 120 ? `${s.toFixed(0)} s` : s < 7200 ? `${(s / 60).toFixed(0)} min` : s < 172800 ? `${(s / 3600).toFixed(1)} h` : `${(s / 86400).toFixed(1)} d`);
      $("feeds").innerHTML = [...state.feeds.entries()].sort().map(([s, f]) =>
        `<tr data-symbol="${s}"><td>${s}</td><td>${f.last_data ? f.last_data.slice(0, 19).replace("T", " ") : "–"}</td>` +
        `<td>${ago(f.staleness_seconds)}</td><td>${f.messages ?? 0}</td><td>${f.quality !== undefined ? pct(f.quality) : "–"}</td>` +
        `<td>${f.quarantined ?? 0}</td><td>${f.gaps ?? 0}</td><td class="${f.stalled ? "stalled" : ""}">${f.stalled ? "STALLED" : f.ended ? "ended" : f.messages ? "ok" : "waiting"}</td></tr>`).join("");
      const stalled = d.feeds_stalled || 0;
      setBadge($("feed-summary"), stalled ? `${stalled} stalled` : `${state.feeds.size} feeds ok`, stalled ? "bad" : "ok");
    }
  },
  signals() {},
};

const seenRows = new Set();
function prependRow(tbody, cells, key) {
  const id = tbody.id + ":" + key;
  const existing = key && tbody.querySelector(`tr[data-key="${CSS.escape(id)}"]`);
  if (existing) { existing.innerHTML = cells; return; }
  const tr = document.createElement("tr");
  tr.dataset.key = id;
  tr.innerHTML = cells;
  tbody.prepend(tr);
  seenRows.add(id);
  while (tbody.rows.length > 200) tbody.deleteRow(tbody.rows.length - 1);
}

function apply(topic, symbol, time, data, fromSnapshot = false) {
  const h = handlers[topic];
  if (h) h(symbol, time, data || {}, fromSnapshot);
}

async function control(action) {
  const token = $("token").value;
  const reason = $("reason").value || `dashboard ${action}`;
  const res = await fetch(`/api/control/${action}`, {
    method: "POST", headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ reason }),
  });
  const body = await res.json().catch(() => ({}));
  $("control-result").textContent = res.ok ? `${action}: done` : `${action}: refused (${res.status}) ${body.error || ""}`;
}
for (const action of ["trip", "reset", "pause", "resume", "flatten"]) $(action).addEventListener("click", () => control(action));

connect();
