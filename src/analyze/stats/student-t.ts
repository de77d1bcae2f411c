/**
 * Student's t distribution: CDF and quantile for any real degrees of freedom > 0 (the effective degrees of
 * freedom of an autocorrelated series are rarely whole numbers).
 *
 * CDF through the regularised incomplete beta function, P(|T| > t) = I_x(df/2, 1/2) with x = df/(df + t^2),
 * evaluated by its continued fraction (modified Lentz; Press et al., Numerical Recipes, 3rd ed., 6.4) with
 * log-gamma from Lanczos' approximation (g = 7, n = 9). Quantile: safeguarded Newton on the CDF, started
 * from the normal quantile, with exact closed forms for df = 1 and df = 2.
 */
import { normalCdf } from './normal-cdf.js';
import { normalQuantile } from './normal-quantile.js';

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
] as const;

/** ln Gamma(x) for x > 0 (Lanczos, g = 7; relative error ~1e-15). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0];
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i]! / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Continued fraction of the incomplete beta function (Numerical Recipes betacf). */
function betaCf(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
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

/**
 * Regularised incomplete beta function I_x(a, b) for a, b > 0 and 0 <= x <= 1.
 * @example
 * regularizedBeta(0.5, 2, 2); // => 0.5
 */
export function regularizedBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const lbt = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x);
  if (x < (a + 1) / (a + b + 2)) return (Math.exp(lbt) * betaCf(a, b, x)) / a;
  return 1 - (Math.exp(lbt) * betaCf(b, a, 1 - x)) / b;
}

/**
 * Student's t CDF P(T <= t) with df > 0 degrees of freedom (df = Infinity: the normal CDF).
 * @example
 * studentTCdf(0, 5); // => 0.5
 * studentTCdf(12.706204736174698, 1); // => 0.975
 */
export function studentTCdf(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return NaN;
  if (t === Infinity) return 1;
  if (t === -Infinity) return 0;
  if (df === Infinity) return normalCdf(t);
  const tail = 0.5 * regularizedBeta(df / (df + t * t), df / 2, 0.5); // P(T > |t|)
  return t > 0 ? 1 - tail : tail;
}

/** Density of Student's t. */
function studentTPdf(t: number, df: number): number {
  const lc = logGamma((df + 1) / 2) - logGamma(df / 2) - 0.5 * Math.log(df * Math.PI);
  return Math.exp(lc - ((df + 1) / 2) * Math.log1p((t * t) / df));
}

/**
 * Quantile of Student's t: the t with P(T <= t) = p, for df > 0 (fractional df allowed; Infinity gives the
 * normal quantile). Accurate to about 1e-10 relative; exact closed forms for df 1 and 2.
 *
 * @param p probability in [0, 1]
 * @param df degrees of freedom, > 0
 * @returns the quantile; -Infinity / Infinity at p = 0 / 1; NaN on bad input
 * @example
 * studentTQuantile(0.975, 10); // => 2.22813885... (tables: 2.228139)
 * studentTQuantile(0.995, 1); // => 63.65674116... (tan(0.495 pi), exact)
 */
export function studentTQuantile(p: number, df: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1 || !(df > 0)) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p === 0.5) return 0;
  if (df === Infinity || df > 1e7) return normalQuantile(p);
  if (df === 1) return Math.tan(Math.PI * (p - 0.5));
  if (df === 2) return (2 * p - 1) / Math.sqrt(2 * p * (1 - p));
  const upper = p > 0.5;
  const q = upper ? 1 - p : p; // lower tail, < 0.5; solve for x < 0
  // Start: Cornish-Fisher style correction of the normal quantile (Abramowitz & Stegun 26.7.5).
  const z = normalQuantile(q);
  const g1 = (z ** 3 + z) / 4;
  const g2 = (5 * z ** 5 + 16 * z ** 3 + 3 * z) / 96;
  let x = z + g1 / df + g2 / (df * df);
  if (!(x < 0) || !Number.isFinite(x)) x = z;
  // Bracket [lo, 0] with F(lo) < q.
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
