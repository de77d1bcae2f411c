/**
 * Parsing and formatting of the units users type: durations (`90s`, `2m`), byte sizes (`64KiB`) and rates
 * (`256KiB/min`, `10/min`, `1MiB/s`). Pure; every parse error is a UsageError with a one-line message that
 * says what is accepted.
 */

import { UsageError } from './errors.js';

const DURATION_UNITS: Record<string, number> = { ms: 0.001, s: 1, m: 60, min: 60, h: 3600 };

/**
 * Parse a duration into seconds. Accepts a number with a unit (`500ms`, `90s`, `2m`, `1.5m`, `1h`), Go-style
 * compounds (`1m30s`), or a bare number of seconds (`45`).
 * @example parseDuration('1m30s') // 90
 */
export function parseDuration(text: string, what = 'duration'): number {
  const s = text.trim();
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s);
  const re = /(\d+(?:\.\d+)?)(ms|s|min|m|h)/gy;
  let total = 0;
  let matched = 0;
  for (const m of s.matchAll(re)) {
    total += Number(m[1]) * DURATION_UNITS[m[2]];
    matched = m.index + m[0].length;
  }
  if (s === '' || matched !== s.length) {
    throw new UsageError(`${what}: cannot read "${text}" as a duration; use e.g. 500ms, 45s, 2m, 1m30s or 1h`);
  }
  return total;
}

const BYTE_UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  k: 1024,
  m: 1024 ** 2,
  g: 1024 ** 3,
};

/**
 * Parse a byte size: `4096`, `64KiB`, `1MiB`, `1.5MB` (SI), `64k` (binary).
 * @example parseBytes('64KiB') // 65536
 */
export function parseBytes(text: string, what = 'size'): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(text);
  const unit = m?.[2].toLowerCase();
  if (!m || unit === undefined || !(unit in BYTE_UNITS)) {
    throw new UsageError(`${what}: cannot read "${text}" as a size; use e.g. 4096, 64KiB, 1MiB or 2MB`);
  }
  return Number(m[1]) * BYTE_UNITS[unit];
}

const PER: Record<string, number> = { s: 1 / 60, sec: 1 / 60, m: 1, min: 1, h: 60, hr: 60 };

/**
 * Parse a rate into units per minute. The quantity is a byte size (`256KiB/min`), a plain count
 * (`10/min`, `0/min`) or a negative number for shrinking budgets is refused.
 * @example parseRate('1MiB/s') // 62914560
 */
export function parseRate(text: string, what = 'rate'): number {
  const m = /^\s*([^/]+?)\s*\/\s*([a-z]+)\s*$/i.exec(text);
  const hint = `use e.g. 256KiB/min, 1MiB/min, 2KiB/s, 0/min or 10/min`;
  if (!m) throw new UsageError(`${what}: cannot read "${text}" as a rate; ${hint}`);
  const per = PER[m[2].toLowerCase()];
  if (per === undefined) throw new UsageError(`${what}: unknown time unit "/${m[2]}" in "${text}"; use /s, /min or /h`);
  if (m[1].trim().startsWith('-'))
    throw new UsageError(`${what}: "${text}" is negative; a budget is a growth rate of 0 or more`);
  let amount: number;
  try {
    amount = parseBytes(m[1], what);
  } catch {
    throw new UsageError(`${what}: cannot read "${text}" as a rate; ${hint}`);
  }
  return amount / per;
}

/**
 * Parse a request rate for the built-in load: `200`, `200/s`, `12000/min`. Returns requests per second.
 */
export function parseRequestRate(text: string, what = '--rate'): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(?:\/\s*(s|sec|m|min|h))?\s*$/i.exec(text);
  if (!m) throw new UsageError(`${what}: cannot read "${text}" as a request rate; use e.g. 200, 200/s or 6000/min`);
  const perSecond = Number(m[1]) / ({ s: 1, sec: 1, m: 60, min: 60, h: 3600 }[(m[2] ?? 's').toLowerCase()] ?? 1);
  if (!(perSecond > 0)) throw new UsageError(`${what}: the request rate must be above 0, got "${text}"`);
  return perSecond;
}

/** Format a byte count with a binary unit: 1536 -> "1.5 KiB". Keeps the sign. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return String(bytes);
  const sign = bytes < 0 ? '-' : '';
  let v = Math.abs(bytes);
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  const digits = i === 0 ? 0 : v >= 100 ? 0 : v >= 10 ? 1 : 2;
  return `${sign}${v.toFixed(digits)} ${units[i]}`;
}

/** Format a count: 1234.5 -> "1234.5", 12 -> "12". */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const a = Math.abs(n);
  if (a >= 100 || Number.isInteger(n)) return n.toFixed(0);
  if (a >= 10) return n.toFixed(1);
  return n.toFixed(2);
}

/** Format a per-minute rate in the metric's unit: bytes -> "1.5 KiB/min", counts -> "12/min". */
export function formatRate(perMinute: number, unit: string): string {
  return unit === 'bytes' ? `${formatBytes(perMinute)}/min` : `${formatCount(perMinute)}/min`;
}

/** Format seconds: 45 -> "45s", 90 -> "1m30s", 0.5 -> "0.5s", 119.6 -> "2m" (rounded before splitting). */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return String(seconds);
  const tenths = Number(seconds.toFixed(1));
  if (tenths < 60) return `${tenths}s`;
  const whole = Math.round(seconds);
  const m = Math.floor(whole / 60);
  const s = whole - m * 60;
  return s === 0 ? `${m}m` : `${m}m${s}s`;
}

/**
 * Format a confidence level as a percentage with as many digits as it has, never rounded up to 100%.
 * @example formatConfidence(0.99) // "99%"
 * @example formatConfidence(0.995) // "99.5%"
 */
export function formatConfidence(level: number): string {
  const pct = level * 100;
  for (let digits = 0; digits <= 12; digits++) {
    const text = pct.toFixed(digits);
    const v = Number(text);
    if (Math.abs(v - pct) < 1e-9 && (v < 100 || pct >= 100)) return `${text}%`;
  }
  return `${pct}%`;
}
