#!/usr/bin/env node
import { createRequire as __gmgCreateRequire } from 'node:module'; const require = __gmgCreateRequire(import.meta.url);

// src/config.ts
import { parseArgs } from "node:util";

// src/errors.ts
var GateError = class extends Error {
  name = "GateError";
};
var UsageError = class extends Error {
  name = "UsageError";
};

// src/units.ts
var DURATION_UNITS = { ms: 1e-3, s: 1, m: 60, min: 60, h: 3600 };
function parseDuration(text, what = "duration") {
  const s = text.trim();
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s);
  const re = /(\d+(?:\.\d+)?)(ms|s|min|m|h)/gy;
  let total = 0;
  let matched = 0;
  let m;
  while ((m = re.exec(s)) !== null) {
    total += Number(m[1]) * DURATION_UNITS[m[2]];
    matched = re.lastIndex;
  }
  if (s === "" || matched !== s.length) {
    throw new UsageError(`${what}: cannot read "${text}" as a duration; use e.g. 500ms, 45s, 2m, 1m30s or 1h`);
  }
  return total;
}
var BYTE_UNITS = {
  "": 1,
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  k: 1024,
  m: 1024 ** 2,
  g: 1024 ** 3
};
function parseBytes(text, what = "size") {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(text);
  const unit = m?.[2].toLowerCase();
  if (!m || unit === void 0 || !(unit in BYTE_UNITS)) {
    throw new UsageError(`${what}: cannot read "${text}" as a size; use e.g. 4096, 64KiB, 1MiB or 2MB`);
  }
  return Number(m[1]) * BYTE_UNITS[unit];
}
var PER = { s: 1 / 60, sec: 1 / 60, m: 1, min: 1, h: 60, hr: 60 };
function parseRate(text, what = "rate") {
  const m = /^\s*([^/]+?)\s*\/\s*([a-z]+)\s*$/i.exec(text);
  const hint = `use e.g. 256KiB/min, 1MiB/min, 2KiB/s, 0/min or 10/min`;
  if (!m) throw new UsageError(`${what}: cannot read "${text}" as a rate; ${hint}`);
  const per = PER[m[2].toLowerCase()];
  if (per === void 0) throw new UsageError(`${what}: unknown time unit "/${m[2]}" in "${text}"; use /s, /min or /h`);
  if (m[1].trim().startsWith("-")) throw new UsageError(`${what}: "${text}" is negative; a budget is a growth rate of 0 or more`);
  let amount;
  try {
    amount = parseBytes(m[1], what);
  } catch {
    throw new UsageError(`${what}: cannot read "${text}" as a rate; ${hint}`);
  }
  return amount / per;
}
function parseRequestRate(text, what = "--rate") {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(?:\/\s*(s|sec|m|min|h))?\s*$/i.exec(text);
  if (!m) throw new UsageError(`${what}: cannot read "${text}" as a request rate; use e.g. 200, 200/s or 6000/min`);
  const perSecond = Number(m[1]) / ({ s: 1, sec: 1, m: 60, min: 60, h: 3600 }[(m[2] ?? "s").toLowerCase()] ?? 1);
  if (!(perSecond > 0)) throw new UsageError(`${what}: the request rate must be above 0, got "${text}"`);
  return perSecond;
}
function formatBytes(bytes) {
  if (!Number.isFinite(bytes)) return String(bytes);
  const sign2 = bytes < 0 ? "-" : "";
  let v = Math.abs(bytes);
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  const digits = i === 0 ? 0 : v >= 100 ? 0 : v >= 10 ? 1 : 2;
  return `${sign2}${v.toFixed(digits)} ${units[i]}`;
}
function formatCount(n) {
  if (!Number.isFinite(n)) return String(n);
  const a = Math.abs(n);
  if (a >= 100 || Number.isInteger(n)) return n.toFixed(0);
  if (a >= 10) return n.toFixed(1);
  return n.toFixed(2);
}
function formatRate(perMinute, unit) {
  return unit === "bytes" ? `${formatBytes(perMinute)}/min` : `${formatCount(perMinute)}/min`;
}
function formatDuration(seconds) {
  if (seconds < 60) return `${Number(seconds.toFixed(1))}s`;
  const m = Math.floor(seconds / 60);
  const s = Math.round(seconds - m * 60);
  return s === 0 ? `${m}m` : `${m}m${s}s`;
}

// src/config.ts
var METRICS = {
  heap_live: { unit: "bytes", title: "live heap (after GC)" },
  heap_objects: { unit: "objects", title: "live heap objects" },
  goroutines: { unit: "goroutines", title: "goroutines" },
  rss: { unit: "bytes", title: "RSS (process tree)" }
};
var METRIC_NAMES = Object.keys(METRICS);
var DEFAULT_BUDGETS = {
  // A healthy service's post-GC heap still creeps up for its first minute or so (runtime and net/http
  // structures warming up): measured up to 90 KiB/min (99% lower bound 32 KiB/min) between 10 s and 30 s on
  // the steady fixture, levelling off by about 60 s. 64 KiB/min stays clear of that and still catches a
  // 2 KiB/s leak in 45 s. With a baseline the drift cancels out and finer leaks are caught.
  heap_live: 64 * 1024,
  heap_objects: 600,
  // 10 objects/s; the same drift measured up to 200 objects/min
  goroutines: 0,
  // RSS follows the heap with a lag (the heap goal is up to 2x live with GOGC=100) and moves in pages, so it
  // drifts by a few MiB/min on healthy services in short runs: the default catches large off-heap leaks only.
  rss: 16 * 1024 * 1024
};
var DEFAULT_TOLERANCE = {
  // Run-to-run variation of the warm-up drift above is not in either run's own interval: allow for it.
  heap_live: { absolute: 32 * 1024, relative: 0.25 },
  heap_objects: { absolute: 300, relative: 0.25 },
  goroutines: { absolute: 0, relative: 0.25 },
  rss: { absolute: 16 * 1024 * 1024, relative: 0.25 }
};
var MIN_JUDGED_SAMPLES = 8;
var DEFAULTS = {
  pprofUrl: "http://127.0.0.1:6060/debug/pprof",
  duration: "60s",
  interval: "1s",
  warmup: "10s",
  readyTimeout: "30s",
  profileRate: "64KiB",
  out: "go-mem-gate-out",
  confidence: 0.99
};
var OPTIONS = {
  start: { type: "string" },
  "pprof-url": { type: "string" },
  "ready-url": { type: "string" },
  load: { type: "string" },
  "load-url": { type: "string" },
  rate: { type: "string" },
  duration: { type: "string" },
  interval: { type: "string" },
  warmup: { type: "string" },
  "ready-timeout": { type: "string" },
  "request-timeout": { type: "string" },
  "profile-rate": { type: "string" },
  env: { type: "string", multiple: true },
  budget: { type: "string", multiple: true },
  baseline: { type: "string" },
  "save-baseline": { type: "string" },
  out: { type: "string" },
  confidence: { type: "string" },
  help: { type: "boolean", short: "h" }
};
var USAGE = `usage: go-mem-gate run --start CMD [--pprof-url URL] [--ready-url URL]
                        [--load CMD | --load-url URL --rate N/s]
                        [--duration ${DEFAULTS.duration}] [--interval ${DEFAULTS.interval}] [--warmup ${DEFAULTS.warmup}] [--ready-timeout ${DEFAULTS.readyTimeout}] [--request-timeout 5s]
                        [--profile-rate ${DEFAULTS.profileRate}] [--env K=V]... [--budget METRIC=RATE]...
                        [--baseline FILE] [--save-baseline FILE] [--out DIR] [--confidence ${DEFAULTS.confidence}]
metrics: ${METRIC_NAMES.join(", ")}; rates like 256KiB/min, 0/min, 10/min; durations like 45s, 2m
exit status: 0 pass, 1 regression or budget breached, 2 could not measure`;
function parseRunArgs(argv) {
  try {
    const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"; flags take the form --name value`);
    return values;
  } catch (err) {
    if (err instanceof UsageError) throw err;
    const msg = err.message.split("\n")[0];
    throw new UsageError(`${msg.replace(/\.$/, "")}; run "go-mem-gate run --help" for the flags`);
  }
}
function normalisePprofUrl(text) {
  let u;
  try {
    u = new URL(text);
  } catch {
    throw new UsageError(`--pprof-url: "${text}" is not a URL; use e.g. http://127.0.0.1:6060/debug/pprof`);
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") {
    throw new UsageError(`--pprof-url: "${text}" must be an http:// or https:// URL`);
  }
  if (u.pathname === "/" || u.pathname === "") u.pathname = "/debug/pprof";
  return u.toString().replace(/\/+$/, "");
}
function checkUrl(text, flag) {
  try {
    const u = new URL(text);
    if (u.protocol !== "http:" && u.protocol !== "https:") throw new Error();
    return u.toString();
  } catch {
    throw new UsageError(`${flag}: "${text}" is not an http(s) URL; use e.g. http://127.0.0.1:8080/`);
  }
}
function parseBudget(text) {
  const eq = text.indexOf("=");
  if (eq < 0) throw new UsageError(`--budget: "${text}" must look like METRIC=RATE, e.g. heap_live=256KiB/min; metrics: ${METRIC_NAMES.join(", ")}`);
  const metric = text.slice(0, eq).trim();
  if (!(metric in METRICS)) {
    throw new UsageError(`--budget: unknown metric "${metric}"; use one of ${METRIC_NAMES.join(", ")}`);
  }
  return { metric, perMinute: parseRate(text.slice(eq + 1), `--budget ${metric}`), source: "user" };
}
function parseEnv(pairs) {
  const env = {};
  for (const p of pairs) {
    const eq = p.indexOf("=");
    if (eq <= 0) throw new UsageError(`--env: "${p}" must look like NAME=value`);
    env[p.slice(0, eq)] = p.slice(eq + 1);
  }
  return env;
}
function buildConfig(raw, argv = []) {
  if (!raw.start || !raw.start.trim()) throw new UsageError('--start is required: the shell command that starts your Go service, e.g. --start "./myservice -addr :6060"');
  const pprofUrl = normalisePprofUrl(raw["pprof-url"] ?? DEFAULTS.pprofUrl);
  const readyUrl = raw["ready-url"] ? checkUrl(raw["ready-url"], "--ready-url") : `${pprofUrl}/`;
  const loadUrl = raw["load-url"] ? checkUrl(raw["load-url"], "--load-url") : null;
  const load = raw.load?.trim() ? raw.load : null;
  let rate2 = null;
  if (raw.rate !== void 0) {
    if (load) throw new UsageError("--rate drives the built-in load; drop it when you give your own --load command");
    if (!loadUrl) throw new UsageError("--rate needs --load-url: the URL the built-in load requests");
    rate2 = parseRequestRate(raw.rate);
  } else if (loadUrl && !load) {
    throw new UsageError("--load-url without --load needs --rate, e.g. --rate 200/s, for the built-in constant-rate load");
  }
  const durationS = parseDuration(raw.duration ?? DEFAULTS.duration, "--duration");
  const intervalS = parseDuration(raw.interval ?? DEFAULTS.interval, "--interval");
  const warmupS = parseDuration(raw.warmup ?? DEFAULTS.warmup, "--warmup");
  const readyTimeoutS = parseDuration(raw["ready-timeout"] ?? DEFAULTS.readyTimeout, "--ready-timeout");
  if (!(intervalS >= 0.1)) throw new UsageError(`--interval must be at least 100ms, got "${raw.interval}"`);
  if (!(durationS > 0)) throw new UsageError(`--duration must be above 0, got "${raw.duration}"`);
  const requestTimeoutS = raw["request-timeout"] === void 0 ? Math.max(5, 3 * intervalS) : parseDuration(raw["request-timeout"], "--request-timeout");
  if (!(requestTimeoutS >= 0.1)) throw new UsageError(`--request-timeout must be at least 100ms, got "${raw["request-timeout"]}"`);
  if (!(readyTimeoutS > 0)) throw new UsageError(`--ready-timeout must be above 0, got "${raw["ready-timeout"]}"`);
  if (intervalS > durationS) throw new UsageError(`--interval (${raw.interval}) is longer than --duration (${raw.duration ?? DEFAULTS.duration}); sample more often or run longer`);
  if (warmupS >= durationS) throw new UsageError(`--warmup (${raw.warmup}) must be shorter than --duration (${raw.duration ?? DEFAULTS.duration}), which leaves nothing to analyse`);
  const pointsAfterWarmup = Math.floor((durationS - warmupS) / intervalS) + 1;
  if (pointsAfterWarmup < MIN_JUDGED_SAMPLES) {
    throw new UsageError(`only ${pointsAfterWarmup} samples would remain after --warmup; need at least ${MIN_JUDGED_SAMPLES}: lengthen --duration or shorten --interval/--warmup`);
  }
  const profileRate = Math.round(parseBytes(raw["profile-rate"] ?? DEFAULTS.profileRate, "--profile-rate"));
  if (!(profileRate >= 1)) throw new UsageError(`--profile-rate must be at least 1 byte, got "${raw["profile-rate"]}"`);
  const confidence = raw.confidence === void 0 ? DEFAULTS.confidence : Number(raw.confidence);
  if (!(confidence > 0.5 && confidence < 1)) throw new UsageError(`--confidence must be between 0.5 and 1, e.g. 0.99; got "${raw.confidence}"`);
  const budgets = (raw.budget ?? []).map(parseBudget);
  const seen = /* @__PURE__ */ new Set();
  for (const b of budgets) {
    if (seen.has(b.metric)) throw new UsageError(`--budget ${b.metric} is given twice; keep one`);
    seen.add(b.metric);
  }
  const baseline = raw.baseline?.trim() ? raw.baseline : null;
  if (budgets.length === 0 && !baseline) {
    for (const metric of METRIC_NAMES) budgets.push({ metric, perMinute: DEFAULT_BUDGETS[metric], source: "default" });
  }
  return {
    start: raw.start,
    pprofUrl,
    readyUrl,
    load,
    loadUrl,
    rate: rate2,
    durationS,
    intervalS,
    warmupS,
    readyTimeoutS,
    requestTimeoutS,
    profileRate,
    env: parseEnv(raw.env ?? []),
    budgets,
    baseline,
    saveBaseline: raw["save-baseline"]?.trim() ? raw["save-baseline"] : null,
    out: raw.out?.trim() ? raw.out : DEFAULTS.out,
    confidence,
    argv
  };
}

// src/engine.ts
import { existsSync as existsSync2, mkdirSync as mkdirSync2, writeFileSync as writeFileSync2 } from "node:fs";
import { join as join2 } from "node:path";

// src/analyze/stats.ts
var SQRT_2PI = Math.sqrt(2 * Math.PI);
var LN_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
var MAD_TO_SD = 1.4826;
var DEFAULT_CONFIDENCE = 0.99;
function upperTail(x) {
  if (x < 2.5) {
    const x2 = x * x;
    let term = x;
    let sum = x;
    for (let k = 1; k < 200; k++) {
      term *= x2 / (2 * k + 1);
      const next = sum + term;
      if (next === sum) break;
      sum = next;
    }
    return 0.5 - sum * Math.exp(-0.5 * x2 - LN_SQRT_2PI);
  }
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let k = 1; k < 500; k++) {
    d = x + k * d;
    d = d === 0 ? tiny : d;
    c = x + k / c;
    c = c === 0 ? tiny : c;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-0.5 * x * x - LN_SQRT_2PI) / f;
}
function normalCdf(z) {
  if (Number.isNaN(z)) return NaN;
  if (z === Infinity) return 1;
  if (z === -Infinity) return 0;
  return z < 0 ? upperTail(-z) : 1 - upperTail(z);
}
var ACKLAM_A = [
  -39.69683028665376,
  220.9460984245205,
  -275.9285104469687,
  138.357751867269,
  -30.66479806614716,
  2.506628277459239
];
var ACKLAM_B = [
  -54.47609879822406,
  161.5858368580409,
  -155.6989798598866,
  66.80131188771972,
  -13.28068155288572
];
var ACKLAM_C = [
  -0.007784894002430293,
  -0.3223964580411365,
  -2.400758277161838,
  -2.549732539343734,
  4.374664141464968,
  2.938163982698783
];
var ACKLAM_D = [
  0.007784695709041462,
  0.3224671290700398,
  2.445134137142996,
  3.754408661907416
];
var ACKLAM_P_LOW = 0.02425;
function acklamLower(p) {
  const [a0, a1, a2, a3, a4, a5] = ACKLAM_A;
  const [b0, b1, b2, b3, b4] = ACKLAM_B;
  const [c0, c1, c2, c3, c4, c5] = ACKLAM_C;
  const [d0, d1, d2, d3] = ACKLAM_D;
  if (p < ACKLAM_P_LOW) {
    const q2 = Math.sqrt(-2 * Math.log(p));
    return (((((c0 * q2 + c1) * q2 + c2) * q2 + c3) * q2 + c4) * q2 + c5) / ((((d0 * q2 + d1) * q2 + d2) * q2 + d3) * q2 + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return (((((a0 * r + a1) * r + a2) * r + a3) * r + a4) * r + a5) * q / (((((b0 * r + b1) * r + b2) * r + b3) * r + b4) * r + 1);
}
function normalQuantile(p) {
  if (Number.isNaN(p) || p < 0 || p > 1) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p === 0.5) return 0;
  const upper = p > 0.5;
  const q = upper ? 1 - p : p;
  let x = acklamLower(q);
  const e = upperTail(-x) - q;
  const u = e * SQRT_2PI * Math.exp(0.5 * x * x);
  x = x - u / (1 + 0.5 * x * u);
  return upper ? -x : x;
}
function checkFinite(name, values) {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      throw new RangeError(`${name}[${i}] is not a finite number: ${String(values[i])}`);
    }
  }
}
function checkPaired(x, y) {
  if (x.length !== y.length) {
    throw new RangeError(`x and y differ in length: ${x.length} != ${y.length}`);
  }
  checkFinite("x", x);
  checkFinite("y", y);
}
function sortedMedian(sorted) {
  const n = sorted.length;
  const mid = n >> 1;
  return n % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
function tieSums(values) {
  const sorted = Float64Array.from(values).sort();
  let v = 0;
  let v1 = 0;
  let v2 = 0;
  let i = 0;
  while (i < sorted.length) {
    let j = i + 1;
    while (j < sorted.length && sorted[j] === sorted[i]) j++;
    const t = j - i;
    if (t > 1) {
      v += t * (t - 1) * (2 * t + 5);
      v1 += t * (t - 1);
      v2 += t * (t - 1) * (t - 2);
    }
    i = j;
  }
  return [v, v1, v2];
}
function allEqual(values) {
  for (let i = 1; i < values.length; i++) if (values[i] !== values[0]) return false;
  return true;
}
function sign(d) {
  return d > 0 ? 1 : d < 0 ? -1 : 0;
}
function mkResult(n, s, varS) {
  let z = 0;
  if (varS > 0) {
    if (s > 0) z = (s - 1) / Math.sqrt(varS);
    else if (s < 0) z = (s + 1) / Math.sqrt(varS);
  }
  const pTwoSided = Math.min(1, 2 * normalCdf(-Math.abs(z)));
  const pIncreasing = normalCdf(-z);
  return { n, s, varS, z, pTwoSided, pIncreasing };
}
function pairwiseSlopes(x, y) {
  checkPaired(x, y);
  const n = x.length;
  const out = new Float64Array(n * (n - 1) / 2);
  let k = 0;
  for (let i = 0; i < n - 1; i++) {
    const xi = x[i];
    const yi = y[i];
    for (let j = i + 1; j < n; j++) {
      const dx = x[j] - xi;
      if (dx !== 0) out[k++] = (y[j] - yi) / dx;
    }
  }
  return (k === out.length ? out : out.slice(0, k)).sort();
}
function mannKendall(y) {
  checkFinite("y", y);
  const n = y.length;
  let s = 0;
  for (let i = 0; i < n - 1; i++) {
    const yi = y[i];
    for (let j = i + 1; j < n; j++) s += sign(y[j] - yi);
  }
  const [tieY] = tieSums(y);
  const varS = Math.max(0, (n * (n - 1) * (2 * n + 5) - tieY) / 18);
  return mkResult(n, s, varS);
}
function kendallXY(x, y) {
  const n = x.length;
  let s = 0;
  for (let i = 0; i < n - 1; i++) {
    const xi = x[i];
    const yi = y[i];
    for (let j = i + 1; j < n; j++) s += sign(x[j] - xi) * sign(y[j] - yi);
  }
  const [tx, tx1, tx2] = tieSums(x);
  const [ty, ty1, ty2] = tieSums(y);
  let varS = (n * (n - 1) * (2 * n + 5) - tx - ty) / 18;
  if (n > 2) varS += tx2 * ty2 / (9 * n * (n - 1) * (n - 2));
  if (n > 1) varS += tx1 * ty1 / (2 * n * (n - 1));
  return mkResult(n, s, Math.max(0, varS));
}
function valueAtRank(sorted, rank) {
  const n = sorted.length;
  const eps = 1e-9;
  if (rank < 1 - eps) return -Infinity;
  if (rank > n + eps) return Infinity;
  const r = Math.min(n, Math.max(1, rank));
  const lo = Math.floor(r);
  const frac = r - lo;
  const a = sorted[lo - 1];
  if (frac === 0 || lo >= n) return a;
  return a + frac * (sorted[lo] - a);
}
function theilSen(x, y, confidence = DEFAULT_CONFIDENCE) {
  if (!(confidence > 0 && confidence < 1)) {
    throw new RangeError(`confidence must be in (0, 1), got ${String(confidence)}`);
  }
  checkPaired(x, y);
  const n = x.length;
  const mk = kendallXY(x, y);
  const slopes = pairwiseSlopes(x, y);
  const nSlopes = slopes.length;
  let slope = 0;
  let ciLow = -Infinity;
  let ciHigh = Infinity;
  if (nSlopes > 0) {
    slope = sortedMedian(slopes);
    if (allEqual(y)) {
      ciLow = 0;
      ciHigh = 0;
    } else {
      const zc = normalQuantile(1 - (1 - confidence) / 2);
      const c = zc * Math.sqrt(mk.varS);
      ciLow = valueAtRank(slopes, (nSlopes - c) / 2);
      ciHigh = valueAtRank(slopes, (nSlopes + c) / 2 + 1);
    }
  }
  if (slope === 0) slope = 0;
  let intercept = 0;
  let residualSd = 0;
  if (n > 0) {
    const offsets = new Float64Array(n);
    for (let i = 0; i < n; i++) offsets[i] = y[i] - slope * x[i];
    intercept = sortedMedian(offsets.slice().sort());
    for (let i = 0; i < n; i++) offsets[i] = Math.abs(offsets[i] - intercept);
    residualSd = MAD_TO_SD * sortedMedian(offsets.sort());
  }
  let se;
  if (ciLow === ciHigh) se = 0;
  else if (!Number.isFinite(ciLow) || !Number.isFinite(ciHigh)) se = Infinity;
  else se = (ciHigh - ciLow) / (2 * normalQuantile(1 - (1 - confidence) / 2));
  return { n, slope, intercept, ciLow, ciHigh, confidence, se, residualSd, mk };
}
function ols(x, y) {
  checkPaired(x, y);
  const n = x.length;
  if (n === 0) return { n, slope: 0, intercept: 0, se: Infinity, residualSd: 0 };
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i];
    my += y[i];
  }
  mx /= n;
  my /= n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - mx;
    sxx += dx * dx;
    sxy += dx * (y[i] - my);
  }
  const slope = sxx > 0 ? sxy / sxx : 0;
  const intercept = my - slope * mx;
  let rss = 0;
  for (let i = 0; i < n; i++) {
    const r = y[i] - my - slope * (x[i] - mx);
    rss += r * r;
  }
  const residualSd = n > 2 ? Math.sqrt(rss / (n - 2)) : 0;
  const se = n > 2 && sxx > 0 ? residualSd / Math.sqrt(sxx) : Infinity;
  return { n, slope, intercept, se, residualSd };
}

// src/analyze/analyze.ts
var POWER_Z = normalQuantile(0.8);
function afterWarmup(series, warmupS) {
  const t = [];
  const v = [];
  for (let i = 0; i < series.t.length; i++) {
    if (series.t[i] >= warmupS - 1e-9 && Number.isFinite(series.v[i])) {
      t.push(series.t[i]);
      v.push(series.v[i]);
    }
  }
  return { t, v };
}
function noiseSe(t, noise) {
  const mean = t.reduce((a, b) => a + b, 0) / t.length;
  const sxx = t.reduce((a, b) => a + (b - mean) ** 2, 0);
  return sxx > 0 ? noise / Math.sqrt(sxx) : Infinity;
}
function fitSlope(t, v, confidence, sampledUnit) {
  if (sampledUnit === void 0) {
    const f2 = theilSen(t, v, confidence);
    const seNoise = t.length >= 3 ? noiseSe(t, f2.residualSd) : Infinity;
    return { slope: f2.slope, low: f2.ciLow, high: f2.ciHigh, se: f2.se, residualSd: f2.residualSd, seNoise };
  }
  const f = ols(t, v);
  const span = t.length > 1 ? t[t.length - 1] - t[0] : 0;
  const samplingSe = span > 0 ? Math.sqrt(Math.max(f.slope * span, 0) * sampledUnit) / span : Infinity;
  const se = Math.hypot(f.se, samplingSe);
  const z = normalQuantile(1 - (1 - confidence) / 2);
  return { slope: f.slope, low: f.slope - z * se, high: f.slope + z * se, se, residualSd: f.residualSd, seNoise: se };
}
function analyzeSeries(series, opts) {
  const { confidence, plateauConfidence = confidence, sampledUnit } = typeof opts === "number" ? { confidence: opts } : opts;
  const { t, v } = series;
  const n = t.length;
  const fit = fitSlope(t, v, confidence, sampledUnit);
  const mk = mannKendall(v);
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const half = Math.floor(n / 2);
  const head = fitSlope(t.slice(0, half + 1), v.slice(0, half + 1), plateauConfidence, sampledUnit);
  const tail = fitSlope(t.slice(half), v.slice(half), plateauConfidence, sampledUnit);
  const grew = Math.max(fit.slope, head.slope);
  const plateau = n >= 8 && grew > 0 && tail.high < 0.5 * grew;
  const sePerSecond = Math.max(fit.se, fit.seNoise);
  return {
    n,
    slopePerMinute: fit.slope * 60,
    ciLow: fit.low * 60,
    ciHigh: fit.high * 60,
    sePerMinute: sePerSecond * 60,
    trendP: mk.pIncreasing,
    noise: fit.residualSd,
    lastHalfSlopePerMinute: tail.slope * 60,
    lastHalfCiHigh: tail.high * 60,
    lastHalfCiLow: tail.low * 60,
    plateau,
    minDetectablePerMinute: (z + POWER_Z) * sePerSecond * 60,
    first: n > 0 ? v[0] : null,
    last: n > 0 ? v[n - 1] : null
  };
}
var MAX_FITTED_SITES = 60;
function analyzeSites(timeline, warmupS, confidence, alwaysFit = () => false, period = null) {
  const points = timeline.points.filter((p) => p.t >= warmupS - 1e-9);
  if (points.length < 3) return [];
  const q = Math.max(1, Math.floor(points.length / 4));
  const growth = /* @__PURE__ */ new Map();
  for (const key of timeline.info.keys()) {
    let a = 0;
    let b = 0;
    for (let i = 0; i < q; i++) a += points[i].values.get(key) ?? 0;
    for (let i = points.length - q; i < points.length; i++) b += points[i].values.get(key) ?? 0;
    growth.set(key, (b - a) / q);
  }
  const ranked = [...growth.entries()].filter(([, g]) => g > 0).sort((x, y) => y[1] - x[1]).map(([k]) => k);
  const chosen = new Set(ranked.slice(0, MAX_FITTED_SITES));
  for (const [key, info] of timeline.info) if (alwaysFit(info.site.function)) chosen.add(key);
  const t = points.map((p) => p.t);
  const siteConfidence = 1 - (1 - confidence) / Math.max(1, chosen.size);
  const out = [];
  for (const key of chosen) {
    const info = timeline.info.get(key);
    const v = points.map((p) => p.values.get(key) ?? 0);
    out.push({
      key,
      confidence: siteConfidence,
      function: info.site.function,
      file: info.site.file,
      line: info.site.line,
      stack: info.stack,
      fit: analyzeSeries({ t, v }, {
        confidence: siteConfidence,
        plateauConfidence: confidence,
        // Heap profiles: one sample stands for about `period` bytes (or one object, when objects are larger).
        // Goroutine profiles are complete, but goroutines come and go one at a time (a load opening one more
        // keep-alive connection, say): their count is judged as a counting process of unit 1, so a few
        // steps over a long run are not a trend.
        sampledUnit: period === null ? 1 : Math.max(period, info.bytesPerObject ?? 0)
      }),
      lastValue: v[v.length - 1]
    });
  }
  return out;
}

// src/baseline.ts
import { readFileSync } from "node:fs";
var BASELINE_SCHEMA_VERSION = 1;
function isNum(v) {
  return typeof v === "number" && Number.isFinite(v);
}
function checkSlope(v) {
  const o = v;
  return !!o && isNum(o.slopePerMinute) && isNum(o.sePerMinute) && isNum(o.n);
}
function checkSite(v) {
  const o = v;
  return checkSlope(v) && typeof o.function === "string" && typeof o.file === "string" && isNum(o.line);
}
function parseBaseline(json, source) {
  const o = json;
  const bad = (what) => new UsageError(`baseline ${source}: ${what}; record a new one with --save-baseline on the base branch`);
  if (!o || typeof o !== "object" || o.kind !== "go-mem-gate-baseline") throw bad('is not a go-mem-gate baseline (no "kind": "go-mem-gate-baseline")');
  if (!isNum(o.schemaVersion)) throw bad("has no schemaVersion");
  if (o.schemaVersion > BASELINE_SCHEMA_VERSION) {
    throw new UsageError(`baseline ${source}: schemaVersion ${o.schemaVersion} is newer than this go-mem-gate reads (${BASELINE_SCHEMA_VERSION}); upgrade go-mem-gate, or record the baseline again with this version`);
  }
  if (!o.metrics || typeof o.metrics !== "object") throw bad("has no metrics");
  const metrics = {};
  for (const [name, m] of Object.entries(o.metrics)) {
    if (!METRIC_NAMES.includes(name)) continue;
    if (!checkSlope(m)) throw bad(`metric ${name} is malformed`);
    metrics[name] = m;
  }
  const sites = Array.isArray(o.sites) ? o.sites : [];
  const goroutineSites = Array.isArray(o.goroutineSites) ? o.goroutineSites : [];
  if (!sites.every(checkSite) || !goroutineSites.every(checkSite)) throw bad("has malformed sites");
  const run = o.run ?? {};
  return {
    schemaVersion: o.schemaVersion,
    kind: "go-mem-gate-baseline",
    createdAt: String(o.createdAt ?? ""),
    tool: String(o.tool ?? ""),
    run: {
      durationS: isNum(run.durationS) ? run.durationS : NaN,
      intervalS: isNum(run.intervalS) ? run.intervalS : NaN,
      warmupS: isNum(run.warmupS) ? run.warmupS : NaN,
      profileRate: isNum(run.profileRate) ? run.profileRate : null,
      samples: isNum(run.samples) ? run.samples : NaN,
      confidence: isNum(run.confidence) ? run.confidence : NaN
    },
    metrics,
    sites,
    goroutineSites
  };
}
function readBaseline(path) {
  let text;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    const code2 = err.code;
    throw new UsageError(`baseline ${path}: ${code2 === "ENOENT" ? "no such file" : err.message}; give a file written by --save-baseline, or drop --baseline to judge on budgets`);
  }
  let json;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`baseline ${path}: not valid JSON (${err.message}); record a new one with --save-baseline on the base branch`);
  }
  return parseBaseline(json, path);
}

// src/compare.ts
function differenceLowerBound(head, base, confidence) {
  const z = normalQuantile(1 - (1 - confidence) / 2);
  return head.slopePerMinute - base.slopePerMinute - z * Math.hypot(head.sePerMinute, base.sePerMinute);
}
var oneSided = (confidence) => (1 - confidence) / 2;
function judge(fit, unit, confidence, budget, base, rule) {
  const reasons = [];
  let fail2 = false;
  let allowance = null;
  let diffLow = null;
  const significant = fit.trendP < oneSided(confidence);
  if (fit.n < 3) {
    return { verdict: "pass", allowancePerMinute: budget, baselineSlopePerMinute: base?.slopePerMinute ?? null, diffLow: null, reason: "too few samples to judge", minDetectablePerMinute: Infinity };
  }
  if (budget !== null) {
    allowance = budget;
    if (fit.ciLow > budget && significant && !fit.plateau) {
      fail2 = true;
      reasons.push(`grows at ${formatRate(fit.slopePerMinute, unit)} (at least ${formatRate(fit.ciLow, unit)}), over the budget of ${formatRate(budget, unit)}`);
    } else if (fit.ciLow > budget && fit.plateau && fit.lastHalfCiLow > budget) {
      fail2 = true;
      reasons.push(`grew fast, then kept growing at ${formatRate(fit.lastHalfSlopePerMinute, unit)} (at least ${formatRate(fit.lastHalfCiLow, unit)}), over the budget of ${formatRate(budget, unit)}`);
    } else if (fit.ciLow > budget && fit.plateau) {
      reasons.push(`grew, then levelled off (last half: ${formatRate(fit.lastHalfSlopePerMinute, unit)}): not counted as a leak`);
    } else {
      reasons.push(`within the budget of ${formatRate(budget, unit)}`);
    }
  }
  if (base) {
    diffLow = differenceLowerBound(fit, base, confidence);
    const tol = Math.max(rule.absolute, rule.relative * Math.abs(base.slopePerMinute));
    allowance = allowance === null ? base.slopePerMinute + tol : Math.min(allowance, base.slopePerMinute + tol);
    if (diffLow > tol && fit.ciLow > 0 && significant && !fit.plateau) {
      fail2 = true;
      reasons.push(`grows ${formatRate(fit.slopePerMinute - base.slopePerMinute, unit)} faster than the baseline (at least ${formatRate(diffLow, unit)}; tolerance ${formatRate(tol, unit)})`);
    } else {
      reasons.push("no regression against the baseline");
    }
  }
  if (budget === null && !base) reasons.push("no budget or baseline for this metric");
  const z = normalQuantile(1 - (1 - confidence) / 2);
  return {
    verdict: fail2 ? "fail" : "pass",
    allowancePerMinute: allowance,
    baselineSlopePerMinute: base?.slopePerMinute ?? null,
    diffLow,
    reason: reasons.join("; "),
    // Against a baseline both runs' errors count, so the run can see less than it could alone.
    minDetectablePerMinute: (z + POWER_Z) * Math.hypot(fit.sePerMinute, base?.sePerMinute ?? 0)
  };
}
function judgeMetrics(fits, budgets, baseline, confidence) {
  const out = [];
  for (const [name, fit] of Object.entries(fits)) {
    const unit = METRICS[name].unit;
    const budget = budgets.find((b) => b.metric === name) ?? null;
    const base = baseline?.metrics[name] ?? null;
    out.push({ name, unit, fit, budget, judgement: judge(fit, unit, confidence, budget?.perMinute ?? null, base, DEFAULT_TOLERANCE[name]) });
  }
  return out;
}
function baselineByFunction(sites) {
  const byFn = /* @__PURE__ */ new Map();
  for (const s of sites) {
    const prev = byFn.get(s.function);
    byFn.set(
      s.function,
      prev ? {
        slopePerMinute: prev.slopePerMinute + s.slopePerMinute,
        sePerMinute: Math.hypot(prev.sePerMinute, s.sePerMinute),
        ciLow: prev.ciLow + s.ciLow,
        ciHigh: prev.ciHigh + s.ciHigh,
        n: Math.min(prev.n, s.n)
      } : { slopePerMinute: s.slopePerMinute, sePerMinute: s.sePerMinute, ciLow: s.ciLow, ciHigh: s.ciHigh, n: s.n }
    );
  }
  return byFn;
}
function judgeSites(sites, metric, budgets, baselineSites, unit, metricFailed = true) {
  const budget = budgets.find((b) => b.metric === metric)?.perMinute ?? null;
  const byFn = baselineSites ? baselineByFunction(baselineSites) : null;
  const rule = DEFAULT_TOLERANCE[metric];
  const results = sites.map((site) => {
    const matched = byFn?.get(site.function) ?? null;
    const base = byFn ? matched ?? { slopePerMinute: 0, sePerMinute: 0, ciLow: 0, ciHigh: 0, n: 0 } : null;
    const j = judge(site.fit, unit, site.confidence, budget, base, rule);
    const held = j.verdict === "fail" && !metricFailed;
    return {
      site,
      baseline: matched,
      judgement: { ...j, verdict: held ? "pass" : j.verdict, reason: held ? `${j.reason}; not counted: ${metric} as a whole is within its limits` : j.reason, baselineSlopePerMinute: matched?.slopePerMinute ?? null }
    };
  });
  return results.sort((a, b) => {
    const fa = a.judgement.verdict === "fail" ? 1 : 0;
    const fb = b.judgement.verdict === "fail" ? 1 : 0;
    return fb - fa || b.site.fit.slopePerMinute - a.site.fit.slopePerMinute || a.site.key.localeCompare(b.site.key);
  });
}

// src/run/record.ts
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import net from "node:net";
import { join } from "node:path";

// src/analyze/profile.ts
import { gunzipSync } from "node:zlib";
var ProfileError = class extends Error {
  name = "ProfileError";
};
var MAX_PROFILE_BYTES = 64 * 1024 * 1024;
var TOO_LARGE = `profile larger than ${MAX_PROFILE_BYTES / 1048576} MiB: not decoded (memory stays bounded); raise --profile-rate to sample less`;
function gunzipProfile(data) {
  let raw = data;
  if (data.length >= 2 && data[0] === 31 && data[1] === 139) {
    try {
      raw = gunzipSync(data, { maxOutputLength: MAX_PROFILE_BYTES });
    } catch (err) {
      if (err.code === "ERR_BUFFER_TOO_LARGE") throw new ProfileError(TOO_LARGE);
      throw new ProfileError(`corrupt gzip in profile: ${err.message}`);
    }
  }
  if (raw.length === 0) throw new ProfileError("empty profile");
  if (raw.length > MAX_PROFILE_BYTES) throw new ProfileError(TOO_LARGE);
  return raw;
}
function decodeProfile(data) {
  const buf = gunzipProfile(data);
  try {
    return decodeFields(buf);
  } catch (err) {
    if (err instanceof ProfileError) throw err;
    throw new ProfileError(`corrupt profile protobuf: ${err.message}`);
  }
}
var utf8 = new TextDecoder("utf-8");
var Reader = class _Reader {
  constructor(buf, pos, end) {
    this.buf = buf;
    this.pos = pos;
    this.end = end;
  }
  buf;
  pos;
  end;
  more() {
    return this.pos < this.end;
  }
  /**
   * A varint as a signed int64 (protobuf writes a negative int64 as its two's complement in 10 bytes). Up to
   * 7 bytes (49 bits) it is exact in a double; longer ones go through BigInt, so -1 stays -1.
   */
  varint() {
    const start = this.pos;
    let result = 0;
    let mul = 1;
    for (let i = 0; i < 7; i++) {
      if (this.pos >= this.end) throw new ProfileError("truncated profile protobuf (varint runs past the end)");
      const b = this.buf[this.pos++];
      result += (b & 127) * mul;
      if (b < 128) return result;
      mul *= 128;
    }
    this.pos = start;
    let big = 0n;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw new ProfileError("truncated profile protobuf (varint runs past the end)");
      const b = this.buf[this.pos++];
      big |= BigInt(b & 127) << BigInt(7 * i);
      if (b < 128) return Number(BigInt.asIntN(64, big));
    }
    throw new ProfileError("corrupt profile protobuf (varint longer than 10 bytes)");
  }
  /** A length-delimited field's [start, end). */
  bytes() {
    const len = this.varint();
    const start = this.pos;
    this.pos += len;
    if (this.pos > this.end) throw new ProfileError("truncated profile protobuf (a field runs past the end)");
    return [start, this.pos];
  }
  skip(wire) {
    if (wire === 0) this.varint();
    else if (wire === 1) this.pos += 8;
    else if (wire === 2) this.bytes();
    else if (wire === 5) this.pos += 4;
    else throw new ProfileError(`corrupt profile protobuf (wire type ${wire})`);
    if (this.pos > this.end) throw new ProfileError("truncated profile protobuf (a field runs past the end)");
  }
  /** A repeated integer field, packed or not, appended to out. */
  repeated(wire, out) {
    if (wire === 0) out.push(this.varint());
    else if (wire === 2) {
      const [a, b] = this.bytes();
      const r = new _Reader(this.buf, a, b);
      while (r.more()) out.push(r.varint());
    } else this.skip(wire);
  }
};
function decodeFields(buf) {
  const top = new Reader(buf, 0, buf.length);
  const strings = [];
  const sampleRanges = [];
  const typeRefs = [];
  let periodTypeRef = null;
  const functions = /* @__PURE__ */ new Map();
  const locations = [];
  let period = 0;
  const fields12 = (a, b) => {
    const r = new Reader(buf, a, b);
    let one = 0;
    let two = 0;
    while (r.more()) {
      const key = r.varint();
      if (key === 8) one = r.varint();
      else if (key === 16) two = r.varint();
      else r.skip(key & 7);
    }
    return [one, two];
  };
  while (top.more()) {
    const key = top.varint();
    const field = Math.floor(key / 8);
    const wire = key & 7;
    if (field === 0) throw new ProfileError("corrupt profile protobuf (field number 0)");
    if (wire !== 2 && [1, 2, 4, 5, 6, 11].includes(field)) throw new ProfileError(`corrupt profile protobuf (field ${field} is not length-delimited)`);
    switch (field) {
      case 1:
        typeRefs.push(fields12(...top.bytes()));
        break;
      case 2:
        sampleRanges.push(top.bytes());
        break;
      case 4: {
        const [a, b] = top.bytes();
        const r = new Reader(buf, a, b);
        const loc = { id: 0, lines: [] };
        while (r.more()) {
          const k = r.varint();
          if (k === 8) loc.id = r.varint();
          else if (k === 34) loc.lines.push(fields12(...r.bytes()));
          else r.skip(k & 7);
        }
        locations.push(loc);
        break;
      }
      case 5: {
        const [a, b] = top.bytes();
        const r = new Reader(buf, a, b);
        let id = 0;
        let name = 0;
        let file = 0;
        while (r.more()) {
          const k = r.varint();
          if (k === 8) id = r.varint();
          else if (k === 16) name = r.varint();
          else if (k === 32) file = r.varint();
          else r.skip(k & 7);
        }
        functions.set(id, [name, file]);
        break;
      }
      case 6: {
        const [a, b] = top.bytes();
        strings.push(utf8.decode(buf.subarray(a, b)));
        break;
      }
      case 11:
        periodTypeRef = fields12(...top.bytes());
        break;
      case 12:
        if (wire === 0) period = top.varint();
        else top.skip(wire);
        break;
      default:
        top.skip(wire);
    }
  }
  const str = (i) => strings[i] ?? "?";
  const framesById = /* @__PURE__ */ new Map();
  for (const loc of locations) {
    framesById.set(loc.id, loc.lines.map(([fnId, line]) => {
      const fn = functions.get(fnId);
      return { function: fn ? str(fn[0]) : "?", file: fn ? strings[fn[1]] ?? "" : "", line };
    }));
  }
  return {
    sampleTypes: typeRefs.map(([t, u]) => ({ type: str(t), unit: str(u) })),
    period,
    periodType: periodTypeRef ? { type: str(periodTypeRef[0]), unit: str(periodTypeRef[1]) } : null,
    framesById,
    forEachSample(fn) {
      for (const [a, b] of sampleRanges) {
        const r = new Reader(buf, a, b);
        const ids = [];
        const values = [];
        while (r.more()) {
          const k = r.varint();
          const f = Math.floor(k / 8);
          if (f === 1) r.repeated(k & 7, ids);
          else if (f === 2) r.repeated(k & 7, values);
          else r.skip(k & 7);
        }
        fn(ids, values);
      }
    }
  };
}
function isRuntimeFrame(fn) {
  return fn.startsWith("runtime.") || fn.startsWith("internal/runtime/");
}
var RUNTIME_HELPER = /^runtime\.(mallocgc\w*|newobject|makeslice\w*|growslice|makemap\w*|newarray|rawstring\w*|rawbyteslice|rawruneslice|concatstring\w*|slicebytetostring|systemstack|mcall|newproc\.func\d+)$/;
function stripRuntimeFrames(frames) {
  let i = 0;
  while (i < frames.length && isRuntimeFrame(frames[i].function)) i++;
  if (i < frames.length) return frames.slice(i);
  const j = frames.findIndex((f) => !RUNTIME_HELPER.test(f.function));
  return j >= 0 ? frames.slice(j) : frames.slice(-1);
}
var STACK_DEPTH = 4;
function siteKey(f) {
  return `${f.function}\0${f.file}\0${f.line}`;
}
function summariseBySite(profile, valueType, objectsType) {
  const sampleTypes = profile.sampleTypes.map((st) => `${st.type}/${st.unit}`);
  const vi = profile.sampleTypes.findIndex((st) => st.type === valueType);
  if (vi < 0) {
    throw new ProfileError(`profile has no ${valueType} sample type (it has: ${sampleTypes.join(", ") || "none"})`);
  }
  const oi = objectsType ? profile.sampleTypes.findIndex((st) => st.type === objectsType) : -1;
  const noFrames = [];
  const sites = /* @__PURE__ */ new Map();
  const heaviest = /* @__PURE__ */ new Map();
  let total = 0;
  let totalObjects = 0;
  profile.forEachSample((locationIds, values) => {
    const v = values[vi] ?? 0;
    const o = oi >= 0 ? values[oi] ?? 0 : 0;
    if (v === 0 && o === 0) return;
    total += v;
    totalObjects += o;
    let frames = [];
    const leading = [];
    walk: for (const id of locationIds) {
      for (const f of profile.framesById.get(id) ?? noFrames) {
        if (frames.length === 0 && isRuntimeFrame(f.function)) leading.push(f);
        else if (frames.push(f) >= STACK_DEPTH) break walk;
      }
    }
    if (frames.length === 0) frames = stripRuntimeFrames(leading).slice(0, STACK_DEPTH);
    const site = frames[0] ?? { function: "?", file: "", line: 0 };
    const key = siteKey(site);
    let agg = sites.get(key);
    if (!agg) {
      agg = { key, site, stack: frames, value: 0, objects: 0 };
      sites.set(key, agg);
    }
    agg.value += v;
    agg.objects += o;
    if (v > (heaviest.get(key) ?? -1)) {
      heaviest.set(key, v);
      agg.stack = frames;
    }
  });
  return {
    sampleTypes,
    period: profile.period,
    periodType: profile.periodType ? `${profile.periodType.type}/${profile.periodType.unit}` : "",
    total,
    totalObjects,
    sites
  };
}
function summariseHeapProfile(data) {
  return summariseBySite(decodeProfile(data), "inuse_space", "inuse_objects");
}
function summariseGoroutineProfile(data) {
  return summariseBySite(decodeProfile(data), "goroutine");
}
function parseMemStats(text) {
  const stats = {};
  const start = text.lastIndexOf("# runtime.MemStats");
  if (start < 0) return stats;
  const re = /^# (\w+) = (-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)\s*$/gm;
  re.lastIndex = start;
  let m;
  while ((m = re.exec(text)) !== null) stats[m[1]] = Number(m[2]);
  return stats;
}

// src/analyze/timeline.ts
var SiteTimeline = class {
  info = /* @__PURE__ */ new Map();
  points = [];
  add(t, summary) {
    const values = /* @__PURE__ */ new Map();
    for (const [key, agg] of summary.sites) {
      values.set(key, agg.value);
      let info = this.info.get(key);
      if (!info) this.info.set(key, info = { site: agg.site, stack: agg.stack });
      if (agg.objects > 0) info.bytesPerObject = Math.max(info.bytesPerObject ?? 0, agg.value / agg.objects);
    }
    this.points.push({ t, values, total: summary.total });
  }
  toJSON() {
    return {
      sites: [...this.info].map(([key, v]) => ({ key, ...v })),
      points: this.points.map((p) => ({ t: p.t, total: p.total, values: Object.fromEntries(p.values) }))
    };
  }
};

// src/run/load.ts
import http from "node:http";
import https from "node:https";
var MAX_IN_FLIGHT = 64;
var REQUEST_TIMEOUT_MS = 1e4;
var RESERVOIR = 4096;
function startBuiltinLoad(url, ratePerSecond, maxInFlight = MAX_IN_FLIGHT) {
  const u = new URL(url);
  const mod = u.protocol === "https:" ? https : http;
  const agent = new mod.Agent({ keepAlive: true, maxSockets: maxInFlight });
  const started = performance.now();
  let stoppedAt = null;
  let sent = 0;
  let ok = 0;
  let httpErrors = 0;
  let networkErrors = 0;
  let dropped = 0;
  let inFlight = 0;
  let firstError = null;
  const latencies = [];
  let seen = 0;
  let rng = 2654435769;
  const random = () => {
    rng ^= rng << 13;
    rng ^= rng >>> 17;
    rng ^= rng << 5;
    return (rng >>> 0) / 4294967296;
  };
  const pending = /* @__PURE__ */ new Set();
  let idle = null;
  const record2 = (ms) => {
    seen++;
    if (latencies.length < RESERVOIR) latencies.push(ms);
    else {
      const j = Math.floor(random() * seen);
      if (j < RESERVOIR) latencies[j] = ms;
    }
  };
  const fire = () => {
    if (inFlight >= maxInFlight) {
      dropped++;
      return;
    }
    inFlight++;
    sent++;
    const t0 = performance.now();
    const req = mod.request(u, { agent, method: "GET", timeout: REQUEST_TIMEOUT_MS }, (res) => {
      res.resume();
      res.on("end", () => {
        if (res.statusCode !== void 0 && res.statusCode >= 200 && res.statusCode < 300) ok++;
        else {
          httpErrors++;
          firstError ??= `HTTP ${res.statusCode}`;
        }
        record2(performance.now() - t0);
        done();
      });
      res.on("error", fail2);
    });
    const done = () => {
      pending.delete(req);
      inFlight--;
      if (inFlight === 0 && idle) idle();
    };
    let failed = false;
    function fail2(err) {
      if (failed) return;
      failed = true;
      networkErrors++;
      firstError ??= err.message;
      done();
    }
    req.on("timeout", () => req.destroy(new Error(`timeout after ${REQUEST_TIMEOUT_MS} ms`)));
    req.on("error", (err) => {
      if (stoppedAt === null) fail2(err);
      else done();
    });
    pending.add(req);
    req.end();
  };
  let due = 0;
  const timer = setInterval(() => {
    const elapsed = (performance.now() - started) / 1e3;
    const target = Math.floor(elapsed * ratePerSecond) + 1;
    while (due < target) {
      due++;
      fire();
    }
  }, 5);
  const stats = () => {
    const durationS = ((stoppedAt ?? performance.now()) - started) / 1e3;
    const sorted = [...latencies].sort((a, b) => a - b);
    const q = (p) => sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] : null;
    return {
      url,
      targetRate: ratePerSecond,
      sent,
      ok,
      httpErrors,
      networkErrors,
      dropped,
      durationS,
      achievedRate: durationS > 0 ? ok / durationS : 0,
      latencyP50Ms: q(0.5),
      latencyP99Ms: q(0.99),
      firstError
    };
  };
  return {
    stats,
    async stop() {
      clearInterval(timer);
      stoppedAt = performance.now();
      if (inFlight > 0) {
        await Promise.race([new Promise((r) => idle = r), new Promise((r) => setTimeout(r, 1e3))]);
        for (const req of pending) req.destroy();
      }
      agent.destroy();
      return stats();
    }
  };
}

// src/run/process.ts
import { spawn } from "node:child_process";
import { closeSync, openSync, readdirSync, readFileSync as readFileSync2 } from "node:fs";
var live = /* @__PURE__ */ new Set();
function killAllGroupsNow() {
  for (const g of live) {
    try {
      process.kill(-g.pid, "SIGKILL");
    } catch {
    }
  }
}
var exitHookInstalled = false;
function groupMembers(pgid) {
  const pids = [];
  let entries;
  try {
    entries = readdirSync("/proc");
  } catch {
    return pids;
  }
  for (const e of entries) {
    if (e.charCodeAt(0) < 48 || e.charCodeAt(0) > 57) continue;
    let stat;
    try {
      stat = readFileSync2(`/proc/${e}/stat`, "latin1");
    } catch {
      continue;
    }
    const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (rest[0] === "Z" || rest[0] === "X") continue;
    if (Number(rest[2]) === pgid) pids.push(Number(e));
  }
  return pids;
}
function groupUsage(pgid) {
  let rss = 0;
  let ticks = 0;
  for (const pid of groupMembers(pgid)) {
    try {
      const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync2(`/proc/${pid}/status`, "latin1"));
      if (m) rss += Number(m[1]) * 1024;
      const stat = readFileSync2(`/proc/${pid}/stat`, "latin1");
      const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(rest[11]) + Number(rest[12]);
    } catch {
    }
  }
  return { rss, cpuSeconds: ticks / 100 };
}
var sleep = (ms) => new Promise((r) => setTimeout(r, ms));
function startGroup(name, command, env, logPath) {
  if (!exitHookInstalled) {
    process.on("exit", killAllGroupsNow);
    exitHookInstalled = true;
  }
  const fd = openSync(logPath, "a");
  const startedAt = performance.now();
  let child;
  try {
    child = spawn("/bin/sh", ["-c", command], { detached: true, stdio: ["ignore", fd, fd], env });
  } finally {
    closeSync(fd);
  }
  const pid = child.pid;
  if (pid === void 0) throw new Error(`could not start the ${name}: /bin/sh failed to spawn`);
  let resolveExit;
  const exited = new Promise((r) => resolveExit = r);
  const group = {
    name,
    pid,
    exited,
    exit: null,
    logPath,
    async stop(graceMs = 5e3) {
      const signal = (sig) => {
        try {
          process.kill(-pid, sig);
        } catch {
        }
      };
      if (groupMembers(pid).length > 0 || group.exit === null) {
        signal("SIGTERM");
        const deadline = performance.now() + graceMs;
        while (performance.now() < deadline && groupMembers(pid).length > 0) await sleep(25);
        if (groupMembers(pid).length > 0) {
          signal("SIGKILL");
          const hard = performance.now() + 2e3;
          while (performance.now() < hard && groupMembers(pid).length > 0) await sleep(25);
        }
      }
      if (group.exit === null) await Promise.race([exited, sleep(1e3)]);
      live.delete(group);
    }
  };
  child.on("exit", (code2, sig) => {
    group.exit = { code: code2, signal: sig, afterS: (performance.now() - startedAt) / 1e3 };
    resolveExit(group.exit);
  });
  child.on("error", () => {
    group.exit = { code: 127, signal: null, afterS: (performance.now() - startedAt) / 1e3 };
    resolveExit(group.exit);
  });
  live.add(group);
  return group;
}
function lastLines(path, n = 3, maxChars = 400) {
  let text;
  try {
    text = readFileSync2(path, "utf8");
  } catch {
    return "";
  }
  const lines = text.split("\n").map((l) => l.trim()).filter((l) => l.length > 0).slice(-n);
  const joined = lines.join(" | ");
  return joined.length > maxChars ? `...${joined.slice(-maxChars)}` : joined;
}
function describeExit(e) {
  if (e.signal) return `was killed by ${e.signal}`;
  return `exited with status ${e.code}`;
}

// src/run/record.ts
var sleep2 = (ms, signal) => new Promise((resolve) => {
  const done = () => {
    clearTimeout(t);
    signal?.removeEventListener("abort", done);
    resolve();
  };
  const t = setTimeout(done, ms);
  signal?.addEventListener("abort", done, { once: true });
});
function serviceGodebug(userGodebug, profileRate) {
  const kept = (userGodebug ?? "").split(",").map((s) => s.trim()).filter((s) => s && !s.startsWith("memprofilerate="));
  return [...kept, `memprofilerate=${profileRate}`].join(",");
}
async function portInUse(url) {
  const u = new URL(url);
  const host = u.hostname.replace(/^\[|\]$/g, "");
  const local = host === "localhost" || host === "::1" || host.startsWith("127.");
  if (!local) return false;
  const port = Number(u.port || (u.protocol === "https:" ? 443 : 80));
  return new Promise((resolve) => {
    const sock = net.connect({ host, port });
    const done = (v) => {
      sock.destroy();
      resolve(v);
    };
    sock.setTimeout(500, () => done(false));
    sock.once("connect", () => done(true));
    sock.once("error", () => done(false));
  });
}
var HttpStatusError = class extends Error {
  constructor(status, url) {
    super(`HTTP ${status} from ${url}`);
    this.status = status;
    this.url = url;
  }
  status;
  url;
};
var TooLargeError = class extends Error {
};
async function fetchBytes(url, timeoutMs, signal, maxBytes = MAX_PROFILE_BYTES) {
  const ctl = new AbortController();
  const onAbort = () => ctl.abort(signal?.reason);
  const timer = setTimeout(() => ctl.abort(new DOMException(`timed out after ${timeoutMs} ms`, "TimeoutError")), timeoutMs);
  signal?.addEventListener("abort", onAbort, { once: true });
  try {
    const res = await fetch(url, { signal: ctl.signal });
    if (!res.ok) {
      await res.body?.cancel();
      throw new HttpStatusError(res.status, url);
    }
    const chunks = [];
    let size = 0;
    for await (const chunk of res.body ?? []) {
      size += chunk.length;
      if (size > maxBytes) {
        ctl.abort();
        throw new TooLargeError(TOO_LARGE);
      }
      chunks.push(chunk);
    }
    return Buffer.concat(chunks);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener("abort", onAbort);
  }
}
function reason(err) {
  const e = err;
  if (e?.name === "TimeoutError") return "timed out";
  if (e?.cause?.code) return e.cause.code === "ECONNREFUSED" ? "connection refused" : e.cause.code;
  return e?.message ?? String(err);
}
function noPprof(url, status) {
  return new GateError(`no pprof at ${url} (${status}): import _ "net/http/pprof" and serve it, or point --pprof-url at the port that does`);
}
async function record(cfg, opts = {}) {
  const log = opts.log ?? (() => {
  });
  const graceMs = opts.graceMs ?? 5e3;
  const t0 = performance.now();
  const profilesDir = join(cfg.out, "profiles");
  mkdirSync(profilesDir, { recursive: true });
  const rec = {
    startedAt: (/* @__PURE__ */ new Date()).toISOString(),
    readyAfterS: null,
    samples: [],
    heapSites: new SiteTimeline(),
    goroutineSites: new SiteTimeline(),
    periodInForce: null,
    load: { kind: cfg.load ? "command" : cfg.rate ? "builtin" : "none", stats: null, exit: null, endedRunEarly: false },
    service: { exit: null },
    skippedSamples: 0,
    error: null,
    wallS: 0
  };
  let service = null;
  let loadGroup = null;
  let builtin = null;
  const stop = new AbortController();
  let stopReason = null;
  const abort = (why) => {
    stopReason ??= why;
    stop.abort();
  };
  const onOuterAbort = () => abort(String(opts.signal?.reason ?? "interrupted"));
  if (opts.signal?.aborted) onOuterAbort();
  opts.signal?.addEventListener("abort", onOuterAbort, { once: true });
  try {
    if (!existsSync("/proc/self/stat")) {
      throw new GateError("go-mem-gate runs on Linux: it reads /proc to find, measure and stop the service's processes (on GitHub, use an ubuntu runner)");
    }
    for (const url of /* @__PURE__ */ new Set([cfg.readyUrl, cfg.pprofUrl])) {
      if (await portInUse(url)) {
        const u = new URL(url);
        throw new GateError(`something already listens on ${u.host} before the service started: stop it, or run the service on a free port and set --pprof-url`);
      }
    }
    const env = { ...process.env, ...cfg.env };
    env.GODEBUG = serviceGodebug(env.GODEBUG, cfg.profileRate);
    const serviceLog = join(cfg.out, "service.log");
    log(`starting service: ${cfg.start}`);
    service = startGroup("service", cfg.start, env, serviceLog);
    const svc = service;
    const serviceDied = (phase) => {
      const e = svc.exit;
      const tail = lastLines(serviceLog);
      return `service ${describeExit(e)} after ${e.afterS.toFixed(1)}s${phase}; ${tail ? `last lines of service.log: ${tail}` : "service.log is empty"}`;
    };
    svc.exited.then(() => {
      rec.service.exit = svc.exit;
      abort(serviceDied(rec.readyAfterS === null ? ", before it was ready" : ""));
    });
    const readyDeadline = performance.now() + cfg.readyTimeoutS * 1e3;
    let last = "no answer yet";
    for (; ; ) {
      if (stop.signal.aborted) throw new GateError(stopReason);
      try {
        await fetchBytes(cfg.readyUrl, 1e3, stop.signal);
        break;
      } catch (err) {
        if (err instanceof HttpStatusError) {
          if (err.status === 404 && cfg.readyUrl === `${cfg.pprofUrl}/`) throw noPprof(cfg.readyUrl, 404);
          last = `HTTP ${err.status}`;
        } else if (!stop.signal.aborted) last = reason(err);
      }
      if (performance.now() > readyDeadline) {
        throw new GateError(`service did not answer 2xx at ${cfg.readyUrl} within ${formatDuration(cfg.readyTimeoutS)} (last: ${last}); check --start and --ready-url, or raise --ready-timeout`);
      }
      await sleep2(100, stop.signal);
    }
    rec.readyAfterS = (performance.now() - t0) / 1e3;
    log(`service ready after ${rec.readyAfterS.toFixed(1)}s`);
    if (cfg.readyUrl !== `${cfg.pprofUrl}/`) {
      try {
        await fetchBytes(`${cfg.pprofUrl}/`, cfg.requestTimeoutS * 1e3, stop.signal);
      } catch (err) {
        if (err instanceof HttpStatusError && err.status === 404) throw noPprof(`${cfg.pprofUrl}/`, 404);
        if (!stop.signal.aborted) {
          throw new GateError(`the service is ready at ${cfg.readyUrl}, but nothing usable answers at ${cfg.pprofUrl}/ (${err instanceof HttpStatusError ? `HTTP ${err.status}` : reason(err)}): is pprof served on another port? set --pprof-url`);
        }
      }
    }
    if (cfg.load) {
      const loadEnv = { ...process.env, ...cfg.env };
      if (cfg.loadUrl) loadEnv.TARGET_URL = cfg.loadUrl;
      log(`starting load: ${cfg.load}`);
      loadGroup = startGroup("load", cfg.load, loadEnv, join(cfg.out, "load.log"));
      const lg = loadGroup;
      lg.exited.then((e) => {
        rec.load.exit = e;
        if (stop.signal.aborted) return;
        if (e.code === 0) {
          rec.load.endedRunEarly = true;
          abort("load finished");
        } else {
          const tail = lastLines(lg.logPath);
          abort(`load command ${describeExit(e)} after ${e.afterS.toFixed(1)}s; ${tail ? `last lines of load.log: ${tail}` : "load.log is empty"}`);
        }
      });
    } else if (cfg.loadUrl && cfg.rate) {
      log(`built-in load: ${cfg.rate}/s to ${cfg.loadUrl}`);
      builtin = startBuiltinLoad(cfg.loadUrl, cfg.rate);
    }
    const begin = performance.now();
    const timeoutMs = cfg.requestTimeoutS * 1e3;
    for (let i = 0; ; i++) {
      const due = begin + i * cfg.intervalS * 1e3;
      if ((due - begin) / 1e3 > cfg.durationS + 1e-9) break;
      while (!stop.signal.aborted && performance.now() < due) await sleep2(Math.max(1, due - performance.now()), stop.signal);
      if (stop.signal.aborted) break;
      if (performance.now() - due > cfg.intervalS * 1e3) continue;
      const t = (performance.now() - begin) / 1e3;
      const sample = await takeSample(cfg, rec, i, t, svc.pid, timeoutMs, stop.signal);
      if (stop.signal.aborted && sample.skipped) break;
      rec.samples.push(sample);
      if (sample.skipped) {
        rec.skippedSamples++;
        log(`  ${t.toFixed(0).padStart(4)}s  sample skipped: ${sample.skipped}`);
      } else {
        log(`  ${t.toFixed(0).padStart(4)}s  heap ${formatBytes(sample.heapLive ?? NaN).padStart(10)}  goroutines ${String(sample.goroutines).padStart(6)}  rss ${formatBytes(sample.rss ?? NaN).padStart(10)}`);
      }
    }
    if (stopReason && stopReason !== "load finished") throw new GateError(stopReason);
    const judged = rec.samples.filter((s) => s.heapLive !== null && s.t >= cfg.warmupS - 1e-9).length;
    if (rec.load.endedRunEarly && judged < MIN_JUDGED_SAMPLES) {
      const at = rec.load.exit?.afterS ?? 0;
      throw new GateError(`the load command finished after ${at.toFixed(1)}s, leaving ${judged} samples after the ${formatDuration(cfg.warmupS)} warm-up (need ${MIN_JUDGED_SAMPLES}): make the load run at least ${formatDuration(cfg.warmupS + MIN_JUDGED_SAMPLES * cfg.intervalS)}, or shorten --warmup`);
    }
    if (builtin) {
      const st = builtin.stats();
      if (st.sent >= 10 && st.ok < st.sent / 2) {
        throw new GateError(`the built-in load got 2xx for only ${st.ok} of ${st.sent} requests to ${st.url} (first error: ${st.firstError ?? "none"}); check --load-url`);
      }
    }
    const good = rec.samples.filter((s) => !s.skipped).length;
    if (rec.samples.length > 0 && good < rec.samples.length / 2) {
      throw new GateError(`${rec.skippedSamples} of ${rec.samples.length} samples failed (${rec.samples.find((s) => s.skipped)?.skipped}); the service answers pprof too slowly or not at all under this load`);
    }
  } catch (err) {
    if (err instanceof GateError) rec.error = err.message;
    else throw err;
  } finally {
    opts.signal?.removeEventListener("abort", onOuterAbort);
    const grace = opts.signal?.aborted ? Math.min(graceMs, 2e3) : graceMs;
    const alreadyDead = service?.exit != null;
    const lg = loadGroup;
    await Promise.all([
      builtin ? builtin.stop().then((st) => rec.load.stats = st) : null,
      lg ? lg.stop(grace).then(() => rec.load.exit ??= lg.exit) : null,
      service?.stop(grace)
    ]);
    if (service && alreadyDead) rec.service.exit = service.exit;
    rec.wallS = (performance.now() - t0) / 1e3;
  }
  return rec;
}
async function takeSample(cfg, rec, i, t, pgid, timeoutMs, signal) {
  const s = {
    i,
    t,
    heapLive: null,
    heapObjects: null,
    heapInuse: null,
    sys: null,
    numGC: null,
    goroutines: null,
    rss: null,
    cpuSeconds: null,
    heapProfile: null,
    goroutineProfile: null,
    skipped: null
  };
  const n = String(i).padStart(4, "0");
  const heapUrl = `${cfg.pprofUrl}/heap`;
  try {
    const text = new TextDecoder().decode(await fetchBytes(`${heapUrl}?gc=1&debug=1`, timeoutMs, signal));
    const ms = parseMemStats(text);
    if (ms.HeapAlloc === void 0) throw new GateError(`${heapUrl}?debug=1 has no "# runtime.MemStats" block; is this a Go net/http/pprof handler?`);
    s.heapLive = ms.HeapAlloc;
    s.heapObjects = ms.HeapObjects ?? null;
    s.heapInuse = ms.HeapInuse ?? null;
    s.sys = ms.Sys ?? null;
    s.numGC = ms.NumGC ?? null;
    ({ rss: s.rss, cpuSeconds: s.cpuSeconds } = groupUsage(pgid));
    const heap = await fetchBytes(heapUrl, timeoutMs, signal);
    s.heapProfile = `profiles/heap-${n}.pb.gz`;
    writeFileSync(join(cfg.out, s.heapProfile), heap);
    const gor = await fetchBytes(`${cfg.pprofUrl}/goroutine`, timeoutMs, signal);
    s.goroutineProfile = `profiles/goroutine-${n}.pb.gz`;
    writeFileSync(join(cfg.out, s.goroutineProfile), gor);
    try {
      const hs = summariseHeapProfile(heap);
      rec.periodInForce ??= hs.period;
      rec.heapSites.add(t, hs);
    } catch (err) {
      if (!(err instanceof ProfileError)) throw err;
      if (/no inuse_space sample type/.test(err.message)) throw new GateError(`${heapUrl} is not a heap profile: ${err.message}`);
      s.skipped = `heap profile: ${err.message}`;
    }
    try {
      const gs = summariseGoroutineProfile(gor);
      s.goroutines = gs.total;
      rec.goroutineSites.add(t, gs);
    } catch (err) {
      if (!(err instanceof ProfileError)) throw err;
      s.skipped ??= `goroutine profile: ${err.message}`;
    }
  } catch (err) {
    if (err instanceof GateError) throw err;
    if (err instanceof HttpStatusError) {
      if (err.status === 404) throw noPprof(err.url, 404);
      s.skipped = `HTTP ${err.status} from ${err.url}`;
    } else if (err instanceof TooLargeError) s.skipped = err.message;
    else s.skipped = reason(err);
  }
  return s;
}

// node_modules/markdown-table/index.js
function defaultStringLength(value) {
  return value.length;
}
function markdownTable(table, options) {
  const settings = options || {};
  const align = (settings.align || []).concat();
  const stringLength = settings.stringLength || defaultStringLength;
  const alignments = [];
  const cellMatrix = [];
  const sizeMatrix = [];
  const longestCellByColumn = [];
  let mostCellsPerRow = 0;
  let rowIndex = -1;
  while (++rowIndex < table.length) {
    const row2 = [];
    const sizes2 = [];
    let columnIndex2 = -1;
    if (table[rowIndex].length > mostCellsPerRow) {
      mostCellsPerRow = table[rowIndex].length;
    }
    while (++columnIndex2 < table[rowIndex].length) {
      const cell = serialize(table[rowIndex][columnIndex2]);
      if (settings.alignDelimiters !== false) {
        const size = stringLength(cell);
        sizes2[columnIndex2] = size;
        if (longestCellByColumn[columnIndex2] === void 0 || size > longestCellByColumn[columnIndex2]) {
          longestCellByColumn[columnIndex2] = size;
        }
      }
      row2.push(cell);
    }
    cellMatrix[rowIndex] = row2;
    sizeMatrix[rowIndex] = sizes2;
  }
  let columnIndex = -1;
  if (typeof align === "object" && "length" in align) {
    while (++columnIndex < mostCellsPerRow) {
      alignments[columnIndex] = toAlignment(align[columnIndex]);
    }
  } else {
    const code2 = toAlignment(align);
    while (++columnIndex < mostCellsPerRow) {
      alignments[columnIndex] = code2;
    }
  }
  columnIndex = -1;
  const row = [];
  const sizes = [];
  while (++columnIndex < mostCellsPerRow) {
    const code2 = alignments[columnIndex];
    let before = "";
    let after = "";
    if (code2 === 99) {
      before = ":";
      after = ":";
    } else if (code2 === 108) {
      before = ":";
    } else if (code2 === 114) {
      after = ":";
    }
    let size = settings.alignDelimiters === false ? 1 : Math.max(
      1,
      longestCellByColumn[columnIndex] - before.length - after.length
    );
    const cell = before + "-".repeat(size) + after;
    if (settings.alignDelimiters !== false) {
      size = before.length + size + after.length;
      if (size > longestCellByColumn[columnIndex]) {
        longestCellByColumn[columnIndex] = size;
      }
      sizes[columnIndex] = size;
    }
    row[columnIndex] = cell;
  }
  cellMatrix.splice(1, 0, row);
  sizeMatrix.splice(1, 0, sizes);
  rowIndex = -1;
  const lines = [];
  while (++rowIndex < cellMatrix.length) {
    const row2 = cellMatrix[rowIndex];
    const sizes2 = sizeMatrix[rowIndex];
    const cellsInRow = settings.fillRows === false ? Math.max(1, cellMatrix[rowIndex === 1 ? 0 : rowIndex].length) : mostCellsPerRow;
    columnIndex = -1;
    const line = [];
    while (++columnIndex < cellsInRow) {
      const cell = row2[columnIndex] || "";
      let before = "";
      let after = "";
      if (settings.alignDelimiters !== false) {
        const size = longestCellByColumn[columnIndex] - (sizes2[columnIndex] || 0);
        const code2 = alignments[columnIndex];
        if (code2 === 114) {
          before = " ".repeat(size);
        } else if (code2 === 99) {
          const half = size / 2;
          if (size % 2) {
            before = " ".repeat(half + 0.5);
            after = " ".repeat(half - 0.5);
          } else {
            before = " ".repeat(half);
            after = before;
          }
        } else {
          after = " ".repeat(size);
        }
      }
      if (settings.delimiterStart !== false && !columnIndex) {
        line.push("|");
      }
      if (settings.padding !== false && // Don’t add the opening space if we’re not aligning and the cell is
      // empty: there will be a closing space.
      !(settings.alignDelimiters === false && cell === "") && (settings.delimiterStart !== false || columnIndex)) {
        line.push(" ");
      }
      if (settings.alignDelimiters !== false) {
        line.push(before);
      }
      line.push(cell);
      if (settings.alignDelimiters !== false) {
        line.push(after);
      }
      if (settings.padding !== false) {
        line.push(" ");
      }
      if (settings.delimiterEnd !== false || columnIndex !== cellsInRow - 1) {
        line.push("|");
      }
    }
    lines.push(
      settings.delimiterEnd === false ? line.join("").replace(/ +$/, "") : line.join("")
    );
  }
  return lines.join("\n");
}
function serialize(value) {
  return value === null || value === void 0 ? "" : String(value);
}
function toAlignment(value) {
  const code2 = typeof value === "string" ? value.codePointAt(0) : 0;
  return code2 === 67 || code2 === 99 ? 99 : code2 === 76 || code2 === 108 ? 108 : code2 === 82 || code2 === 114 ? 114 : 0;
}

// src/report/escape.ts
var ENTITY = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
  "|": "&#124;",
  "`": "&#96;",
  "@": "&#64;",
  "\\": "&#92;",
  "*": "&#42;",
  "[": "&#91;",
  "]": "&#93;",
  "~": "&#126;",
  "#": "&#35;",
  "!": "&#33;"
};
var MAX_CELL_CHARS = 160;
function truncateMiddle(text, max = MAX_CELL_CHARS) {
  const chars = [...text];
  if (chars.length <= max) return text;
  const keep = max - 1;
  const head = Math.ceil(keep / 2);
  return `${chars.slice(0, head).join("")}\u2026${chars.slice(chars.length - (keep - head)).join("")}`;
}
function escapeMarkdown(text, max = MAX_CELL_CHARS) {
  const cleaned = truncateMiddle(String(text).replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, " ").replace(/[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, ""), max);
  return cleaned.replace(/[&<>"'|`@\\*[\]~#!]/g, (c) => ENTITY[c]).replace(/:\/\//g, ":&#47;&#47;");
}
function code(text, max = MAX_CELL_CHARS) {
  return `<code>${escapeMarkdown(text, max)}</code>`;
}
function fenced(text, lang = "") {
  const longest = Math.max(0, ...[...String(text).matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(Math.max(3, longest + 1));
  return `${fence}${lang}
${text}
${fence}`;
}

// src/report/markdown.ts
var ICON = { pass: "\u2705", fail: "\u274C", error: "\u26A0\uFE0F" };
var MAX_SITE_ROWS = 20;
function rate(v, unit) {
  return v === null ? "\u2013" : formatRate(v, unit);
}
function metricRow(m) {
  return [
    `${METRICS[m.name]?.title ?? escapeMarkdown(m.name)} (${code(m.name)})`,
    rate(m.slopePerMinute, m.unit),
    `${rate(m.ciLow, m.unit)} \u2026 ${rate(m.ciHigh, m.unit)}`,
    rate(m.baselineSlopePerMinute, m.unit),
    m.budgetPerMinute === null ? "\u2013" : `${rate(m.budgetPerMinute, m.unit)}${m.budgetSource === "default" ? " (default)" : ""}`,
    `${m.verdict === "fail" ? "\u274C fail" : m.plateau && m.slopePerMinute > 0 ? "\u2705 pass (levelled off)" : "\u2705 pass"}`
  ];
}
function location(s) {
  return code(`${s.file}:${s.line}`);
}
function siteRows(sites, unit) {
  return sites.map((s) => {
    const slope = "slopeBytesPerMinute" in s ? s.slopeBytesPerMinute : s.slopePerMinute;
    const base = "slopeBytesPerMinute" in s ? s.baselineSlopeBytesPerMinute : s.baselineSlopePerMinute;
    const end = "inuseBytes" in s ? formatBytes(s.inuseBytes) : formatCount(s.goroutines);
    const callers = s.stack.slice(1, 3).map((f) => escapeMarkdown(f.function, 60)).join(" \u2190 ");
    return [
      `${code(s.function)}${callers ? `<br><sub>\u2190 ${callers}</sub>` : ""}`,
      location(s),
      rate(base, unit),
      `${rate(slope, unit)}<br><sub>${rate(s.ciLow, unit)} \u2026 ${rate(s.ciHigh, unit)}</sub>`,
      end
    ];
  });
}
function heapChart(r, maxPoints = 60) {
  const pts = r.series.t.map((t, i) => [t, r.series.heapLive[i]]).filter((p) => p[1] !== null);
  if (pts.length < 2) return null;
  const step = Math.max(1, Math.ceil(pts.length / maxPoints));
  const kept = pts.filter((_, i) => i % step === 0 || i === pts.length - 1);
  const labels = kept.map(([t]) => `"${Math.round(t)}"`).join(", ");
  const mib = kept.map(([, v]) => (v / 1024 / 1024).toFixed(2)).join(", ");
  return [
    "```mermaid",
    "xychart-beta",
    `  title "Live heap after each forced GC (warm-up: first ${formatDuration(r.run.warmupS)})"`,
    `  x-axis "seconds" [${labels}]`,
    '  y-axis "MiB"',
    `  line [${mib}]`,
    "```"
  ].join("\n");
}
function siteSection(title, sites, unit, maxRows) {
  if (sites.length === 0) return [];
  const header = ["function", "file:line", "baseline slope", "head slope", unit === "bytes" ? "in use at end" : "goroutines at end"];
  const shown = sites.slice(0, maxRows);
  const out = [`#### ${title}`, "", markdownTable([header, ...siteRows(shown, unit)], { align: ["l", "l", "r", "r", "r"] })];
  if (sites.length > shown.length) out.push("", `_\u2026and ${sites.length - shown.length} more in report.json._`);
  out.push("");
  return out;
}
function renderMarkdown(r, opts = {}) {
  const maxRows = opts.maxSiteRows ?? MAX_SITE_ROWS;
  const lines = [];
  lines.push(`### ${ICON[r.verdict]} go-mem-gate: ${escapeMarkdown(r.summary, 400)}`, "");
  if (r.verdict === "error") {
    lines.push("The gate could not measure, so it neither passes nor fails this change. Samples, profiles and logs gathered so far are kept in the output directory.", "");
  }
  for (const n of r.notes) lines.push(`> ${escapeMarkdown(n, 600)}`, ">");
  if (r.notes.length) lines.pop(), lines.push("");
  if (r.metrics.length) {
    const pct = `${Math.round(r.run.confidence * 100)}% interval`;
    lines.push(markdownTable([["metric", "slope", pct, "baseline", "budget", "verdict"], ...r.metrics.map(metricRow)], { align: ["l", "r", "r", "r", "r", "l"] }), "");
  }
  const failedHeap = r.sites.filter((s) => s.verdict === "fail");
  const failedG = r.goroutineSites.filter((s) => s.verdict === "fail");
  lines.push(...siteSection("Regressed allocation sites (in-use bytes)", failedHeap, "bytes", maxRows));
  lines.push(...siteSection("Regressed goroutine sites (where the goroutines wait)", failedG, "goroutines", maxRows));
  if (failedHeap.length === 0 && failedG.length === 0) {
    const growing = r.sites.filter((s) => s.slopeBytesPerMinute > 0).slice(0, 5);
    if (growing.length && r.verdict === "fail") {
      lines.push(`No single allocation site grows surely enough to be called regressed at one heap-profile sample per ${formatBytes(r.run.profileRateInForce ?? r.run.profileRateRequested)} (a lower \`--profile-rate\` sees more); the fastest-growing ones:`, "");
      lines.push(...siteSection("Fastest-growing allocation sites", growing, "bytes", 5));
    } else if (growing.length) {
      lines.push("<details><summary>Fastest-growing allocation sites (within limits)</summary>", "");
      lines.push(...siteSection("Top sites by in-use growth", growing, "bytes", 5));
      lines.push("</details>", "");
    }
  }
  const chart = heapChart(r);
  if (chart) lines.push(chart, "");
  const heap = r.metrics.find((m) => m.name === "heap_live");
  const g = r.metrics.find((m) => m.name === "goroutines");
  lines.push("#### Sensitivity");
  if (heap) {
    lines.push(`- This run would catch live-heap growth of **${formatRate(heap.minDetectablePerMinute, "bytes")}** above its allowance (80% of the time, at ${Math.round(r.run.confidence * 100)}% confidence); the post-GC heap varied by ${formatBytes(heap.noise)} (s.d.) around its trend.`);
  }
  if (g) {
    lines.push(g.minDetectablePerMinute > 0 ? `- Goroutines: growth of ${formatRate(g.minDetectablePerMinute, "goroutines")} above the allowance would be caught.` : "- Goroutines: the count held still between samples, so any sustained growth above the allowance would be caught.");
  }
  lines.push(`- ${r.run.samples} samples every ${formatDuration(r.run.intervalS)} over ${formatDuration(r.run.sampledS)}; the first ${formatDuration(r.run.warmupS)} are warm-up and not judged${r.run.skippedSamples ? `; ${r.run.skippedSamples} skipped` : ""}.`);
  const rateInForce = r.run.profileRateInForce;
  lines.push(`- Heap profile sampling rate in force: ${rateInForce === null ? "unknown (no profile decoded)" : `one sample per ${formatBytes(rateInForce)} allocated`}${rateInForce !== null && rateInForce !== r.run.profileRateRequested ? ` (asked for ${formatBytes(r.run.profileRateRequested)})` : ""}.`);
  const load = r.run.load;
  if (load.kind === "builtin" && load.stats) {
    const s = load.stats;
    lines.push(`- Built-in load: ${formatCount(s.targetRate)} req/s asked, ${formatCount(s.achievedRate)} req/s answered 2xx; ${s.httpErrors + s.networkErrors} errors, ${s.dropped} dropped at the concurrency limit; p99 ${s.latencyP99Ms === null ? "\u2013" : `${s.latencyP99Ms.toFixed(1)} ms`}.`);
  } else if (load.kind === "command") {
    lines.push(`- Load: your command${load.exit ? `, which ${load.exit.signal ? `was stopped (${load.exit.signal})` : `exited with status ${load.exit.code}`}` : ""}${load.endedRunEarly ? " and ended the run early" : ""}.`);
  } else {
    lines.push("- Load: none (the service ran idle).");
  }
  lines.push("");
  const heapProfiles = r.series.t.flatMap((t, i) => t >= r.run.warmupS - 1e-9 && r.series.heapProfile[i] ? [r.series.heapProfile[i]] : []);
  lines.push("<details><summary>How to reproduce</summary>", "");
  lines.push(fenced(r.run.command, "sh"), "");
  if (heapProfiles.length >= 2) {
    const [first, last] = [heapProfiles[0], heapProfiles[heapProfiles.length - 1]];
    lines.push("What grew between the first and last profiles after warm-up, in the output directory:", "");
    lines.push(fenced(`go tool pprof -sample_index=inuse_space -top -diff_base ${first} ${last}`, "sh"), "");
  }
  lines.push("</details>", "");
  if (opts.footer?.length) lines.push(...opts.footer, "");
  return `${lines.join("\n").trimEnd()}
`;
}

// src/report/report.ts
var REPORT_SCHEMA_VERSION = 1;
var TOOL_VERSION = "0.1.0";
function reportMetric(m) {
  const f = m.fit;
  return {
    name: m.name,
    unit: m.unit,
    slopePerMinute: f.slopePerMinute,
    ciLow: f.ciLow,
    ciHigh: f.ciHigh,
    sePerMinute: f.sePerMinute,
    baselineSlopePerMinute: m.judgement.baselineSlopePerMinute,
    budgetPerMinute: m.budget?.perMinute ?? null,
    budgetSource: m.budget?.source ?? null,
    verdict: m.judgement.verdict,
    reason: m.judgement.reason,
    trendP: f.trendP,
    plateau: f.plateau,
    lastHalfSlopePerMinute: f.lastHalfSlopePerMinute,
    minDetectablePerMinute: m.judgement.minDetectablePerMinute,
    noise: f.noise,
    n: f.n,
    first: f.first,
    last: f.last
  };
}
function reportSite(s) {
  return {
    function: s.site.function,
    file: s.site.file,
    line: s.site.line,
    slopeBytesPerMinute: s.site.fit.slopePerMinute,
    ciLow: s.site.fit.ciLow,
    ciHigh: s.site.fit.ciHigh,
    baselineSlopeBytesPerMinute: s.judgement.baselineSlopePerMinute,
    inuseBytes: s.site.lastValue,
    verdict: s.judgement.verdict,
    reason: s.judgement.reason,
    stack: s.site.stack
  };
}
function reportGoroutineSite(s) {
  const { slopeBytesPerMinute, baselineSlopeBytesPerMinute, inuseBytes, ...rest } = reportSite(s);
  return { ...rest, slopePerMinute: slopeBytesPerMinute, baselineSlopePerMinute: baselineSlopeBytesPerMinute, goroutines: inuseBytes };
}
function toBaseline(report, heapSites, goroutineSites, cfg) {
  const site = (s) => ({
    function: s.site.function,
    file: s.site.file,
    line: s.site.line,
    slopePerMinute: s.site.fit.slopePerMinute,
    sePerMinute: s.site.fit.sePerMinute,
    ciLow: s.site.fit.ciLow,
    ciHigh: s.site.fit.ciHigh,
    n: s.site.fit.n,
    last: s.site.lastValue
  });
  return {
    schemaVersion: BASELINE_SCHEMA_VERSION,
    kind: "go-mem-gate-baseline",
    createdAt: report.run.startedAt,
    tool: `go-mem-gate ${TOOL_VERSION}`,
    run: {
      durationS: report.run.sampledS,
      intervalS: cfg.intervalS,
      warmupS: cfg.warmupS,
      profileRate: report.run.profileRateInForce,
      samples: report.run.samples,
      confidence: cfg.confidence
    },
    metrics: Object.fromEntries(
      report.metrics.map((m) => [m.name, { slopePerMinute: m.slopePerMinute, sePerMinute: m.sePerMinute, ciLow: m.ciLow, ciHigh: m.ciHigh, n: m.n }])
    ),
    sites: heapSites.map(site),
    goroutineSites: goroutineSites.map(site)
  };
}

// src/engine.ts
var SAMPLE_FIELD = {
  heap_live: "heapLive",
  heap_objects: "heapObjects",
  goroutines: "goroutines",
  rss: "rss"
};
function shellQuote(arg) {
  return /^[A-Za-z0-9_\-./=:@%+,]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
function redactArgv(argv) {
  return argv.map((a, i) => {
    if (argv[i - 1] === "--env" && a.includes("=")) return `${a.slice(0, a.indexOf("="))}=\u2026`;
    const m = /^--env=([^=]*)=/.exec(a);
    return m ? `--env=${m[1]}=\u2026` : a;
  });
}
function comparabilityNotes(baseline, cfg, periodInForce) {
  const notes = [];
  const b = baseline.run;
  if (b.profileRate !== null && periodInForce !== null && b.profileRate !== periodInForce) {
    notes.push(`the baseline was recorded at a heap profile rate of ${formatBytes(b.profileRate)}, this run at ${formatBytes(periodInForce)}: metric slopes compare exactly, site slopes are estimates of different precision`);
  }
  if (Number.isFinite(b.durationS) && Math.abs(b.durationS - cfg.durationS) > Math.max(cfg.intervalS, 0.2 * cfg.durationS)) {
    notes.push(`the baseline ran for ${formatDuration(b.durationS)}, this run for ${formatDuration(cfg.durationS)}: slopes per minute compare, but slow growth that only shows in the longer run is judged on less data`);
  }
  if (Number.isFinite(b.intervalS) && b.intervalS !== cfg.intervalS) {
    notes.push(`the baseline sampled every ${formatDuration(b.intervalS)}, this run every ${formatDuration(cfg.intervalS)}`);
  }
  return notes;
}
function seriesOf(samples, metric) {
  const t = [];
  const v = [];
  const field = SAMPLE_FIELD[metric];
  for (const s of samples) {
    const x = s[field];
    if (typeof x === "number" && Number.isFinite(x)) {
      t.push(s.t);
      v.push(x);
    }
  }
  return { t, v };
}
function evaluate(cfg, rec, baseline, baselineSource, extraNotes = []) {
  const fits = {};
  for (const name of METRIC_NAMES) {
    const s = afterWarmup(seriesOf(rec.samples, name), cfg.warmupS);
    if (s.t.length >= 3) fits[name] = analyzeSeries(s, cfg.confidence);
  }
  const metrics = judgeMetrics(fits, cfg.budgets, baseline, cfg.confidence);
  const metricFailed = (name) => metrics.some((m) => m.name === name && m.judgement.verdict === "fail");
  const baselineFns = new Set([...baseline?.sites ?? [], ...baseline?.goroutineSites ?? []].map((s) => s.function));
  const heapSites = judgeSites(analyzeSites(rec.heapSites, cfg.warmupS, cfg.confidence, (fn) => baselineFns.has(fn), rec.periodInForce ?? cfg.profileRate), "heap_live", cfg.budgets, baseline?.sites ?? null, "bytes", metricFailed("heap_live"));
  const goroutineSites = judgeSites(analyzeSites(rec.goroutineSites, cfg.warmupS, cfg.confidence, (fn) => baselineFns.has(fn)), "goroutines", cfg.budgets, baseline?.goroutineSites ?? null, "goroutines", metricFailed("goroutines"));
  const failed = metrics.some((m) => m.judgement.verdict === "fail") || heapSites.some((s) => s.judgement.verdict === "fail") || goroutineSites.some((s) => s.judgement.verdict === "fail");
  const verdict = rec.error ? "error" : failed ? "fail" : "pass";
  const notes = [...extraNotes];
  const baselineNotes = baseline ? comparabilityNotes(baseline, cfg, rec.periodInForce) : [];
  notes.push(...baselineNotes);
  if (cfg.budgets.some((b) => b.source === "default")) {
    notes.push(`no baseline or budget was given, so default budgets apply: ${cfg.budgets.map((b) => `${b.metric}=${formatRate(b.perMinute, METRICS[b.metric].unit).replace(/ /g, "")}`).join(", ")}`);
  }
  if (rec.periodInForce !== null && rec.periodInForce !== cfg.profileRate) {
    notes.push(`heap profile rate in force is ${formatBytes(rec.periodInForce)}, not the ${formatBytes(cfg.profileRate)} asked for (GODEBUG=memprofilerate has no effect before Go 1.20, or the program sets runtime.MemProfileRate itself)`);
  }
  if (rec.skippedSamples > 0) notes.push(`${rec.skippedSamples} of ${rec.samples.length} samples were skipped (see samples.json)`);
  const good = rec.samples.filter((s) => s.heapLive !== null);
  const report = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: "go-mem-gate", version: TOOL_VERSION },
    verdict,
    error: rec.error,
    summary: "",
    run: {
      startedAt: rec.startedAt,
      command: ["go-mem-gate", ...redactArgv(cfg.argv)].map(shellQuote).join(" "),
      durationS: cfg.durationS,
      sampledS: good.length ? good[good.length - 1].t : 0,
      intervalS: cfg.intervalS,
      warmupS: cfg.warmupS,
      confidence: cfg.confidence,
      samples: rec.samples.length,
      skippedSamples: rec.skippedSamples,
      profileRateRequested: cfg.profileRate,
      profileRateInForce: rec.periodInForce,
      readyAfterS: rec.readyAfterS,
      wallS: rec.wallS,
      load: rec.load,
      service: rec.service
    },
    baseline: { used: baseline !== null, source: baselineSource, createdAt: baseline?.createdAt ?? null, notes: baselineNotes },
    notes,
    metrics: metrics.map(reportMetric),
    sites: heapSites.map(reportSite),
    goroutineSites: goroutineSites.map(reportGoroutineSite),
    series: { t: rec.samples.map((s) => s.t), heapLive: rec.samples.map((s) => s.heapLive), goroutines: rec.samples.map((s) => s.goroutines), heapProfile: rec.samples.map((s) => s.heapProfile) }
  };
  report.summary = summaryLine(report);
  return { report, baseline: toBaseline(report, heapSites, goroutineSites, cfg) };
}
function summaryLine(r) {
  if (r.verdict === "error") return `could not measure: ${r.error}`;
  const failedMetrics = r.metrics.filter((m) => m.verdict === "fail");
  const failedSites = r.sites.filter((s) => s.verdict === "fail").length + r.goroutineSites.filter((s) => s.verdict === "fail").length;
  if (r.verdict === "fail") {
    const parts = failedMetrics.map((m) => m.name);
    if (failedSites) parts.push(`${failedSites} allocation site${failedSites === 1 ? "" : "s"}`);
    return `memory regression: ${parts.join(", ")} ${failedMetrics.length + failedSites === 1 ? "grows" : "grow"} beyond ${r.baseline.used ? "the baseline" : "budget"}`;
  }
  return `no memory regression in ${formatDuration(r.run.sampledS)} of sampling`;
}
function exitCodeOf(verdict) {
  return verdict === "pass" ? 0 : verdict === "fail" ? 1 : 2;
}
async function runGate(cfg, opts = {}) {
  const extraNotes = [...opts.notes ?? []];
  let baseline = null;
  if (cfg.baseline) {
    if (existsSync2(cfg.baseline)) baseline = readBaseline(cfg.baseline);
    else {
      extraNotes.push(`no baseline at ${cfg.baseline} yet: judged on budgets alone; record one with --save-baseline on the base branch`);
      if (cfg.budgets.length === 0) cfg = { ...cfg, budgets: METRIC_NAMES.map((metric) => ({ metric, perMinute: DEFAULT_BUDGETS[metric], source: "default" })) };
    }
  }
  mkdirSync2(cfg.out, { recursive: true });
  const rec = await record(cfg, opts);
  writeFileSync2(
    join2(cfg.out, "samples.json"),
    `${JSON.stringify({ schemaVersion: 1, samples: rec.samples, heapSites: rec.heapSites, goroutineSites: rec.goroutineSites }, null, 1)}
`
  );
  const { report, baseline: saved } = evaluate(cfg, rec, baseline, baseline ? cfg.baseline : null, extraNotes);
  writeFileSync2(join2(cfg.out, "report.json"), `${JSON.stringify(report, null, 2)}
`);
  writeFileSync2(join2(cfg.out, "report.md"), renderMarkdown(report));
  if (cfg.saveBaseline && report.verdict !== "error") writeFileSync2(cfg.saveBaseline, `${JSON.stringify(saved, null, 2)}
`);
  return { report, exitCode: exitCodeOf(report.verdict), outDir: cfg.out };
}

// src/report/console.ts
var clean = (s, max = 100) => {
  const t = s.replace(/[\u0000-\u001f\u007f]+/g, " ");
  return t.length > max ? `${t.slice(0, max - 1)}\u2026` : t;
};
function renderConsole(r, outDir) {
  const lines = [""];
  lines.push(`${r.verdict.toUpperCase()}: ${clean(r.summary, 400)}`);
  for (const m of r.metrics) {
    const mark = m.verdict === "fail" ? "\u2717" : "\u2713";
    const limit = m.budgetPerMinute !== null ? `  budget ${formatRate(m.budgetPerMinute, m.unit)}` : "";
    const base = m.baselineSlopePerMinute !== null ? `  baseline ${formatRate(m.baselineSlopePerMinute, m.unit)}` : "";
    lines.push(`  ${mark} ${m.name.padEnd(13)} ${formatRate(m.slopePerMinute, m.unit).padStart(16)}  [${formatRate(m.ciLow, m.unit)} \u2026 ${formatRate(m.ciHigh, m.unit)}]${base}${limit}${m.plateau && m.slopePerMinute > 0 ? "  (levelled off)" : ""}`);
  }
  const top = r.sites.filter((s) => s.verdict === "fail" || s.slopeBytesPerMinute > 0).slice(0, 3);
  if (top.length) lines.push("  top allocation sites by growth:");
  for (const s of top) {
    lines.push(`    ${s.verdict === "fail" ? "\u2717" : " "} ${formatRate(s.slopeBytesPerMinute, "bytes").padStart(14)}  ${clean(s.function)}  ${clean(`${s.file}:${s.line}`, 120)}  (${formatBytes(s.inuseBytes)} in use)`);
  }
  const g = r.goroutineSites.filter((s) => s.verdict === "fail").slice(0, 3);
  if (g.length) lines.push("  goroutines piling up at:");
  for (const s of g) lines.push(`    \u2717 ${formatRate(s.slopePerMinute, "goroutines").padStart(14)}  ${clean(s.function)}  ${clean(`${s.file}:${s.line}`, 120)}  (${formatCount(s.goroutines)} now)`);
  const heap = r.metrics.find((m) => m.name === "heap_live");
  if (heap) lines.push(`  sensitivity: would catch heap growth of ${formatRate(heap.minDetectablePerMinute, "bytes")} above the allowance; profile rate ${r.run.profileRateInForce === null ? "unknown" : formatBytes(r.run.profileRateInForce)}`);
  for (const n of r.notes) lines.push(`  note: ${clean(n, 400)}`);
  lines.push(`  report: ${outDir}/report.md, ${outDir}/report.json`);
  return `${lines.join("\n")}
`;
}

// src/cli.ts
function fail(message) {
  process.stderr.write(`go-mem-gate: error: ${message}
`);
  return 2;
}
async function main(argv) {
  const [cmd, ...rest] = argv;
  if (cmd === "--version" || cmd === "version") {
    process.stdout.write(`go-mem-gate ${TOOL_VERSION}
`);
    return 0;
  }
  if (cmd === void 0 || cmd === "--help" || cmd === "-h" || cmd === "help") {
    process.stdout.write(`${USAGE}
`);
    return cmd === void 0 ? 2 : 0;
  }
  if (cmd !== "run") return fail(`unknown command "${cmd}"; the command is "run": go-mem-gate run --start CMD ...`);
  const controller = new AbortController();
  const onSignal = (sig) => {
    process.stderr.write(`go-mem-gate: ${sig}: stopping the service and the load, writing partial results
`);
    controller.abort(`interrupted by ${sig}: the run was cancelled before it finished`);
  };
  const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"];
  for (const sig of SIGNALS) process.on(sig, onSignal);
  try {
    const raw = parseRunArgs(rest);
    if (raw.help) {
      process.stdout.write(`${USAGE}
`);
      return 0;
    }
    const cfg = buildConfig(raw, argv);
    const log = (line) => process.stdout.write(`${line}
`);
    const result = await runGate(cfg, { signal: controller.signal, log });
    process.stdout.write(renderConsole(result.report, result.outDir));
    if (result.report.verdict === "error") process.stderr.write(`go-mem-gate: error: ${result.report.error}
`);
    return result.exitCode;
  } catch (err) {
    if (err instanceof UsageError || err instanceof GateError) return fail(err.message);
    const e = err;
    if (process.env.GO_MEM_GATE_DEBUG) process.stderr.write(`${e.stack}
`);
    return fail(`internal error: ${e.message ?? String(err)} (set GO_MEM_GATE_DEBUG=1 for the stack, and please report it)`);
  } finally {
    for (const sig of SIGNALS) process.off(sig, onSignal);
  }
}
main(process.argv.slice(2)).then((code2) => {
  process.exitCode = code2;
});
export {
  main
};
