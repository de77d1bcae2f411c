/**
 * The live-heap chart of report.md: a mermaid xychart-beta with this run (head) and the base run on one numeric
 * time axis, the warm-up shaded and the onset of growth marked. xychart has no legend and no vertical markers,
 * so the warm-up is a pale bar series, the onset one bar, and a caption line names the colours. Pure.
 */
import { formatDuration } from '../units.js';
import type { Report } from './report.js';

const COLOUR = { warmup: '#d8dee4', onset: '#fb8c00', base: '#0969da', head: '#cf222e' } as const;

type Series = { t: number[]; v: (number | null)[] };

/** Known points of a series, in time order. */
function points(s: Series): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < s.t.length; i++) {
    const t = s.t[i];
    const v = s.v[i];
    if (Number.isFinite(t) && typeof v === 'number' && Number.isFinite(v)) out.push([t, v]);
  }
  return out.sort((a, b) => a[0] - b[0]);
}

/**
 * The value at time t by linear interpolation between known points; before the first point its value, after
 * the last point its value (the caption says when a line stops early).
 */
export function interpolate(pts: readonly [number, number][], t: number): number {
  if (t <= pts[0][0]) return pts[0][1];
  const last = pts[pts.length - 1];
  if (t >= last[0]) return last[1];
  let lo = 0;
  let hi = pts.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (pts[mid][0] <= t) lo = mid;
    else hi = mid;
  }
  const [t0, v0] = pts[lo];
  const [t1, v1] = pts[hi];
  return t1 === t0 ? v1 : v0 + ((v1 - v0) * (t - t0)) / (t1 - t0);
}

/** A round axis top at least `x`: 1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a power of ten. */
function nice(x: number): number {
  if (!(x > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(x));
  for (const k of [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (k * p >= x - 1e-12) return k * p;
  return 10 * p;
}

/**
 * The y-axis range: from zero when the heap at least grows by half its smallest value over the run (an honest
 * picture of how much it grew); otherwise from a round number below the smallest value, so that growth of a
 * few MiB on a large heap is not drawn as a flat line (the axis labels say where it starts).
 * @example yRange(3.8, 7.6) // { lo: 0, hi: 8 }
 */
export function yRange(min: number, max: number): { lo: number; hi: number } {
  if (!(max > 0)) return { lo: 0, hi: 1 };
  if (min < 0.6 * max) return { lo: 0, hi: nice(max * 1.05) };
  const span = Math.max(max - min, max * 0.1); // noise on a flat heap is not blown up to fill the chart
  const step = nice(span / 4);
  const lo = Math.max(0, Math.floor((min - 0.1 * span) / step) * step);
  return { lo: Number(lo.toPrecision(12)), hi: Number((Math.ceil((max + 0.05 * span) / step) * step).toPrecision(12)) };
}

function fmt(v: number): string {
  return String(Number(v.toFixed(2)));
}

/**
 * The chart for report.md, or null when there are fewer than two live-heap samples. Both lines are resampled
 * onto one grid of at most `maxPoints` evenly spaced times from 0 to the end of this run, as xychart spaces
 * values evenly along a numeric axis.
 */
export function heapChart(r: Report, maxPoints = 60): string | null {
  const head = points({ t: r.series.t, v: r.series.heapLive });
  if (head.length < 2) return null;
  const baseSeries = r.baseline.series;
  const base = baseSeries ? points({ t: baseSeries.t, v: baseSeries.heapLive }) : [];
  const end = head[head.length - 1][0];
  if (!(end > 0)) return null;
  const n = Math.max(2, Math.min(maxPoints, head.length));
  const grid = Array.from({ length: n }, (_, i) => (end * i) / (n - 1));
  const headV = grid.map((t) => interpolate(head, t));
  const baseV = base.length >= 2 ? grid.map((t) => interpolate(base, t)) : null;
  const all = [...headV, ...(baseV ?? [])];
  const max = Math.max(...all);
  const useMiB = max >= 1024 * 1024;
  const scale = useMiB ? 1024 * 1024 : 1024;
  const unit = useMiB ? 'MiB' : 'KiB';
  const { lo, hi } = yRange(Math.min(...all) / scale, max / scale);
  const heapMetric = r.metrics.find((m) => m.name === 'heap_live');
  const onset = heapMetric?.onsetS ?? null;

  const plots: { kind: 'bar' | 'line'; colour: string; values: number[] }[] = [];
  // A bar that should not show gets a value below the axis: xychart draws every bar from the plot's bottom edge,
  // which sits a little below the axis minimum, so a bar at the minimum would still leave a strip.
  const off = lo - (hi - lo);
  const warmup = r.run.warmupS;
  if (warmup > 0) plots.push({ kind: 'bar', colour: COLOUR.warmup, values: grid.map((t) => (t < warmup ? hi : off)) });
  let onsetIndex = -1;
  if (onset !== null && Number.isFinite(onset) && onset >= 0 && onset <= end) {
    onsetIndex = Math.round((onset / end) * (n - 1));
    plots.push({ kind: 'bar', colour: COLOUR.onset, values: grid.map((_, i) => (i === onsetIndex ? hi : off)) });
  }
  if (baseV) plots.push({ kind: 'line', colour: COLOUR.base, values: baseV.map((v) => v / scale) });
  plots.push({ kind: 'line', colour: COLOUR.head, values: headV.map((v) => v / scale) });

  const init = {
    themeVariables: { xyChart: { plotColorPalette: plots.map((p) => p.colour).join(', ') } },
    xyChart: { height: 320 },
  };
  const chart = [
    '```mermaid',
    `%%{init: ${JSON.stringify(init)}}%%`,
    'xychart-beta',
    '  title "Live heap after each forced GC"',
    `  x-axis "seconds into the run" 0 --> ${fmt(end)}`,
    `  y-axis "${unit}" ${fmt(lo)} --> ${fmt(hi)}`,
    ...plots.map((p) => `  ${p.kind} [${p.values.map(fmt).join(', ')}]`),
    '```',
  ];
  // xychart draws no legend: the caption names each colour, with a square of it where the font has one.
  const legend = ['🟥 red line: this run (head)'];
  if (baseV) {
    const baseEnd = base[base.length - 1][0];
    const short = baseEnd < end - Math.max(1.5 * r.run.intervalS, 0.02 * end);
    legend.push(
      `🟦 blue line: base run${short ? ` (sampled for ${formatDuration(Math.round(baseEnd))}; flat after that)` : ''}`.trim(),
    );
  } else if (r.baseline.used) {
    legend.push('no base line: the baseline file holds no series (recorded by an older go-mem-gate)');
  }
  if (warmup > 0) legend.push(`grey band: warm-up, first ${formatDuration(warmup)}, not judged`);
  if (onsetIndex >= 0) legend.push(`🟧 orange bar: growth began, about ${formatDuration(Math.round(onset!))} in`);
  return `${chart.join('\n')}\n\n<sub>${legend.join(' · ')}</sub>`;
}
