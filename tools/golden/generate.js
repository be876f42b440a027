#!/usr/bin/env node
// tools/golden/generate.js — writes tests/features/golden/*.csv, the reference values the
// C++ indicators are tested against.
//
// TA-Lib columns come from TA-Lib C itself (npm `talib` 1.1.6 compiles the original C
// sources): SMA, EMA, RSI, MACD, BBANDS (SMA middle, population sd), ATR, OBV. %B and
// bandwidth are derived from TA-Lib's bands. VWAP (session-anchored and rolling), rolling
// population standard deviation, returns and z-score are not TA-Lib functions (or not with
// these options): they are computed here by a plain two-pass formula per output, a second
// implementation independent of the C++ streaming code.
//
// Usage: cd tools/golden && npm install && node generate.js [SHARED_DATA_DIR]
// (default ../../../shared/data, i.e. the shared data beside the repository).
'use strict';
const fs = require('fs');
const path = require('path');
const talib = require('talib');

const repo = path.resolve(__dirname, '..', '..');
const shared = path.resolve(process.argv[2] || path.join(repo, '..', 'shared', 'data'));
const outDir = path.join(repo, 'tests', 'features', 'golden');
fs.mkdirSync(outDir, { recursive: true });

const DAY_MS = 86400000;
const dayNumber = (ymd) => Math.floor(Date.parse(ymd + 'T00:00:00Z') / DAY_MS);

function readDaily(symbol) {
  const lines = fs.readFileSync(path.join(shared, 'daily', symbol + '.csv'), 'utf8').trim().split('\n');
  const head = lines[0].split(',');
  const col = (n) => head.indexOf(n);
  return lines.slice(1).map((l) => {
    const f = l.split(',');
    return { session: dayNumber(f[col('Date')]), high: +f[col('High')], low: +f[col('Low')],
             close: +f[col('Close')], volume: +f[col('Volume')] };
  });
}

// Intraday files: Date,Time,Open,High,Low,Close,Volume,... (the 1-minute future file's
// header omits "Time" but its rows carry it).
function readIntraday(file, limit) {
  const lines = fs.readFileSync(path.join(shared, 'intraday', file), 'utf8').trim().split('\n').slice(1);
  return lines.slice(0, limit).map((l) => {
    const f = l.split(',');
    return { session: dayNumber(f[0]), high: +f[3], low: +f[4], close: +f[5], volume: +f[6] };
  });
}

// Runs one TA-Lib function and spreads its outputs over the full length (null = warm-up).
function ta(name, bars, opts, outputs) {
  const n = bars.length;
  const r = talib.execute(Object.assign({
    name, startIdx: 0, endIdx: n - 1,
    inReal: bars.map((b) => b.close), high: bars.map((b) => b.high), low: bars.map((b) => b.low),
    close: bars.map((b) => b.close), volume: bars.map((b) => b.volume),
  }, opts));
  if (r.error) throw new Error(name + ': ' + r.error);
  return outputs.map((o) => {
    const col = new Array(n).fill(null);
    r.result[o].forEach((v, i) => { col[r.begIndex + i] = v; });
    return col;
  });
}

function rolling(bars, period, fn) {
  return bars.map((_, i) => (i + 1 < period ? null : fn(bars.slice(i + 1 - period, i + 1), i)));
}
function popStd(xs) {  // two passes: mean first, then squared deviations
  const mean = xs.reduce((a, x) => a + x, 0) / xs.length;
  const v = xs.reduce((a, x) => a + (x - mean) * (x - mean), 0) / xs.length;
  return { mean, sd: v < 1e-14 ? 0 : Math.sqrt(v) };
}
const typical = (b) => (b.high + b.low + b.close) / 3;
function vwapOf(window) {
  const v = window.reduce((a, b) => a + b.volume, 0);
  return v > 0 ? window.reduce((a, b) => a + typical(b) * b.volume, 0) / v : null;
}

function features(bars) {
  const [sma] = ta('SMA', bars, { optInTimePeriod: 20 }, ['outReal']);
  const [ema] = ta('EMA', bars, { optInTimePeriod: 20 }, ['outReal']);
  const [rsi] = ta('RSI', bars, { optInTimePeriod: 14 }, ['outReal']);
  const [macd, signal, hist] = ta('MACD', bars, { optInFastPeriod: 12, optInSlowPeriod: 26, optInSignalPeriod: 9 },
                                  ['outMACD', 'outMACDSignal', 'outMACDHist']);
  const [upper, middle, lower] = ta('BBANDS', bars, { optInTimePeriod: 20, optInNbDevUp: 2, optInNbDevDn: 2, optInMAType: 0 },
                                    ['outRealUpperBand', 'outRealMiddleBand', 'outRealLowerBand']);
  // %B and bandwidth are not TA-Lib outputs. They are derived from the SMA and the two-pass
  // population sd: TA-Lib's own sd (mean of squares minus squared mean) loses about 1e-8
  // relative on 3500-point index prices, which the ratios would magnify.
  const stats20 = rolling(bars, 20, (w) => popStd(w.map((b) => b.close)));
  const pctb = bars.map((b, i) => {
    if (stats20[i] === null) return null;
    const { mean, sd } = stats20[i];
    return sd > 0 ? (b.close - (mean - 2 * sd)) / (4 * sd) : 0.5;
  });
  const width = bars.map((_, i) => (stats20[i] === null ? null : (4 * stats20[i].sd) / stats20[i].mean));
  const [atr] = ta('ATR', bars, { optInTimePeriod: 14 }, ['outReal']);
  const [obv] = ta('OBV', bars, {}, ['outReal']);
  // Session-anchored VWAP: recomputed from the session's first bar every time (no running sum).
  const vwap = bars.map((b, i) => {
    let s = i;
    while (s > 0 && bars[s - 1].session === b.session) s--;
    return vwapOf(bars.slice(s, i + 1));
  });
  const vwap20 = rolling(bars, 20, vwapOf);
  const std20 = rolling(bars, 20, (w) => popStd(w.map((b) => b.close)).sd);
  const z20 = rolling(bars, 20, (w) => {
    const { mean, sd } = popStd(w.map((b) => b.close));
    return sd === 0 ? 0 : (w[w.length - 1].close - mean) / sd;
  });
  const ret1 = bars.map((b, i) => (i < 1 ? null : b.close / bars[i - 1].close - 1));
  const logret5 = bars.map((b, i) => (i < 5 ? null : Math.log(b.close / bars[i - 5].close)));
  return { sma_20: sma, ema_20: ema, rsi_14: rsi, macd, macd_signal: signal, macd_hist: hist,
           bb_upper: upper, bb_middle: middle, bb_lower: lower, bb_pctb: pctb, bb_width: width,
           atr_14: atr, obv, vwap, vwap_20: vwap20, std_20: std20, zscore_20: z20, ret_1: ret1,
           logret_5: logret5 };
}

// 12 significant digits keep the files small and still 1000x finer than the 1e-9 test.
const fmt = (v) => (v === null ? '' : String(Number(v.toPrecision(12))));

function write(name, bars) {
  const cols = features(bars);
  const names = Object.keys(cols);
  const rows = ['high,low,close,volume,session,' + names.join(',')];
  bars.forEach((b, i) => {
    rows.push([b.high, b.low, b.close, b.volume, b.session].map(String).concat(names.map((c) => fmt(cols[c][i]))).join(','));
  });
  fs.writeFileSync(path.join(outDir, name + '.csv'), rows.join('\n') + '\n');
  console.log(`${name}: ${bars.length} bars`);
}

for (const s of ['AAPL', 'GE', 'JPM', 'NVDA']) write('daily-' + s, readDaily(s));
write('index-2006-5min', readIntraday('index-2006-5min.csv'));
write('future-2006-1min', readIntraday('index-future-2006-1min.csv', 1500));
