/**
 * Onset: when did growth begin? A changepoint on the post-warm-up series by segmented regression: a flat
 * stretch, then a straight rise from the onset on (a continuous "hinge", v = a + b * max(0, t - onset)), with
 * the onset chosen where the fit is best. Pure.
 */
import { theilSen } from './stats.js';

export interface Onset {
  /** Seconds (on the series' clock) at which growth began. */
  onsetS: number;
  /** Slope after the onset, per second (Theil-Sen over the points from the onset on). */
  slopeAfter: number;
  /** How much better the hinge fits than a straight line over the whole window: an F statistic (1 extra parameter). */
  f: number;
}

export interface OnsetOptions {
  /** Points required on each side of the onset. */
  minSide?: number;
  /**
   * F the hinge must reach over a straight line to be called. The onset is searched for (so the usual F
   * table does not apply) and samples are autocorrelated; 20 keeps steady growth from being given an onset
   * (see test/unit/onset.test.ts for the false-onset rate under AR(1) noise).
   */
  minF?: number;
}

/** Least squares of v on [1, x]: the residual sum of squares and the slope. */
function fit2(x: readonly number[], v: readonly number[]): { sse: number; slope: number } {
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

/**
 * Find where flat turns into growth. Returns null when the series is too short, does not rise, or a straight
 * line fits about as well (growth ran through the whole window: no onset inside it).
 * @example findOnset([0..59], flat until 30 then +1/s) // { onsetS: ~30, slopeAfter: ~1, ... }
 */
export function findOnset(t: readonly number[], v: readonly number[], opts: OnsetOptions = {}): Onset | null {
  const { minSide = 4, minF = 20 } = opts;
  const n = t.length;
  if (n < 2 * minSide + 1) return null;
  const line = fit2(t, v);
  if (!(line.slope > 0)) return null;
  // Candidates: every sample time with minSide points on each side, and quarter steps between them.
  let best: { tau: number; sse: number; slope: number } | null = null;
  const hinge = (tau: number) =>
    fit2(
      t.map((x) => Math.max(0, x - tau)),
      v,
    );
  for (let i = minSide - 1; i <= n - minSide - 1; i++) {
    for (let q = 0; q < 4; q++) {
      const tau = t[i] + ((t[i + 1] - t[i]) * q) / 4;
      const h = hinge(tau);
      if (h.slope > 0 && (best === null || h.sse < best.sse)) best = { tau, sse: h.sse, slope: h.slope };
    }
  }
  if (!best) return null;
  const dof = n - 3;
  const f = best.sse > 0 ? (line.sse - best.sse) / (best.sse / dof) : Infinity;
  if (!(f >= minF)) return null;
  const after = t.map((x, i) => [x, v[i]] as const).filter(([x]) => x >= best.tau);
  const slopeAfter =
    after.length >= 3
      ? theilSen(
          after.map((p) => p[0]),
          after.map((p) => p[1]),
          0.95,
        ).slope
      : best.slope;
  return { onsetS: best.tau, slopeAfter, f };
}
