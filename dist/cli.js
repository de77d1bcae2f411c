#!/usr/bin/env node
import { createRequire as __gmgCreateRequire } from 'node:module'; const require = __gmgCreateRequire(import.meta.url);

// src/config.ts
import { parseArgs } from "node:util";

// src/analyze/stats/normal-cdf.ts
var LN_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
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

// src/analyze/stats/normal-quantile.ts
var SQRT_2PI = Math.sqrt(2 * Math.PI);
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
var ACKLAM_D = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
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
  for (const m of s.matchAll(re)) {
    total += Number(m[1]) * DURATION_UNITS[m[2]];
    matched = m.index + m[0].length;
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
  if (m[1].trim().startsWith("-"))
    throw new UsageError(`${what}: "${text}" is negative; a budget is a growth rate of 0 or more`);
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
  if (!Number.isFinite(seconds)) return String(seconds);
  const tenths = Number(seconds.toFixed(1));
  if (tenths < 60) return `${tenths}s`;
  const whole = Math.round(seconds);
  const m = Math.floor(whole / 60);
  const s = whole - m * 60;
  return s === 0 ? `${m}m` : `${m}m${s}s`;
}
function formatConfidence(level) {
  const pct = level * 100;
  for (let digits = 0; digits <= 12; digits++) {
    const text = pct.toFixed(digits);
    const v = Number(text);
    if (Math.abs(v - pct) < 1e-9 && (v < 100 || pct >= 100)) return `${text}%`;
  }
  return `${pct}%`;
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
function minJudgedSamples(confidence) {
  const z = normalQuantile(1 - (1 - confidence) / 2);
  let n = 3;
  while (n < 1e3 && n * (n - 1) / 2 - z * Math.sqrt(n * (n - 1) * (2 * n + 5) / 18) < 2) n++;
  return Math.max(MIN_JUDGED_SAMPLES, n);
}
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
  "base-start": { type: "string" },
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
  module: { type: "string" },
  attribute: { type: "string" },
  strict: { type: "boolean" },
  name: { type: "string" },
  help: { type: "boolean", short: "h" }
};
var USAGE = `usage: go-mem-gate run --start CMD [--pprof-url URL] [--ready-url URL]
                        [--load CMD | --load-url URL --rate N/s]
                        [--duration ${DEFAULTS.duration}] [--interval ${DEFAULTS.interval}] [--warmup ${DEFAULTS.warmup}] [--ready-timeout ${DEFAULTS.readyTimeout}] [--request-timeout 5s]
                        [--profile-rate ${DEFAULTS.profileRate}] [--env K=V]... [--budget METRIC=RATE]...
                        [--baseline FILE | --base-start CMD] [--save-baseline FILE] [--out DIR]
                        [--confidence ${DEFAULTS.confidence}] [--strict] [--module PATH] [--attribute off|auto]
                        [--name NAME]
--name NAME: a label for this run (report.json run.name), the row label of go-mem-gate summarize
--base-start CMD: same-job A/B; the base build runs for --duration before the head and again after it, on the
                  same ports with the same settings, and the head is judged against it as against a baseline
metrics: ${METRIC_NAMES.join(", ")}; rates like 256KiB/min, 0/min, 10/min; durations like 45s, 2m
exit status: 0 pass, 1 regression or budget breached, 2 could not measure
(a metric too noisy or too short to judge is 'inconclusive': exit 0 with a warning, or 1 with --strict)`;
function parseRunArgs(argv) {
  try {
    const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
    if (positionals.length > 0)
      throw new UsageError(`unexpected argument "${positionals[0]}"; flags take the form --name value`);
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
  if (eq < 0)
    throw new UsageError(
      `--budget: "${text}" must look like METRIC=RATE, e.g. heap_live=256KiB/min; metrics: ${METRIC_NAMES.join(", ")}`
    );
  const metric = text.slice(0, eq).trim();
  if (!(metric in METRICS)) {
    throw new UsageError(`--budget: unknown metric "${metric}"; use one of ${METRIC_NAMES.join(", ")}`);
  }
  return {
    metric,
    perMinute: parseRate(text.slice(eq + 1), `--budget ${metric}`),
    source: "user"
  };
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
  if (!raw.start?.trim())
    throw new UsageError(
      '--start is required: the shell command that starts your Go service, e.g. --start "./myservice -addr :6060"'
    );
  const pprofUrl = normalisePprofUrl(raw["pprof-url"] ?? DEFAULTS.pprofUrl);
  const readyUrl = raw["ready-url"] ? checkUrl(raw["ready-url"], "--ready-url") : `${pprofUrl}/`;
  const loadUrl = raw["load-url"] ? checkUrl(raw["load-url"], "--load-url") : null;
  const load = raw.load?.trim() ? raw.load : null;
  let rate4 = null;
  if (raw.rate !== void 0) {
    if (load) throw new UsageError("--rate drives the built-in load; drop it when you give your own --load command");
    if (!loadUrl) throw new UsageError("--rate needs --load-url: the URL the built-in load requests");
    rate4 = parseRequestRate(raw.rate);
  } else if (loadUrl && !load) {
    throw new UsageError(
      "--load-url without --load needs --rate, e.g. --rate 200/s, for the built-in constant-rate load"
    );
  }
  const durationS = parseDuration(raw.duration ?? DEFAULTS.duration, "--duration");
  const intervalS = parseDuration(raw.interval ?? DEFAULTS.interval, "--interval");
  const warmupS = parseDuration(raw.warmup ?? DEFAULTS.warmup, "--warmup");
  const readyTimeoutS = parseDuration(raw["ready-timeout"] ?? DEFAULTS.readyTimeout, "--ready-timeout");
  if (!(intervalS >= 0.1)) throw new UsageError(`--interval must be at least 100ms, got "${raw.interval}"`);
  if (!(durationS > 0)) throw new UsageError(`--duration must be above 0, got "${raw.duration}"`);
  const requestTimeoutS = raw["request-timeout"] === void 0 ? Math.max(5, 3 * intervalS) : parseDuration(raw["request-timeout"], "--request-timeout");
  if (!(requestTimeoutS >= 0.1))
    throw new UsageError(`--request-timeout must be at least 100ms, got "${raw["request-timeout"]}"`);
  if (!(readyTimeoutS > 0)) throw new UsageError(`--ready-timeout must be above 0, got "${raw["ready-timeout"]}"`);
  if (intervalS > durationS)
    throw new UsageError(
      `--interval (${raw.interval}) is longer than --duration (${raw.duration ?? DEFAULTS.duration}); sample more often or run longer`
    );
  if (warmupS >= durationS)
    throw new UsageError(
      `--warmup (${raw.warmup}) must be shorter than --duration (${raw.duration ?? DEFAULTS.duration}), which leaves nothing to analyse`
    );
  const confidence = raw.confidence === void 0 ? DEFAULTS.confidence : Number(raw.confidence);
  if (!(confidence > 0.5 && confidence <= 0.9999))
    throw new UsageError(`--confidence must be above 0.5 and at most 0.9999, e.g. 0.99; got "${raw.confidence}"`);
  const pointsAfterWarmup = Math.floor((durationS - warmupS) / intervalS) + 1;
  const minPoints = minJudgedSamples(confidence);
  if (pointsAfterWarmup < minPoints) {
    throw new UsageError(
      `only ${pointsAfterWarmup} samples would remain after --warmup; need at least ${minPoints}${minPoints > MIN_JUDGED_SAMPLES ? ` at --confidence ${confidence}` : ""}: lengthen --duration or shorten --interval/--warmup`
    );
  }
  const profileRate = Math.round(parseBytes(raw["profile-rate"] ?? DEFAULTS.profileRate, "--profile-rate"));
  if (!(profileRate >= 1)) throw new UsageError(`--profile-rate must be at least 1 byte, got "${raw["profile-rate"]}"`);
  const budgets = (raw.budget ?? []).map(parseBudget);
  const seen = /* @__PURE__ */ new Set();
  for (const b of budgets) {
    if (seen.has(b.metric)) throw new UsageError(`--budget ${b.metric} is given twice; keep one`);
    seen.add(b.metric);
  }
  const baseline2 = raw.baseline?.trim() ? raw.baseline : null;
  const baseStart = raw["base-start"]?.trim() ? raw["base-start"] : null;
  if (baseStart && baseline2) {
    const fix = "drop --baseline, or drop --base-start to compare with the file";
    throw new UsageError(`--base-start measures the base build in this run: ${fix}`);
  }
  if (budgets.length === 0 && !baseline2 && !baseStart) {
    for (const metric of METRIC_NAMES) budgets.push({ metric, perMinute: DEFAULT_BUDGETS[metric], source: "default" });
  }
  const module = raw.module?.trim() ? raw.module.trim() : null;
  if (module !== null && !/^[A-Za-z0-9._~\-/+]+$/.test(module)) {
    throw new UsageError(`--module must be a Go module path like github.com/you/service, got "${raw.module}"`);
  }
  const attribute = raw.attribute === void 0 ? "off" : raw.attribute.trim();
  if (attribute !== "off" && attribute !== "auto") {
    throw new UsageError(`--attribute must be off or auto, got "${raw.attribute}"`);
  }
  const name = raw.name?.trim() ? raw.name.trim() : null;
  if (name !== null && (name.length > 100 || /[\r\n]/.test(name))) {
    throw new UsageError(`--name must be one line of at most 100 characters, got "${name.slice(0, 40)}\u2026"`);
  }
  return {
    start: raw.start,
    baseStart,
    pprofUrl,
    readyUrl,
    load,
    loadUrl,
    rate: rate4,
    durationS,
    intervalS,
    warmupS,
    readyTimeoutS,
    requestTimeoutS,
    profileRate,
    env: parseEnv(raw.env ?? []),
    budgets,
    baseline: baseline2,
    saveBaseline: raw["save-baseline"]?.trim() ? raw["save-baseline"] : null,
    out: raw.out?.trim() ? raw.out : DEFAULTS.out,
    confidence,
    strict: raw.strict === true,
    argv,
    module,
    attribute,
    name
  };
}

// src/engine.ts
import { existsSync as existsSync5, mkdirSync as mkdirSync3, writeFileSync as writeFileSync5 } from "node:fs";
import { dirname, join as join8, resolve } from "node:path";

// src/ab.ts
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

// src/analyze/stats/checks.ts
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

// src/analyze/stats/ties.ts
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

// src/analyze/stats/mann-kendall.ts
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

// src/analyze/stats/median.ts
function sortedMedian(sorted) {
  const n = sorted.length;
  const mid = n >> 1;
  return n % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
function median(values) {
  if (values.length === 0) throw new RangeError("median of an empty array");
  return sortedMedian(Float64Array.from(values).sort());
}

// src/analyze/stats/ols.ts
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
function olsAdjusted(x, z, y) {
  checkPaired(x, y);
  checkPaired(z, y);
  const n = x.length;
  const resid = (w) => {
    const f = ols(z, w);
    return w.map((v, i) => v - f.intercept - f.slope * z[i]);
  };
  const rx = resid(x);
  const ry = resid(y);
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += rx[i] * rx[i];
    sxy += rx[i] * ry[i];
  }
  const mx = x.reduce((p, q) => p + q, 0) / Math.max(1, n);
  const xs = x.reduce((a, v) => a + (v - mx) ** 2, 0);
  const identified = n > 3 && sxx > 1e-9 * xs && sxx > 0;
  const slope = identified ? sxy / sxx : 0;
  const residuals = ry.map((v, i) => v - slope * rx[i]);
  let rss = 0;
  for (const r of residuals) rss += r * r;
  const residualSd = n > 3 ? Math.sqrt(rss / (n - 3)) : 0;
  const se = identified ? residualSd / Math.sqrt(sxx) : Infinity;
  const weights = identified ? rx.map((r) => r / sxx) : [];
  return { n, slope, se, residuals, residualSd, weights };
}

// src/analyze/stats/pairwise-slopes.ts
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

// src/analyze/stats/student-t.ts
var LANCZOS = [
  0.9999999999998099,
  676.5203681218851,
  -1259.1392167224028,
  771.3234287776531,
  -176.6150291621406,
  12.507343278686905,
  -0.13857109526572012,
  9984369578019572e-21,
  15056327351493116e-23
];
function logGamma(x) {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0];
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i] / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}
function betaCf(a, b, x) {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - (a + b) * x / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = m * (b - m) * x / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-15) break;
  }
  return h;
}
function regularizedBeta(x, a, b) {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const lbt = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x);
  if (x < (a + 1) / (a + b + 2)) return Math.exp(lbt) * betaCf(a, b, x) / a;
  return 1 - Math.exp(lbt) * betaCf(b, a, 1 - x) / b;
}
function studentTCdf(t, df) {
  if (Number.isNaN(t) || !(df > 0)) return NaN;
  if (t === Infinity) return 1;
  if (t === -Infinity) return 0;
  if (df === Infinity) return normalCdf(t);
  const tail = 0.5 * regularizedBeta(df / (df + t * t), df / 2, 0.5);
  return t > 0 ? 1 - tail : tail;
}
function studentTPdf(t, df) {
  const lc = logGamma((df + 1) / 2) - logGamma(df / 2) - 0.5 * Math.log(df * Math.PI);
  return Math.exp(lc - (df + 1) / 2 * Math.log1p(t * t / df));
}
function studentTQuantile(p, df) {
  if (Number.isNaN(p) || p < 0 || p > 1 || !(df > 0)) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p === 0.5) return 0;
  if (df === Infinity || df > 1e7) return normalQuantile(p);
  if (df === 1) return Math.tan(Math.PI * (p - 0.5));
  if (df === 2) return (2 * p - 1) / Math.sqrt(2 * p * (1 - p));
  const upper = p > 0.5;
  const q = upper ? 1 - p : p;
  const z = normalQuantile(q);
  const g1 = (z ** 3 + z) / 4;
  const g2 = (5 * z ** 5 + 16 * z ** 3 + 3 * z) / 96;
  let x = z + g1 / df + g2 / (df * df);
  if (!(x < 0) || !Number.isFinite(x)) x = z;
  let lo = Math.min(x, -1);
  while (studentTCdf(lo, df) > q) lo *= 2;
  let hi = 0;
  if (x <= lo || x >= hi) x = (lo + hi) / 2;
  for (let i = 0; i < 100; i++) {
    const f = studentTCdf(x, df) - q;
    if (f === 0) break;
    if (f > 0) hi = x;
    else lo = x;
    let next = x - f / studentTPdf(x, df);
    if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    if (Math.abs(next - x) <= 1e-14 * Math.abs(x)) {
      x = next;
      break;
    }
    x = next;
  }
  return upper ? -x : x;
}

// src/analyze/stats/theil-sen.ts
var MAD_TO_SD = 1.4826;
var DEFAULT_CONFIDENCE = 0.99;
function critical(confidence, df) {
  const p = 1 - (1 - confidence) / 2;
  return df === void 0 ? normalQuantile(p) : studentTQuantile(p, df);
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
function theilSen(x, y, confidence = DEFAULT_CONFIDENCE, adjust = {}) {
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
      const c = critical(confidence, adjust.df) * Math.sqrt(mk.varS * (adjust.varianceFactor ?? 1));
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
  else se = (ciHigh - ciLow) / (2 * critical(confidence, adjust.df));
  return { n, slope, intercept, ciLow, ciHigh, confidence, se, residualSd, mk };
}

// src/report/json.ts
function finiteReplacer(_key, value) {
  return typeof value === "number" && !Number.isFinite(value) ? null : value;
}
function toJsonText(value, indent = 2) {
  return `${JSON.stringify(value, finiteReplacer, indent)}
`;
}

// src/ab.ts
function baseHalfConfig(cfg, k) {
  const out = join(cfg.out, `base-${k}`);
  return { ...cfg, start: cfg.baseStart, baseStart: null, out, baseline: null, saveBaseline: null };
}
function combineSlopes(a, b, confidence) {
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const dfOf = (x) => typeof x.df === "number" && Number.isFinite(x.df) ? x.df : x.n - 2;
  const usable = (x) => Number.isFinite(x.sePerMinute) && Number.isFinite(x.slopePerMinute);
  if (!usable(a) || !usable(b)) {
    if (usable(a) || usable(b)) return { ...usable(a) ? a : b, n: a.n + b.n };
    return { slopePerMinute: 0, sePerMinute: Infinity, ciLow: -Infinity, ciHigh: Infinity, n: a.n + b.n, df: 0 };
  }
  const combine = (sa, ea, da, sb, eb, db) => {
    if (ea > 0 && eb > 0) {
      const [wa2, wb2] = [1 / ea ** 2, 1 / eb ** 2];
      const w = wa2 + wb2;
      const df = w ** 2 / (wa2 ** 2 / Math.max(da, 1e-9) + wb2 ** 2 / Math.max(db, 1e-9));
      return { slope: (wa2 * sa + wb2 * sb) / w, se: 1 / Math.sqrt(w), df };
    }
    return { slope: (sa + sb) / 2, se: Math.max(ea, eb) / Math.SQRT2, df: Math.min(da, db) };
  };
  const c = combine(a.slopePerMinute, a.sePerMinute, dfOf(a), b.slopePerMinute, b.sePerMinute, dfOf(b));
  const out = {
    slopePerMinute: c.slope,
    sePerMinute: c.se,
    ciLow: c.slope - z * c.se,
    ciHigh: c.slope + z * c.se,
    n: a.n + b.n,
    df: c.df
  };
  const worst = (x) => typeof x.worstCaseSePerMinute === "number" && Number.isFinite(x.worstCaseSePerMinute) ? x.worstCaseSePerMinute : null;
  const [wa, wb] = [worst(a), worst(b)];
  if (wa !== null && wb !== null) {
    const [ua, ub] = [1 / a.sePerMinute ** 2, 1 / b.sePerMinute ** 2];
    out.worstCaseSePerMinute = ua > 0 && ub > 0 && Number.isFinite(ua + ub) ? (ua * wa + ub * wb) / (ua + ub) : (wa + wb) / 2;
  }
  if (a.plateau !== void 0 && b.plateau !== void 0) out.plateau = a.plateau && b.plateau;
  const tail = (x) => typeof x.lastHalfSlopePerMinute === "number" && typeof x.lastHalfSePerMinute === "number" ? Number.isFinite(x.lastHalfSePerMinute) : false;
  if (tail(a) && tail(b)) {
    const t = combine(
      a.lastHalfSlopePerMinute,
      a.lastHalfSePerMinute,
      a.lastHalfDf ?? dfOf(a) / 2,
      b.lastHalfSlopePerMinute,
      b.lastHalfSePerMinute,
      b.lastHalfDf ?? dfOf(b) / 2
    );
    out.lastHalfSlopePerMinute = t.slope;
    out.lastHalfSePerMinute = t.se;
    out.lastHalfDf = t.df;
  }
  return out;
}
function combineSites(a, b, confidence) {
  const byFn = new Map(b.map((s) => [s.function, s]));
  const out = [];
  for (const s of a) {
    const t = byFn.get(s.function);
    byFn.delete(s.function);
    out.push(t ? { ...s, ...combineSlopes(s, t, confidence), last: (s.last + t.last) / 2 } : s);
  }
  return [...out, ...byFn.values()];
}
function combineBaselines(a, b) {
  const confidence = a.run.confidence;
  const metrics = {};
  const names = /* @__PURE__ */ new Set([...Object.keys(a.metrics), ...Object.keys(b.metrics)]);
  for (const name of names) {
    const [x, y] = [a.metrics[name], b.metrics[name]];
    metrics[name] = x && y ? combineSlopes(x, y, confidence) : x ?? y;
  }
  let series = null;
  if (a.series && b.series) {
    const n = Math.min(a.series.t.length, b.series.t.length);
    const mean = (x, y) => x === null || y === null ? x ?? y : (x + y) / 2;
    const other = b.series.heapLive;
    series = { t: a.series.t.slice(0, n), heapLive: a.series.heapLive.slice(0, n).map((v, i) => mean(v, other[i])) };
  }
  return {
    ...a,
    // Each base run is as long as the head's: the comparability check compares run lengths, not totals.
    run: { ...a.run, durationS: (a.run.durationS + b.run.durationS) / 2, samples: a.run.samples + b.run.samples },
    metrics,
    sites: combineSites(a.sites, b.sites, confidence),
    goroutineSites: combineSites(a.goroutineSites, b.goroutineSites, confidence),
    series
  };
}
function finishHalf(cfg, k, rec, evaluate2) {
  const half = baseHalfConfig(cfg, k);
  mkdirSync(half.out, { recursive: true });
  const samples = { schemaVersion: 1, samples: rec.samples };
  writeFileSync(join(half.out, "samples.json"), `${JSON.stringify(samples, null, 1)}
`);
  const { report: report2, baseline: baseline2 } = evaluate2(half, rec);
  writeFileSync(join(half.out, "report.json"), toJsonText(report2));
  const s = report2.series;
  return { k, report: report2, baseline: { ...baseline2, series: baseline2.series ?? { t: s.t, heapLive: s.heapLive } } };
}
function baseError(halves) {
  const bad2 = halves.find((h) => h.report.verdict === "error");
  if (!bad2) return null;
  const which = bad2.k === 1 ? "before" : "after";
  return `the base build (--base-start) could not be measured in its run ${which} the head: ${bad2.report.error}`;
}

// src/analyze/sampling.ts
function samplingWeight(size, period) {
  if (!(period > 0)) return 0;
  if (!(size > 0)) return period;
  const x = size / period;
  const w = size / Math.expm1(x);
  return Number.isFinite(w) ? w : 0;
}
function samplingProbability(size, period) {
  if (!(period > 0)) return 1;
  return -Math.expm1(-Math.max(size, 0) / period);
}
function turnoverSlopeVariance(t, variance, lifetimeS) {
  const n = t.length;
  if (n < 2 || !(variance > 0) || !(lifetimeS >= 0) || !Number.isFinite(lifetimeS)) return 0;
  const mean = t.reduce((a, b) => a + b, 0) / n;
  const sxx = t.reduce((a, b) => a + (b - mean) ** 2, 0);
  if (!(sxx > 0)) return 0;
  if (lifetimeS === 0) return variance / sxx;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const ci = t[i] - mean;
    sum += ci * ci;
    for (let j = i + 1; j < n; j++) sum += 2 * ci * (t[j] - mean) * Math.exp(-Math.abs(t[j] - t[i]) / lifetimeS);
  }
  return Math.max(0, variance * sum / (sxx * sxx));
}
function siteTurnover(t, objects, allocs, bytes, weight, period) {
  const n = t.length;
  if (n < 2 || objects.length !== n || allocs.length !== n || bytes.length !== n) return null;
  const meanObjects = objects.reduce((a, b) => a + b, 0) / n;
  const meanBytes = bytes.reduce((a, b) => a + b, 0) / n;
  if (!(meanObjects > 0) || !(meanBytes > 0)) return null;
  const i0 = allocs.findIndex(Number.isFinite);
  let i1 = n - 1;
  while (i1 > i0 && !Number.isFinite(allocs[i1])) i1--;
  if (i0 < 0 || !(t[i1] > t[i0])) return null;
  const freed = Math.max(0, allocs[i1] - allocs[i0] - (objects[i1] - objects[i0]));
  const size = meanBytes / meanObjects;
  const unit = 1 / samplingProbability(size, period);
  const k = freed / unit;
  const freeRate = (k + 1) * unit / (t[i1] - t[i0]);
  const lifetimeS = meanObjects / freeRate;
  return { bytes: meanBytes, perByte: weight + size, lifetimeS };
}

// src/analyze/stats/autocorrelation.ts
var BIAS = { 1: [1, 3], 2: [2, 4], 4: [4, 8] };
var MAX_AUTOCORRELATION = 0.98;
function lag1Autocorrelation(e) {
  const n = e.length;
  if (n < 3) return 0;
  let m = 0;
  for (const v of e) m += v;
  m /= n;
  let num3 = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    const d = e[i] - m;
    den += d * d;
    if (i + 1 < n) num3 += d * (e[i + 1] - m);
  }
  return den > 0 ? num3 / den : 0;
}
function biasCorrectedLag1(e, params = 2) {
  const n = e.length;
  const [a, b] = BIAS[params];
  if (n <= b + 2) return 0;
  const rho = (n * lag1Autocorrelation(e) + a) / (n - b);
  return Math.min(MAX_AUTOCORRELATION, Math.max(0, rho));
}
function lagAutocorrelation(e, k) {
  const n = e.length;
  if (n < k + 2) return 0;
  let m = 0;
  for (const v of e) m += v;
  m /= n;
  let num3 = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    const d = e[i] - m;
    den += d * d;
    if (i + k < n) num3 += d * (e[i + k] - m);
  }
  return den > 0 ? num3 / den : 0;
}
var RHO_MARGIN = 0.5;
var RHO_MARGIN_SHORT = 1.25;
function rhoMargin(n) {
  const w = Math.min(1, Math.max(0, (45 - n) / 20));
  return RHO_MARGIN + w * (RHO_MARGIN_SHORT - RHO_MARGIN);
}
function effectiveSize(e, params = 2, margin = RHO_MARGIN) {
  const n = e.length;
  const rho = biasCorrectedLag1(e, params);
  const [a, b] = BIAS[params];
  let decay = rho;
  if (n > 2 * b && rho > 2 / Math.sqrt(n)) {
    const r2 = (n * lagAutocorrelation(e, 2) + a) / (n - b);
    decay = Math.min(MAX_AUTOCORRELATION, Math.max(rho, r2 / rho));
  }
  const up = rho > 0 ? Math.min(MAX_AUTOCORRELATION, rho + margin * Math.sqrt((1 - rho * rho) / n)) : 0;
  const inflation = 1 + 2 * up / (1 - Math.max(decay, up));
  return { rho, decay, n: Math.min(n, n / inflation) };
}

// src/analyze/stats/cycles.ts
var DROP_SDS = 5;
var DROP_SHARE_OF_RANGE = 0.1;
function detectCycles(t, v) {
  const n = v.length;
  if (n < 5) return null;
  const raw = [];
  const gapsT = [];
  for (let i = 1; i < n; i++) {
    raw.push(v[i] - v[i - 1]);
    gapsT.push(t[i] - t[i - 1]);
  }
  const dt = median(gapsT);
  const d = raw.map((x, k) => dt > 0 && gapsT[k] > 0 ? x * dt / gapsT[k] : x);
  const med = median(d);
  const integer = v.every((x) => Number.isInteger(x));
  const mad = median(d.map((x) => Math.abs(x - med)));
  const diffSd = Math.max(1.4826 * mad, integer ? 1 : 0);
  const limit = DROP_SDS * diffSd;
  if (!(limit > 0)) return null;
  let lo = Infinity;
  let hi = -Infinity;
  for (const x of v) {
    lo = Math.min(lo, x);
    hi = Math.max(hi, x);
  }
  const minDrop = DROP_SHARE_OF_RANGE * (hi - lo);
  const drops = [];
  for (let k = 0; k < d.length; k++) {
    if (!(d[k] < med - limit) || -raw[k] < minDrop) continue;
    const before = k > 0 ? d[k - 1] : 0;
    const after = k + 1 < d.length ? d[k + 1] : 0;
    const back = Math.max(limit, 0.5 * (med - d[k]));
    if (before > med + back || after > med + back) continue;
    drops.push(k + 1);
  }
  if (drops.length === 0) return null;
  if (drops.length < 2) return { drops, periodS: null, regular: true, diffSd };
  const gaps = [];
  for (let i = 1; i < drops.length; i++) gaps.push(t[drops[i]] - t[drops[i - 1]]);
  const periodS = median(gaps);
  const regular = gaps.every((g) => g >= 0.6 * periodS && g <= 1.6 * periodS);
  return { drops, periodS, regular, diffSd };
}
function cyclePhase(t, drops, periodS) {
  const out = [];
  let k = -1;
  for (let i = 0; i < t.length; i++) {
    while (k + 1 < drops.length && drops[k + 1] <= i) k++;
    out.push(k < 0 ? t[i] - (t[drops[0]] - periodS) : t[i] - t[drops[k]]);
  }
  return out;
}

// src/analyze/stats/level-shift.ts
var LEVEL_SHIFT_F = 12.16;
var LEVEL_SHIFT_TRIM = 0.15;
function detectLevelShift(t, v) {
  checkPaired(t, v);
  const n = t.length;
  if (n < 12) return null;
  const line = ols(t, v);
  const e = v.map((y, i) => y - line.intercept - line.slope * t[i]);
  const rssLine = e.reduce((a, x) => a + x * x, 0);
  if (!(rssLine > 0)) return null;
  let tm = 0;
  for (const x of t) tm += x;
  tm /= n;
  let sxx = 0;
  for (const x of t) sxx += (x - tm) ** 2;
  if (!(sxx > 0)) return null;
  const m = Math.max(3, Math.ceil(LEVEL_SHIFT_TRIM * n));
  let best = -1;
  let bestGain = 0;
  let sumE = 0;
  let sumT = 0;
  for (let k = n - 1; k >= m; k--) {
    sumE += e[k];
    sumT += t[k] - tm;
    if (k > n - m) continue;
    const after = n - k;
    const zz = after - after * after / n - sumT * sumT / sxx;
    if (!(zz > 1e-12)) continue;
    const gain = sumE * sumE / zz;
    if (gain > bestGain) {
      bestGain = gain;
      best = k;
    }
  }
  if (best < 0) return null;
  const rss = rssLine - bestGain;
  const f = rss > 0 ? bestGain * (n - 3) / rss : Infinity;
  if (!(f >= LEVEL_SHIFT_F)) return null;
  const z = t.map((_, i) => i >= best ? 1 : 0);
  const fit = olsAdjusted(t, z, v);
  let before = 0;
  let afterSum = 0;
  for (let i = 0; i < n; i++) {
    const r = v[i] - fit.slope * t[i];
    if (i < best) before += r;
    else afterSum += r;
  }
  const jump = afterSum / (n - best) - before / best;
  return { index: best, jump, f, slope: fit.slope, se: fit.se, residuals: fit.residuals, weights: fit.weights };
}

// src/analyze/analyze.ts
var POWER_Z = normalQuantile(0.8);
var MIN_EFFECTIVE_N = 10;
var TARGET_EFFECTIVE_N = 16;
var EDGE_DROP_SDS = 2.5;
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
var tCrit = (confidence, df) => studentTQuantile(1 - (1 - confidence) / 2, df);
function robustSd(r) {
  if (r.length === 0) return 0;
  const m = median(r);
  return 1.4826 * median(r.map((x) => Math.abs(x - m)));
}
function fitLine(t, v, confidence, ratio) {
  const n = t.length;
  const neff = n * ratio;
  const df = Math.max(1, neff - 2);
  const factor = neff > 0 ? n / neff : Infinity;
  const f = theilSen(t, v, confidence, { varianceFactor: factor, df });
  const seNoise = n >= 3 ? noiseSe(t, f.residualSd) * Math.sqrt(factor) : Infinity;
  if ((!Number.isFinite(f.ciLow) || !Number.isFinite(f.ciHigh)) && Number.isFinite(seNoise) && seNoise > 0) {
    const se = Math.max(seNoise, worstCaseSe(t, f.residualSd));
    const c = tCrit(confidence, df);
    return { slope: f.slope, low: f.slope - c * se, high: f.slope + c * se, se, df, residualSd: f.residualSd, seNoise };
  }
  return { slope: f.slope, low: f.ciLow, high: f.ciHigh, se: f.se, df, residualSd: f.residualSd, seNoise };
}
function fitSampled(t, v, confidence, model) {
  const f = ols(t, v);
  const span = t.length > 1 ? t[t.length - 1] - t[0] : 0;
  const growthVar = span > 0 ? Math.max(f.slope * span, 0) * model.weight / span ** 2 : Infinity;
  const st = model.standing;
  const turnoverVar = st ? turnoverSlopeVariance(t, st.bytes * st.perByte, st.lifetimeS) : 0;
  const se = Math.sqrt(Math.max(f.se ** 2, turnoverVar) + growthVar);
  const z = normalQuantile(1 - (1 - confidence) / 2);
  return {
    slope: f.slope,
    low: f.slope - z * se,
    high: f.slope + z * se,
    se,
    df: Infinity,
    residualSd: f.residualSd,
    seNoise: se
  };
}
function cycleIds(n, drops) {
  const out = [];
  let k = 0;
  for (let i = 0; i < n; i++) {
    while (k < drops.length && drops[k] <= i) k++;
    out.push(k);
  }
  return out;
}
function withinCycle(e, ids) {
  const sum = /* @__PURE__ */ new Map();
  e.forEach((x, i) => {
    const s = sum.get(ids[i]) ?? [0, 0];
    sum.set(ids[i], [s[0] + x, s[1] + 1]);
  });
  return e.map((x, i) => {
    const [a, m] = sum.get(ids[i]);
    return x - a / m;
  });
}
function fitCycles(t, v, phase, ids, confidence, ratio) {
  const n = t.length;
  const f = olsAdjusted(t, phase, v);
  if (!Number.isFinite(f.se) || n < 6) {
    return {
      slope: f.slope,
      low: -Infinity,
      high: Infinity,
      se: Infinity,
      df: 1,
      residualSd: robustSd(f.residuals),
      residuals: f.residuals
    };
  }
  const cycles = /* @__PURE__ */ new Map();
  f.residuals.forEach((e, i) => {
    const c2 = cycles.get(ids[i]) ?? { sum: 0, m: 0, w: 0 };
    c2.sum += e;
    c2.m += 1;
    c2.w += f.weights[i];
    cycles.set(ids[i], c2);
  });
  const k = cycles.size;
  const within = withinCycle(f.residuals, ids);
  const dfWithin = Math.max(1, n - k - 3);
  const sigmaE2 = within.reduce((a2, x) => a2 + x * x, 0) / dfWithin;
  let between = 0;
  let invM = 0;
  let w2k = 0;
  for (const c2 of cycles.values()) {
    between += (c2.sum / c2.m) ** 2;
    invM += 1 / c2.m;
    w2k += c2.w * c2.w;
  }
  between /= Math.max(1, k - 1);
  const sigmaU2 = Math.max(0, between - sigmaE2 * invM / k);
  const a = sigmaE2 * f.weights.reduce((s, w) => s + w * w, 0) / ratio;
  const b = sigmaU2 * w2k;
  const se = Math.sqrt(a + b);
  const dfA = Math.max(1, n * ratio - k - 3);
  const dfB = Math.max(1, k - 2);
  const df = a + b > 0 ? (a + b) ** 2 / (a * a / dfA + b * b / dfB) : dfA;
  const c = tCrit(confidence, df);
  return {
    slope: f.slope,
    low: f.slope - c * se,
    high: f.slope + c * se,
    se,
    df,
    residualSd: robustSd(within),
    residuals: f.residuals
  };
}
function olsResiduals(t, v) {
  const f = ols(t, v);
  return v.map((y, i) => y - f.intercept - f.slope * t[i]);
}
var sumSq = (r) => r.reduce((a, x) => a + x * x, 0);
function brokenLineResiduals(t, v) {
  const n = t.length;
  let best = olsResiduals(t, v);
  const lineRss = sumSq(best);
  let bestRss = lineRss;
  for (let k = 4; k <= n - 4; k++) {
    const r = [...olsResiduals(t.slice(0, k), v.slice(0, k)), ...olsResiduals(t.slice(k), v.slice(k))];
    const rss = sumSq(r);
    if (rss < bestRss) {
      best = r;
      bestRss = rss;
    }
  }
  return bestRss < BEND_RSS * lineRss ? best : null;
}
var BEND_RSS = 0.05;
function worstCaseSe(t, sigma) {
  const mean = t.reduce((a, b) => a + b, 0) / t.length;
  const sxx = t.reduce((a, b) => a + (b - mean) ** 2, 0);
  return sxx > 0 ? sigma * t.reduce((a, b) => a + Math.abs(b - mean), 0) / sxx : Infinity;
}
function roundUpDuration(s) {
  const step = s <= 120 ? 10 : 30;
  return Math.ceil(s / step) * step;
}
function analyzeSeries(series, opts) {
  const {
    confidence,
    plateauConfidence = confidence,
    sampledUnit,
    sampling,
    quantum
  } = typeof opts === "number" ? { confidence: opts } : opts;
  const model = sampling ?? (sampledUnit === void 0 ? void 0 : { weight: sampledUnit });
  const { t, v } = series;
  const n = t.length;
  const span = n > 1 ? t[n - 1] - t[0] : 0;
  const dt = n > 1 ? span / (n - 1) : 0;
  const half = Math.floor(n / 2);
  let inconclusive = null;
  let caveat = null;
  let levelShift = null;
  let suggested = null;
  let periodS = null;
  let rho = 0;
  let ratio = 1;
  let lineFit = false;
  let fit;
  let head;
  let tail;
  let trendP;
  const cycles = model === void 0 && n >= 8 ? detectCycles(t, v) : null;
  const periodic = cycles !== null && cycles.periodS !== null && cycles.drops.length >= 2 && cycles.regular;
  if (model !== void 0) {
    fit = fitSampled(t, v, confidence, model);
    head = fitSampled(t.slice(0, half + 1), v.slice(0, half + 1), plateauConfidence, model);
    tail = fitSampled(t.slice(half), v.slice(half), plateauConfidence, model);
    trendP = mannKendall(v).pIncreasing;
  } else if (periodic && span >= 2 * cycles.periodS) {
    periodS = cycles.periodS;
    const phase = cyclePhase(t, cycles.drops, periodS);
    const ids = cycleIds(n, cycles.drops);
    const within = withinCycle(olsAdjusted(t, phase, v).residuals, ids);
    const whole = within.slice(cycles.drops[0], cycles.drops[cycles.drops.length - 1]);
    const sample = whole.length >= Math.max(12, 0.5 * n) ? whole : within;
    const es = effectiveSize(sample);
    rho = es.rho;
    ratio = es.n / sample.length;
    const c = fitCycles(t, v, phase, ids, confidence, ratio);
    fit = { ...c, seNoise: c.se };
    head = fitCycles(
      t.slice(0, half + 1),
      v.slice(0, half + 1),
      phase.slice(0, half + 1),
      ids.slice(0, half + 1),
      plateauConfidence,
      ratio
    );
    tail = fitCycles(t.slice(half), v.slice(half), phase.slice(half), ids.slice(half), plateauConfidence, ratio);
    trendP = Number.isFinite(c.se) && c.se > 0 ? 1 - studentTCdf(c.slope / c.se, c.df) : 0.5;
  } else {
    if (cycles !== null && cycles.periodS !== null && cycles.regular && cycles.drops.length >= 2) {
      periodS = cycles.periodS;
      inconclusive = `memory moves in cycles of about ${Math.round(periodS)} s, and the window after the warm-up holds fewer than two`;
      suggested = roundUpDuration(t[0] + 2.5 * periodS);
    } else if (cycles !== null && cycles.drops.length <= 2) {
      const d = t[cycles.drops[0]];
      const longest = Math.max(d - t[0], t[n - 1] - d);
      caveat = `memory dropped sharply at ${Math.round(d)} s: growth may be the fill of a cycle longer than the window`;
      suggested = roundUpDuration(t[0] + 2.5 * longest);
    }
    lineFit = true;
    const raw = ols(t, v);
    const z0 = normalQuantile(1 - (1 - plateauConfidence) / 2);
    const head0 = ols(t.slice(0, half + 1), v.slice(0, half + 1));
    const tail0 = ols(t.slice(half), v.slice(half));
    const grew0 = Math.max(raw.slope, head0.slope);
    const bends = n >= 12 && grew0 > 0 && tail0.slope + z0 * tail0.se < 0.5 * grew0;
    const broken = bends ? brokenLineResiduals(t, v) : null;
    const lineEs = () => effectiveSize(
      v.map((y, i) => y - raw.intercept - raw.slope * t[i]),
      2,
      rhoMargin(n)
    );
    const es = broken ? effectiveSize(broken, 4, rhoMargin(n)) : lineEs();
    rho = es.rho;
    ratio = n > 0 ? es.n / n : 1;
    fit = fitLine(t, v, confidence, ratio);
    head = fitLine(t.slice(0, half + 1), v.slice(0, half + 1), plateauConfidence, ratio);
    const tt = t.slice(half);
    const tv = v.slice(half);
    const tailRatio = broken && tt.length >= 3 ? effectiveSize(olsResiduals(tt, tv)).n / tt.length : ratio;
    tail = fitLine(tt, tv, plateauConfidence, tailRatio);
    if (broken) {
      const grewB = Math.max(fit.slope, head.slope);
      if (!(n >= 8 && grewB > 0 && tail.high < 0.5 * grewB)) {
        const es1 = lineEs();
        rho = es1.rho;
        ratio = n > 0 ? es1.n / n : 1;
        fit = fitLine(t, v, confidence, ratio);
        head = fitLine(t.slice(0, half + 1), v.slice(0, half + 1), plateauConfidence, ratio);
      }
    }
    const shift = n >= 12 ? detectLevelShift(t, v) : null;
    if (shift !== null && shift.jump > 0) {
      const es2 = effectiveSize(shift.residuals, 4, rhoMargin(n));
      const dfS = Math.max(1, es2.n - 3);
      const seS = es2.n > 0 ? shift.se * Math.sqrt(n / es2.n) : Infinity;
      levelShift = {
        atS: t[shift.index],
        jump: shift.jump,
        slopePerMinute: shift.slope * 60,
        slopeLowPerMinute: (shift.slope - tCrit(confidence, dfS) * seS) * 60,
        sePerMinute: seS * 60,
        df: dfS,
        effectiveN: es2.n,
        noise: robustSd(shift.residuals),
        worstCaseSePerMinute: shift.weights.length > 0 ? robustSd(shift.residuals) * shift.weights.reduce((a, w) => a + Math.abs(w), 0) * 60 : Infinity,
        shareOfRise: fit.slope > 0 && span > 0 ? shift.jump / (fit.slope * span) : Infinity,
        suggestedDurationS: roundUpDuration(t[0] + 2 * span)
      };
    }
    if (cycles === null && n >= 8 && fit.slope > 0 && fit.residualSd > 0) {
      const b0 = median(v.map((y, i) => y - fit.slope * t[i]));
      const rise = fit.slope * span;
      const first = v[0] - b0 - fit.slope * t[0];
      const lastE = v[n - 1] - b0 - fit.slope * t[n - 1];
      const edge = EDGE_DROP_SDS * fit.residualSd;
      if (first > edge && first >= 0.5 * rise) {
        caveat = `the first sample after the warm-up (${Math.round(t[0])} s) sat far above the trend: memory may have just dropped from the top of a cycle longer than the window`;
        suggested = roundUpDuration(t[0] + 2.5 * span);
      } else if (-lastE > edge && -lastE >= 0.5 * rise) {
        caveat = `memory dropped sharply at ${Math.round(t[n - 1])} s, the last sample: growth may be the fill of a cycle longer than the window`;
        suggested = roundUpDuration(t[0] + 2.5 * span);
      }
    }
    const mk = mannKendall(v);
    const neffAll = n * ratio;
    const z = neffAll > 0 && mk.varS > 0 ? mk.z * Math.sqrt(neffAll / n) : 0;
    trendP = mk.varS > 0 ? 1 - studentTCdf(z, Math.max(1, neffAll - 2)) : mk.pIncreasing;
  }
  const effectiveN = n * ratio;
  if (model === void 0 && n >= 3 && inconclusive === null) {
    if (effectiveN < MIN_EFFECTIVE_N) {
      inconclusive = `only ${effectiveN.toFixed(1)} effective samples of ${n} (autocorrelation ${rho.toFixed(2)})`;
    } else if (!Number.isFinite(fit.low) || !Number.isFinite(fit.high)) {
      inconclusive = "the interval of the slope is unbounded";
    }
    if (inconclusive !== null) {
      const perSample = Math.max(ratio, (1 - MAX_AUTOCORRELATION) / (1 + MAX_AUTOCORRELATION));
      const needed = Math.max(TARGET_EFFECTIVE_N / perSample, n + 1) * (dt > 0 ? dt : 1);
      suggested = roundUpDuration(Math.min(t[0] + needed, 10 * Math.max(t[n - 1], 1)));
    }
  }
  const grew = Math.max(fit.slope, head.slope);
  const plateau = n >= 8 && grew > 0 && tail.high < 0.5 * grew;
  const sePerSecond = Math.max(fit.se, fit.seNoise);
  const unit = model?.weight ?? quantum ?? 0;
  const k = tCrit(confidence, fit.df) + studentTQuantile(0.8, fit.df);
  const kz = normalQuantile(1 - (1 - confidence) / 2) + POWER_Z;
  const resolution = unit > 0 && span > 0 ? kz * kz * unit / span : 0;
  return {
    n,
    slopePerMinute: fit.slope * 60,
    ciLow: fit.low * 60,
    ciHigh: fit.high * 60,
    sePerMinute: sePerSecond * 60,
    df: fit.df,
    trendP,
    noise: fit.residualSd,
    // Not where cycles were seen: a fill inside a cycle longer than the window is overwhelming growth too.
    worstCaseSePerMinute: lineFit && cycles === null && n >= 3 ? worstCaseSe(t, fit.residualSd) * 60 : Infinity,
    autocorrelation: rho,
    effectiveN,
    periodS,
    lastHalfSlopePerMinute: tail.slope * 60,
    lastHalfCiHigh: tail.high * 60,
    lastHalfCiLow: tail.low * 60,
    lastHalfSePerMinute: tail.se * 60,
    lastHalfDf: tail.df,
    lastHalfWorstCaseSePerMinute: lineFit && cycles === null && n - half >= 3 && "residualSd" in tail ? worstCaseSe(t.slice(half), tail.residualSd) * 60 : Infinity,
    plateau,
    minDetectablePerMinute: Math.max(k * sePerSecond, resolution) * 60,
    resolutionPerMinute: resolution * 60,
    inconclusive,
    caveat,
    suggestedDurationS: suggested,
    levelShift,
    first: n > 0 ? v[0] : null,
    last: n > 0 ? v[n - 1] : null
  };
}
var MAX_FITTED_SITES = 60;
function analyzeSites(timeline, warmupS, confidence, alwaysFit = () => false, period = null) {
  const points2 = timeline.points.filter((p) => p.t >= warmupS - 1e-9);
  if (points2.length < 3) return [];
  const q = Math.max(1, Math.floor(points2.length / 4));
  const growth = /* @__PURE__ */ new Map();
  for (const key of timeline.info.keys()) {
    let a = 0;
    let b = 0;
    for (let i = 0; i < q; i++) a += points2[i].values.get(key) ?? 0;
    for (let i = points2.length - q; i < points2.length; i++) b += points2[i].values.get(key) ?? 0;
    growth.set(key, (b - a) / q);
  }
  const ranked = [...growth.entries()].filter(([, g]) => g > 0).sort((x, y) => y[1] - x[1]).map(([k]) => k);
  const chosen = new Set(ranked.slice(0, MAX_FITTED_SITES));
  for (const [key, info] of timeline.info) if (alwaysFit(info.site.function)) chosen.add(key);
  const t = points2.map((p) => p.t);
  const siteConfidence = 1 - (1 - confidence) / Math.max(1, chosen.size);
  const out = [];
  for (const key of chosen) {
    const info = timeline.info.get(key);
    const v = points2.map((p) => p.values.get(key) ?? 0);
    out.push({
      key,
      confidence: siteConfidence,
      function: info.site.function,
      file: info.site.file,
      line: info.site.line,
      stack: info.stack,
      fit: analyzeSeries(
        { t, v },
        {
          confidence: siteConfidence,
          plateauConfidence: confidence,
          sampling: siteSamplingModel(points2, key, v, info, period)
        }
      ),
      lastValue: v[v.length - 1],
      owner: info.owner,
      via: info.via,
      bytesPerObject: info.bytesPerObject,
      members: info.members
    });
  }
  return out;
}
function siteSamplingModel(points2, key, v, info, period) {
  if (period === null) return { weight: 1 };
  const weight = info.samplingWeight ?? (info.bytesPerObject ? samplingWeight(info.bytesPerObject, period) : period);
  if (!points2.some((p) => p.objects && p.allocs)) return { weight };
  const t = points2.map((p) => p.t);
  const objects = points2.map((p) => p.objects?.get(key) ?? 0);
  const allocs = points2.map((p) => p.allocs?.get(key) ?? NaN);
  const standing = siteTurnover(t, objects, allocs, v, weight, period);
  return standing ? { weight, standing } : { weight };
}

// src/analyze/timeline.ts
function union(into, more) {
  const out = into ?? [];
  for (const x of more) if (!out.includes(x)) out.push(x);
  return out;
}
var ROW_HEAD = 3;
var ROW_STRIDE = 4;
var ROW_OBJECTS = 1;
var ROW_ALLOCS = 2;
var TIMELINE_SITES = 2 * MAX_FITTED_SITES;
var SiteTimeline = class _SiteTimeline {
  /** Without a store, every point is kept in memory; with one, points go to the store (bound them to read). */
  constructor(store = null) {
    this.store = store;
  }
  store;
  info = /* @__PURE__ */ new Map();
  /** Sites folded into each point's `other` by boundTimeline. */
  otherSites = 0;
  memory = [];
  ids = /* @__PURE__ */ new Map();
  keys = [];
  meta = [];
  /** Running sums behind SiteInfo.samplingWeight: [sum of sampling variance, sum of bytes]. */
  weightSums = /* @__PURE__ */ new Map();
  get spilled() {
    return this.store !== null;
  }
  /** The points, in order. Only for in-memory timelines: a spilled one is read through boundTimeline(). */
  get points() {
    if (this.store) throw new Error("internal: a spilled site timeline must be bounded (boundTimeline) to be read");
    return this.memory;
  }
  /** Number of points added so far, and their times. */
  get times() {
    return this.store ? this.meta.map((m) => m.t) : this.memory.map((p) => p.t);
  }
  /** Add one profile's sites (or, with `aggs`, another map of the same summary, e.g. its owners). */
  add(t, summary, aggs = summary.sites) {
    const row2 = new Float64Array(ROW_HEAD + ROW_STRIDE * aggs.size);
    let flags = 0;
    let j = ROW_HEAD;
    for (const [key, agg] of aggs) {
      const info = this.info.get(key) ?? this.addSite(key, { site: agg.site, stack: agg.stack });
      if (agg.objects > 0) info.bytesPerObject = Math.max(info.bytesPerObject ?? 0, agg.value / agg.objects);
      if (agg.owner !== void 0) info.owner = agg.owner;
      if (agg.via) info.via = union(info.via, agg.via);
      if (agg.members) info.members = union(info.members, agg.members);
      if (agg.samplingVariance !== void 0) {
        flags |= ROW_OBJECTS;
        if (agg.value > 0) {
          const sums = this.weightSums.get(key) ?? [0, 0];
          sums[0] += agg.samplingVariance;
          sums[1] += agg.value;
          this.weightSums.set(key, sums);
          info.samplingWeight = sums[0] / sums[1];
        }
      }
      if (agg.allocObjects !== void 0) flags |= ROW_ALLOCS;
      row2[j++] = this.ids.get(key);
      row2[j++] = agg.value;
      row2[j++] = agg.samplingVariance !== void 0 ? agg.objects : NaN;
      row2[j++] = agg.allocObjects ?? NaN;
    }
    row2[0] = t;
    row2[1] = summary.total;
    row2[2] = flags;
    if (this.store) {
      this.store.push(row2);
      this.meta.push({ t, total: summary.total });
    } else this.memory.push(pointOf(row2, this.keys, () => true));
  }
  /** Describe a new site (its values come with add()); returns its info. */
  addSite(key, info) {
    this.info.set(key, info);
    this.ids.set(key, this.keys.length);
    this.keys.push(key);
    return info;
  }
  /** Site keys by id (ids are given in first-seen order, the order of `info`). */
  get siteKeys() {
    return this.keys;
  }
  /** Every point as a row (see Row), from the store or made from memory. */
  *rows() {
    if (this.store) {
      yield* this.store.rows();
      return;
    }
    for (const p of this.memory) {
      const row2 = new Float64Array(ROW_HEAD + ROW_STRIDE * p.values.size);
      row2[0] = p.t;
      row2[1] = p.total;
      row2[2] = (p.objects ? ROW_OBJECTS : 0) | (p.allocs ? ROW_ALLOCS : 0);
      let j = ROW_HEAD;
      for (const [key, v] of p.values) {
        row2[j++] = this.ids.get(key);
        row2[j++] = v;
        row2[j++] = p.objects?.get(key) ?? NaN;
        row2[j++] = p.allocs?.get(key) ?? NaN;
      }
      yield row2;
    }
  }
  toJSON() {
    return {
      sites: [...this.info].map(([key, v]) => ({ key, ...v })),
      otherSites: this.otherSites,
      points: this.points.map((p) => ({
        t: p.t,
        total: p.total,
        ...p.other === void 0 ? {} : { other: p.other },
        values: Object.fromEntries(p.values),
        ...p.objects ? { objects: Object.fromEntries(p.objects) } : {},
        ...p.allocs ? { allocs: Object.fromEntries(p.allocs) } : {}
      }))
    };
  }
  /** Rebuild a timeline from its toJSON() form (samples.json), e.g. to re-judge a recorded run. */
  static fromJSON(json) {
    const tl = new _SiteTimeline();
    for (const { key, ...info } of json.sites) tl.addSite(key, info);
    tl.otherSites = json.otherSites ?? 0;
    for (const p of json.points) {
      const point = { t: p.t, total: p.total, values: new Map(Object.entries(p.values)) };
      if (p.other !== void 0) point.other = p.other;
      if (p.objects) point.objects = new Map(Object.entries(p.objects));
      if (p.allocs) point.allocs = new Map(Object.entries(p.allocs));
      tl.memory.push(point);
    }
    return tl;
  }
};
function pointOf(row2, keys, keep, withOther = false) {
  const values = /* @__PURE__ */ new Map();
  const objects = row2[2] & ROW_OBJECTS ? /* @__PURE__ */ new Map() : void 0;
  const allocs = row2[2] & ROW_ALLOCS ? /* @__PURE__ */ new Map() : void 0;
  let other = 0;
  for (let i = ROW_HEAD; i < row2.length; i += ROW_STRIDE) {
    const id = row2[i];
    if (!keep(id)) {
      other += row2[i + 1];
      continue;
    }
    const key = keys[id];
    values.set(key, row2[i + 1]);
    if (objects && !Number.isNaN(row2[i + 2])) objects.set(key, row2[i + 2]);
    if (allocs && !Number.isNaN(row2[i + 3])) allocs.set(key, row2[i + 3]);
  }
  const point = { t: row2[0], values, total: row2[1] };
  if (withOther) point.other = other;
  if (objects) point.objects = objects;
  if (allocs) point.allocs = allocs;
  return point;
}
function boundTimeline(tl, warmupS, keep = () => false, k = TIMELINE_SITES) {
  const keys = tl.siteKeys;
  const times = tl.times;
  const n = times.filter((t) => t >= warmupS - 1e-9).length;
  const q = Math.max(1, Math.floor(n / 4));
  const first = new Float64Array(keys.length);
  const last = new Float64Array(keys.length);
  if (n >= 3) {
    let j = 0;
    for (const row2 of tl.rows()) {
      if (row2[0] < warmupS - 1e-9) continue;
      const into = j < q ? first : j >= n - q ? last : null;
      if (into) for (let i = ROW_HEAD; i < row2.length; i += ROW_STRIDE) into[row2[i]] += row2[i + 1];
      j++;
    }
  }
  const growth = [];
  for (let id = 0; id < keys.length; id++) {
    const g = (last[id] - first[id]) / q;
    if (g > 0) growth.push([id, g]);
  }
  const chosen = new Uint8Array(keys.length);
  for (const [id] of growth.sort((x, y) => y[1] - x[1]).slice(0, k)) chosen[id] = 1;
  keys.forEach((key, id) => {
    if (keep(tl.info.get(key).site.function)) chosen[id] = 1;
  });
  const out = new SiteTimeline();
  keys.forEach((key, id) => {
    if (chosen[id]) out.addSite(key, tl.info.get(key));
  });
  out.otherSites = keys.length - out.info.size;
  for (const row2 of tl.rows()) out.points.push(pointOf(row2, keys, (id) => chosen[id] === 1, out.otherSites > 0));
  return out;
}

// src/attribute.ts
import { join as join2 } from "node:path";
var MIN_SECOND_PASS_RATE = 512;
function cpuPerSecond(rec) {
  const s = rec.samples.filter((x) => typeof x.cpuSeconds === "number");
  if (s.length < 2) return null;
  const a = s[0];
  const b = s[s.length - 1];
  return b.t > a.t ? (b.cpuSeconds - a.cpuSeconds) / (b.t - a.t) : null;
}
function wantsSecondPass(cfg, report2) {
  const heap = report2.metrics.find((m) => m.name === "heap_live");
  return cfg.attribute === "auto" && report2.verdict === "fail" && heap?.verdict === "fail" && report2.attribution?.resolvable === false;
}
function secondPassRate(report2) {
  return Math.max(MIN_SECOND_PASS_RATE, report2.attribution.suggestedProfileRate);
}
function secondPassConfig(cfg, rate4) {
  return { ...cfg, profileRate: rate4, out: join2(cfg.out, "attribution"), baseline: null, saveBaseline: null };
}
function mergeSecondPass(report2, second, firstCpu, secondCpu) {
  const a = report2.attribution;
  const b = second.attribution;
  const ok = second.verdict !== "error" && !!b;
  a.secondPass = {
    profileRate: second.run.profileRateInForce ?? second.run.profileRateRequested,
    expectedSamples: b?.expectedSamples ?? 0,
    resolvable: ok && b.resolvable,
    error: second.error,
    serviceCpuPerSecond: { first: firstCpu, second: secondCpu },
    wallS: second.run.wallS
  };
  if (ok && b.resolvable) {
    report2.owners = second.owners ?? [];
    report2.notes.push(
      `owners come from a second pass at a heap profile rate of ${formatBytes(a.secondPass.profileRate)} (about ${b.expectedSamples.toFixed(0)} samples of the growth); the verdict is the first pass's`
    );
  } else {
    report2.notes.push(
      `a second pass at a heap profile rate of ${formatBytes(a.secondPass.profileRate)} could not resolve the owner either${second.error ? ` (${second.error})` : ` (about ${(b?.expectedSamples ?? 0).toFixed(1)} samples)`}`
    );
  }
}

// src/baseline.ts
import { readFileSync } from "node:fs";
var BASELINE_SCHEMA_VERSION = 1;
function isNum(v) {
  return typeof v === "number" && Number.isFinite(v);
}
function checkSlope(v) {
  const o = v;
  return !!o && typeof o === "object" && isNum(o.slopePerMinute) && isNum(o.sePerMinute) && isNum(o.n);
}
function readSlope(o) {
  const opt = (v) => isNum(v) ? v : void 0;
  const out = { ...o, ciLow: isNum(o.ciLow) ? o.ciLow : -Infinity, ciHigh: isNum(o.ciHigh) ? o.ciHigh : Infinity };
  for (const k of [
    "df",
    "lastHalfSlopePerMinute",
    "lastHalfSePerMinute",
    "lastHalfDf",
    "worstCaseSePerMinute"
  ]) {
    if (opt(out[k]) === void 0) delete out[k];
  }
  if (typeof out.plateau !== "boolean") delete out.plateau;
  return out;
}
function checkSite(v) {
  const o = v;
  return checkSlope(v) && typeof o.function === "string" && typeof o.file === "string" && isNum(o.line);
}
var MAX_SERIES_POINTS = 1e4;
var BASELINE_SERIES_POINTS = 120;
function checkSeries(v) {
  if (v === void 0 || v === null) return null;
  const o = v;
  if (typeof o !== "object" || !Array.isArray(o.t) || !Array.isArray(o.heapLive)) return void 0;
  const t = o.t;
  const h = o.heapLive;
  if (t.length !== h.length || t.length > MAX_SERIES_POINTS) return void 0;
  for (let i = 0; i < t.length; i++) {
    if (!isNum(t[i]) || i > 0 && t[i] < t[i - 1]) return void 0;
    if (h[i] !== null && !(isNum(h[i]) && h[i] >= 0)) return void 0;
  }
  return { t, heapLive: h };
}
function downsampleSeries(s, max = BASELINE_SERIES_POINTS) {
  const n = Math.min(s.t.length, s.heapLive.length);
  const keep = [];
  if (n <= max) for (let i = 0; i < n; i++) keep.push(i);
  else for (let k = 0; k < max; k++) keep.push(Math.round(k * (n - 1) / (max - 1)));
  const round = (v) => v === null || !Number.isFinite(v) ? null : Math.round(v);
  return { t: keep.map((i) => Number(s.t[i].toFixed(3))), heapLive: keep.map((i) => round(s.heapLive[i])) };
}
function parseBaseline(json, source) {
  const o = json;
  const bad2 = (what) => new UsageError(`baseline ${source}: ${what}; record a new one with --save-baseline on the base branch`);
  if (!o || typeof o !== "object" || o.kind !== "go-mem-gate-baseline")
    throw bad2('is not a go-mem-gate baseline (no "kind": "go-mem-gate-baseline")');
  if (!isNum(o.schemaVersion)) throw bad2("has no schemaVersion");
  if (o.schemaVersion > BASELINE_SCHEMA_VERSION) {
    throw new UsageError(
      `baseline ${source}: schemaVersion ${o.schemaVersion} is newer than this go-mem-gate reads (${BASELINE_SCHEMA_VERSION}); upgrade go-mem-gate, or record the baseline again with this version`
    );
  }
  if (!o.metrics || typeof o.metrics !== "object") throw bad2("has no metrics");
  const metrics = {};
  const notices = [];
  for (const [name, m] of Object.entries(o.metrics)) {
    if (!METRIC_NAMES.includes(name)) continue;
    if (!checkSlope(m)) {
      notices.push(
        `the baseline has no usable slope for ${name} (missing or null): ${name} is judged on its budget alone, if any; record the baseline again to compare it`
      );
      continue;
    }
    metrics[name] = readSlope(m);
  }
  const readSites = (list, what) => {
    const all = Array.isArray(list) ? list : [];
    const good = all.filter(checkSite).map((x) => readSlope(x));
    if (good.length < all.length)
      notices.push(`${all.length - good.length} ${what} in the baseline had no usable slope and were left out`);
    return good;
  };
  const sites = readSites(o.sites, "allocation sites");
  const goroutineSites = readSites(o.goroutineSites, "goroutine sites");
  const series = checkSeries(o.series);
  if (series === void 0) {
    throw bad2("has a malformed series (t and heapLive must be arrays of equal length, times in order)");
  }
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
    goroutineSites,
    series,
    ...typeof o.commit === "string" ? { commit: o.commit } : {},
    notices
  };
}
function readBaseline(path) {
  let text;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    const code2 = err.code;
    throw new UsageError(
      `baseline ${path}: ${code2 === "ENOENT" ? "no such file" : err.message}; give a file written by --save-baseline, or drop --baseline to judge on budgets`
    );
  }
  let json;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new UsageError(
      `baseline ${path}: not valid JSON (${err.message}); record a new one with --save-baseline on the base branch`
    );
  }
  return parseBaseline(json, path);
}

// src/compare.ts
var WORST_CASE_Z = 2;
var STEP_NOISE_SDS = 4;
var STEP_ALONE_SDS = 2.5;
function worstCaseZ(n) {
  return WORST_CASE_Z + Math.min(1, Math.max(0, (45 - n) / 20));
}
var tCrit2 = (confidence, df) => studentTQuantile(1 - (1 - confidence) / 2, df);
function baselineDf(base) {
  if (typeof base.df === "number" && base.df > 0) return base.df;
  return base.n > 2 ? base.n - 2 : Infinity;
}
function welchDf(a, dfA, b, dfB) {
  const num3 = (a * a + b * b) ** 2;
  const den = (dfA === Infinity ? 0 : a ** 4 / dfA) + (dfB === Infinity ? 0 : b ** 4 / dfB);
  return den > 0 ? num3 / den : Infinity;
}
function differenceLowerBound(head, base, confidence) {
  const df = welchDf(head.sePerMinute, head.df ?? Infinity, base.sePerMinute, base.df ?? Infinity);
  return head.slopePerMinute - base.slopePerMinute - tCrit2(confidence, df) * Math.hypot(head.sePerMinute, base.sePerMinute);
}
var oneSided = (confidence) => (1 - confidence) / 2;
function judge(fit, unit, confidence, budget, base, rule) {
  const reasons = [];
  let fail2 = false;
  let allowance = null;
  let diffLow = null;
  const significant = fit.trendP < oneSided(confidence);
  const tailCounts = fit.plateau || fit.inconclusive !== null && fit.caveat === null && fit.periodS === null;
  const tailJudged = tailCounts && fit.lastHalfDf >= MIN_EFFECTIVE_N - 2;
  const tailWorst = fit.lastHalfWorstCaseSePerMinute ?? Infinity;
  const kwTail = worstCaseZ(Math.ceil(fit.n / 2)) * tCrit2(confidence, Infinity);
  const tailBounded = tailCounts && (tailJudged || Number.isFinite(tailWorst) && fit.n - Math.floor(fit.n / 2) >= 20);
  const tailLead = fit.plateau ? "grew fast, then kept growing at" : "grows in the last half of the window at";
  const tailLow = tailJudged ? fit.lastHalfCiLow : fit.lastHalfSlopePerMinute - kwTail * tailWorst;
  const tailHigh = tailJudged ? fit.lastHalfCiHigh : fit.lastHalfSlopePerMinute + kwTail * tailWorst;
  let tailFailed = false;
  if (fit.n < 3) {
    return {
      verdict: "inconclusive",
      allowancePerMinute: budget,
      baselineSlopePerMinute: base?.slopePerMinute ?? null,
      diffLow: null,
      reason: "too few samples to judge",
      minDetectablePerMinute: Infinity,
      suggestedDurationS: null
    };
  }
  if (budget !== null) {
    allowance = budget;
    if (fit.ciLow > budget && significant && !fit.plateau) {
      fail2 = true;
      reasons.push(
        `grows at ${formatRate(fit.slopePerMinute, unit)} (at least ${formatRate(fit.ciLow, unit)}), over the budget of ${formatRate(budget, unit)}`
      );
    } else if (tailBounded && fit.slopePerMinute > budget && tailLow > budget) {
      fail2 = true;
      tailFailed = true;
      reasons.push(
        `${tailLead} ${formatRate(fit.lastHalfSlopePerMinute, unit)} (at least ${formatRate(tailLow, unit)}${tailJudged ? "" : " however correlated the noise"}), over the budget of ${formatRate(budget, unit)}`
      );
    } else if (fit.ciLow > budget && fit.plateau) {
      reasons.push(
        `grew, then levelled off (last half: ${formatRate(fit.lastHalfSlopePerMinute, unit)}): not counted as a leak`
      );
    } else {
      reasons.push(`within the budget of ${formatRate(budget, unit)}`);
    }
  }
  const bDf = base ? baselineDf(base) : Infinity;
  const baseWorst = base && typeof base.worstCaseSePerMinute === "number" && Number.isFinite(base.worstCaseSePerMinute) ? base.worstCaseSePerMinute : null;
  const baseUpper = base ? Math.min(
    base.ciHigh,
    baseWorst === null ? Infinity : base.slopePerMinute + worstCaseZ(base.n) * tCrit2(confidence, Infinity) * baseWorst
  ) : Infinity;
  if (base) {
    diffLow = differenceLowerBound(fit, { ...base, df: bDf }, confidence);
    const tol = Math.max(rule.absolute, rule.relative * Math.abs(base.slopePerMinute));
    allowance = allowance === null ? base.slopePerMinute + tol : Math.min(allowance, base.slopePerMinute + tol);
    const tailKnown = typeof base.lastHalfSlopePerMinute === "number" && typeof base.lastHalfSePerMinute === "number" && Number.isFinite(base.lastHalfSePerMinute);
    const tailDf = typeof base.lastHalfDf === "number" ? base.lastHalfDf : bDf;
    const useTail = tailKnown && (base.plateau === true || bDf < MIN_EFFECTIVE_N - 2 && tailDf >= MIN_EFFECTIVE_N - 2 && base.lastHalfSePerMinute < base.sePerMinute);
    const baseTail = useTail ? { slopePerMinute: base.lastHalfSlopePerMinute, sePerMinute: base.lastHalfSePerMinute, df: tailDf } : { slopePerMinute: base.slopePerMinute, sePerMinute: base.sePerMinute, df: bDf };
    const tailTol = Math.max(rule.absolute, rule.relative * Math.abs(baseTail.slopePerMinute));
    const tailDiffLow = differenceLowerBound(
      { slopePerMinute: fit.lastHalfSlopePerMinute, sePerMinute: fit.lastHalfSePerMinute, df: fit.lastHalfDf },
      baseTail,
      confidence
    );
    const tailDiffAny = tailJudged ? tailDiffLow : fit.lastHalfSlopePerMinute - baseTail.slopePerMinute - // The baseline's own error, unless it is too uncertain to lean on: then its worst-case one, if saved.
    kwTail * Math.hypot(tailWorst, useTail || bDf >= MIN_EFFECTIVE_N - 2 ? baseTail.sePerMinute : baseWorst ?? Infinity);
    if (diffLow > tol && fit.ciLow > 0 && significant && !fit.plateau) {
      fail2 = true;
      reasons.push(
        `grows ${formatRate(fit.slopePerMinute - base.slopePerMinute, unit)} faster than the baseline (at least ${formatRate(diffLow, unit)}; tolerance ${formatRate(tol, unit)})`
      );
    } else if (tailBounded && fit.slopePerMinute > 0 && tailLow > 0 && tailDiffAny > tailTol) {
      fail2 = true;
      tailFailed = true;
      reasons.push(
        `${tailLead} ${formatRate(fit.lastHalfSlopePerMinute, unit)}, ${formatRate(fit.lastHalfSlopePerMinute - baseTail.slopePerMinute, unit)} faster than the baseline (at least ${formatRate(tailDiffAny, unit)}${tailJudged ? "" : " however correlated the noise"}; tolerance ${formatRate(tailTol, unit)})`
      );
    } else if (bDf < MIN_EFFECTIVE_N - 2 && fit.inconclusive === null && Number.isFinite(baseUpper) && fit.ciLow > 0 && significant && !fit.plateau && fit.ciLow > baseUpper + tol) {
      fail2 = true;
      reasons.push(
        `grows at least ${formatRate(fit.ciLow, unit)}, above even the baseline's upper bound of ${formatRate(baseUpper, unit)} (tolerance ${formatRate(tol, unit)}; the baseline's own slope is too uncertain for a finer comparison)`
      );
    } else {
      reasons.push("no regression against the baseline");
    }
  }
  if (budget === null && !base) reasons.push("no budget or baseline for this metric");
  const df = base ? welchDf(fit.sePerMinute, fit.df, base.sePerMinute, bDf) : fit.df;
  const k = tCrit2(confidence, df) + studentTQuantile(0.8, df);
  let minDetectablePerMinute = Math.max(
    k * Math.hypot(fit.sePerMinute, base?.sePerMinute ?? 0),
    fit.resolutionPerMinute
  );
  if ((fit.inconclusive !== null || !Number.isFinite(minDetectablePerMinute)) && Number.isFinite(fit.worstCaseSePerMinute)) {
    const worst = (worstCaseZ(fit.n) * tCrit2(confidence, Infinity) + studentTQuantile(0.8, Infinity)) * Math.hypot(fit.worstCaseSePerMinute, base?.sePerMinute ?? 0);
    minDetectablePerMinute = Math.min(minDetectablePerMinute, Math.max(worst, fit.resolutionPerMinute));
  }
  let verdict = fail2 ? "fail" : "pass";
  let suggestedDurationS = null;
  const settle = (why, suggested = fit.suggestedDurationS) => {
    verdict = "inconclusive";
    suggestedDurationS = suggested;
    for (let i = reasons.length - 1; i >= 0; i--)
      if (/^(within the budget|no regression against)/.test(reasons[i])) reasons.splice(i, 1);
    reasons.unshift(`inconclusive: ${why}${suggested !== null ? `; run at least ${formatDuration(suggested)}` : ""}`);
  };
  const within = (high) => allowance !== null && Number.isFinite(high) && high <= allowance;
  const clearlyWithin = within(fit.ciHigh) || fit.plateau && !fail2 && within(fit.lastHalfCiHigh);
  const worstHalf = worstCaseZ(fit.n) * tCrit2(confidence, Infinity) * fit.worstCaseSePerMinute;
  const worstLow = fit.slopePerMinute - worstHalf;
  let interval;
  let levelShiftUsed = false;
  const baseTol = base ? Math.max(rule.absolute, rule.relative * Math.abs(base.slopePerMinute)) : 0;
  const baseClear = !base || bDf >= MIN_EFFECTIVE_N - 2 && fit.slopePerMinute - base.slopePerMinute - worstCaseZ(fit.n) * tCrit2(confidence, Infinity) * Math.hypot(fit.worstCaseSePerMinute, base.sePerMinute) > baseTol || baseWorst !== null && fit.slopePerMinute - base.slopePerMinute - worstCaseZ(Math.min(fit.n, base.n)) * tCrit2(confidence, Infinity) * (fit.worstCaseSePerMinute + baseWorst) > baseTol;
  const kw = worstCaseZ(fit.n) * tCrit2(confidence, Infinity);
  const worstWithin = allowance !== null && !fail2 && Number.isFinite(worstHalf) && (budget === null || fit.slopePerMinute + worstHalf <= budget) && (!base || fit.slopePerMinute - base.slopePerMinute + kw * Math.hypot(fit.worstCaseSePerMinute, base.sePerMinute) <= Math.max(rule.absolute, rule.relative * Math.abs(base.slopePerMinute)));
  const shift = fit.levelShift ?? null;
  const material = shift !== null && shift.jump >= STEP_NOISE_SDS * shift.noise;
  const stepAlone = shift !== null && shift.jump >= STEP_ALONE_SDS * shift.noise && shift.shareOfRise >= 0.5 && // ... and the growth apart from it is the lesser part (a fill that ended inside the window, then a leak, is
  // fitted badly by a step: a wide interval on a slope as large as the whole's)
  shift.slopePerMinute <= 0.5 * fit.slopePerMinute && allowance !== null && !fit.plateau && !(shift.slopeLowPerMinute > allowance);
  const shiftTol = base ? Math.max(rule.absolute, rule.relative * Math.abs(base.slopePerMinute)) : 0;
  const shiftLow = shift === null ? -Infinity : shift.effectiveN >= MIN_EFFECTIVE_N ? shift.slopeLowPerMinute : shift.slopePerMinute - worstCaseZ(fit.n) * tCrit2(confidence, Infinity) * shift.worstCaseSePerMinute;
  const growsApart = shift !== null && allowance !== null && !fit.plateau && material && fit.trendP < 0.5 && Number.isFinite(shiftLow) && (budget === null || shiftLow > budget) && (!base || bDf >= MIN_EFFECTIVE_N - 2 && (shift.effectiveN >= MIN_EFFECTIVE_N ? differenceLowerBound(
    { slopePerMinute: shift.slopePerMinute, sePerMinute: shift.sePerMinute, df: shift.df },
    { ...base, df: bDf },
    confidence
  ) : shift.slopePerMinute - base.slopePerMinute - worstCaseZ(fit.n) * tCrit2(confidence, Infinity) * Math.hypot(shift.worstCaseSePerMinute, base.sePerMinute)) > shiftTol);
  const overwhelming = !stepAlone && allowance !== null && Number.isFinite(worstLow) && worstLow > allowance && baseClear && fit.trendP < 0.5 && !fit.plateau;
  if (fit.inconclusive !== null && overwhelming) {
    fail2 = true;
    verdict = "fail";
    interval = { low: worstLow, high: fit.slopePerMinute + worstHalf };
    for (let i = reasons.length - 1; i >= 0; i--)
      if (/^(within the budget|no regression against)/.test(reasons[i])) reasons.splice(i, 1);
    reasons.unshift(
      `grows at ${formatRate(fit.slopePerMinute, unit)}, at least ${formatRate(worstLow, unit)} however correlated the noise, over the allowance of ${formatRate(allowance, unit)} (${fit.inconclusive})`
    );
  } else if (fit.inconclusive !== null && !fail2 && growsApart && shift !== null) {
    fail2 = true;
    levelShiftUsed = true;
    verdict = "fail";
    for (let i = reasons.length - 1; i >= 0; i--)
      if (/^(within the budget|no regression against)/.test(reasons[i])) reasons.splice(i, 1);
    interval = { low: shiftLow, high: 2 * shift.slopePerMinute - shiftLow };
    const amount = unit === "bytes" ? formatBytes(shift.jump) : formatCount(shift.jump);
    reasons.unshift(
      `grows at ${formatRate(shift.slopePerMinute, unit)} (at least ${formatRate(shiftLow, unit)}${shift.effectiveN >= MIN_EFFECTIVE_N ? "" : " however correlated the noise"}) apart from one step of ${amount} at ${Math.round(shift.atS)} s, over the allowance of ${formatRate(allowance, unit)}`
    );
  } else if (fit.inconclusive !== null && !clearlyWithin && worstWithin) {
    interval = { low: worstLow, high: fit.slopePerMinute + worstHalf };
    reasons.push(`at most ${formatRate(interval.high, unit)} however correlated the noise (${fit.inconclusive})`);
  } else if (fit.inconclusive !== null && !clearlyWithin && allowance !== null && !tailFailed) {
    settle(fit.inconclusive);
  } else if (fit.caveat !== null && fail2) settle(fit.caveat);
  else if (fail2 && !tailFailed && stepAlone && shift !== null) {
    levelShiftUsed = true;
    const amount = unit === "bytes" ? formatBytes(shift.jump) : formatCount(shift.jump);
    settle(
      `it rose in one step of ${amount} at ${Math.round(shift.atS)} s and held; apart from that step it grows at ${formatRate(shift.slopePerMinute, unit)} (at least ${formatRate(shift.slopeLowPerMinute, unit)}), not shown to be over the allowance of ${formatRate(allowance, unit)}`,
      Math.max(fit.suggestedDurationS ?? 0, shift.suggestedDurationS)
    );
  } else if (!fail2 && fit.plateau && !tailJudged && allowance !== null && !clearlyWithin && !within(tailHigh)) {
    settle(
      `it levelled off, but its last half carries too few effective samples (${(fit.lastHalfDf + 2).toFixed(1)}) to tell whether it still grows`
    );
  } else if (!fail2 && base && bDf < MIN_EFFECTIVE_N - 2 && !clearlyWithin) {
    settle(
      `the baseline's own slope is too uncertain to compare with (${(bDf + 2).toFixed(1)} effective samples); record the baseline again with a longer --duration`
    );
  }
  return {
    verdict,
    allowancePerMinute: allowance,
    baselineSlopePerMinute: base?.slopePerMinute ?? null,
    diffLow,
    reason: reasons.join("; "),
    minDetectablePerMinute,
    suggestedDurationS,
    ...interval ? { interval } : {},
    ...levelShiftUsed ? { levelShiftUsed } : {}
  };
}
function judgeMetrics(fits, budgets, baseline2, confidence) {
  const out = [];
  for (const [name, fit] of Object.entries(fits)) {
    const unit = METRICS[name].unit;
    const budget = budgets.find((b) => b.metric === name) ?? null;
    const base = baseline2?.metrics[name] ?? null;
    out.push({
      name,
      unit,
      fit,
      budget,
      judgement: judge(fit, unit, confidence, budget?.perMinute ?? null, base, DEFAULT_TOLERANCE[name])
    });
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
    const judged = judge(site.fit, unit, site.confidence, budget, base, rule);
    const j = judged.verdict === "inconclusive" ? { ...judged, verdict: "pass" } : judged;
    const held = j.verdict === "fail" && !metricFailed;
    return {
      site,
      baseline: matched,
      judgement: {
        ...j,
        verdict: held ? "pass" : j.verdict,
        reason: held ? `${j.reason}; not counted: ${metric} as a whole is within its limits` : j.reason,
        baselineSlopePerMinute: matched?.slopePerMinute ?? null
      }
    };
  });
  return results.sort((a, b) => {
    const fa = a.judgement.verdict === "fail" ? 1 : 0;
    const fb = b.judgement.verdict === "fail" ? 1 : 0;
    return fb - fa || b.site.fit.slopePerMinute - a.site.fit.slopePerMinute || a.site.key.localeCompare(b.site.key);
  });
}

// src/analyze/attribution.ts
var MIN_ATTRIBUTION_SAMPLES = 10;
var TARGET_ATTRIBUTION_SAMPLES = 20;
function assessAttribution(slopePerMinute, spanS, period) {
  const growth = Math.max(0, slopePerMinute) * (spanS / 60);
  const expectedSamples = period > 0 ? growth / period : Infinity;
  const resolvable = expectedSamples >= MIN_ATTRIBUTION_SAMPLES;
  const ideal = growth / TARGET_ATTRIBUTION_SAMPLES;
  const suggestedProfileRate = ideal >= 1 ? 2 ** Math.floor(Math.log2(ideal)) : 1;
  const rate4 = `--profile-rate ${suggestedProfileRate}`;
  const note = resolvable ? null : `the live heap grows at ${formatRate(slopePerMinute, "bytes")}, which leaves about ${expectedSamples.toFixed(1)} heap-profile samples in the ${formatDuration(spanS)} analysed at a profile rate of ${formatBytes(period)}: too few to tell which function it comes from, so no site is named as the cause. Rerun with ${rate4} (about ${TARGET_ATTRIBUTION_SAMPLES} samples) or a longer --duration`;
  return { expectedSamples, resolvable, profileRate: period, suggestedProfileRate, note };
}

// src/analyze/diagnose.ts
function isMapAssignLine(line) {
  const code2 = line.replace(/\/\/.*$/, "").trim();
  return /^[\w.()*]+\[[^\]]+\]\s*(=\s*[\w.]+|\+\+|\+=\s*[\w.]+)$/.test(code2);
}
var isMapSite = (s) => !!s.via?.includes("map") || s.source != null && isMapAssignLine(s.source);
var LARGE_OBJECT = 4096;
var TOP_SITES = 8;
var where = (s) => `${s.function} (${baseName(s.file)}:${s.line})`;
var baseName = (file) => file.slice(file.lastIndexOf("/") + 1);
var grows = (fit, alpha) => !!fit && (Number.isFinite(fit.ciLow) && fit.ciLow > 0 && fit.trendP < alpha || (!Number.isFinite(fit.ciLow) || fit.inconclusive !== null) && fit.slopePerMinute > 0 && (fit.last ?? 0) - (fit.first ?? 0) > 8 * fit.noise);
var ownerNote = (s) => s.owner && s.owner.function !== s.function ? `, called from ${where(s.owner)}` : "";
function growingSites(sites) {
  return sites.filter((s) => s.slopePerMinute > 0).sort((a, b) => b.slopePerMinute - a.slopePerMinute).slice(0, TOP_SITES);
}
var MAP_SHARE = 0.25;
function growthCarrier(top) {
  const byOwner = /* @__PURE__ */ new Map();
  for (const s of top) {
    const key = s.owner?.function ?? s.function;
    byOwner.set(key, (byOwner.get(key) ?? 0) + s.slopePerMinute);
  }
  let best = null;
  for (const [key, slope] of byOwner) if (best === null || slope > byOwner.get(best)) best = key;
  return best;
}
var MAP_HINT = "entries are added to a map and never deleted: delete them when done, or bound the map (size cap, LRU or TTL eviction)";
var SLICE_HINT = "a few long-lived references keep large arrays alive (a small sub-slice keeps its whole backing array): copy what you keep (bytes.Clone(b[:n])) or stop appending to a slice that lives forever. The profile names where the memory was allocated, not what holds it";
var signed = (x, unit) => `${x >= 0 ? "+" : ""}${formatRate(x, unit)}`;
var quoted = (s, dflt = "") => s.source ? ` \`${s.source.trim()}\`` : dflt;
function heapKinds(input, heap, objects) {
  const out = [];
  const bytes = heap.fit.slopePerMinute;
  const objSlope = objects?.fit.slopePerMinute ?? null;
  const objectsGrow = grows(objects?.fit, input.alpha);
  const top = growingSites(input.heapSites);
  const perObject = objSlope !== null && objSlope > 0 ? bytes / objSlope : Infinity;
  const objText = objSlope === null ? "objects not sampled" : `objects ${signed(objSlope, "objects")}`;
  const together = `live heap +${formatRate(bytes, "bytes")} and ${objText} grow together (about ${formatBytes(perObject)} per new object)`;
  const carrier = growthCarrier(top);
  const carries = (s) => bytes > 0 && s.slopePerMinute >= MAP_SHARE * bytes || carrier !== null && (s.function === carrier || s.owner?.function === carrier);
  const mapSite = top.find((s) => isMapSite(s) && carries(s));
  const mapSeen = mapSite ? null : input.heapSitesSeen?.find((s) => isMapSite(s) && s.inuseBytes > 0 && carrier !== null && carries(s));
  if (objectsGrow && perObject < LARGE_OBJECT && mapSite) {
    const at = `${where(mapSite)}${quoted(mapSite, " (map frames)")}${ownerNote(mapSite)}`;
    const held = mapSite.inuseBytes ? `, ${formatBytes(mapSite.inuseBytes)} in use at the end` : "";
    const evidence = `${together}; map growth at ${at}, +${formatRate(mapSite.slopePerMinute, "bytes")}${held}`;
    out.push({ kind: "unpruned-map", metric: "heap_live", evidence, hint: MAP_HINT });
  } else if (objectsGrow && perObject < LARGE_OBJECT && mapSeen) {
    const at = `${where(mapSeen)}${quoted(mapSeen)}${ownerNote(mapSeen)}`;
    const evidence = `${together}; a map assignment under the same caller, ${at}, holds ${formatBytes(mapSeen.inuseBytes)} of map tables at the end`;
    out.push({ kind: "unpruned-map", metric: "heap_live", evidence, hint: MAP_HINT });
  }
  const large = top.find((s) => (s.bytesPerObject ?? 0) >= LARGE_OBJECT || s.via?.includes("growslice"));
  const objectsFlat = objSlope !== null && (!objectsGrow || perObject >= LARGE_OBJECT);
  if (objectsFlat && large && !out.length) {
    const size = large.bytesPerObject !== void 0 ? `${formatBytes(large.bytesPerObject)} per object` : "growing slice";
    const append = large.via?.includes("growslice") ? "append growth, " : "";
    const per = Number.isFinite(perObject) ? ` (about ${formatBytes(perObject)} per new object)` : "";
    const evidence = `live heap +${formatRate(bytes, "bytes")} while ${objText}${per}; largest grower ${where(large)}${ownerNote(large)}: ${append}${size}, +${formatRate(large.slopePerMinute, "bytes")}`;
    out.push({ kind: "retained-slice", metric: "heap_live", evidence, hint: SLICE_HINT });
  }
  return out;
}
function goroutineKind(input, g) {
  const from = `${formatCount(g.fit.first ?? 0)} to ${formatCount(g.fit.last ?? 0)}`;
  const parts = [`goroutines +${formatRate(g.fit.slopePerMinute, "goroutines")} (${from})`];
  const top = growingSites(input.goroutineSites)[0];
  if (top) parts.push(`parked in ${where(top)}${ownerNote(top)}`);
  const dump = input.goroutineDump;
  const group = top && dump ? dump.find((d) => d.stack.some((f) => f.function === top.function)) : dump?.[0];
  if (group) {
    const blocked = group.maxMinutes > 0 ? `up to ${group.maxMinutes} min` : "under a minute so far";
    const creator = group.createdBy ? `, created by ${where(group.createdBy)}` : "";
    parts.push(`${group.count} waiting on "${group.waitReason}" (blocked ${blocked})${creator}`);
  }
  const leak = input.goroutineLeak;
  if (leak && leak.total > 0) {
    const most = leak.sites[0] ? `, most at ${where(leak.sites[0])}` : "";
    parts.push(`the GC proves ${leak.total} unreachable (goroutineleak profile)${most}`);
  }
  if (!top && !group) return null;
  const reason2 = group?.waitReason.replace(/ \(leaked\)$/, "") ?? "something";
  return {
    kind: "blocked-goroutines",
    metric: "goroutines",
    evidence: parts.join("; "),
    hint: `each waits on ${reason2} that nothing will ever complete: give it a way out (close the channel, select on ctx.Done(), or a buffered channel for a reply nobody may read)`
  };
}
function offHeapKind(input, rss) {
  const rt = input.runtimeTotal;
  if (!rt) return null;
  const outside = rss.fit.slopePerMinute - Math.max(0, rt.fit.slopePerMinute);
  if (!(outside > 0.5 * rss.fit.slopePerMinute)) return null;
  const parts = [
    `RSS +${formatRate(rss.fit.slopePerMinute, "bytes")} while the Go runtime's own total (${rt.label}) ${signed(rt.fit.slopePerMinute, "bytes")}: about ${formatRate(outside, "bytes")} is outside the Go heap`
  ];
  let hint = "look for memory the Go runtime does not manage: syscall.Mmap without Munmap, cgo allocations without C.free, or files kept mapped";
  const sm = input.smaps;
  if (sm && sm.spanS > 0) {
    const anon = (sm.last.anonymous - sm.first.anonymous) / sm.spanS * 60;
    const file = (sm.last.fileBacked - sm.first.fileBacked) / sm.spanS * 60;
    parts.push(`smaps_rollup: anonymous ${signed(anon, "bytes")}, file-backed ${signed(file, "bytes")}`);
    hint = anon >= file ? "anonymous memory outside the Go heap grows: look for syscall.Mmap(MAP_ANON) regions never unmapped, or cgo (C.malloc) never freed" : "file-backed memory grows: look for files mapped (mmap) and never unmapped, or page cache of mapped files kept resident";
  }
  return { kind: "off-heap", metric: "rss", evidence: parts.join("; "), hint };
}
function fragmentationKind(input, heap, rss) {
  const frag = input.fragmentation;
  if (!frag || !grows(frag, input.alpha) || !heap) return null;
  const live2 = heap.fit.slopePerMinute;
  const flat = heap.verdict !== "fail" && frag.slopePerMinute > 4 * Math.abs(live2);
  if (!flat || frag.slopePerMinute < 256 * 1024) return null;
  const range = `${formatBytes(frag.first ?? 0)} to ${formatBytes(frag.last ?? 0)}`;
  return {
    kind: "fragmentation",
    // It explains RSS growth when RSS failed (or could not be judged); otherwise it is about the heap.
    metric: rss?.verdict === "fail" || rss?.verdict === "inconclusive" ? "rss" : "heap_live",
    evidence: `HeapInuse \u2212 HeapAlloc +${formatRate(frag.slopePerMinute, "bytes")} (${range}) while the live heap ${signed(live2, "bytes")}`,
    hint: "not a leak of the program's data: heap spans are held by a few scattered live objects. Keep long-lived objects apart from short-lived ones of the same size (allocate them together, reuse buffers), and check in a longer run that it levels off"
  };
}
function diagnose(input) {
  const m = (name) => input.metrics.find((x) => x.name === name);
  const heap = m("heap_live");
  const out = [];
  if (heap?.verdict === "fail") out.push(...heapKinds(input, heap, m("heap_objects")));
  const g = m("goroutines");
  if (g?.verdict === "fail") {
    const d = goroutineKind(input, g);
    if (d) out.push(d);
  }
  const rss = m("rss");
  if (rss && (rss.verdict === "fail" || rss.verdict === "inconclusive" && grows(rss.fit, input.alpha))) {
    const d = offHeapKind(input, rss);
    if (d) out.push(d);
  }
  const f = fragmentationKind(input, heap, rss);
  if (f) out.push(f);
  return out;
}

// src/analyze/onset.ts
function fit2(x, v) {
  const n = x.length;
  let sx = 0;
  let sv = 0;
  for (let i = 0; i < n; i++) {
    sx += x[i];
    sv += v[i];
  }
  const mx = sx / n;
  const mv = sv / n;
  let sxx = 0;
  let sxv = 0;
  let svv = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - mx;
    const dv = v[i] - mv;
    sxx += dx * dx;
    sxv += dx * dv;
    svv += dv * dv;
  }
  if (sxx <= 0) return { sse: svv, slope: 0 };
  const slope = sxv / sxx;
  return { sse: Math.max(0, svv - slope * sxv), slope };
}
function findOnset(t, v, opts = {}) {
  const { minSide = 4, minF = 20 } = opts;
  const n = t.length;
  if (n < 2 * minSide + 1) return null;
  const line = fit2(t, v);
  if (!(line.slope > 0)) return null;
  let best = null;
  const hinge = (tau) => fit2(
    t.map((x) => Math.max(0, x - tau)),
    v
  );
  for (let i = minSide - 1; i <= n - minSide - 1; i++) {
    for (let q = 0; q < 4; q++) {
      const tau = t[i] + (t[i + 1] - t[i]) * q / 4;
      const h = hinge(tau);
      if (h.slope > 0 && (best === null || h.sse < best.sse)) best = { tau, sse: h.sse, slope: h.slope };
    }
  }
  if (!best) return null;
  const dof = n - 3;
  const f = best.sse > 0 ? (line.sse - best.sse) / (best.sse / dof) : Infinity;
  if (!(f >= minF)) return null;
  const after = t.map((x, i) => [x, v[i]]).filter(([x]) => x >= best.tau);
  const slopeAfter = after.length >= 3 ? theilSen(
    after.map((p) => p[0]),
    after.map((p) => p[1]),
    0.95
  ).slope : best.slope;
  return { onsetS: best.tau, slopeAfter, f };
}

// src/analyze/owners.ts
function isDependencyFile(file) {
  return /\/pkg\/mod\//.test(file) || /@v\d[^/]*\//.test(file) || /(^|\/)vendor\//.test(file);
}
function escapedPath(path) {
  const i = path.lastIndexOf("/");
  return path.slice(0, i + 1) + path.slice(i + 1).replace(/\./g, "%2e");
}
function isOwnFrame(frame2, module) {
  const fn = frame2.function;
  if (fn.startsWith("main.")) return true;
  if (!module) return false;
  for (const m of module.includes(".") ? [module, escapedPath(module)] : [module]) {
    if ((fn.startsWith(`${m}.`) || fn.startsWith(`${m}/`)) && !isDependencyFile(frame2.file)) return true;
  }
  return false;
}
function displayKey(f) {
  return `${f.function} ${f.file}:${f.line}`;
}
function moduleFromGoMod(text) {
  const m = /^\s*module\s+("?)([^\s"/][^\s"]*)\1\s*(?:\/\/.*)?$/m.exec(text);
  return m ? m[2] : null;
}
function ownerShare(ownerSlopePerMinute, metricSlopePerMinute) {
  if (!(metricSlopePerMinute > 0) || !(ownerSlopePerMinute > 0)) return 0;
  return Math.min(1, ownerSlopePerMinute / metricSlopePerMinute);
}

// src/explain.ts
var MAX_OWNERS = 10;
function derived(samples, warmupS, confidence, f) {
  const t = [];
  const v = [];
  for (const s of samples) {
    const x = f(s);
    if (typeof x === "number" && Number.isFinite(x)) {
      t.push(s.t);
      v.push(x);
    }
  }
  const cut = afterWarmup({ t, v }, warmupS);
  return cut.t.length >= 3 ? analyzeSeries(cut, confidence) : null;
}
var num = (x) => typeof x === "number" && Number.isFinite(x);
function diagnoseSite(s, sourceLine) {
  return {
    source: sourceLine ? sourceLine(s.site.file, s.site.line) : null,
    function: s.site.function,
    file: s.site.file,
    line: s.site.line,
    slopePerMinute: s.site.fit.slopePerMinute,
    ciLow: s.site.fit.ciLow,
    via: s.site.via,
    bytesPerObject: s.site.bytesPerObject,
    owner: s.site.owner ?? null,
    inuseBytes: s.site.lastValue
  };
}
function explain(cfg, rec, metrics, heapSites, goroutineSites, sourceLine) {
  const notes = [];
  const heap = metrics.find((m) => m.name === "heap_live");
  const period = rec.periodInForce ?? cfg.profileRate;
  const judged = rec.samples.filter((s) => s.heapLive !== null && s.t >= cfg.warmupS - 1e-9);
  const spanS = judged.length > 1 ? judged[judged.length - 1].t - judged[0].t : 0;
  const attribution = heap ? assessAttribution(heap.fit.slopePerMinute, spanS, period) : null;
  const unresolved = !!attribution && !attribution.resolvable && heap?.judgement.verdict === "fail";
  if (unresolved && attribution.note) notes.push(attribution.note);
  let owners = [];
  if (rec.heapOwners && !unresolved) {
    const fitted = analyzeSites(rec.heapOwners, cfg.warmupS, cfg.confidence, () => false, period);
    const pts = rec.heapSites.points.filter((p) => p.t >= cfg.warmupS - 1e-9);
    const totalFit = pts.length >= 3 ? analyzeSeries(
      { t: pts.map((p) => p.t), v: pts.map((p) => p.total) },
      { confidence: cfg.confidence, sampledUnit: period }
    ) : null;
    const heapSlope = totalFit && totalFit.slopePerMinute > 0 ? totalFit.slopePerMinute : heap?.fit.slopePerMinute ?? 0;
    const siteInfo = rec.heapSites.info;
    owners = fitted.filter((o) => o.fit.slopePerMinute > 0).sort((a, b) => b.fit.slopePerMinute - a.fit.slopePerMinute || a.key.localeCompare(b.key)).slice(0, MAX_OWNERS).map((o) => ({
      function: o.function,
      file: o.file,
      line: o.line,
      slopeBytesPerMinute: o.fit.slopePerMinute,
      ciLow: o.fit.ciLow,
      ciHigh: o.fit.ciHigh,
      share: ownerShare(o.fit.slopePerMinute, heapSlope),
      sites: (o.members ?? []).map((k) => {
        const info = siteInfo.get(k);
        return info ? displayKey(info.site) : k.replace(/\u0000/g, " ");
      })
    }));
  }
  const onsets = /* @__PURE__ */ new Map();
  for (const m of metrics) {
    if (m.judgement.verdict !== "fail" && m.judgement.verdict !== "inconclusive") continue;
    const field = { heap_live: "heapLive", heap_objects: "heapObjects", goroutines: "goroutines", rss: "rss" }[m.name];
    const pts = rec.samples.filter((s) => num(s[field]) && s.t >= cfg.warmupS - 1e-9);
    const o = findOnset(
      pts.map((s) => s.t),
      pts.map((s) => s[field])
    );
    onsets.set(m.name, { onsetS: o ? o.onsetS : null, slopeAfterOnsetPerMinute: o ? o.slopeAfter * 60 : null });
  }
  const end = rec.endState ?? null;
  const bothReleased = rec.samples.some((s) => num(s.sys) && num(s.heapReleased));
  const runtimeFit = bothReleased ? derived(
    rec.samples,
    cfg.warmupS,
    cfg.confidence,
    (s) => num(s.sys) && num(s.heapReleased) ? s.sys - s.heapReleased : null
  ) : derived(rec.samples, cfg.warmupS, cfg.confidence, (s) => s.sys);
  const topOwners = new Set(
    heapSites.slice(0, 12).map((x) => x.site.owner?.function).filter(Boolean)
  );
  const lastPoint = rec.heapSites.points[rec.heapSites.points.length - 1];
  const heapSitesSeen = unresolved || !sourceLine || !lastPoint ? [] : [...rec.heapSites.info].filter(([k, info]) => topOwners.has(info.owner?.function) && (lastPoint.values.get(k) ?? 0) > 0).sort(([a], [b]) => (lastPoint.values.get(b) ?? 0) - (lastPoint.values.get(a) ?? 0)).slice(0, 50).map(([k, info]) => ({
    function: info.site.function,
    file: info.site.file,
    line: info.site.line,
    slopePerMinute: 0,
    ciLow: 0,
    via: info.via,
    owner: info.owner ?? null,
    source: sourceLine(info.site.file, info.site.line),
    inuseBytes: lastPoint.values.get(k) ?? 0
  }));
  const diagnoses = diagnose({
    heapSitesSeen,
    metrics: metrics.map((m) => ({ name: m.name, verdict: m.judgement.verdict, fit: m.fit })),
    fragmentation: derived(
      rec.samples,
      cfg.warmupS,
      cfg.confidence,
      (s) => num(s.heapInuse) && num(s.heapLive) ? s.heapInuse - s.heapLive : null
    ),
    runtimeTotal: runtimeFit ? { fit: runtimeFit, label: bothReleased ? "Sys \u2212 HeapReleased" : "Sys" } : null,
    heapSites: unresolved ? [] : heapSites.slice(0, 12).map((x) => diagnoseSite(x, sourceLine)),
    goroutineSites: goroutineSites.map((x) => diagnoseSite(x)),
    goroutineDump: end?.goroutineDump ?? null,
    goroutineLeak: end?.goroutineLeak?.available ? end.goroutineLeak : null,
    smaps: end?.smaps ?? null,
    alpha: (1 - cfg.confidence) / 2
  });
  return { owners, diagnoses, onsets, attribution, notes };
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
    const row3 = [];
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
      row3.push(cell);
    }
    cellMatrix[rowIndex] = row3;
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
  const row2 = [];
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
    row2[columnIndex] = cell;
  }
  cellMatrix.splice(1, 0, row2);
  sizeMatrix.splice(1, 0, sizes);
  rowIndex = -1;
  const lines = [];
  while (++rowIndex < cellMatrix.length) {
    const row3 = cellMatrix[rowIndex];
    const sizes2 = sizeMatrix[rowIndex];
    const cellsInRow = settings.fillRows === false ? Math.max(1, cellMatrix[rowIndex === 1 ? 0 : rowIndex].length) : mostCellsPerRow;
    columnIndex = -1;
    const line = [];
    while (++columnIndex < cellsInRow) {
      const cell = row3[columnIndex] || "";
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
  "!": "&#33;",
  // GitHub renders $…$ and $`…`$ as math.
  $: "&#36;"
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
  const cleaned = truncateMiddle(
    String(text).replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, " ").replace(/[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, ""),
    max
  );
  return cleaned.replace(/[&<>"'|`@\\*[\]~#!$]/g, (c) => ENTITY[c]).replace(/:\/\//g, ":&#47;&#8288;&#47;").replace(/(www)\./gi, "$1&#8288;.");
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

// src/report/paths.ts
function unescapeModulePath(p) {
  return p.replace(/!([a-z])/g, (_, c) => c.toUpperCase());
}
function trimSlash(p) {
  return p.replace(/\/+$/, "");
}
function packagePath(fn) {
  const plain = fn.split("[")[0];
  const slash = plain.lastIndexOf("/");
  const dot = plain.indexOf(".", slash + 1);
  return (dot < 0 ? plain : plain.slice(0, dot)).replace(/%2e/gi, ".");
}
var WORKSPACE = [/^\/home\/runner\/work\/[^/]+\/[^/]+\//, /^\/__w\/[^/]+\/[^/]+\//, /^[A-Za-z]:\/a\/[^/]+\/[^/]+\//];
function shortenPath(file, ctx = {}, fn) {
  const p = String(file).replace(/\\/g, "/");
  if (p === "") return p;
  const mod = /\/pkg\/mod\/(?:cache\/download\/)?(.*@[^/]+\/.*)$/.exec(p);
  if (mod) return unescapeModulePath(mod[1]);
  const root = ctx.repoRoot ? `${trimSlash(ctx.repoRoot.replace(/\\/g, "/"))}/` : null;
  if (root && root !== "/" && p.startsWith(root)) return p.slice(root.length);
  if (p.startsWith("$GOROOT/src/")) return p.slice("$GOROOT/src/".length);
  const goroot = ctx.goroot ? `${trimSlash(ctx.goroot.replace(/\\/g, "/"))}/src/` : null;
  if (goroot && p.startsWith(goroot)) return p.slice(goroot.length);
  if (fn) {
    const pkg = packagePath(fn);
    const at = pkg !== "main" && pkg !== "" ? p.lastIndexOf(`/src/${pkg}/`) : -1;
    if (at >= 0 && !p.slice(at + 5 + pkg.length + 1).includes("/")) return p.slice(at + 5);
  }
  if (ctx.module && p.startsWith(`${trimSlash(ctx.module)}/`)) return p.slice(trimSlash(ctx.module).length + 1);
  for (const re of WORKSPACE) {
    const m = re.exec(p);
    if (m) return p.slice(m[0].length);
  }
  const vendor = p.lastIndexOf("/vendor/");
  if (vendor >= 0) return p.slice(vendor + 1);
  const absolute = p.startsWith("/") || /^[A-Za-z]:\//.test(p);
  if (!absolute) return p;
  const parts = p.split("/").filter(Boolean);
  return parts.length <= 1 ? parts.join("/") : `\u2026/${parts.slice(-3).join("/")}`;
}
function shortFunction(fn) {
  const s = String(fn);
  let out = "";
  let depth = 0;
  for (const c of s) {
    if (c === "[") {
      if (depth === 0) out += "[\u2026]";
      depth++;
    } else if (c === "]" && depth > 0) depth--;
    else if (depth === 0) out += c;
  }
  const bracket = out.indexOf("[");
  const slash = (bracket < 0 ? out : out.slice(0, bracket)).lastIndexOf("/");
  return out.slice(slash + 1).replace(/%2e/gi, ".");
}

// src/report/blame-md.ts
var MAX_FN = 56;
var MAX_PATH = 64;
var MAX_STACKS = 10;
var MAX_FRAMES = 8;
var SHORT_TITLE = {
  heap_live: "live heap",
  heap_objects: "heap objects",
  goroutines: "goroutines",
  rss: "RSS"
};
function metricTitle(name) {
  return SHORT_TITLE[name] ?? METRICS[name]?.title ?? escapeMarkdown(name, 60);
}
function fnCode(fn, max = MAX_FN) {
  const short = truncateMiddle(shortFunction(fn), max);
  return `<code title="${escapeMarkdown(fn, 400)}">${escapeMarkdown(short, max + 1)}</code>`;
}
function where2(f, paths) {
  const full = `${shortenPath(f.file, paths, f.function)}:${f.line}`;
  const shown = escapeMarkdown(truncateMiddle(full, MAX_PATH + 8), MAX_PATH + 9);
  return full.length > MAX_PATH + 8 ? `<span title="${escapeMarkdown(full, 400)}">${shown}</span>` : shown;
}
function rate(v, unit) {
  return v === null || v === void 0 || !Number.isFinite(v) ? "\u2013" : formatRate(v, unit);
}
function keyOf(s) {
  return `${s.function} ${s.file}:${s.line}`;
}
function sameFrame(a, b) {
  return !!a && a.function === b.function && a.file === b.file && a.line === b.line;
}
function libraryLine(owner, sites) {
  const keys = new Set(owner.sites);
  const mine = sites.filter((s) => keys.has(keyOf(s)) || sameFrame(s.owner, owner));
  if (mine.length === 0) return "";
  const top = mine.reduce((a, b) => b.slopeBytesPerMinute > a.slopeBytesPerMinute ? b : a);
  const stack = top.stack.length ? top.stack : [{ function: top.function, file: top.file, line: top.line }];
  const at = stack.findIndex((f) => f.function === owner.function);
  const below = (at >= 0 ? stack.slice(0, at) : stack.slice(0, 1)).reverse();
  if (below.length === 0) return "";
  const shown = below.length > 3 ? [below[0], null, below[below.length - 1]] : below;
  const more = mine.length > 1 ? ` <i>(+${mine.length - 1} more site${mine.length > 2 ? "s" : ""})</i>` : "";
  const name = (f) => f ? escapeMarkdown(truncateMiddle(shortFunction(f.function), 48), 49) : "\u2026";
  return `\u2192 ${shown.map(name).join(" \u2192 ")}${more}`;
}
function explainedLine(shares, metric = "heap_live") {
  const total = shares.reduce((a, s) => a + (Number.isFinite(s) && s > 0 ? s : 0), 0);
  const pct = Math.min(100, Math.round(total * 100));
  return `These explain ${pct}% of ${metricTitle(metric)} growth.`;
}
function ownersSection(r, paths, maxRows) {
  const owners = (r.owners ?? []).filter((o) => o && typeof o.function === "string");
  if (owners.length === 0) return [];
  const shown = owners.slice(0, maxRows);
  const cut = owners.length - shown.length;
  const rows = shown.map((o) => {
    const lib = libraryLine(o, r.sites);
    return [
      `${rate(o.slopeBytesPerMinute, "bytes")}<br><sub>${rate(o.ciLow, "bytes")} \u2026 ${rate(o.ciHigh, "bytes")}</sub>`,
      Number.isFinite(o.share) ? `${Math.round(Math.max(0, o.share) * 100)}%` : "\u2013",
      `${fnCode(o.function)} <sub>${where2(o, paths)}</sub>${lib ? `<br><sub>${lib}</sub>` : ""}`
    ];
  });
  const out = [
    "#### Your code behind the growth",
    "",
    markdownTable([["growth", "share", "your function, and the library code it calls"], ...rows], {
      align: ["r", "r", "l"],
      alignDelimiters: false
    }),
    "",
    `${explainedLine(shown.map((o) => o.share))}${cut ? ` _(${cut} more in report.json.)_` : ""}`,
    ""
  ];
  return out;
}
var KIND_TITLE = {
  "unpruned-map": "Map that is never pruned",
  "retained-slice": "Retained slice or buffer",
  "blocked-goroutines": "Blocked goroutines",
  "off-heap": "Growth outside the Go heap",
  fragmentation: "Heap fragmentation"
};
function diagnosisLines(diagnoses) {
  return (diagnoses ?? []).filter((d) => d && typeof d.evidence === "string" && d.evidence.trim() !== "").map((d) => {
    const title = KIND_TITLE[d.kind] ?? escapeMarkdown(String(d.kind), 40);
    const hint = typeof d.hint === "string" && d.hint.trim() ? ` **Next:** ${escapeMarkdown(d.hint, 400)}` : "";
    const evidence = escapeMarkdown(d.evidence.trim().replace(/\.$/, ""), 500);
    return `- **${title}** (${metricTitle(d.metric)}): ${evidence}.${hint}`;
  });
}
function onsetLines(metrics) {
  return metrics.filter((m) => m.verdict === "fail" && typeof m.onsetS === "number" && Number.isFinite(m.onsetS)).map((m) => {
    const after = m.slopeAfterOnsetPerMinute;
    const since = typeof after === "number" && Number.isFinite(after) ? `; ${formatRate(after, m.unit)} since then` : "";
    const began = formatDuration(Math.round(m.onsetS));
    return `- **Onset** (${metricTitle(m.name)}): growth began about ${began} into the run${since}.`;
  });
}
function inconclusiveLines(metrics, strict = false) {
  return metrics.filter((m) => m.verdict === "inconclusive").map((m) => {
    const reason2 = String(m.reason ?? "").replace(/^inconclusive: /, "");
    const suggested = m.suggestedDurationS;
    const longer = /\brun (at least|longer|about|for)\b/.test(reason2) ? "" : typeof suggested === "number" && Number.isFinite(suggested) ? `; a run of about ${formatDuration(Math.ceil(suggested))} would settle it` : "; run longer";
    const why = reason2 ? `: ${escapeMarkdown(reason2, 400)}` : "";
    const strictNote = strict ? " (fails under --strict)" : "";
    return `> \u26A0\uFE0F **${escapeMarkdown(m.name, 40)} inconclusive**${why}${longer}${strictNote}.`;
  });
}
function sensitivityExtras(all) {
  const metrics = all.filter((m) => m.name !== "heap_live" && m.verdict !== "pass");
  const out = [];
  const ac = metrics.filter((m) => typeof m.autocorrelation === "number" && Number.isFinite(m.autocorrelation));
  if (ac.length) {
    const parts = ac.map(
      (m) => `${metricTitle(m.name)} ${m.autocorrelation.toFixed(2)}${typeof m.effectiveN === "number" && Number.isFinite(m.effectiveN) ? `, worth about ${Math.max(1, Math.round(m.effectiveN))} of ${m.n} samples` : ""}`
    );
    out.push(
      `- Neighbouring samples are correlated (lag-1 autocorrelation of ${parts.join("; ")}); the intervals are widened for it.`
    );
  }
  const cyc = metrics.filter((m) => typeof m.periodS === "number" && Number.isFinite(m.periodS) && m.periodS > 0);
  if (cyc.length) {
    const parts = cyc.map((m) => `${metricTitle(m.name)} every ${formatDuration(m.periodS)}`);
    out.push(
      `- Memory moves in cycles (${parts.join(", ")}); the trend is judged across whole cycles, not within one.`
    );
  }
  return out;
}
function siteRows(sites, unit, paths) {
  return sites.map((s) => {
    const slope = "slopeBytesPerMinute" in s ? s.slopeBytesPerMinute : s.slopePerMinute;
    const base = "slopeBytesPerMinute" in s ? s.baselineSlopeBytesPerMinute : s.baselineSlopePerMinute;
    const end = "inuseBytes" in s ? formatBytes(s.inuseBytes) : formatCount(s.goroutines);
    const owner = s.owner && s.owner.function !== s.function ? ` \xB7 in ${fnCode(s.owner.function, 40)}` : "";
    return [
      `${rate(slope, unit)}<br><sub>${rate(s.ciLow, unit)} \u2026 ${rate(s.ciHigh, unit)}</sub>`,
      rate(base, unit),
      `${fnCode(s.function)}<br><sub>${where2(s, paths)}${owner}</sub>`,
      end
    ];
  });
}
function stacksDetails(all, paths, maxFrames = MAX_FRAMES) {
  if (all.length === 0) return [];
  const sites = all.slice(0, MAX_STACKS);
  const esc = (t) => escapeMarkdown(t, 1e3);
  const blocks = sites.map((s, i) => {
    const stack = s.stack.length ? s.stack : [{ function: s.function, file: s.file, line: s.line }];
    const frames = stack.slice(0, maxFrames).map((f) => {
      const mark = s.owner && sameFrame(s.owner, f) ? "  \u25C0 your code" : "";
      return `  ${esc(f.function)}
      ${esc(shortenPath(f.file, paths, f.function))}:${f.line}${mark}`;
    });
    if (stack.length > maxFrames) frames.push(`  \u2026 ${stack.length - maxFrames} more frames`);
    return `#${i + 1} ${esc(truncateMiddle(shortFunction(s.function), MAX_FN))}
${frames.join("\n")}`;
  });
  const which = all.length > sites.length ? `the first ${sites.length} of these sites` : `these ${sites.length} site${sites.length === 1 ? "" : "s"}`;
  return [
    `<details><summary>Stacks of ${which} (leaf first)</summary>`,
    "",
    `<pre>${blocks.join("\n\n")}</pre>`,
    "",
    "</details>",
    ""
  ];
}
function siteSection(title, sites, unit, maxRows, paths) {
  if (sites.length === 0) return [];
  const header = ["growth", "baseline", "function", unit === "bytes" ? "in use at end" : "at end"];
  const shown = sites.slice(0, maxRows);
  const out = [
    `#### ${title}`,
    "",
    markdownTable([header, ...siteRows(shown, unit, paths)], { align: ["r", "r", "l", "r"], alignDelimiters: false })
  ];
  if (sites.length > shown.length) out.push("", `_\u2026and ${sites.length - shown.length} more in report.json._`);
  out.push("", ...stacksDetails(shown, paths));
  return out;
}

// src/report/chart.ts
var COLOUR = { warmup: "#d8dee4", onset: "#fb8c00", base: "#0969da", head: "#cf222e" };
function points(s) {
  const out = [];
  for (let i = 0; i < s.t.length; i++) {
    const t = s.t[i];
    const v = s.v[i];
    if (Number.isFinite(t) && typeof v === "number" && Number.isFinite(v)) out.push([t, v]);
  }
  return out.sort((a, b) => a[0] - b[0]);
}
function interpolate(pts, t) {
  if (t <= pts[0][0]) return pts[0][1];
  const last = pts[pts.length - 1];
  if (t >= last[0]) return last[1];
  let lo = 0;
  let hi = pts.length - 1;
  while (hi - lo > 1) {
    const mid = lo + hi >> 1;
    if (pts[mid][0] <= t) lo = mid;
    else hi = mid;
  }
  const [t0, v0] = pts[lo];
  const [t1, v1] = pts[hi];
  return t1 === t0 ? v1 : v0 + (v1 - v0) * (t - t0) / (t1 - t0);
}
function nice(x) {
  if (!(x > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(x));
  for (const k of [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (k * p >= x - 1e-12) return k * p;
  return 10 * p;
}
function yRange(min, max) {
  if (!(max > 0)) return { lo: 0, hi: 1 };
  if (min < 0.6 * max) return { lo: 0, hi: nice(max * 1.05) };
  const span = Math.max(max - min, max * 0.1);
  const step = nice(span / 4);
  const lo = Math.max(0, Math.floor((min - 0.1 * span) / step) * step);
  return { lo: Number(lo.toPrecision(12)), hi: Number((Math.ceil((max + 0.05 * span) / step) * step).toPrecision(12)) };
}
function fmt(v) {
  return String(Number(v.toFixed(2)));
}
function heapChart(r, maxPoints = 60) {
  const head = points({ t: r.series.t, v: r.series.heapLive });
  if (head.length < 2) return null;
  const baseSeries = r.baseline.series;
  const base = baseSeries ? points({ t: baseSeries.t, v: baseSeries.heapLive }) : [];
  const end = head[head.length - 1][0];
  if (!(end > 0)) return null;
  const n = Math.max(2, Math.min(maxPoints, head.length));
  const grid = Array.from({ length: n }, (_, i) => end * i / (n - 1));
  const headV = grid.map((t) => interpolate(head, t));
  const baseV = base.length >= 2 ? grid.map((t) => interpolate(base, t)) : null;
  const all = [...headV, ...baseV ?? []];
  const max = Math.max(...all);
  const useMiB = max >= 1024 * 1024;
  const scale = useMiB ? 1024 * 1024 : 1024;
  const unit = useMiB ? "MiB" : "KiB";
  const { lo, hi } = yRange(Math.min(...all) / scale, max / scale);
  const heapMetric = r.metrics.find((m) => m.name === "heap_live");
  const onset = heapMetric?.onsetS ?? null;
  const plots = [];
  const off = lo - (hi - lo);
  const warmup = r.run.warmupS;
  if (warmup > 0) plots.push({ kind: "bar", colour: COLOUR.warmup, values: grid.map((t) => t < warmup ? hi : off) });
  let onsetIndex = -1;
  if (onset !== null && Number.isFinite(onset) && onset >= 0 && onset <= end) {
    onsetIndex = Math.round(onset / end * (n - 1));
    plots.push({ kind: "bar", colour: COLOUR.onset, values: grid.map((_, i) => i === onsetIndex ? hi : off) });
  }
  if (baseV) plots.push({ kind: "line", colour: COLOUR.base, values: baseV.map((v) => v / scale) });
  plots.push({ kind: "line", colour: COLOUR.head, values: headV.map((v) => v / scale) });
  const init = {
    themeVariables: { xyChart: { plotColorPalette: plots.map((p) => p.colour).join(", ") } },
    xyChart: { height: 320 }
  };
  const chart = [
    "```mermaid",
    `%%{init: ${JSON.stringify(init)}}%%`,
    "xychart-beta",
    '  title "Live heap after each forced GC"',
    `  x-axis "seconds into the run" 0 --> ${fmt(end)}`,
    `  y-axis "${unit}" ${fmt(lo)} --> ${fmt(hi)}`,
    ...plots.map((p) => `  ${p.kind} [${p.values.map(fmt).join(", ")}]`),
    "```"
  ];
  const legend = ["\u{1F7E5} red line: this run (head)"];
  if (baseV) {
    const baseEnd = base[base.length - 1][0];
    const short = baseEnd < end - Math.max(1.5 * r.run.intervalS, 0.02 * end);
    legend.push(
      `\u{1F7E6} blue line: base run${short ? ` (sampled for ${formatDuration(Math.round(baseEnd))}; flat after that)` : ""}`.trim()
    );
  } else if (r.baseline.used) {
    legend.push("no base line: the baseline file holds no series (recorded by an older go-mem-gate)");
  }
  if (warmup > 0) legend.push(`grey band: warm-up, first ${formatDuration(warmup)}, not judged`);
  if (onsetIndex >= 0) legend.push(`\u{1F7E7} orange bar: growth began, about ${formatDuration(Math.round(onset))} in`);
  return `${chart.join("\n")}

<sub>${legend.join(" \xB7 ")}</sub>`;
}

// src/report/markdown.ts
var ICON = { pass: "\u2705", fail: "\u274C", error: "\u26A0\uFE0F" };
var MAX_SITE_ROWS = 20;
function rate2(v, unit) {
  if (v === null) return "\u2013";
  if (!Number.isFinite(v)) return v > 0 ? "unbounded" : "\u2212unbounded";
  return formatRate(v, unit);
}
function metricRow(m) {
  return [
    `${METRICS[m.name]?.title ?? escapeMarkdown(m.name)}<br><sub>${code(m.name)}</sub>`,
    // The interval beneath the slope, small: one column less keeps the table inside a PR comment's width.
    `**${rate2(m.slopePerMinute, m.unit)}**<br><sub>${rate2(m.ciLow, m.unit)} \u2026 ${rate2(m.ciHigh, m.unit)}</sub>`,
    rate2(m.baselineSlopePerMinute, m.unit),
    m.budgetPerMinute === null ? "\u2013" : `${rate2(m.budgetPerMinute, m.unit)}${m.budgetSource === "default" ? " (default)" : ""}`,
    m.verdict === "fail" ? "\u274C fail" : m.verdict === "inconclusive" ? "\u26A0\uFE0F inconclusive" : m.plateau && m.slopePerMinute > 0 ? "\u2705 pass (levelled off)" : "\u2705 pass"
  ];
}
function renderMarkdown(r, opts = {}) {
  const maxRows = opts.maxSiteRows ?? MAX_SITE_ROWS;
  const paths = opts.paths ?? { repoRoot: r.run.workdir ?? null, module: r.run.module?.path ?? null };
  const lines = [];
  lines.push(`### ${ICON[r.verdict]} go-mem-gate: ${escapeMarkdown(r.summary, 400)}`, "");
  if (r.verdict === "error") {
    lines.push(
      "The gate could not measure, so it neither passes nor fails this change. Samples, profiles and logs gathered so far are kept in the output directory.",
      ""
    );
  }
  if (r.metrics.length) {
    const pct = `slope (${formatConfidence(r.run.confidence)} interval)`;
    const header = ["metric", pct, "baseline", "budget", "verdict"];
    lines.push(markdownTable([header, ...r.metrics.map(metricRow)], { align: ["l", "r", "r", "r", "l"] }), "");
  }
  const warnings = inconclusiveLines(r.metrics, r.run.strict === true);
  if (warnings.length) lines.push(warnings.join("\n>\n"), "");
  const findings = [...onsetLines(r.metrics), ...diagnosisLines(r.diagnoses)];
  if (findings.length) lines.push(...findings, "");
  for (const n of r.notes) lines.push(`> ${escapeMarkdown(n, 600)}`, ">");
  if (r.notes.length) lines[lines.length - 1] = "";
  const owners = ownersSection(r, paths, maxRows);
  const heapFailed = r.metrics.some((m) => m.name === "heap_live" && m.verdict === "fail");
  const collapse = owners.length > 0 && !heapFailed;
  if (collapse) lines.push("<details><summary>Your code behind the heap growth (within limits)</summary>", "");
  lines.push(...owners);
  if (collapse) lines.push("</details>", "");
  const failedHeap = r.sites.filter((s) => s.verdict === "fail");
  const failedG = r.goroutineSites.filter((s) => s.verdict === "fail");
  lines.push(...siteSection("Regressed allocation sites (in-use bytes)", failedHeap, "bytes", maxRows, paths));
  const gTitle = "Regressed goroutine sites (where the goroutines wait)";
  lines.push(...siteSection(gTitle, failedG, "goroutines", maxRows, paths));
  if (failedHeap.length === 0 && failedG.length === 0) {
    const growing = r.sites.filter((s) => s.slopeBytesPerMinute > 0).slice(0, 5);
    if (growing.length && r.verdict === "fail") {
      lines.push(
        `No single allocation site grows surely enough to be called regressed at one heap-profile sample per ${formatBytes(r.run.profileRateInForce ?? r.run.profileRateRequested)} (a lower \`--profile-rate\` sees more); the fastest-growing ones:`,
        ""
      );
      lines.push(...siteSection("Fastest-growing allocation sites", growing, "bytes", 5, paths));
    } else if (growing.length) {
      lines.push("<details><summary>Fastest-growing allocation sites (within limits)</summary>", "");
      lines.push(...siteSection("Top sites by in-use growth", growing, "bytes", 5, paths));
      lines.push("</details>", "");
    }
  }
  const chart = heapChart(r);
  if (chart) lines.push(chart, "");
  const heap = r.metrics.find((m) => m.name === "heap_live");
  const g = r.metrics.find((m) => m.name === "goroutines");
  lines.push("#### Sensitivity");
  if (heap) {
    lines.push(
      `- This run would catch live-heap growth of **${rate2(heap.minDetectablePerMinute, "bytes")}** above its allowance (80% of the time, at ${formatConfidence(r.run.confidence)} confidence); the post-GC heap varied by ${formatBytes(heap.noise)} (s.d.) around its trend.`
    );
  }
  if (heap && typeof heap.autocorrelation === "number" && heap.autocorrelation > 0 && typeof heap.effectiveN === "number") {
    lines.push(
      `- Neighbouring samples were correlated (lag-1 autocorrelation ${heap.autocorrelation.toFixed(2)}): the ${heap.n} samples after the warm-up carried as much information as ${Math.max(1, Math.round(heap.effectiveN))} independent ones, and the intervals are widened to match.`
    );
  }
  if (heap && typeof heap.periodS === "number") {
    lines.push(
      `- The live heap moves in cycles of about ${formatDuration(heap.periodS)}; growth was judged through them (the rise from cycle to cycle), not along one line through the teeth.`
    );
  }
  if (heap?.levelShift) {
    lines.push(
      `- The live heap rose in one step of ${formatBytes(heap.levelShift.jump)} at ${formatDuration(heap.levelShift.atS)} and held; apart from it, it grew at ${rate2(heap.levelShift.slopePerMinute, "bytes")}.`
    );
  }
  if (g) {
    lines.push(
      g.minDetectablePerMinute > 0 ? `- Goroutines: growth of ${formatRate(g.minDetectablePerMinute, "goroutines")} above the allowance would be caught.` : "- Goroutines: the count held still between samples, so any sustained growth above the allowance would be caught."
    );
  }
  lines.push(...sensitivityExtras(r.metrics));
  lines.push(
    `- ${r.run.samples} samples every ${formatDuration(r.run.intervalS)} over ${formatDuration(r.run.sampledS)}; the first ${formatDuration(r.run.warmupS)} are warm-up and not judged${r.run.skippedSamples ? `; ${r.run.skippedSamples} skipped` : ""}.`
  );
  const rateInForce = r.run.profileRateInForce;
  lines.push(
    `- Heap profile sampling rate in force: ${rateInForce === null ? "unknown (no profile decoded)" : `one sample per ${formatBytes(rateInForce)} allocated`}${rateInForce !== null && rateInForce !== r.run.profileRateRequested ? ` (asked for ${formatBytes(r.run.profileRateRequested)})` : ""}.`
  );
  const load = r.run.load;
  if (load.kind === "builtin" && load.stats) {
    const s = load.stats;
    lines.push(
      `- Built-in load: ${formatCount(s.targetRate)} req/s asked, ${formatCount(s.achievedRate)} req/s answered 2xx; ${s.httpErrors + s.networkErrors} errors, ${s.dropped} dropped at the concurrency limit; p99 ${s.latencyP99Ms === null ? "\u2013" : `${s.latencyP99Ms.toFixed(1)} ms`}.`
    );
  } else if (load.kind === "command") {
    lines.push(
      `- Load: your command${load.exit ? `, which ${load.exit.signal ? `was stopped (${load.exit.signal})` : `exited with status ${load.exit.code}`}` : ""}${load.endedRunEarly ? " and ended the run early" : ""}.`
    );
  } else {
    lines.push("- Load: none (the service ran idle).");
  }
  lines.push("");
  const heapProfiles = r.series.t.flatMap(
    (t, i) => t >= r.run.warmupS - 1e-9 && r.series.heapProfile[i] ? [r.series.heapProfile[i]] : []
  );
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
    // The interval the verdict rests on: the fit's, or the worst-case bound that failed overwhelming growth.
    ciLow: m.judgement.interval?.low ?? f.ciLow,
    ciHigh: m.judgement.interval?.high ?? f.ciHigh,
    sePerMinute: f.sePerMinute,
    baselineSlopePerMinute: m.judgement.baselineSlopePerMinute,
    budgetPerMinute: m.budget?.perMinute ?? null,
    budgetSource: m.budget?.source ?? null,
    verdict: m.judgement.verdict,
    reason: m.judgement.reason,
    autocorrelation: f.autocorrelation,
    effectiveN: f.effectiveN,
    periodS: f.periodS,
    suggestedDurationS: m.judgement.suggestedDurationS,
    levelShift: f.levelShift && m.judgement.levelShiftUsed ? {
      atS: f.levelShift.atS,
      jump: f.levelShift.jump,
      slopePerMinute: f.levelShift.slopePerMinute,
      slopeLowPerMinute: f.levelShift.slopeLowPerMinute
    } : null,
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
    verdict: s.judgement.verdict === "fail" ? "fail" : "pass",
    reason: s.judgement.reason,
    stack: s.site.stack
  };
}
function reportGoroutineSite(s) {
  const { slopeBytesPerMinute, baselineSlopeBytesPerMinute, inuseBytes, ...rest } = reportSite(s);
  return {
    ...rest,
    slopePerMinute: slopeBytesPerMinute,
    baselineSlopePerMinute: baselineSlopeBytesPerMinute,
    goroutines: inuseBytes
  };
}
function toBaseline(report2, heapSites, goroutineSites, cfg, metrics = []) {
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
    createdAt: report2.run.startedAt,
    tool: `go-mem-gate ${TOOL_VERSION}`,
    run: {
      durationS: report2.run.sampledS,
      intervalS: cfg.intervalS,
      warmupS: cfg.warmupS,
      profileRate: report2.run.profileRateInForce,
      samples: report2.run.samples,
      confidence: cfg.confidence
    },
    metrics: Object.fromEntries(
      report2.metrics.map((m) => {
        const f = metrics.find((x) => x.name === m.name)?.fit;
        const extra = f ? {
          df: f.df,
          plateau: f.plateau,
          lastHalfSlopePerMinute: f.lastHalfSlopePerMinute,
          lastHalfSePerMinute: f.lastHalfSePerMinute,
          lastHalfDf: f.lastHalfDf,
          ...Number.isFinite(f.worstCaseSePerMinute) ? { worstCaseSePerMinute: f.worstCaseSePerMinute } : {}
        } : {};
        return [
          m.name,
          {
            slopePerMinute: m.slopePerMinute,
            sePerMinute: m.sePerMinute,
            ciLow: m.ciLow,
            ciHigh: m.ciHigh,
            n: m.n,
            ...extra
          }
        ];
      })
    ),
    sites: heapSites.map(site),
    goroutineSites: goroutineSites.map(site),
    series: downsampleSeries({ t: report2.series.t, heapLive: report2.series.heapLive })
  };
}

// src/run/record.ts
import { existsSync as existsSync3, mkdirSync as mkdirSync2 } from "node:fs";
import { join as join6 } from "node:path";

// src/run/endstate.ts
import { readFileSync as readFileSync3, writeFileSync as writeFileSync2 } from "node:fs";
import { join as join3 } from "node:path";

// src/analyze/goroutinedump.ts
var HEADER = /^goroutine \d+(?: gp=\S+ m=\S+(?: mp=\S+)?)? \[([^\]]*)\]:$/;
function parseGoroutineDump(text) {
  const groups = /* @__PURE__ */ new Map();
  const lines = text.split("\n");
  let i = 0;
  while (i < lines.length) {
    const h = HEADER.exec(lines[i].trimEnd());
    i++;
    if (!h) continue;
    const parts = h[1].split(",").map((s) => s.trim());
    const waitReason = parts[0];
    const minutes = parts.map((p) => /^(\d+) minutes?$/.exec(p)).find((m) => m);
    const stack = [];
    let createdBy = null;
    while (i < lines.length && lines[i].trim() !== "") {
      const call = lines[i].trim();
      const loc = /^\t?(.+):(\d+)(?: \+0x[0-9a-f]+)?$/.exec((lines[i + 1] ?? "").trim());
      const created = /^created by (\S+)(?: in goroutine \d+)?$/.exec(call);
      const frame2 = (fn) => ({ function: fn, file: loc ? loc[1] : "", line: loc ? Number(loc[2]) : 0 });
      if (created) createdBy = frame2(created[1]);
      else stack.push(frame2(call.replace(/\((?:[^()]|\.\.\.)*\)$/, "")));
      i += loc ? 2 : 1;
    }
    const top = stack.find((f) => !f.function.startsWith("runtime.") && !f.function.startsWith("internal/")) ?? stack[0];
    const key = `${waitReason}\0${top?.function ?? ""}\0${createdBy?.function ?? ""}`;
    const g = groups.get(key);
    const mins = minutes ? Number(minutes[1]) : 0;
    if (g) {
      g.count++;
      g.maxMinutes = Math.max(g.maxMinutes, mins);
    } else groups.set(key, { waitReason, count: 1, maxMinutes: mins, stack, createdBy });
  }
  return [...groups.values()].sort((a, b) => b.count - a.count);
}

// src/analyze/smaps.ts
function parseSmapsRollup(text) {
  const kb = (name) => {
    const m = new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(text);
    return m ? Number(m[1]) * 1024 : null;
  };
  const rss = kb("Rss");
  const anonymous = kb("Anonymous");
  if (rss === null || anonymous === null) return null;
  return { rss, anonymous, fileBacked: Math.max(0, rss - anonymous) };
}
function sumSplits(splits) {
  return splits.reduce(
    (a, s) => ({ rss: a.rss + s.rss, anonymous: a.anonymous + s.anonymous, fileBacked: a.fileBacked + s.fileBacked }),
    { rss: 0, anonymous: 0, fileBacked: 0 }
  );
}

// src/analyze/pprof-decode.ts
import { gunzipSync } from "node:zlib";
var ProfileError = class extends Error {
  name = "ProfileError";
};
var PROFILE_LIMITS = {
  /** Compressed and decompressed size. */
  bytes: 64 * 1024 * 1024,
  samples: 2 ** 21,
  locations: 2 ** 20,
  functions: 2 ** 20,
  strings: 2 ** 20,
  /** Locations in one sample's stack (Go records at most 1024, its largest debug.profstackdepth). */
  stackDepth: 2048,
  /** Frames (inlined lines expanded) summed over all samples: bounds the work of walking the stacks. */
  frames: 2 ** 26
};
var MAX_PROFILE_BYTES = PROFILE_LIMITS.bytes;
var CAPPED = "not decoded (work per profile is capped)";
var HINT = `${CAPPED}; raise --profile-rate to sample less`;
var TOO_LARGE = `profile larger than ${MAX_PROFILE_BYTES / 1048576} MiB: not decoded (memory stays bounded); raise --profile-rate to sample less`;
var overCap = (what, limit) => new ProfileError(`profile has more than ${limit.toLocaleString("en-US")} ${what}: ${HINT}`);
function gunzipProfile(data) {
  let raw = data;
  if (data.length > MAX_PROFILE_BYTES) throw new ProfileError(TOO_LARGE);
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
function decodeProfile(data, work = { varints: 0, frames: 0 }) {
  const buf = gunzipProfile(data);
  try {
    return decodeFields(buf, work);
  } catch (err) {
    if (err instanceof ProfileError) throw err;
    throw new ProfileError(`corrupt profile protobuf: ${err.message}`);
  }
}
var utf8 = new TextDecoder("utf-8");
var TRUNCATED_VARINT = "truncated profile protobuf (varint runs past the end)";
var MAX_FIELD = 2 ** 29 - 1;
var Reader = class _Reader {
  constructor(buf, pos, end, work) {
    this.buf = buf;
    this.pos = pos;
    this.end = end;
    this.work = work;
  }
  buf;
  pos;
  end;
  work;
  more() {
    return this.pos < this.end;
  }
  /**
   * A varint of up to 7 bytes (49 bits), summed in a double; -1, with the position unchanged, when it is longer
   * (then it goes through BigInt). Every varint read passes here once (counted in work).
   */
  shortVarint() {
    this.work.varints++;
    let result = 0;
    let mul = 1;
    const start = this.pos;
    for (let i = 0; i < 7; i++) {
      if (this.pos >= this.end) throw new ProfileError(TRUNCATED_VARINT);
      const b = this.buf[this.pos++];
      result += (b & 127) * mul;
      if (b < 128) return result;
      mul *= 128;
    }
    this.pos = start;
    return -1;
  }
  /** A varint of 8-10 bytes as an unsigned 64-bit BigInt. */
  bigVarint() {
    let big = 0n;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw new ProfileError(TRUNCATED_VARINT);
      const b = this.buf[this.pos++];
      if (i === 9 && b > 1) throw new ProfileError("corrupt profile protobuf (varint overflows 64 bits)");
      big |= BigInt(b & 127) << BigInt(7 * i);
      if (b < 128) return big;
    }
    throw new ProfileError("corrupt profile protobuf (varint longer than 10 bytes)");
  }
  /** A varint's 64 bits as an unsigned number (exact below 2^53). */
  uvarint() {
    const v = this.shortVarint();
    return v >= 0 ? v : Number(this.bigVarint());
  }
  /** A varint as a signed int64 (protobuf writes a negative int64 as its two's complement in 10 bytes). */
  varint() {
    const v = this.shortVarint();
    return v >= 0 ? v : Number(BigInt.asIntN(64, this.bigVarint()));
  }
  /** A field key: returns field * 8 + wire; refuses field 0, fields past 2^29-1 and wire types 3, 4, 6, 7. */
  key() {
    const k = this.uvarint();
    const field = Math.floor(k / 8);
    const wire = k % 8;
    if (field === 0) throw new ProfileError("corrupt profile protobuf (field number 0)");
    if (field > MAX_FIELD) throw new ProfileError("corrupt profile protobuf (field number out of range)");
    if (wire !== 0 && wire !== 1 && wire !== 2 && wire !== 5)
      throw new ProfileError(`corrupt profile protobuf (wire type ${wire})`);
    return k;
  }
  /** A length-delimited field's [start, end): the length is unsigned and must fit in what remains. */
  bytes() {
    const at = this.pos;
    const len = this.uvarint();
    if (len > this.end - this.pos) {
      throw new ProfileError(`truncated profile protobuf (the length at byte ${at} runs past the end of its message)`);
    }
    const start = this.pos;
    this.pos += len;
    return [start, this.pos];
  }
  /** A sub-reader over the next length-delimited field. */
  message() {
    const [a, b] = this.bytes();
    return new _Reader(this.buf, a, b, this.work);
  }
  skip(wire) {
    if (wire === 0) this.uvarint();
    else if (wire === 2) this.bytes();
    else {
      const n = wire === 1 ? 8 : 4;
      if (n > this.end - this.pos) throw new ProfileError("truncated profile protobuf (a field runs past the end)");
      this.pos += n;
    }
  }
  /** A repeated integer field, packed (wire 2) or not (wire 0), appended to out. */
  repeated(wire, out, where3) {
    if (wire === 0) out.push(this.varint());
    else if (wire === 2) {
      const r = this.message();
      while (r.more()) out.push(r.varint());
    } else throw wrongWire(where3, wire);
  }
};
var wrongWire = (where3, wire) => new ProfileError(`corrupt profile protobuf (${where3} has wire type ${wire})`);
var expectWire = (key, want2, where3) => {
  if (key % 8 !== want2) throw wrongWire(where3, key % 8);
};
function decodeFields(buf, work) {
  const top = new Reader(buf, 0, buf.length, work);
  const strings = [];
  const sampleRanges = [];
  const typeRefs = [];
  let periodTypeRef = null;
  const functions = /* @__PURE__ */ new Map();
  let functionCount = 0;
  const locations = [];
  let period = 0;
  const fields12 = (r, where3) => {
    let one = 0;
    let two = 0;
    while (r.more()) {
      const key = r.key();
      const f = Math.floor(key / 8);
      if (f === 1 || f === 2) {
        expectWire(key, 0, `${where3} field ${f}`);
        if (f === 1) one = r.varint();
        else two = r.varint();
      } else r.skip(key % 8);
    }
    return [one, two];
  };
  while (top.more()) {
    const key = top.key();
    const field = Math.floor(key / 8);
    const wire = key % 8;
    if (field === 12) {
      expectWire(key, 0, "field 12");
      period = top.varint();
      continue;
    }
    if (field !== 1 && field !== 2 && field !== 4 && field !== 5 && field !== 6 && field !== 11) {
      top.skip(wire);
      continue;
    }
    if (wire !== 2) throw new ProfileError(`corrupt profile protobuf (field ${field} is not length-delimited)`);
    switch (field) {
      case 1:
        typeRefs.push(fields12(top.message(), "ValueType"));
        break;
      case 2: {
        const [a, b] = top.bytes();
        if (sampleRanges.length >= 2 * PROFILE_LIMITS.samples) throw overCap("samples", PROFILE_LIMITS.samples);
        sampleRanges.push(a, b);
        break;
      }
      case 4: {
        if (locations.length >= PROFILE_LIMITS.locations) throw overCap("locations", PROFILE_LIMITS.locations);
        const r = top.message();
        const loc = { id: 0, lines: [] };
        while (r.more()) {
          const k = r.key();
          const f = Math.floor(k / 8);
          if (f === 1) {
            expectWire(k, 0, "Location field 1");
            loc.id = r.varint();
          } else if (f === 4) {
            expectWire(k, 2, "Location field 4");
            loc.lines.push(fields12(r.message(), "Line"));
          } else r.skip(k % 8);
        }
        locations.push(loc);
        break;
      }
      case 5: {
        if (++functionCount > PROFILE_LIMITS.functions) throw overCap("functions", PROFILE_LIMITS.functions);
        const r = top.message();
        let id = 0;
        let name = 0;
        let file = 0;
        while (r.more()) {
          const k = r.key();
          const f = Math.floor(k / 8);
          if (f === 1 || f === 2 || f === 4) {
            expectWire(k, 0, `Function field ${f}`);
            const v = r.varint();
            if (f === 1) id = v;
            else if (f === 2) name = v;
            else file = v;
          } else r.skip(k % 8);
        }
        functions.set(id, [name, file]);
        break;
      }
      case 6: {
        if (strings.length >= PROFILE_LIMITS.strings) throw overCap("strings", PROFILE_LIMITS.strings);
        const [a, b] = top.bytes();
        strings.push(utf8.decode(buf.subarray(a, b)));
        break;
      }
      case 11:
        periodTypeRef = fields12(top.message(), "ValueType");
        break;
    }
  }
  const str2 = (i) => strings[i] ?? "?";
  const framesById = /* @__PURE__ */ new Map();
  for (const loc of locations) {
    framesById.set(
      loc.id,
      loc.lines.map(([fnId, line]) => {
        const fn = functions.get(fnId);
        return { function: fn ? str2(fn[0]) : "?", file: fn ? strings[fn[1]] ?? "" : "", line };
      })
    );
  }
  return {
    sampleTypes: typeRefs.map(([t, u]) => ({ type: str2(t), unit: str2(u) })),
    period,
    periodType: periodTypeRef ? { type: str2(periodTypeRef[0]), unit: str2(periodTypeRef[1]) } : null,
    framesById,
    work,
    forEachSample(fn) {
      let frames = 0;
      for (let s = 0; s < sampleRanges.length; s += 2) {
        const r = new Reader(buf, sampleRanges[s], sampleRanges[s + 1], work);
        const ids = [];
        const values = [];
        while (r.more()) {
          const k = r.key();
          const f = Math.floor(k / 8);
          if (f === 1) r.repeated(k % 8, ids, "Sample field 1");
          else if (f === 2) r.repeated(k % 8, values, "Sample field 2");
          else r.skip(k % 8);
        }
        if (ids.length > PROFILE_LIMITS.stackDepth) {
          throw new ProfileError(`a sample's stack is deeper than ${PROFILE_LIMITS.stackDepth} locations: ${CAPPED}`);
        }
        for (const id of ids) frames += framesById.get(id)?.length ?? 0;
        work.frames = frames;
        if (frames > PROFILE_LIMITS.frames) throw overCap("frames in all stacks", PROFILE_LIMITS.frames);
        fn(ids, values);
      }
    }
  };
}

// src/analyze/profile.ts
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
function allocVia(fn) {
  if (/^runtime\.(mapassign|makemap|hashGrow|growWork|evacuate)|^internal\/runtime\/maps\./.test(fn)) return "map";
  if (fn === "runtime.growslice") return "growslice";
  if (/^runtime\.makeslice/.test(fn)) return "makeslice";
  return null;
}
function siteKey(f) {
  return `${f.function}\0${f.file}\0${f.line}`;
}
function summariseBySite(profile, valueType, objectsType, allocObjectsType, opts = {}) {
  const sampleTypes = profile.sampleTypes.map((st) => `${st.type}/${st.unit}`);
  const vi = profile.sampleTypes.findIndex((st) => st.type === valueType);
  if (vi < 0) {
    throw new ProfileError(`profile has no ${valueType} sample type (it has: ${sampleTypes.join(", ") || "none"})`);
  }
  const oi = objectsType ? profile.sampleTypes.findIndex((st) => st.type === objectsType) : -1;
  const module = opts.module ?? null;
  const ai = allocObjectsType ? profile.sampleTypes.findIndex((st) => st.type === allocObjectsType) : -1;
  const noFrames = [];
  const sites = /* @__PURE__ */ new Map();
  const owners = /* @__PURE__ */ new Map();
  const heaviest = /* @__PURE__ */ new Map();
  let total = 0;
  let totalObjects = 0;
  profile.forEachSample((locationIds, values) => {
    const v = values[vi] ?? 0;
    const o = oi >= 0 ? values[oi] ?? 0 : 0;
    const a = ai >= 0 ? values[ai] ?? 0 : 0;
    if (v === 0 && o === 0 && a === 0) return;
    total += v;
    totalObjects += o;
    let frames = [];
    const leading = [];
    let owner = null;
    walk: for (const id of locationIds) {
      for (const f of profile.framesById.get(id) ?? noFrames) {
        if (frames.length === 0 && isRuntimeFrame(f.function)) {
          leading.push(f);
          continue;
        }
        if (frames.length < STACK_DEPTH) frames.push(f);
        if (owner === null && isOwnFrame(f, module)) owner = f;
        if (owner !== null && frames.length >= STACK_DEPTH) break walk;
      }
    }
    if (frames.length === 0) frames = stripRuntimeFrames(leading).slice(0, STACK_DEPTH);
    const site = frames[0] ?? { function: "?", file: "", line: 0 };
    const key = siteKey(site);
    let agg = sites.get(key);
    if (!agg) {
      agg = { key, site, stack: frames, value: 0, objects: 0, owner };
      if (ai >= 0) agg.allocObjects = 0;
      if (oi >= 0) agg.samplingVariance = 0;
      sites.set(key, agg);
    }
    agg.value += v;
    agg.objects += o;
    for (const f of leading) {
      const via = allocVia(f.function);
      if (!via) continue;
      agg.via ??= [];
      if (!agg.via.includes(via)) agg.via.push(via);
    }
    if (ai >= 0) agg.allocObjects += a;
    if (oi >= 0 && o > 0 && v > 0) agg.samplingVariance += v * samplingWeight(v / o, profile.period);
    if (v > (heaviest.get(key) ?? -1)) {
      heaviest.set(key, v);
      agg.stack = frames;
      agg.owner = owner;
    }
    if (owner && (v !== 0 || o !== 0)) {
      const ok = `${owner.function}\0${owner.file}`;
      let oa = owners.get(ok);
      if (!oa) {
        oa = { key: ok, site: owner, stack: [owner], value: 0, objects: 0, memberSet: /* @__PURE__ */ new Set() };
        owners.set(ok, oa);
      }
      oa.value += v;
      oa.objects += o;
      oa.memberSet.add(key);
    }
  });
  const ownerAggs = /* @__PURE__ */ new Map();
  for (const [k, { memberSet, ...oa }] of owners) ownerAggs.set(k, { ...oa, members: [...memberSet] });
  for (const [key, agg] of sites) if (agg.value === 0 && agg.objects === 0) sites.delete(key);
  return {
    sampleTypes,
    period: profile.period,
    periodType: profile.periodType ? `${profile.periodType.type}/${profile.periodType.unit}` : "",
    total,
    totalObjects,
    sites,
    owners: ownerAggs
  };
}
function summariseHeapProfile(data, opts = {}) {
  return summariseBySite(decodeProfile(data), "inuse_space", "inuse_objects", "alloc_objects", opts);
}
function summariseGoroutineProfile(data, opts = {}) {
  return summariseBySite(decodeProfile(data), "goroutine", void 0, void 0, opts);
}
function parseMemStats(text) {
  const stats = {};
  const start = text.lastIndexOf("# runtime.MemStats");
  if (start < 0) return stats;
  const re = /^# (\w+) = (-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)\s*$/gm;
  for (const m of text.slice(start).matchAll(re)) stats[m[1]] = Number(m[2]);
  return stats;
}

// src/run/http.ts
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
  return get(url, timeoutMs, signal, { maxBytes, tailBytes: Infinity });
}
async function fetchTail(url, timeoutMs, signal, tailBytes) {
  return get(url, timeoutMs, signal, { maxBytes: Infinity, tailBytes });
}
async function get(url, timeoutMs, signal, { maxBytes, tailBytes }) {
  const ctl = new AbortController();
  const onAbort = () => ctl.abort(signal?.reason);
  const timer = setTimeout(
    () => ctl.abort(new DOMException(`timed out after ${timeoutMs} ms`, "TimeoutError")),
    timeoutMs
  );
  signal?.addEventListener("abort", onAbort, { once: true });
  try {
    const res = await fetch(url, { signal: ctl.signal });
    if (!res.ok) {
      await res.body?.cancel();
      throw new HttpStatusError(res.status, url);
    }
    const chunks = [];
    let size = 0;
    let kept = 0;
    for await (const chunk of res.body ?? []) {
      size += chunk.length;
      if (size > maxBytes) {
        ctl.abort();
        throw new TooLargeError(TOO_LARGE);
      }
      chunks.push(chunk);
      kept += chunk.length;
      while (kept - chunks[0].length >= tailBytes) kept -= chunks.shift().length;
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

// src/run/process.ts
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { closeSync, openSync, readdirSync, readFileSync as readFileSync2 } from "node:fs";
var live = /* @__PURE__ */ new Set();
function killAllGroupsNow() {
  for (const g of live) {
    try {
      process.kill(-g.pid, "SIGKILL");
    } catch {
    }
    const escaped = escapedOf.get(g);
    if (!escaped) continue;
    treeMembers(g.pid, g.pid, escaped, scanProc(), markOf.get(g));
    for (const [pid, start] of escaped) signalIfSame(pid, start, "SIGKILL");
  }
}
var escapedOf = /* @__PURE__ */ new WeakMap();
var markOf = /* @__PURE__ */ new WeakMap();
var RUN_MARK_VAR = "GO_MEM_GATE_RUN";
function newRunMark(name) {
  const value = `${name}-${randomBytes(12).toString("hex")}`;
  return { value, mark: { entry: Buffer.from(`${RUN_MARK_VAR}=${value}`, "latin1"), since: 0, unmarked: /* @__PURE__ */ new Map() } };
}
function environHolds(environ, entry) {
  for (let i = environ.indexOf(entry); i >= 0; i = environ.indexOf(entry, i + 1)) {
    const end = i + entry.length;
    if ((i === 0 || environ[i - 1] === 0) && (end === environ.length || environ[end] === 0)) return true;
  }
  return false;
}
function carriesMark(p, mark) {
  if (p.start < mark.since || mark.unmarked.get(p.pid) === p.start) return false;
  let environ;
  try {
    environ = readFileSync2(`/proc/${p.pid}/environ`);
  } catch {
    return false;
  }
  if (environHolds(environ, mark.entry)) return true;
  if (environ.length > 0) mark.unmarked.set(p.pid, p.start);
  return false;
}
var exitHookInstalled = false;
function readStat(pid) {
  let stat;
  try {
    stat = readFileSync2(`/proc/${pid}/stat`, "latin1");
  } catch {
    return null;
  }
  const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return {
    pid: Number(pid),
    ppid: Number(rest[1]),
    pgrp: Number(rest[2]),
    start: Number(rest[19]),
    ticks: Number(rest[11]) + Number(rest[12]),
    zombie: rest[0] === "Z" || rest[0] === "X"
  };
}
function scanProc() {
  let entries;
  try {
    entries = readdirSync("/proc");
  } catch {
    return [];
  }
  const out = [];
  for (const e of entries) {
    if (e.charCodeAt(0) < 48 || e.charCodeAt(0) > 57) continue;
    const st = readStat(e);
    if (st) out.push(st);
  }
  return out;
}
function signalIfSame(pid, start, sig) {
  const st = readStat(pid);
  if (!st || st.start !== start || st.zombie) return false;
  try {
    process.kill(pid, sig);
    return true;
  } catch {
    return false;
  }
}
function treeMembers(pgid, root, escaped, procs = scanProc(), mark) {
  const byPid = new Map(procs.map((p) => [p.pid, p]));
  const children = /* @__PURE__ */ new Map();
  for (const p of procs) {
    const list = children.get(p.ppid);
    if (list) list.push(p);
    else children.set(p.ppid, [p]);
  }
  for (const [pid, start] of escaped) {
    const p = byPid.get(pid);
    if (!p || p.start !== start) escaped.delete(pid);
  }
  const seen = /* @__PURE__ */ new Set();
  const queue = procs.filter((p) => p.pgrp === pgid || escaped.has(p.pid));
  const rootEntry = byPid.get(root);
  if (rootEntry) queue.push(rootEntry);
  const found = [];
  const walk = () => {
    while (queue.length > 0) {
      const p = queue.pop();
      if (seen.has(p.pid) || p.pid === process.pid) continue;
      seen.add(p.pid);
      if (!p.zombie) found.push(p);
      if (p.pgrp !== pgid) escaped.set(p.pid, p.start);
      for (const c of children.get(p.pid) ?? []) queue.push(c);
    }
  };
  walk();
  if (mark) {
    for (const p of procs) {
      if (!seen.has(p.pid) && !p.zombie && p.pid !== process.pid && carriesMark(p, mark)) queue.push(p);
    }
    walk();
    for (const [pid, start] of mark.unmarked) if (byPid.get(pid)?.start !== start) mark.unmarked.delete(pid);
  }
  return found;
}
function groupMembers(pgid) {
  return scanProc().filter((p) => p.pgrp === pgid && !p.zombie).map((p) => p.pid);
}
function usageOf(procs) {
  let rss = 0;
  let ticks = 0;
  for (const p of procs) {
    try {
      const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync2(`/proc/${p.pid}/status`, "latin1"));
      if (m) rss += Number(m[1]) * 1024;
      ticks += p.ticks;
    } catch {
    }
  }
  return { rss, cpuSeconds: ticks / 100, pids: procs.map((p) => p.pid) };
}
var sleep = (ms) => new Promise((r) => setTimeout(r, ms));
function startGroup(name, command, env, logPath) {
  if (!exitHookInstalled) {
    process.on("exit", killAllGroupsNow);
    exitHookInstalled = true;
  }
  const fd = openSync(logPath, "a");
  const startedAt = performance.now();
  const { value, mark } = newRunMark(name);
  let child;
  try {
    const marked = { ...env, [RUN_MARK_VAR]: value };
    child = spawn("/bin/sh", ["-c", command], { detached: true, stdio: ["ignore", fd, fd], env: marked });
  } finally {
    closeSync(fd);
  }
  const pid = child.pid;
  if (pid === void 0) throw new Error(`could not start the ${name}: /bin/sh failed to spawn`);
  mark.since = readStat(pid)?.start ?? 0;
  const escaped = /* @__PURE__ */ new Map();
  let resolveExit;
  const exited = new Promise((r) => resolveExit = r);
  const group = {
    name,
    pid,
    exited,
    exit: null,
    logPath,
    usage() {
      return usageOf(treeMembers(pid, pid, escaped, scanProc(), mark));
    },
    async stop(graceMs = 5e3) {
      const signalGroup = (sig) => {
        try {
          process.kill(-pid, sig);
        } catch {
        }
      };
      const alive = () => treeMembers(pid, pid, escaped, scanProc(), mark).length > 0;
      const signalAll = (sig) => {
        signalGroup(sig);
        for (const [p, start] of escaped) signalIfSame(p, start, sig);
      };
      if (alive() || group.exit === null) {
        signalAll("SIGTERM");
        const deadline = performance.now() + graceMs;
        while (performance.now() < deadline && alive()) await sleep(25);
        if (alive()) {
          signalAll("SIGKILL");
          const hard = performance.now() + 2e3;
          while (performance.now() < hard && alive()) {
            signalAll("SIGKILL");
            await sleep(25);
          }
        }
      }
      if (group.exit === null) await Promise.race([exited, sleep(1e3)]);
      live.delete(group);
    }
  };
  escapedOf.set(group, escaped);
  markOf.set(group, mark);
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

// src/run/profile-decoder.ts
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
function summariseKind(kind, data, module = null) {
  if (kind === "heap") return summariseHeapProfile(data, { module });
  if (kind === "goroutine") return summariseGoroutineProfile(data, { module });
  return summariseBySite(decodeProfile(data), "goroutineleak", void 0, void 0, { module });
}
var WORKER_HEAP_MIB = 2048;
var inlineDecoder = {
  async summarise(kind, data, signal, module) {
    signal?.throwIfAborted();
    return summariseKind(kind, data, module ?? null);
  },
  async close() {
  }
};
var DEFAULT_WORKER_URL = new URL("./profile-worker.js", import.meta.url);
function profileDecoder(workerUrl = DEFAULT_WORKER_URL, heapMiB = WORKER_HEAP_MIB) {
  if (!existsSync(fileURLToPath(workerUrl))) return inlineDecoder;
  let worker = null;
  let nextId = 0;
  let queue = Promise.resolve();
  const run = (kind, data, signal, module) => new Promise((resolve4, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    worker ??= new Worker(workerUrl, { resourceLimits: { maxOldGenerationSizeMb: heapMiB } });
    const w = worker;
    w.ref();
    const id = nextId++;
    const done = () => {
      w.unref();
      w.off("message", onMessage);
      w.off("error", onError);
      w.off("exit", onExit);
      signal?.removeEventListener("abort", onAbort);
    };
    const lose = () => {
      if (worker === w) worker = null;
    };
    const onMessage = (m) => {
      if (m.id !== id) return;
      done();
      if (m.ok) resolve4(m.summary);
      else if (m.profileError) reject(new ProfileError(m.message));
      else reject(Object.assign(new Error(m.message), { stack: m.stack }));
    };
    const onError = (err) => {
      done();
      lose();
      void w.terminate();
      if (err.code === "ERR_WORKER_OUT_OF_MEMORY") {
        reject(new ProfileError(`decoding needed more than ${heapMiB} MiB of memory: not decoded`));
      } else reject(new ProfileError(`profile decoder failed: ${err.message}`));
    };
    const onExit = (code2) => {
      done();
      lose();
      reject(new ProfileError(`profile decoder stopped (exit ${code2})`));
    };
    const onAbort = () => {
      done();
      lose();
      void w.terminate();
      reject(signal.reason);
    };
    w.on("message", onMessage);
    w.on("error", onError);
    w.on("exit", onExit);
    signal?.addEventListener("abort", onAbort, { once: true });
    w.postMessage({ id, kind, data, module });
  });
  return {
    summarise(kind, data, signal, module) {
      const p = queue.then(() => run(kind, data, signal, module));
      queue = p.catch(() => {
      });
      return p;
    },
    async close() {
      await queue;
      const w = worker;
      worker = null;
      if (w) await w.terminate();
    }
  };
}

// src/run/endstate.ts
function groupSmaps(pgid) {
  const splits = [];
  for (const pid of groupMembers(pgid)) {
    try {
      const s = parseSmapsRollup(readFileSync3(`/proc/${pid}/smaps_rollup`, "latin1"));
      if (s) splits.push(s);
    } catch {
    }
  }
  return splits.length ? sumSplits(splits) : null;
}
async function fetchEndState(cfg, pgid, smapsFirst, signal, module, decoder = inlineDecoder) {
  const state = { goroutineDump: null, goroutineLeak: null, smaps: null };
  const last = groupSmaps(pgid);
  if (smapsFirst && last)
    state.smaps = { first: smapsFirst.split, last, spanS: (performance.now() - smapsFirst.at) / 1e3 };
  const timeoutMs = cfg.requestTimeoutS * 1e3;
  try {
    const text = await fetchBytes(`${cfg.pprofUrl}/goroutine?debug=2`, timeoutMs, signal);
    writeFileSync2(join3(cfg.out, "goroutines-end.txt"), text);
    state.goroutineDump = parseGoroutineDump(new TextDecoder().decode(text));
  } catch {
  }
  try {
    const leak = await fetchBytes(`${cfg.pprofUrl}/goroutineleak`, timeoutMs, signal);
    writeFileSync2(join3(cfg.out, "profiles", "goroutineleak-end.pb.gz"), leak);
    const s = await decoder.summarise("goroutineleak", leak, signal, module);
    const sites = [...s.sites.values()].sort((a, b) => b.value - a.value).slice(0, 5).map((x) => ({ ...x.site, count: x.value }));
    state.goroutineLeak = { available: true, total: s.total, sites };
  } catch (err) {
    if (err instanceof HttpStatusError && err.status === 404)
      state.goroutineLeak = { available: false, total: 0, sites: [] };
  }
  return state;
}

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
  const record3 = (ms) => {
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
        record3(performance.now() - t0);
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

// src/run/module.ts
import { existsSync as existsSync2, readFileSync as readFileSync4 } from "node:fs";
import { join as join4 } from "node:path";

// src/run/buildinfo.ts
import { closeSync as closeSync2, openSync as openSync2, readSync } from "node:fs";
var MAGIC = "\xFF Go buildinf:";
function readAt(fd, pos, len) {
  const b = Buffer.alloc(len);
  const n = readSync(fd, b, 0, len, pos);
  return b.subarray(0, n);
}
function uvarint(b, pos) {
  let v = 0;
  let mul = 1;
  for (let i = pos; i < b.length && i < pos + 10; i++) {
    v += (b[i] & 127) * mul;
    if (b[i] < 128) return [v, i + 1];
    mul *= 128;
  }
  return [-1, b.length];
}
function parseBuildInfoSection(b) {
  if (b.length < 32 || b.toString("latin1", 0, 14) !== MAGIC) return null;
  const flags = b[15];
  if ((flags & 2) === 0) return null;
  let pos = 32;
  const str2 = () => {
    const [len, next] = uvarint(b, pos);
    if (len < 0 || next + len > b.length) return null;
    pos = next + len;
    return b.toString("utf8", next, next + len);
  };
  const goVersion = str2();
  let mod = str2();
  if (goVersion === null || mod === null) return null;
  if (mod.length >= 33 && mod[mod.length - 17] === "\n") mod = mod.slice(16, -16);
  const field = (name) => new RegExp(`^${name}\\t([^\\t\\n]+)`, "m").exec(mod)?.[1] ?? null;
  return { goVersion, path: field("path"), module: field("mod") };
}
function readGoBuildInfo(file) {
  let fd;
  try {
    fd = openSync2(file, "r");
  } catch {
    return null;
  }
  try {
    const eh = readAt(fd, 0, 64);
    if (eh.length < 64 || eh.readUInt32BE(0) !== 2135247942 || eh[4] !== 2 || eh[5] !== 1) return null;
    const shoff = Number(eh.readBigUInt64LE(40));
    const shentsize = eh.readUInt16LE(58);
    const shnum = eh.readUInt16LE(60);
    const shstrndx = eh.readUInt16LE(62);
    if (shentsize < 64 || shnum === 0 || shnum > 4096 || shstrndx >= shnum) return null;
    const sh = readAt(fd, shoff, shentsize * shnum);
    if (sh.length < shentsize * shnum) return null;
    const sec = (i) => ({
      name: sh.readUInt32LE(i * shentsize),
      off: Number(sh.readBigUInt64LE(i * shentsize + 24)),
      size: Number(sh.readBigUInt64LE(i * shentsize + 32))
    });
    const strtab = sec(shstrndx);
    const names = readAt(fd, strtab.off, Math.min(strtab.size, 1 << 20));
    for (let i = 0; i < shnum; i++) {
      const s = sec(i);
      const end = names.indexOf(0, s.name);
      if (names.toString("latin1", s.name, end < 0 ? void 0 : end) === ".go.buildinfo") {
        return parseBuildInfoSection(readAt(fd, s.off, Math.min(s.size, 1 << 20)));
      }
    }
    return null;
  } catch {
    return null;
  } finally {
    closeSync2(fd);
  }
}

// src/run/module.ts
function moduleBeforeStart(flag, cwd = process.cwd()) {
  if (flag) return { path: flag, source: "flag", goVersion: null };
  const gomod = join4(cwd, "go.mod");
  if (existsSync2(gomod)) {
    const path = moduleFromGoMod(readFileSync4(gomod, "utf8"));
    if (path) return { path, source: "go.mod", goVersion: null };
  }
  return null;
}
function moduleFromGroup(pgid) {
  let goVersion = null;
  for (const pid of groupMembers(pgid)) {
    const info = readGoBuildInfo(`/proc/${pid}/exe`);
    if (!info || info.path === "cmd/go") continue;
    goVersion ??= info.goVersion;
    if (info.module) return { path: info.module, source: "build info", goVersion: info.goVersion };
  }
  return { path: null, source: null, goVersion };
}

// src/run/readiness.ts
import net from "node:net";

// src/run/sample.ts
import { writeFileSync as writeFileSync3 } from "node:fs";
import { join as join5 } from "node:path";

// src/run/pprof-index.ts
function goroutineCountFromIndex(html) {
  const re = /<td[^>]*>\s*(\d+)\s*(?:<\/td>)?\s*<td[^>]*>\s*<a href=['"]?goroutine\?debug=1['"]?>goroutine<\/a>/;
  const m = re.exec(html);
  return m ? Number(m[1]) : null;
}

// src/run/stride.ts
var PROFILE_COST_SHARE = 0.02;
var MAX_PROFILE_STRIDE = 10;
var LARGE_PROFILE_BYTES = 64 * 1024;
var LARGE_GOROUTINE_COUNT = 1e3;
function profileStride(costS, intervalS, judgedSlots2) {
  const cap = Math.max(1, Math.min(MAX_PROFILE_STRIDE, Math.floor(judgedSlots2 / MIN_JUDGED_SAMPLES)));
  if (!(costS > 0) || !(intervalS > 0)) return 1;
  return Math.min(cap, Math.max(1, Math.ceil(costS / (PROFILE_COST_SHARE * intervalS))));
}
function judgedSlots(durationS, warmupS, intervalS) {
  return Math.floor((durationS - warmupS) / intervalS + 1e-9) + 1;
}
var ProfileSchedule = class {
  constructor(intervalS, slots) {
    this.intervalS = intervalS;
    this.slots = slots;
  }
  intervalS;
  slots;
  lastSlot = null;
  stride = 1;
  due(slot) {
    return this.lastSlot === null || slot - this.lastSlot >= this.stride;
  }
  /**
   * A fetch at `slot` took costS (fetch and decode); null when it failed (then it is tried again next sample).
   * Only a large profile is fetched less often.
   */
  fetched(slot, costS, large) {
    if (costS === null) return;
    this.lastSlot = slot;
    this.stride = large ? profileStride(costS, this.intervalS, this.slots) : 1;
  }
};

// src/run/sample.ts
var noCosts = () => ({
  heapProfileS: null,
  heapProfileLarge: false,
  goroutineProfileS: null,
  goroutineProfileLarge: false,
  indexUnreadable: false
});
var EVERYTHING = { heapProfile: true, goroutineProfile: true };
function noPprof(url, status) {
  return new GateError(
    `no pprof at ${url} (${status}): import _ "net/http/pprof" and serve it, or point --pprof-url at the port that does`
  );
}
function emptySample(i, t) {
  return {
    i,
    t,
    heapLive: null,
    heapObjects: null,
    heapInuse: null,
    sys: null,
    heapSys: null,
    heapReleased: null,
    numGC: null,
    goroutines: null,
    rss: null,
    cpuSeconds: null,
    heapProfile: null,
    goroutineProfile: null,
    skipped: null
  };
}
async function takeSample(cfg, rec, i, t, usage, timeoutMs, signal, want2 = EVERYTHING, costs = noCosts(), decoder = inlineDecoder) {
  const s = emptySample(i, t);
  const n = String(i).padStart(4, "0");
  const heapUrl = `${cfg.pprofUrl}/heap`;
  try {
    const ms = memStatsOf(await fetchTail(`${heapUrl}?gc=1&debug=1`, timeoutMs, signal, MEMSTATS_TAIL_BYTES));
    if (ms.HeapAlloc === void 0) {
      throw new GateError(`${heapUrl}?debug=1 has no "# runtime.MemStats" block; is this a Go net/http/pprof handler?`);
    }
    s.heapLive = ms.HeapAlloc;
    s.heapObjects = ms.HeapObjects ?? null;
    s.heapInuse = ms.HeapInuse ?? null;
    s.sys = ms.Sys ?? null;
    s.heapSys = ms.HeapSys ?? null;
    s.heapReleased = ms.HeapReleased ?? null;
    s.numGC = ms.NumGC ?? null;
    ({ rss: s.rss, cpuSeconds: s.cpuSeconds } = usage());
    if (want2.heapProfile) {
      const started2 = performance.now();
      const heap = await fetchBytes(heapUrl, timeoutMs, signal);
      s.heapProfile = `profiles/heap-${n}.pb.gz`;
      writeFileSync3(join5(cfg.out, s.heapProfile), heap);
      try {
        const hs = await decoder.summarise("heap", heap, signal, rec.module?.path ?? null);
        rec.periodInForce ??= hs.period;
        rec.heapSites.add(t, hs);
        if (hs.owners) rec.heapOwners?.add(t, hs, hs.owners);
      } catch (err) {
        if (!(err instanceof ProfileError)) throw err;
        if (/no inuse_space sample type/.test(err.message)) {
          throw new GateError(`${heapUrl} is not a heap profile: ${err.message}`);
        }
        s.skipped = `heap profile: ${err.message}`;
      }
      costs.heapProfileS = (performance.now() - started2) / 1e3;
      costs.heapProfileLarge = heap.length >= LARGE_PROFILE_BYTES;
    }
    if (!want2.goroutineProfile) {
      let html;
      try {
        html = new TextDecoder().decode(await fetchBytes(`${cfg.pprofUrl}/`, timeoutMs, signal));
      } catch (err) {
        s.skipped ??= `goroutine count: ${describeFetchFailure(err)}`;
        return s;
      }
      s.goroutines = goroutineCountFromIndex(html);
      if (s.goroutines !== null) return s;
      costs.indexUnreadable = true;
    }
    const started = performance.now();
    let gor;
    try {
      gor = await fetchBytes(`${cfg.pprofUrl}/goroutine`, timeoutMs, signal);
    } catch (err) {
      s.skipped ??= `goroutine profile: ${describeFetchFailure(err)}`;
      return s;
    }
    s.goroutineProfile = `profiles/goroutine-${n}.pb.gz`;
    writeFileSync3(join5(cfg.out, s.goroutineProfile), gor);
    try {
      const gs = await decoder.summarise("goroutine", gor, signal, rec.module?.path ?? null);
      s.goroutines = gs.total;
      rec.goroutineSites.add(t, gs);
      if (gs.owners) rec.goroutineOwners?.add(t, gs, gs.owners);
      costs.goroutineProfileLarge = gs.total >= LARGE_GOROUTINE_COUNT || gor.length >= LARGE_PROFILE_BYTES;
    } catch (err) {
      if (!(err instanceof ProfileError)) throw err;
      s.skipped ??= `goroutine profile: ${err.message}`;
    }
    costs.goroutineProfileS = (performance.now() - started) / 1e3;
  } catch (err) {
    s.skipped = describeFetchFailure(err);
  }
  return s;
}
var MEMSTATS_TAIL_BYTES = 64 * 1024;
function memStatsOf(body) {
  const decode = (b) => new TextDecoder().decode(b);
  if (body.length > MEMSTATS_TAIL_BYTES) {
    const tail = decode(body.subarray(body.length - MEMSTATS_TAIL_BYTES));
    if (tail.includes("# runtime.MemStats")) return parseMemStats(tail);
  }
  return parseMemStats(decode(body));
}
function describeFetchFailure(err) {
  if (err instanceof GateError) throw err;
  if (err instanceof HttpStatusError) {
    if (err.status === 404) throw noPprof(err.url, 404);
    return `HTTP ${err.status} from ${err.url}`;
  }
  if (err instanceof TooLargeError) return err.message;
  return reason(err);
}

// src/run/sleep.ts
var sleep2 = (ms, signal) => new Promise((resolve4) => {
  const done = () => {
    clearTimeout(t);
    signal?.removeEventListener("abort", done);
    resolve4();
  };
  const t = setTimeout(done, ms);
  signal?.addEventListener("abort", done, { once: true });
});

// src/run/readiness.ts
async function portInUse(url) {
  const u = new URL(url);
  const host = u.hostname.replace(/^\[|\]$/g, "");
  const local = host === "localhost" || host === "::1" || host.startsWith("127.");
  if (!local) return false;
  const port = Number(u.port || (u.protocol === "https:" ? 443 : 80));
  return new Promise((resolve4) => {
    const sock = net.connect({ host, port });
    const done = (v) => {
      sock.destroy();
      resolve4(v);
    };
    sock.setTimeout(500, () => done(false));
    sock.once("connect", () => done(true));
    sock.once("error", () => done(false));
  });
}
async function checkPortsFree(cfg) {
  for (const url of /* @__PURE__ */ new Set([cfg.readyUrl, cfg.pprofUrl])) {
    if (await portInUse(url)) {
      const u = new URL(url);
      throw new GateError(
        `something already listens on ${u.host} before the service started: stop it, or run the service on a free port and set --pprof-url`
      );
    }
  }
}
async function waitReady(cfg, signal, stopReason) {
  const readyDeadline = performance.now() + cfg.readyTimeoutS * 1e3;
  let last = "no answer yet";
  for (; ; ) {
    if (signal.aborted) throw new GateError(stopReason());
    try {
      await fetchBytes(cfg.readyUrl, 1e3, signal);
      break;
    } catch (err) {
      if (err instanceof HttpStatusError) {
        if (err.status === 404 && cfg.readyUrl === `${cfg.pprofUrl}/`) throw noPprof(cfg.readyUrl, 404);
        last = `HTTP ${err.status}`;
      } else if (!signal.aborted) last = reason(err);
    }
    if (performance.now() > readyDeadline) {
      throw new GateError(
        `service did not answer 2xx at ${cfg.readyUrl} within ${formatDuration(cfg.readyTimeoutS)} (last: ${last}); check --start and --ready-url, or raise --ready-timeout`
      );
    }
    await sleep2(100, signal);
  }
}
async function checkPprofAnswers(cfg, signal) {
  if (cfg.readyUrl === `${cfg.pprofUrl}/`) return;
  try {
    await fetchBytes(`${cfg.pprofUrl}/`, cfg.requestTimeoutS * 1e3, signal);
  } catch (err) {
    if (err instanceof HttpStatusError && err.status === 404) throw noPprof(`${cfg.pprofUrl}/`, 404);
    if (!signal.aborted) {
      const why = err instanceof HttpStatusError ? `HTTP ${err.status}` : reason(err);
      throw new GateError(
        `the service is ready at ${cfg.readyUrl}, but nothing usable answers at ${cfg.pprofUrl}/ (${why}): is pprof served on another port? set --pprof-url`
      );
    }
  }
}

// src/run/sampler.ts
function lostSlot(i, t, lateS) {
  const s = emptySample(i, t);
  s.skipped = `slot lost: the sample before it was still running ${lateS.toFixed(1)}s after this slot was due`;
  return s;
}
async function runSampler(cfg, rec, usage, signal, log, decoder = inlineDecoder, onSample) {
  const begin = performance.now();
  const timeoutMs = cfg.requestTimeoutS * 1e3;
  const slots = judgedSlots(cfg.durationS, cfg.warmupS, cfg.intervalS);
  const heapSchedule = new ProfileSchedule(cfg.intervalS, slots);
  const goroutineSchedule = new ProfileSchedule(cfg.intervalS, slots);
  let indexReadable = true;
  for (let i = 0; ; i++) {
    const due = begin + i * cfg.intervalS * 1e3;
    if ((due - begin) / 1e3 > cfg.durationS + 1e-9) break;
    while (!signal.aborted && performance.now() < due) await sleep2(Math.max(1, due - performance.now()), signal);
    if (signal.aborted) break;
    const late = performance.now() - due;
    const want2 = { heapProfile: heapSchedule.due(i), goroutineProfile: !indexReadable || goroutineSchedule.due(i) };
    const costs = noCosts();
    const t0 = (performance.now() - begin) / 1e3;
    const sample = late > cfg.intervalS * 1e3 ? lostSlot(i, (due - begin) / 1e3, late / 1e3) : await takeSample(cfg, rec, i, t0, usage, timeoutMs, signal, want2, costs, decoder);
    heapSchedule.fetched(i, costs.heapProfileS, costs.heapProfileLarge);
    goroutineSchedule.fetched(i, costs.goroutineProfileS, costs.goroutineProfileLarge);
    if (costs.indexUnreadable) indexReadable = false;
    rec.profileStride = {
      heap: Math.max(rec.profileStride?.heap ?? 1, heapSchedule.stride),
      goroutine: Math.max(rec.profileStride?.goroutine ?? 1, indexReadable ? goroutineSchedule.stride : 1)
    };
    const t = sample.t;
    if (sample.rss === null) usage();
    if (signal.aborted && sample.skipped) {
      onSample?.(sample, false);
      break;
    }
    rec.samples.push(sample);
    onSample?.(sample, true);
    if (sample.skipped) {
      rec.skippedSamples++;
      log(`  ${t.toFixed(0).padStart(4)}s  sample skipped: ${sample.skipped}`);
    } else {
      const heap = formatBytes(sample.heapLive ?? NaN).padStart(10);
      const rss = formatBytes(sample.rss ?? NaN).padStart(10);
      const goroutines = String(sample.goroutines).padStart(6);
      log(`  ${t.toFixed(0).padStart(4)}s  heap ${heap}  goroutines ${goroutines}  rss ${rss}`);
    }
  }
}

// src/run/validity.ts
function recordingProblem(f) {
  const judged = f.samples.filter((s) => s.heapLive !== null && s.t >= f.warmupS - 1e-9).length;
  const need = minJudgedSamples(f.confidence ?? 0.99);
  if (f.loadEndedRunEarlyAfterS !== null && judged < need) {
    const at = f.loadEndedRunEarlyAfterS;
    return `the load command finished after ${at.toFixed(1)}s, leaving ${judged} samples after the ${formatDuration(f.warmupS)} warm-up (need ${need}): make the load run at least ${formatDuration(f.warmupS + need * f.intervalS)}, or shorten --warmup`;
  }
  const st = f.builtin;
  if (st && st.sent >= 10 && st.ok < st.sent / 2) {
    return `the built-in load got 2xx for only ${st.ok} of ${st.sent} requests to ${st.url} (first error: ${st.firstError ?? "none"}); check --load-url`;
  }
  const good = f.samples.filter((s) => !s.skipped).length;
  if (f.samples.length > 0 && good < f.samples.length / 2) {
    return `${f.skippedSamples} of ${f.samples.length} samples failed (${f.samples.find((s) => s.skipped)?.skipped}); the service answers pprof too slowly or not at all under this load`;
  }
  if (judged < need) {
    const first = f.samples.find((s) => s.skipped)?.skipped;
    return `only ${judged} samples after the ${formatDuration(f.warmupS)} warm-up have a heap reading (need ${need}); ${f.skippedSamples} of ${f.samples.length} were skipped${first ? ` (first: ${first})` : ""}: lengthen --duration, or raise --interval if pprof answers slowly`;
  }
  return null;
}

// src/run/record.ts
function serviceGodebug(userGodebug, profileRate) {
  const kept = (userGodebug ?? "").split(",").map((s) => s.trim()).filter((s) => s && !s.startsWith("memprofilerate="));
  return [...kept, `memprofilerate=${profileRate}`].join(",");
}
async function record(cfg, opts = {}) {
  const log = opts.log ?? (() => {
  });
  const graceMs = opts.graceMs ?? 5e3;
  const t0 = performance.now();
  const profilesDir = join6(cfg.out, "profiles");
  mkdirSync2(profilesDir, { recursive: true });
  const rec = {
    startedAt: (/* @__PURE__ */ new Date()).toISOString(),
    readyAfterS: null,
    samples: [],
    heapSites: new SiteTimeline(opts.siteStore?.("heap")),
    goroutineSites: new SiteTimeline(opts.siteStore?.("goroutine")),
    // Owners are few (one per function of the service's own code): kept in memory.
    heapOwners: new SiteTimeline(),
    goroutineOwners: new SiteTimeline(),
    module: moduleBeforeStart(cfg.module ?? null),
    endState: null,
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
  const decoder = profileDecoder();
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
    if (!existsSync3("/proc/self/stat")) {
      throw new GateError(
        "go-mem-gate runs on Linux: it reads /proc to find, measure and stop the service's processes (on GitHub, use an ubuntu runner)"
      );
    }
    if (stop.signal.aborted) throw new GateError(`${stopReason ?? "interrupted"} (before the service was started)`);
    await checkPortsFree(cfg);
    const env = { ...process.env, ...cfg.env };
    env.GODEBUG = serviceGodebug(env.GODEBUG, cfg.profileRate);
    const serviceLog = join6(cfg.out, "service.log");
    log(`starting service: ${cfg.start}`);
    service = startGroup("service", cfg.start, env, serviceLog);
    const svc = service;
    const serviceDied = (phase) => {
      const e = svc.exit;
      const tail = lastLines(serviceLog);
      const logged = tail ? `last lines of service.log: ${tail}` : "service.log is empty";
      return `service ${describeExit(e)} after ${e.afterS.toFixed(1)}s${phase}; ${logged}`;
    };
    svc.exited.then(() => {
      rec.service.exit = svc.exit;
      abort(serviceDied(rec.readyAfterS === null ? ", before it was ready" : ""));
    });
    await waitReady(cfg, stop.signal, () => stopReason);
    rec.readyAfterS = (performance.now() - t0) / 1e3;
    log(`service ready after ${rec.readyAfterS.toFixed(1)}s`);
    await checkPprofAnswers(cfg, stop.signal);
    if (cfg.load) {
      const loadEnv = { ...process.env, ...cfg.env };
      if (cfg.loadUrl) loadEnv.TARGET_URL = cfg.loadUrl;
      log(`starting load: ${cfg.load}`);
      loadGroup = startGroup("load", cfg.load, loadEnv, join6(cfg.out, "load.log"));
      const lg = loadGroup;
      lg.exited.then((e) => {
        rec.load.exit = e;
        if (stop.signal.aborted) return;
        if (e.code === 0) {
          rec.load.endedRunEarly = true;
          abort("load finished");
        } else {
          const tail = lastLines(lg.logPath);
          const logged = tail ? `last lines of load.log: ${tail}` : "load.log is empty";
          abort(`load command ${describeExit(e)} after ${e.afterS.toFixed(1)}s; ${logged}`);
        }
      });
    } else if (cfg.loadUrl && cfg.rate) {
      log(`built-in load: ${cfg.rate}/s to ${cfg.loadUrl}`);
      builtin = startBuiltinLoad(cfg.loadUrl, cfg.rate);
    }
    rec.module ??= moduleFromGroup(svc.pid);
    if (rec.module.path) log(`main module ${rec.module.path} (from ${rec.module.source})`);
    const smapsFirst = groupSmaps(svc.pid);
    const sampledFrom = performance.now();
    await runSampler(cfg, rec, () => svc.usage(), stop.signal, log, decoder, opts.onSample);
    if (stopReason && stopReason !== "load finished") throw new GateError(stopReason);
    if (!stop.signal.aborted) {
      const first = smapsFirst ? { at: sampledFrom, split: smapsFirst } : null;
      rec.endState = await fetchEndState(cfg, svc.pid, first, stop.signal, rec.module.path, decoder);
    }
    const problem = recordingProblem({
      samples: rec.samples,
      skippedSamples: rec.skippedSamples,
      warmupS: cfg.warmupS,
      intervalS: cfg.intervalS,
      loadEndedRunEarlyAfterS: rec.load.endedRunEarly ? rec.load.exit?.afterS ?? 0 : null,
      builtin: builtin ? builtin.stats() : null,
      confidence: cfg.confidence
    });
    if (problem) throw new GateError(problem);
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
      service?.stop(grace),
      decoder.close()
    ]);
    if (service && alreadyDead) rec.service.exit = service.exit;
    rec.wallS = (performance.now() - t0) / 1e3;
  }
  return rec;
}

// src/run/run-files.ts
import { closeSync as closeSync3, existsSync as existsSync4, openSync as openSync3, readFileSync as readFileSync5, renameSync, writeFileSync as writeFileSync4, writeSync } from "node:fs";
import { join as join7 } from "node:path";

// src/run/run-file-check.ts
var describe = (v) => {
  if (v === null || v === void 0) return v === null ? "null" : "missing";
  if (typeof v === "object") return Array.isArray(v) ? "an array" : "an object";
  const text = JSON.stringify(v) ?? typeof v;
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
};
var want = (what) => (v, path) => `${path} should be ${what}, not ${describe(v)}`;
var num2 = (v, p) => typeof v === "number" && Number.isFinite(v) ? null : want("a number")(v, p);
var anyNum = (v, p) => typeof v === "number" && !Number.isNaN(v) ? null : want("a number")(v, p);
var str = (v, p) => typeof v === "string" ? null : want("a string")(v, p);
var bool = (v, p) => typeof v === "boolean" ? null : want("true or false")(v, p);
var nullable = (c) => (v, p) => v === null ? null : c(v, p);
var optional = (c) => (v, p) => v === void 0 ? null : c(v, p);
var oneOf = (...values) => (v, p) => values.includes(v) ? null : want(values.map((x) => JSON.stringify(x)).join(" or "))(v, p);
var arrayOf = (c, max = 1e6) => (v, p) => {
  if (!Array.isArray(v) || v.length > max) return want("an array")(v, p);
  for (let i = 0; i < v.length; i++) {
    const bad2 = c(v[i], `${p}[${i}]`);
    if (bad2) return bad2;
  }
  return null;
};
var object = (fields) => (v, p) => {
  if (!v || typeof v !== "object" || Array.isArray(v)) return want("an object")(v, p);
  for (const [k, c] of Object.entries(fields)) {
    const bad2 = c(v[k], `${p}.${k}`);
    if (bad2) return bad2;
  }
  return null;
};
var record2 = (c) => (v, p) => {
  if (!v || typeof v !== "object" || Array.isArray(v)) return want("an object")(v, p);
  for (const [k, x] of Object.entries(v)) {
    const bad2 = c(x, `${p}.${k}`);
    if (bad2) return bad2;
  }
  return null;
};
var frame = object({ function: str, file: str, line: num2 });
var exitInfo = nullable(object({ code: nullable(num2), signal: nullable(str), afterS: num2 }));
var split = object({ rss: num2, anonymous: num2, fileBacked: num2 });
var loadStats = object({
  url: str,
  targetRate: num2,
  sent: num2,
  ok: num2,
  httpErrors: num2,
  networkErrors: num2,
  dropped: num2,
  durationS: num2,
  achievedRate: num2,
  latencyP50Ms: nullable(num2),
  latencyP99Ms: nullable(num2),
  firstError: nullable(str)
});
var recordingFacts = object({
  startedAt: str,
  readyAfterS: nullable(num2),
  module: optional(nullable(object({ path: nullable(str), source: nullable(str), goVersion: nullable(str) }))),
  endState: optional(
    nullable(
      object({
        goroutineDump: nullable(
          arrayOf(
            object({ waitReason: str, count: num2, maxMinutes: num2, stack: arrayOf(frame), createdBy: nullable(frame) })
          )
        ),
        goroutineLeak: nullable(
          object({
            available: bool,
            total: num2,
            sites: arrayOf(object({ function: str, file: str, line: num2, count: num2 }))
          })
        ),
        smaps: nullable(object({ first: split, last: split, spanS: num2 }))
      })
    )
  ),
  periodInForce: nullable(num2),
  profileStride: optional(object({ heap: num2, goroutine: num2 })),
  load: object({
    kind: oneOf("command", "builtin", "none"),
    stats: nullable(loadStats),
    exit: exitInfo,
    endedRunEarly: bool
  }),
  service: object({ exit: exitInfo }),
  skippedSamples: num2,
  error: nullable(str),
  wallS: num2
});
var slopeFields = {
  slopePerMinute: anyNum,
  sePerMinute: anyNum,
  ciLow: anyNum,
  ciHigh: anyNum,
  n: anyNum,
  df: optional(anyNum),
  plateau: optional(bool),
  lastHalfSlopePerMinute: optional(anyNum),
  lastHalfSePerMinute: optional(anyNum),
  lastHalfDf: optional(anyNum)
};
var baselineSite = object({ ...slopeFields, function: str, file: str, line: num2, last: anyNum });
var baseline = object({
  schemaVersion: num2,
  kind: oneOf("go-mem-gate-baseline"),
  run: object({
    durationS: anyNum,
    intervalS: anyNum,
    warmupS: anyNum,
    profileRate: nullable(num2),
    samples: anyNum,
    confidence: anyNum
  }),
  metrics: record2(object(slopeFields)),
  sites: arrayOf(baselineSite),
  goroutineSites: arrayOf(baselineSite),
  series: optional(nullable(object({ t: arrayOf(num2), heapLive: arrayOf(nullable(num2)) }))),
  notices: optional(arrayOf(str))
});
var subdir = (v, p) => typeof v === "string" && /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/.test(v) ? null : want("a directory name")(v, p);
var runParts = object({
  recording: recordingFacts,
  baselineOrigin: optional(
    object({ source: oneOf("file", "artifact", "same-job"), commit: nullable(str), commitsBehind: nullable(num2) })
  ),
  sameJob: optional(object({ baseline: nullable(baseline), error: nullable(str) })),
  workdir: optional(str),
  secondPass: optional(object({ dir: subdir, profileRate: num2, error: nullable(str) }))
});
function runFileProblem(run) {
  const bad2 = runParts(run, "");
  return bad2 === null ? null : bad2.replace(/^\./, "");
}

// src/run/run-files.ts
var RUN_FILE = "run.json";
var SAMPLES_NDJSON = "samples.ndjson";
var SAMPLES_JSON = "samples.json";
var RUN_SCHEMA_VERSION = 1;
var keepNonFinite = (_, v) => typeof v === "number" && !Number.isFinite(v) ? { $nonFinite: String(v) } : v;
var restoreNonFinite = (_, v) => {
  const o = v;
  const marked = !!o && typeof o === "object" && typeof o.$nonFinite === "string" && Object.keys(o).length === 1;
  return marked ? Number(o.$nonFinite) : v;
};
function writeJsonAtomic(path, value) {
  writeFileSync4(`${path}.tmp`, `${JSON.stringify(value, keepNonFinite, 2)}
`);
  renameSync(`${path}.tmp`, path);
}
function writeRunFile(dir, run) {
  writeJsonAtomic(join7(dir, RUN_FILE), run);
}
var SampleLog = class {
  fd;
  constructor(dir) {
    this.fd = openSync3(join7(dir, SAMPLES_NDJSON), "w");
  }
  /**
   * One line: the sample, and which site timelines its profiles joined (judge replays exactly those). A sample
   * cut short by the end of the run is not kept, but what it added to the timelines is: `dropped: true`.
   */
  add = (s, sitesAdded, kept = true) => {
    const line = kept ? { ...s, sitesAdded } : { ...s, sitesAdded, dropped: true };
    if (this.fd !== null) writeSync(this.fd, `${JSON.stringify(line)}
`);
  };
  close() {
    if (this.fd !== null) closeSync3(this.fd);
    this.fd = null;
  }
};
function writeSamplesJson(dir, samples, heapSites, goroutineSites) {
  const path = join7(dir, SAMPLES_JSON);
  const fd = openSync3(`${path}.tmp`, "w");
  try {
    const put = (s) => writeSync(fd, s);
    put('{\n "schemaVersion": 1,\n "samples": [');
    samples.forEach((s, i) => {
      put(`${i ? "," : ""}
  ${JSON.stringify(s)}`);
    });
    put("\n ]");
    for (const [name, tl] of [
      ["heapSites", heapSites],
      ["goroutineSites", goroutineSites]
    ]) {
      const j = tl.toJSON();
      put(`,
 "${name}": {
  "otherSites": ${j.otherSites},
  "sites": [`);
      for (const [i, s] of j.sites.entries()) put(`${i ? "," : ""}
   ${JSON.stringify(s)}`);
      put('\n  ],\n  "points": [');
      for (const [i, p] of j.points.entries()) put(`${i ? "," : ""}
   ${JSON.stringify(p)}`);
      put("\n  ]\n }");
    }
    put("\n}\n");
  } finally {
    closeSync3(fd);
  }
  renameSync(`${path}.tmp`, path);
}
function validSecondPass(x) {
  const p = x;
  return !!p && typeof p === "object" && typeof p.dir === "string" && /^[A-Za-z0-9._-]+$/.test(p.dir) && p.dir !== ".." && typeof p.profileRate === "number" && p.profileRate >= 1 && (p.error === null || typeof p.error === "string");
}
var bad = (dir, what) => new UsageError(`${dir}: ${what}`);
function readJson(dir, name) {
  const path = join7(dir, name);
  let text;
  try {
    text = readFileSync5(path, "utf8");
  } catch (err) {
    throw bad(dir, `cannot read ${name} (${err.code ?? err.message})`);
  }
  try {
    return JSON.parse(text, restoreNonFinite);
  } catch (err) {
    throw bad(dir, `${name} is not valid JSON (${err.message.split("\n")[0]}): the file is damaged`);
  }
}
var isNum2 = (v) => typeof v === "number" && Number.isFinite(v);
var numOrNull = (v) => v === null || isNum2(v);
function checkSample(v, where3, dir) {
  const s = v;
  const fields = ["heapLive", "heapObjects", "heapInuse", "sys", "numGC", "goroutines", "rss", "cpuSeconds"];
  const strOrNull = (x) => x === null || x === void 0 || typeof x === "string";
  const ok = !!s && typeof s === "object" && isNum2(s.i) && isNum2(s.t) && fields.every((f) => numOrNull(s[f] ?? null)) && [s.heapProfile, s.goroutineProfile, s.skipped].every(strOrNull);
  const added = s?.sitesAdded;
  const addedOk = added === void 0 || !!added && typeof added.heap === "boolean" && typeof added.goroutine === "boolean";
  const droppedOk = s?.dropped === void 0 || typeof s.dropped === "boolean";
  if (!ok || !addedOk || !droppedOk) throw bad(dir, `${where3} is not a go-mem-gate sample: the file is damaged`);
  for (const p of [s.heapProfile, s.goroutineProfile]) {
    if (typeof p === "string" && (p.startsWith("/") || p.split("/").includes(".."))) {
      throw bad(dir, `${where3} names a profile outside the run directory (${p})`);
    }
  }
  return s;
}
function readSamples(dir) {
  const nd = join7(dir, SAMPLES_NDJSON);
  if (existsSync4(nd)) {
    const lines = readFileSync5(nd, "utf8").split("\n");
    const out = [];
    lines.forEach((line, i) => {
      if (!line.trim()) return;
      let v;
      try {
        v = JSON.parse(line);
      } catch {
        if (i === lines.length - 1) return;
        throw bad(dir, `${SAMPLES_NDJSON} line ${i + 1} is not valid JSON: the file is damaged`);
      }
      out.push(checkSample(v, `${SAMPLES_NDJSON} line ${i + 1}`, dir));
    });
    return out;
  }
  if (!existsSync4(join7(dir, SAMPLES_JSON))) {
    throw bad(dir, `not a go-mem-gate run directory (no ${SAMPLES_NDJSON} or ${SAMPLES_JSON}); give a run's --out`);
  }
  const j = readJson(dir, SAMPLES_JSON);
  if (!j || !Array.isArray(j.samples)) throw bad(dir, `${SAMPLES_JSON} has no samples: the file is damaged`);
  return j.samples.map((s, i) => checkSample(s, `${SAMPLES_JSON} sample ${i}`, dir));
}
function shellSplit(line) {
  const words = [];
  const re = /\s*((?:'(?:[^']|'\\'')*'|[^\s']+)+)/gy;
  for (const m of line.matchAll(re)) {
    words.push(m[1].replace(/'((?:[^']|'\\'')*)'/g, (_, q) => q.replace(/'\\''/g, "'")));
  }
  return words;
}
function readRunFile(dir) {
  if (!existsSync4(dir)) throw bad(dir, "no such directory; give the --out directory of a go-mem-gate run");
  if (existsSync4(join7(dir, RUN_FILE))) {
    const r = readJson(dir, RUN_FILE);
    if (r?.kind !== "go-mem-gate-run" || !Array.isArray(r.argv) || !r.argv.every((a) => typeof a === "string")) {
      throw bad(dir, `${RUN_FILE} is not a go-mem-gate run file: the file is damaged`);
    }
    if (!isNum2(r.schemaVersion) || r.schemaVersion > RUN_SCHEMA_VERSION) {
      const v = String(r.schemaVersion);
      throw bad(dir, `${RUN_FILE} has schemaVersion ${v}, unknown to this go-mem-gate; use the one that recorded it`);
    }
    const rec = r.recording;
    if (!rec || typeof rec !== "object") {
      throw bad(dir, `${RUN_FILE} has no recording: the run did not finish (the gate was killed); nothing to judge`);
    }
    const problem2 = runFileProblem(r);
    if (problem2) throw bad(dir, `${RUN_FILE} is malformed (${problem2}): the file is damaged`);
    return {
      schemaVersion: r.schemaVersion,
      kind: "go-mem-gate-run",
      tool: String(r.tool ?? ""),
      argv: r.argv,
      cwd: typeof r.cwd === "string" ? r.cwd : dir,
      ...typeof r.workdir === "string" ? { workdir: r.workdir } : {},
      notes: Array.isArray(r.notes) ? r.notes.map(String) : [],
      recording: rec,
      ...r.baselineOrigin ? { baselineOrigin: r.baselineOrigin } : {},
      ...r.sameJob ? { sameJob: r.sameJob } : {},
      ...validSecondPass(r.secondPass) ? { secondPass: r.secondPass } : {}
    };
  }
  if (!existsSync4(join7(dir, "report.json"))) {
    throw bad(dir, `not a go-mem-gate run directory (no ${RUN_FILE} or report.json); give a run's --out directory`);
  }
  const rep = readJson(dir, "report.json");
  const run = rep?.run;
  if (!run || typeof run.command !== "string" || typeof run.startedAt !== "string") {
    throw bad(dir, "report.json has no run command: the file is damaged");
  }
  const argv = shellSplit(run.command).slice(1);
  const rebuilt = {
    schemaVersion: RUN_SCHEMA_VERSION,
    kind: "go-mem-gate-run",
    tool: "",
    argv,
    cwd: dir,
    notes: [],
    recording: {
      startedAt: run.startedAt,
      readyAfterS: numOrNull(run.readyAfterS) ? run.readyAfterS : null,
      periodInForce: numOrNull(run.profileRateInForce) ? run.profileRateInForce : null,
      load: run.load,
      service: run.service,
      skippedSamples: isNum2(run.skippedSamples) ? run.skippedSamples : 0,
      error: typeof rep.error === "string" ? rep.error : null,
      wallS: isNum2(run.wallS) ? run.wallS : 0
    }
  };
  const problem = runFileProblem(rebuilt);
  if (problem)
    throw bad(dir, `report.json is malformed (run.${problem.replace(/^recording\./, "")}): the file is damaged`);
  return rebuilt;
}

// src/run/source.ts
import { readFileSync as readFileSync6, statSync } from "node:fs";
var MAX_SOURCE_BYTES = 4 * 1024 * 1024;
function sourceLineReader() {
  const cache = /* @__PURE__ */ new Map();
  return (file, line) => {
    if (!file.startsWith("/") || !file.endsWith(".go")) return null;
    let lines = cache.get(file);
    if (lines === void 0) {
      try {
        const st = statSync(file);
        lines = st.isFile() && st.size <= MAX_SOURCE_BYTES ? readFileSync6(file, "utf8").split("\n") : null;
      } catch {
        lines = null;
      }
      cache.set(file, lines);
    }
    return lines?.[line - 1] ?? null;
  };
}

// src/run/spill.ts
import { closeSync as closeSync4, openSync as openSync4, readSync as readSync2, rmSync, writeSync as writeSync2 } from "node:fs";
var FileRowStore = class {
  constructor(path) {
    this.path = path;
    this.fd = openSync4(path, "w+");
  }
  path;
  fd;
  size = 0;
  /** Rows pushed so far. */
  count = 0;
  push(row2) {
    const head = Buffer.alloc(4);
    head.writeUInt32LE(row2.length, 0);
    writeSync2(this.open(), head, 0, 4, this.size);
    const body = Buffer.from(row2.buffer, row2.byteOffset, row2.byteLength);
    writeSync2(this.open(), body, 0, body.length, this.size + 4);
    this.size += 4 + body.length;
    this.count++;
  }
  *rows() {
    const fd = this.open();
    const head = Buffer.alloc(4);
    for (let pos = 0; pos < this.size; ) {
      const truncated = () => new Error(`internal: ${this.path} is truncated at ${pos}`);
      if (readSync2(fd, head, 0, 4, pos) !== 4) throw truncated();
      const count = head.readUInt32LE(0);
      const body = Buffer.alloc(count * 8);
      if (readSync2(fd, body, 0, body.length, pos + 4) !== body.length) throw truncated();
      yield new Float64Array(body.buffer, body.byteOffset, count);
      pos += 4 + body.length;
    }
  }
  open() {
    if (this.fd === null) throw new Error(`internal: ${this.path} was already removed`);
    return this.fd;
  }
  /** Close and delete the file (the profiles it was made from stay). */
  remove() {
    if (this.fd !== null) closeSync4(this.fd);
    this.fd = null;
    rmSync(this.path, { force: true });
  }
};

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
function comparabilityNotes(baseline2, cfg, periodInForce) {
  const notes = [...baseline2.notices ?? []];
  const b = baseline2.run;
  if (b.profileRate !== null && periodInForce !== null && b.profileRate !== periodInForce) {
    notes.push(
      `the baseline was recorded at a heap profile rate of ${formatBytes(b.profileRate)}, this run at ${formatBytes(periodInForce)}: metric slopes compare exactly, site slopes are estimates of different precision`
    );
  }
  if (Number.isFinite(b.durationS) && Math.abs(b.durationS - cfg.durationS) > Math.max(cfg.intervalS, 0.2 * cfg.durationS)) {
    notes.push(
      `the baseline ran for ${formatDuration(b.durationS)}, this run for ${formatDuration(cfg.durationS)}: slopes per minute compare, but slow growth that only shows in the longer run is judged on less data`
    );
  }
  if (Number.isFinite(b.intervalS) && b.intervalS !== cfg.intervalS) {
    notes.push(
      `the baseline sampled every ${formatDuration(b.intervalS)}, this run every ${formatDuration(cfg.intervalS)}`
    );
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
function evaluate(cfg, rec, baseline2, baselineSource, extraNotes = [], sourceLine) {
  const fits = {};
  for (const name of METRIC_NAMES) {
    const s = afterWarmup(seriesOf(rec.samples, name), cfg.warmupS);
    if (s.t.length >= 3)
      fits[name] = analyzeSeries(s, {
        confidence: cfg.confidence,
        quantum: METRICS[name].unit === "bytes" ? void 0 : 1
      });
  }
  const metrics = judgeMetrics(fits, cfg.budgets, baseline2, cfg.confidence);
  const metricFailed = (name) => metrics.some((m) => m.name === name && m.judgement.verdict === "fail");
  const baselineFns = new Set([...baseline2?.sites ?? [], ...baseline2?.goroutineSites ?? []].map((s) => s.function));
  const heapSites = judgeSites(
    analyzeSites(
      rec.heapSites,
      cfg.warmupS,
      cfg.confidence,
      (fn) => baselineFns.has(fn),
      rec.periodInForce ?? cfg.profileRate
    ),
    "heap_live",
    cfg.budgets,
    baseline2?.sites ?? null,
    "bytes",
    metricFailed("heap_live")
  );
  const goroutineSites = judgeSites(
    analyzeSites(rec.goroutineSites, cfg.warmupS, cfg.confidence, (fn) => baselineFns.has(fn)),
    "goroutines",
    cfg.budgets,
    baseline2?.goroutineSites ?? null,
    "goroutines",
    metricFailed("goroutines")
  );
  const failed = metrics.some((m) => m.judgement.verdict === "fail") || heapSites.some((s) => s.judgement.verdict === "fail") || goroutineSites.some((s) => s.judgement.verdict === "fail");
  const inconclusive = metrics.some((m) => m.judgement.verdict === "inconclusive");
  const verdict = rec.error ? "error" : failed || inconclusive && cfg.strict === true ? "fail" : "pass";
  const notes = [...extraNotes];
  const baselineNotes = baseline2 ? comparabilityNotes(baseline2, cfg, rec.periodInForce) : [];
  notes.push(...baselineNotes);
  if (cfg.budgets.some((b) => b.source === "default")) {
    notes.push(
      `no baseline or budget was given, so default budgets apply: ${cfg.budgets.map((b) => `${b.metric}=${formatRate(b.perMinute, METRICS[b.metric].unit).replace(/ /g, "")}`).join(", ")}`
    );
  }
  if (rec.periodInForce !== null && rec.periodInForce !== cfg.profileRate) {
    notes.push(
      `heap profile rate in force is ${formatBytes(rec.periodInForce)}, not the ${formatBytes(cfg.profileRate)} asked for (GODEBUG=memprofilerate has no effect before Go 1.20, or the program sets runtime.MemProfileRate itself)`
    );
  }
  if (rec.skippedSamples > 0)
    notes.push(`${rec.skippedSamples} of ${rec.samples.length} samples were skipped (see samples.json)`);
  const strides = rec.profileStride;
  if (strides && (strides.heap > 1 || strides.goroutine > 1)) {
    const which = [
      strides.heap > 1 ? `heap every ${strides.heap}` : "",
      strides.goroutine > 1 ? `goroutine every ${strides.goroutine}` : ""
    ].filter(Boolean);
    notes.push(
      `large profiles were fetched less often to spare the service (${which.join(", ")} samples at most); MemStats and the goroutine count were read every sample, site slopes rest on fewer points`
    );
  }
  const why = explain(cfg, rec, metrics, heapSites, goroutineSites, sourceLine);
  notes.push(...why.notes);
  const good = rec.samples.filter((s) => s.heapLive !== null);
  const report2 = {
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
      strict: cfg.strict === true,
      samples: rec.samples.length,
      skippedSamples: rec.skippedSamples,
      profileRateRequested: cfg.profileRate,
      profileRateInForce: rec.periodInForce,
      readyAfterS: rec.readyAfterS,
      wallS: rec.wallS,
      load: rec.load,
      service: rec.service,
      module: rec.module ? { path: rec.module.path, source: rec.module.source } : null,
      name: cfg.name ?? null
    },
    baseline: {
      used: baseline2 !== null,
      source: baselineSource,
      path: baseline2 && baselineSource !== "same-job" ? cfg.baseline : null,
      createdAt: baseline2?.createdAt ?? null,
      notes: baselineNotes,
      series: baseline2?.series ?? null
    },
    notes,
    metrics: metrics.map((m) => ({ ...reportMetric(m), ...why.onsets.get(m.name) ?? {} })),
    sites: heapSites.map((x) => ({ ...reportSite(x), owner: x.site.owner ?? null })),
    goroutineSites: goroutineSites.map((x) => ({ ...reportGoroutineSite(x), owner: x.site.owner ?? null })),
    owners: why.owners,
    diagnoses: why.diagnoses,
    attribution: why.attribution,
    series: {
      t: rec.samples.map((s) => s.t),
      heapLive: rec.samples.map((s) => s.heapLive),
      goroutines: rec.samples.map((s) => s.goroutines),
      heapProfile: rec.samples.map((s) => s.heapProfile)
    }
  };
  report2.summary = summaryLine(report2);
  return { report: report2, baseline: toBaseline(report2, heapSites, goroutineSites, cfg, metrics) };
}
function summaryLine(r) {
  if (r.verdict === "error") return `could not measure: ${r.error}`;
  const failedMetrics = r.metrics.filter((m) => m.verdict === "fail");
  const unsure = inconclusiveLine(r);
  if (r.verdict === "fail" && failedMetrics.length === 0 && unsure && r.run.strict)
    return `${unsure} (failed: --strict)`;
  const failedSites = r.sites.filter((s) => s.verdict === "fail").length + r.goroutineSites.filter((s) => s.verdict === "fail").length;
  if (r.verdict === "fail") {
    const parts = failedMetrics.map((m) => m.name);
    if (failedSites) parts.push(`${failedSites} allocation site${failedSites === 1 ? "" : "s"}`);
    return `memory regression: ${parts.join(", ")} ${failedMetrics.length + failedSites === 1 ? "grows" : "grow"} beyond ${r.baseline.used ? "the baseline" : "budget"}`;
  }
  if (unsure) return `no memory regression seen in ${formatDuration(r.run.sampledS)} of sampling, but ${unsure}`;
  return `no memory regression in ${formatDuration(r.run.sampledS)} of sampling`;
}
function inconclusiveLine(r) {
  const m = r.metrics.filter((x) => x.verdict === "inconclusive");
  if (m.length === 0) return null;
  const longest = Math.max(...m.map((x) => x.suggestedDurationS ?? 0));
  return `${m.map((x) => x.name).join(", ")} ${m.length === 1 ? "is" : "are"} inconclusive${longest > 0 ? `: run at least ${formatDuration(longest)}` : ""}`;
}
function exitCodeOf(verdict) {
  return verdict === "pass" ? 0 : verdict === "fail" ? 1 : 2;
}
function repoRoot(dir) {
  for (let d = resolve(dir); ; d = dirname(d)) {
    if (existsSync5(join8(d, ".git"))) return d;
    if (dirname(d) === d) return resolve(dir);
  }
}
function resolveBaseline(cfg, notes, readPath = cfg.baseline) {
  if (!cfg.baseline || !readPath) return { cfg, baseline: null };
  if (existsSync5(readPath)) return { cfg, baseline: readBaseline(readPath) };
  notes.push(
    `no baseline at ${cfg.baseline} yet: judged on budgets alone; record one with --save-baseline on the base branch`
  );
  if (cfg.budgets.length === 0) {
    const budgets = METRIC_NAMES.map((metric) => ({
      metric,
      perMinute: DEFAULT_BUDGETS[metric],
      source: "default"
    }));
    cfg = { ...cfg, budgets };
  }
  return { cfg, baseline: null };
}
function judgeRecording(cfg, rec, baseline2, notes, extras = {}) {
  const named = new Set([...baseline2?.sites ?? [], ...baseline2?.goroutineSites ?? []].map((s) => s.function));
  const keep = (fn) => named.has(fn);
  const heapSites = boundTimeline(rec.heapSites, cfg.warmupS, keep);
  const goroutineSites = boundTimeline(rec.goroutineSites, cfg.warmupS, keep);
  const bounded = { ...rec, heapSites, goroutineSites };
  const source = !baseline2 ? null : cfg.baseStart ? "same-job" : "file";
  const { report: report2, baseline: saved } = evaluate(cfg, bounded, baseline2, source, notes, sourceLineReader());
  if (baseline2 && extras.baselineOrigin) Object.assign(report2.baseline, extras.baselineOrigin);
  report2.run.workdir = extras.workdir ?? repoRoot(extras.cwd ?? process.cwd());
  if (extras.sameJob) {
    report2.baseline.source = "same-job";
    report2.baseline.series = baseline2?.series ?? null;
    const err = extras.sameJob.error;
    if (err && report2.verdict !== "error") {
      report2.verdict = "error";
      report2.error = err;
      report2.summary = `could not measure: ${err}`;
    }
  }
  return { report: report2, baseline: saved, heapSites, goroutineSites };
}
function sameJobNote(cfg) {
  const half = `${cfg.durationS}s`;
  return `same-job A/B: the base build ran ${half} before and ${half} after this run, on the same ports with the same settings; its two runs are combined by inverse-variance weighting (evidence in base-1/ and base-2/)`;
}
function gateResult(cfg, report2) {
  return { report: report2, exitCode: exitCodeOf(report2.verdict), outDir: cfg.out };
}
function writeReport(cfg, judged) {
  mkdirSync3(cfg.out, { recursive: true });
  writeFileSync5(join8(cfg.out, "report.json"), toJsonText(judged.report));
  writeFileSync5(join8(cfg.out, "report.md"), renderMarkdown(judged.report));
  if (cfg.saveBaseline && judged.report.verdict !== "error") {
    mkdirSync3(dirname(resolve(cfg.saveBaseline)), { recursive: true });
    writeFileSync5(cfg.saveBaseline, toJsonText(judged.baseline));
  }
}
async function recordLogged(cfg, opts) {
  const sampleLog = new SampleLog(cfg.out);
  const stores = /* @__PURE__ */ new Map();
  const done = () => {
    sampleLog.close();
    for (const s of stores.values()) s.remove();
  };
  const siteStore = (kind) => {
    const store = new FileRowStore(join8(cfg.out, `.sites-${kind}.bin`));
    stores.set(kind, store);
    return store;
  };
  const seen = { heap: 0, goroutine: 0 };
  const joined = (kind) => {
    const count = stores.get(kind)?.count ?? 0;
    const added = count > seen[kind];
    seen[kind] = count;
    return added;
  };
  const onSample = (s, kept) => {
    sampleLog.add(s, { heap: joined("heap"), goroutine: joined("goroutine") }, kept);
  };
  try {
    const rec = await record(cfg, { ...opts, onSample, siteStore });
    sampleLog.close();
    return { rec, done };
  } catch (err) {
    done();
    throw err;
  }
}
function factsOf(rec) {
  const { samples, heapSites, goroutineSites, heapOwners, goroutineOwners, ...facts } = rec;
  return facts;
}
function applySecondPass(first, firstRec, cfg2, rec2) {
  const heapSites = boundTimeline(rec2.heapSites, cfg2.warmupS, () => false);
  const goroutineSites = boundTimeline(rec2.goroutineSites, cfg2.warmupS, () => false);
  const bounded = { ...rec2, heapSites, goroutineSites };
  const { report: r2 } = evaluate(cfg2, bounded, null, null, [], sourceLineReader());
  mergeSecondPass(first, r2, cpuPerSecond(firstRec), cpuPerSecond(rec2));
  return r2;
}
function secondPassFailedNote(error) {
  return `--attribute auto: the second pass did not finish (${error}); the verdict is the first pass's`;
}
async function runGate(cfg, opts = {}) {
  const extraNotes = [...opts.notes ?? []];
  let baseline2;
  ({ cfg, baseline: baseline2 } = resolveBaseline(cfg, extraNotes));
  mkdirSync3(cfg.out, { recursive: true });
  const runFile = {
    schemaVersion: RUN_SCHEMA_VERSION,
    kind: "go-mem-gate-run",
    tool: `go-mem-gate ${TOOL_VERSION}`,
    argv: redactArgv(cfg.argv),
    cwd: process.cwd(),
    workdir: repoRoot(process.cwd()),
    notes: [...opts.notes ?? []]
  };
  writeRunFile(cfg.out, runFile);
  const halves = [];
  const evalHalf = (c, r) => evaluate(c, r, null, null);
  const baseHalf = async (k) => {
    opts.log?.(`same-job A/B: base build, ${k === 1 ? "before" : "after"} the head (${cfg.durationS}s)`);
    const half = baseHalfConfig(cfg, k);
    mkdirSync3(half.out, { recursive: true });
    halves.push(finishHalf(cfg, k, await record(half, opts), evalHalf));
  };
  if (cfg.baseStart) await baseHalf(1);
  if (cfg.baseStart) opts.log?.(`same-job A/B: head build (${cfg.durationS}s)`);
  const { rec, done } = await recordLogged(cfg, opts);
  try {
    if (cfg.baseStart && !opts.signal?.aborted) await baseHalf(2);
    const extras = { baselineOrigin: opts.baselineOrigin, cwd: runFile.cwd, workdir: runFile.workdir };
    if (cfg.baseStart) {
      if (halves.length === 2 && !baseError(halves)) {
        baseline2 = combineBaselines(halves[0].baseline, halves[1].baseline);
        extraNotes.push(sameJobNote(cfg));
      }
      const missing = halves.length < 2 ? "the base build's run after the head did not run (interrupted)" : null;
      extras.sameJob = { baseline: baseline2, error: baseError(halves) ?? missing };
    }
    const { workdir, cwd, ...kept } = extras;
    const finished = { ...runFile, recording: factsOf(rec), ...kept };
    writeRunFile(cfg.out, finished);
    const judged = judgeRecording(cfg, rec, baseline2, extraNotes, extras);
    writeSamplesJson(cfg.out, rec.samples, judged.heapSites, judged.goroutineSites);
    writeReport(cfg, judged);
    if (wantsSecondPass(cfg, judged.report) && !opts.signal?.aborted) {
      const cfg2 = secondPassConfig(cfg, secondPassRate(judged.report));
      const secondPass = { dir: "attribution", profileRate: cfg2.profileRate, error: null };
      try {
        opts.log?.(
          `second pass for attribution: heap profile rate ${formatBytes(cfg2.profileRate)}, ${cfg.durationS}s`
        );
        mkdirSync3(cfg2.out, { recursive: true });
        const second = await recordLogged(cfg2, opts);
        try {
          writeRunFile(cfg2.out, { ...runFile, notes: [], recording: factsOf(second.rec) });
          const r2 = applySecondPass(judged.report, rec, cfg2, second.rec);
          writeFileSync5(join8(cfg2.out, "report.json"), toJsonText(r2));
        } finally {
          second.done();
        }
      } catch (err) {
        secondPass.error = err.message;
        judged.report.notes.push(secondPassFailedNote(secondPass.error));
      }
      writeRunFile(cfg.out, { ...finished, secondPass });
      writeReport(cfg, judged);
    }
    return gateResult(cfg, judged.report);
  } finally {
    done();
  }
}

// src/judge.ts
import { mkdirSync as mkdirSync4, mkdtempSync, rmSync as rmSync2, statSync as statSync2, writeFileSync as writeFileSync6 } from "node:fs";
import { tmpdir } from "node:os";
import { isAbsolute, join as join10, relative, resolve as resolve2 } from "node:path";
import { parseArgs as parseArgs2 } from "node:util";

// src/run/replay.ts
import { existsSync as existsSync6, readFileSync as readFileSync7 } from "node:fs";
import { join as join9 } from "node:path";
function readProfile(dir, file) {
  const path = join9(dir, file);
  if (!existsSync6(path)) {
    throw new UsageError(`${dir}: ${file} is missing (samples.ndjson names it): the run directory is incomplete`);
  }
  try {
    return readFileSync7(path);
  } catch (err) {
    throw new UsageError(`${dir}: ${file} cannot be read (${err.message}): the run directory is damaged`);
  }
}
var Replay = class {
  heapSites;
  goroutineSites;
  heapOwners = new SiteTimeline();
  goroutineOwners = new SiteTimeline();
  plain = [];
  /** The profiles to decode, in sample order (the order the live run added them). */
  jobs = [];
  constructor(samples, store) {
    this.heapSites = new SiteTimeline(store("heap"));
    this.goroutineSites = new SiteTimeline(store("goroutine"));
    for (const line of samples) {
      const { sitesAdded, dropped, ...s } = line;
      if ((sitesAdded?.heap ?? true) && s.heapProfile) this.jobs.push({ file: s.heapProfile, kind: "heap", t: s.t });
      if ((sitesAdded?.goroutine ?? true) && s.goroutineProfile) {
        this.jobs.push({ file: s.goroutineProfile, kind: "goroutine", t: s.t });
      }
      if (!dropped) this.plain.push(s);
    }
  }
  /** Add a decoded profile; a ProfileError leaves it out, as the live run did (the sample says why). */
  add(job, summary) {
    if (summary instanceof ProfileError) return;
    const sites = job.kind === "heap" ? this.heapSites : this.goroutineSites;
    sites.add(job.t, summary);
    if (summary.owners)
      (job.kind === "heap" ? this.heapOwners : this.goroutineOwners).add(job.t, summary, summary.owners);
  }
  recording(facts) {
    const { heapSites, goroutineSites, heapOwners, goroutineOwners } = this;
    return { ...facts, samples: this.plain, heapSites, goroutineSites, heapOwners, goroutineOwners };
  }
};
var asProfileError = (err) => {
  if (err instanceof ProfileError) return err;
  throw err;
};
async function replayRecording(dir, samples, facts, decoder, store = () => null, signal) {
  const replay = new Replay(samples, store);
  const module = facts.module?.path ?? null;
  for (const job of replay.jobs) {
    const data = readProfile(dir, job.file);
    replay.add(job, await decoder.summarise(job.kind, data, signal, module).catch(asProfileError));
  }
  return replay.recording(facts);
}

// src/judge.ts
var OVERRIDABLE = ["budget", "baseline", "save-baseline", "warmup", "confidence", "strict"];
var JUDGE_OPTIONS = {
  budget: { type: "string", multiple: true },
  baseline: { type: "string" },
  "save-baseline": { type: "string" },
  warmup: { type: "string" },
  confidence: { type: "string" },
  strict: { type: "boolean" },
  out: { type: "string" },
  help: { type: "boolean", short: "h" }
};
var JUDGE_USAGE = `usage: go-mem-gate judge DIR [--budget METRIC=RATE]... [--baseline FILE]
                          [--save-baseline FILE] [--warmup DURATION] [--confidence LEVEL] [--strict] [--out DIR]
judges the run recorded in DIR (a run's --out directory) again from its samples and profiles; options not
given are the run's own; writes report.json and report.md into DIR, or into --out`;
function parseJudgeArgs(argv) {
  let parsed;
  try {
    parsed = parseArgs2({ args: argv, options: JUDGE_OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    const msg = err.message.split("\n")[0].replace(/\.$/, "");
    throw new UsageError(`${msg}; run "go-mem-gate judge --help" for the flags`);
  }
  const { values, positionals } = parsed;
  if (values.help) return { dir: "", out: null, overrides: /* @__PURE__ */ new Map(), help: true };
  if (positionals.length !== 1) {
    throw new UsageError(
      positionals.length === 0 ? "judge needs the run directory: go-mem-gate judge DIR (the --out of a run)" : `judge takes one run directory, got ${positionals.length}: ${positionals.join(" ")}`
    );
  }
  const overrides = /* @__PURE__ */ new Map();
  for (const name of OVERRIDABLE) {
    const v = values[name];
    if (v === void 0 || v === false) continue;
    if (!(name in OPTIONS)) {
      throw new UsageError(`--${name} is not supported by this version of go-mem-gate run, so judge cannot apply it`);
    }
    overrides.set(name, v === true ? [] : Array.isArray(v) ? v : [v]);
  }
  return { dir: positionals[0], out: values.out?.trim() ? values.out : null, overrides, help: false };
}
function applyOverrides(argv, overrides) {
  const tokens = runTokens(argv);
  const drop = /* @__PURE__ */ new Set();
  const at = /* @__PURE__ */ new Map();
  for (const tok of tokens) {
    if (tok.kind !== "option" || !overrides.has(tok.name)) continue;
    if (!at.has(tok.name)) at.set(tok.name, tok.index);
    drop.add(tok.index);
    if (tok.value !== void 0 && !tok.inlineValue) drop.add(tok.index + 1);
  }
  const words = (name) => {
    const vs = overrides.get(name);
    return vs.length === 0 ? [`--${name}`] : vs.flatMap((v) => [`--${name}`, v]);
  };
  const out = [argv[0]];
  argv.slice(1).forEach((a, i) => {
    for (const [name, idx] of at) if (idx === i) out.push(...words(name));
    if (!drop.has(i)) out.push(a);
  });
  for (const name of overrides.keys()) if (!at.has(name)) out.push(...words(name));
  return out;
}
function runTokens(argv) {
  return parseArgs2({ args: argv.slice(1), options: OPTIONS, allowPositionals: true, strict: false, tokens: true }).tokens;
}
function withoutFlag(argv, name) {
  const tokens = runTokens(argv);
  const drop = /* @__PURE__ */ new Set();
  for (const tok of tokens) {
    if (tok.kind !== "option" || tok.name !== name) continue;
    drop.add(tok.index);
    if (tok.value !== void 0 && !tok.inlineValue) drop.add(tok.index + 1);
  }
  return [argv[0], ...argv.slice(1).filter((_, i) => !drop.has(i))];
}
function runCwd(run) {
  try {
    if (statSync2(run.cwd).isDirectory()) return run.cwd;
  } catch {
  }
  return process.cwd();
}
function recordedBaselinePath(run, cwd, recordedOut, dir) {
  const raw = parseRunArgs(run.argv.slice(1)).baseline?.trim();
  if (!raw) return null;
  const inOut = relative(resolve2(run.cwd, recordedOut), resolve2(run.cwd, raw));
  if (inOut && !inOut.startsWith("..") && !isAbsolute(inOut)) return join10(dir, inOut);
  return resolve2(cwd, raw);
}
async function replaySecondPass(dir, run, cfg, rec, report2, replay) {
  const sp = run.secondPass;
  if (!sp) {
    report2.notes.push(
      `--attribute auto: judge does not start the service, and this run recorded no second pass; rerun it with --profile-rate ${report2.attribution.suggestedProfileRate} to name the owner`
    );
    return;
  }
  if (sp.error !== null) {
    report2.notes.push(secondPassFailedNote(sp.error));
    return;
  }
  const cfg2 = secondPassConfig(cfg, sp.profileRate);
  const rec2 = await replay(join10(dir, sp.dir));
  const r2 = applySecondPass(report2, rec, cfg2, rec2);
  mkdirSync4(cfg2.out, { recursive: true });
  writeFileSync6(join10(cfg2.out, "report.json"), toJsonText(r2));
}
async function judgeDir(args, opts = {}) {
  const dir = args.dir;
  const run = readRunFile(dir);
  const ownBaseline = !args.overrides.has("baseline");
  let argv = applyOverrides(run.argv, args.overrides);
  if (!ownBaseline) argv = withoutFlag(argv, "base-start");
  let cfg = buildConfig(parseRunArgs(argv.slice(1)), argv);
  const recordedOut = cfg.out;
  cfg = { ...cfg, out: args.out ?? dir };
  const notes = [...run.notes];
  if (!ownBaseline && run.sameJob) {
    notes.push(
      `judged against ${cfg.baseline}: the head run of this same-job A/B recording; its base runs (base-1/, base-2/) are not used`
    );
  }
  const cwd = runCwd(run);
  let baseline2;
  const baselinePath = ownBaseline ? recordedBaselinePath(run, cwd, recordedOut, dir) : cfg.baseline;
  ({ cfg, baseline: baseline2 } = resolveBaseline(cfg, notes, baselinePath));
  const extras = {
    cwd,
    workdir: run.workdir ?? repoRoot(cwd),
    ...ownBaseline ? { baselineOrigin: run.baselineOrigin, sameJob: run.sameJob } : {}
  };
  if (extras.sameJob) {
    baseline2 = extras.sameJob.baseline;
    if (baseline2) notes.push(sameJobNote(cfg));
  }
  const spill = mkdtempSync(join10(tmpdir(), "go-mem-gate-judge-"));
  const stores = [];
  const decoder = opts.decoder ?? profileDecoder();
  const store = (kind) => {
    const s = new FileRowStore(join10(spill, `sites-${kind}-${stores.length}.bin`));
    stores.push(s);
    return s;
  };
  const replay = async (from, facts = readRunFile(from).recording) => {
    try {
      return await replayRecording(from, readSamples(from), facts, decoder, store, opts.signal);
    } catch (err) {
      if (opts.signal?.aborted) throw new GateError(String(opts.signal.reason));
      throw err;
    }
  };
  try {
    const rec = await replay(dir, run.recording);
    const judged = judgeRecording(cfg, rec, baseline2, notes, extras);
    if (wantsSecondPass(cfg, judged.report)) await replaySecondPass(dir, run, cfg, rec, judged.report, replay);
    writeReport(cfg, judged);
    return gateResult(cfg, judged.report);
  } finally {
    await decoder.close();
    for (const s of stores) s.remove();
    rmSync2(spill, { recursive: true, force: true });
  }
}

// src/report/console.ts
var clean = (s, max = 100) => {
  const t = s.replace(/[\u0000-\u001f\u007f]+/g, " ");
  return t.length > max ? `${t.slice(0, max - 1)}\u2026` : t;
};
var rate3 = (v, unit) => Number.isFinite(v) ? formatRate(v, unit) : v > 0 ? "unbounded" : "\u2212unbounded";
function renderConsole(r, outDir) {
  const lines = [""];
  lines.push(`${r.verdict.toUpperCase()}: ${clean(r.summary, 400)}`);
  for (const m of r.metrics) {
    const mark = m.verdict === "fail" ? "\u2717" : m.verdict === "inconclusive" ? "?" : "\u2713";
    const limit = m.budgetPerMinute !== null ? `  budget ${formatRate(m.budgetPerMinute, m.unit)}` : "";
    const base = m.baselineSlopePerMinute !== null ? `  baseline ${formatRate(m.baselineSlopePerMinute, m.unit)}` : "";
    lines.push(
      `  ${mark} ${m.name.padEnd(13)} ${formatRate(m.slopePerMinute, m.unit).padStart(16)}  [${rate3(m.ciLow, m.unit)} \u2026 ${rate3(m.ciHigh, m.unit)}]${base}${limit}${m.plateau && m.slopePerMinute > 0 ? "  (levelled off)" : ""}`
    );
  }
  const top = r.sites.filter((s) => s.verdict === "fail" || s.slopeBytesPerMinute > 0).slice(0, 3);
  if (top.length) lines.push("  top allocation sites by growth:");
  for (const s of top) {
    lines.push(
      `    ${s.verdict === "fail" ? "\u2717" : " "} ${formatRate(s.slopeBytesPerMinute, "bytes").padStart(14)}  ${clean(s.function)}  ${clean(`${s.file}:${s.line}`, 120)}  (${formatBytes(s.inuseBytes)} in use)`
    );
  }
  const g = r.goroutineSites.filter((s) => s.verdict === "fail").slice(0, 3);
  if (g.length) lines.push("  goroutines piling up at:");
  for (const s of g)
    lines.push(
      `    \u2717 ${formatRate(s.slopePerMinute, "goroutines").padStart(14)}  ${clean(s.function)}  ${clean(`${s.file}:${s.line}`, 120)}  (${formatCount(s.goroutines)} now)`
    );
  const heap = r.metrics.find((m) => m.name === "heap_live");
  if (heap)
    lines.push(
      `  sensitivity: would catch heap growth of ${rate3(heap.minDetectablePerMinute, "bytes")} above the allowance; profile rate ${r.run.profileRateInForce === null ? "unknown" : formatBytes(r.run.profileRateInForce)}`
    );
  for (const m of r.metrics.filter((x) => x.verdict === "inconclusive")) {
    lines.push(`  WARNING: ${m.name}: ${clean(m.reason, 400)}${r.run.strict ? " (fails under --strict)" : ""}`);
  }
  for (const n of r.notes) lines.push(`  note: ${clean(n, 400)}`);
  lines.push(`  report: ${outDir}/report.md, ${outDir}/report.json`);
  return `${lines.join("\n")}
`;
}

// src/summarize.ts
import { existsSync as existsSync7, readFileSync as readFileSync8, statSync as statSync3 } from "node:fs";
import { basename, join as join11, resolve as resolve3 } from "node:path";

// src/report/summary.ts
var ICON2 = { pass: "\u2705", fail: "\u274C", error: "\u26A0\uFE0F" };
var RANK = { fail: 0, inconclusive: 1, pass: 2 };
var verdictOf = (r) => r.report?.verdict ?? "error";
function summaryExitCode(runs) {
  if (runs.some((r) => verdictOf(r) === "fail")) return 1;
  if (runs.some((r) => verdictOf(r) === "error")) return 2;
  return 0;
}
function worstMetric(r) {
  const rank = (v) => RANK[v] ?? 3;
  const ms = r.metrics.map((m, i) => ({ m, i })).sort((a, b) => rank(a.m.verdict) - rank(b.m.verdict) || a.i - b.i);
  return ms[0]?.m ?? null;
}
function metricCell(m) {
  if (!m) return "\u2014";
  let limit = "";
  if (m.baselineSlopePerMinute !== null) limit = ` (base ${formatRate(m.baselineSlopePerMinute, m.unit)})`;
  else if (m.budgetPerMinute !== null) limit = ` (budget ${formatRate(m.budgetPerMinute, m.unit)})`;
  const slope = formatRate(m.slopePerMinute, m.unit);
  return `${escapeMarkdown(m.name)} ${escapeMarkdown(String(m.verdict))}: ${escapeMarkdown(slope)}${escapeMarkdown(limit)}`;
}
function topCell(r) {
  const owner = r.owners?.[0];
  if (owner?.function) return `${code(owner.function, 80)} (owner)`;
  const s = r.sites[0];
  if (s) return `${code(s.function, 80)} ${escapeMarkdown(formatRate(s.slopeBytesPerMinute, "bytes"))}`;
  const g = r.goroutineSites[0];
  if (g) return `${code(g.function, 80)} ${escapeMarkdown(formatRate(g.slopePerMinute, "goroutines"))}`;
  return "\u2014";
}
function row(run) {
  const v = verdictOf(run);
  const name = escapeMarkdown(run.name, 80);
  if (!run.report) return `| ${name} | ${ICON2.error} error | \u2014 | ${escapeMarkdown(run.problem ?? "no report")} |`;
  const r = run.report;
  const top = r.verdict === "error" ? escapeMarkdown(r.error ?? "could not measure", 160) : topCell(r);
  return `| ${name} | ${ICON2[v]} ${v} | ${metricCell(worstMetric(r))} | ${top} |`;
}
function headline(runs) {
  const n = (v) => runs.filter((r) => verdictOf(r) === v).length;
  const [fail2, error] = [n("fail"), n("error")];
  const icon = fail2 ? ICON2.fail : error ? ICON2.error : ICON2.pass;
  const pass = n("pass");
  const parts = [fail2 ? `${fail2} regressed` : "", error ? `${error} could not be measured` : ""];
  if (pass) parts.push(`${pass} passed`);
  const counts = parts.filter(Boolean).join(", ") || "none";
  return `### ${icon} go-mem-gate: ${runs.length} run${runs.length === 1 ? "" : "s"}: ${counts}`;
}
function details(run, maxSiteRows) {
  const problem = `${escapeMarkdown(run.problem ?? "no report", 600)}
`;
  const body = run.report ? renderMarkdown(run.report, { maxSiteRows }) : problem;
  const v = verdictOf(run);
  const summary = `<summary>${escapeMarkdown(run.name, 80)}: ${ICON2[v]} ${v}</summary>`;
  return `<details>${summary}

${body.trimEnd()}

</details>
`;
}
function renderSummary(runs, opts) {
  const measure = opts.measure ?? ((s) => s.length);
  const head = [
    ...opts.header ? [opts.header] : [],
    headline(runs),
    "",
    "| run | verdict | worst metric | top owner or site |",
    "|:--|:--|:--|:--|",
    ...runs.map(row),
    ""
  ].join("\n");
  const foot = opts.footer?.length ? `
${opts.footer.join("\n")}
` : "";
  const leftOut = (left) => left ? `
_Details of ${left} run${left === 1 ? "" : "s"} left out to fit GitHub's limit: each run's report.md is in its artifact._
` : "";
  const compose = (parts, left) => `${head}
${parts.join("\n")}${leftOut(left)}${foot}`;
  for (const rows of [20, 10, 5, 3, 1, 0]) {
    const body = compose(
      runs.map((r) => details(r, rows)),
      0
    );
    if (measure(body) <= opts.limit) return body;
  }
  const keepRank = { pass: 0, error: 1, fail: 2 };
  const order = runs.map((r, i) => ({ i, rank: keepRank[verdictOf(r)] })).sort((a, b) => a.rank - b.rank || b.i - a.i);
  const kept = new Set(runs.map((_, i) => i));
  for (const { i } of order) {
    kept.delete(i);
    const parts = runs.map((r, j) => kept.has(j) ? details(r, 0) : "").filter(Boolean);
    const body = compose(parts, runs.length - kept.size);
    if (measure(body) <= opts.limit) return body;
  }
  return compose([], runs.length);
}

// src/summarize.ts
var SUMMARIZE_USAGE = `usage: go-mem-gate summarize DIR...
  Reads report.json in each DIR (the --out of a run) and prints one Markdown body: a table with a row per run
  (its run --name, else its directory's name), then each run's report collapsed. It stays under GitHub's 65,536-character
  comment limit by trimming details, never the table.
exit status: 1 when any run failed, otherwise 2 when any could not measure (or has no report), otherwise 0`;
function readRun(dir, name = basename(resolve3(dir))) {
  const file = join11(dir, "report.json");
  if (!existsSync7(file)) return { name, report: null, problem: `no report.json in ${dir}` };
  try {
    const r = JSON.parse(readFileSync8(file, "utf8"));
    const shaped = r?.schemaVersion === 1 && ["pass", "fail", "error"].includes(r.verdict);
    if (!shaped || !Array.isArray(r.metrics) || !Array.isArray(r.sites)) {
      return { name, report: null, problem: `${file} is not a go-mem-gate report.json (schemaVersion 1)` };
    }
    const label = typeof r.run?.name === "string" && r.run.name.trim() ? r.run.name.trim() : name;
    return { name: label, report: { ...r, goroutineSites: r.goroutineSites ?? [], notes: r.notes ?? [] } };
  } catch (err) {
    return { name, report: null, problem: `${file} could not be read: ${err.message.split("\n")[0]}` };
  }
}
function summarize(dirs, limit = 65536) {
  if (dirs.length === 0) {
    throw new UsageError("summarize needs at least one DIR (a run's --out directory): go-mem-gate summarize DIR...");
  }
  for (const d of dirs) {
    if (d.startsWith("-")) {
      throw new UsageError(`summarize: unknown flag "${d}"; give run directories: go-mem-gate summarize DIR...`);
    }
    if (!existsSync7(d) || !statSync3(d).isDirectory()) {
      throw new UsageError(`summarize: "${d}" is not a directory; give each run's --out directory`);
    }
  }
  const runs = dirs.map((d) => readRun(d));
  return { body: renderSummary(runs, { limit }), exitCode: summaryExitCode(runs) };
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
${JUDGE_USAGE}
`);
    return cmd === void 0 ? 2 : 0;
  }
  if (cmd === "judge") return judgeMain(rest);
  if (cmd === "summarize") {
    if (rest.includes("--help") || rest.includes("-h")) {
      process.stdout.write(`${SUMMARIZE_USAGE}
`);
      return 0;
    }
    try {
      const { body, exitCode } = summarize(rest);
      process.stdout.write(body);
      return exitCode;
    } catch (err) {
      if (err instanceof UsageError) return fail(err.message);
      return fail(`internal error: ${err.message ?? String(err)} (please report it)`);
    }
  }
  if (cmd !== "run") {
    const commands = '"run" (go-mem-gate run --start CMD ...), "judge" (go-mem-gate judge DIR) and "summarize"';
    return fail(`unknown command "${cmd}"; the commands are ${commands}`);
  }
  return guarded(
    (sig) => {
      process.stderr.write(`go-mem-gate: ${sig}: stopping the service and the load, writing partial results
`);
      return `interrupted by ${sig}: the run was cancelled before it finished`;
    },
    async (signal) => {
      const raw = parseRunArgs(rest);
      if (raw.help) {
        process.stdout.write(`${USAGE}
`);
        return 0;
      }
      const cfg = buildConfig(raw, argv);
      const log = (line) => process.stdout.write(`${line}
`);
      return report(await runGate(cfg, { signal, log }));
    }
  );
}
function report(result) {
  process.stdout.write(renderConsole(result.report, result.outDir));
  if (result.report.verdict === "error") process.stderr.write(`go-mem-gate: error: ${result.report.error}
`);
  return result.exitCode;
}
async function guarded(stop, body) {
  const controller = new AbortController();
  const onSignal = (sig) => controller.abort(stop(sig));
  const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"];
  for (const sig of SIGNALS) process.on(sig, onSignal);
  try {
    return await body(controller.signal);
  } catch (err) {
    if (err instanceof UsageError || err instanceof GateError) return fail(err.message);
    const e = err;
    if (process.env.GO_MEM_GATE_DEBUG) process.stderr.write(`${e.stack}
`);
    const why = e.message ?? String(err);
    return fail(`internal error: ${why} (set GO_MEM_GATE_DEBUG=1 for the stack, and please report it)`);
  } finally {
    for (const sig of SIGNALS) process.off(sig, onSignal);
  }
}
async function judgeMain(argv) {
  return guarded(
    (sig) => `interrupted by ${sig}: judge stopped before it finished`,
    async (signal) => {
      const args = parseJudgeArgs(argv);
      if (args.help) {
        process.stdout.write(`${JUDGE_USAGE}
`);
        return 0;
      }
      return report(await judgeDir(args, { signal }));
    }
  );
}
main(process.argv.slice(2)).then((code2) => {
  process.exitCode = code2;
});
export {
  main
};
