/**
 * report.md: the body of the PR comment and the job summary. Everything from a profile or a user is escaped.
 */
import { markdownTable } from 'markdown-table';
import { METRICS } from '../config.js';
import { formatBytes, formatConfidence, formatCount, formatDuration, formatRate } from '../units.js';
import { code, escapeMarkdown, fenced } from './escape.js';
import type { Report, ReportGoroutineSite, ReportMetric, ReportSite } from './report.js';

const ICON = { pass: '✅', fail: '❌', error: '⚠️' } as const;

/** Sites shown in full in the regressed table before "and N more". */
export const MAX_SITE_ROWS = 20;

function rate(v: number | null, unit: string): string {
  if (v === null) return '–';
  if (!Number.isFinite(v)) return v > 0 ? 'unbounded' : '−unbounded';
  return formatRate(v, unit);
}

function metricRow(m: ReportMetric): string[] {
  return [
    `${METRICS[m.name]?.title ?? escapeMarkdown(m.name)} (${code(m.name)})`,
    rate(m.slopePerMinute, m.unit),
    `${rate(m.ciLow, m.unit)} … ${rate(m.ciHigh, m.unit)}`,
    rate(m.baselineSlopePerMinute, m.unit),
    m.budgetPerMinute === null ? '–' : `${rate(m.budgetPerMinute, m.unit)}${m.budgetSource === 'default' ? ' (default)' : ''}`,
    `${m.verdict === 'fail' ? '❌ fail' : m.verdict === 'inconclusive' ? '⚠️ inconclusive' : m.plateau && m.slopePerMinute > 0 ? '✅ pass (levelled off)' : '✅ pass'}`,
  ];
}

function location(s: { file: string; line: number }): string {
  return code(`${s.file}:${s.line}`);
}

function siteRows<T extends ReportSite | ReportGoroutineSite>(sites: T[], unit: 'bytes' | 'goroutines'): string[][] {
  return sites.map((s) => {
    const slope = 'slopeBytesPerMinute' in s ? s.slopeBytesPerMinute : s.slopePerMinute;
    const base = 'slopeBytesPerMinute' in s ? s.baselineSlopeBytesPerMinute : s.baselineSlopePerMinute;
    const end = 'inuseBytes' in s ? formatBytes(s.inuseBytes) : formatCount(s.goroutines);
    const callers = s.stack.slice(1, 3).map((f) => escapeMarkdown(f.function, 60)).join(' ← ');
    return [
      `${code(s.function)}${callers ? `<br><sub>← ${callers}</sub>` : ''}`,
      location(s),
      rate(base, unit),
      `${rate(slope, unit)}<br><sub>${rate(s.ciLow, unit)} … ${rate(s.ciHigh, unit)}</sub>`,
      end,
    ];
  });
}

/** A mermaid xychart of live heap (MiB) over time, downsampled to at most `maxPoints` points. */
export function heapChart(r: Report, maxPoints = 60): string | null {
  const pts = r.series.t.map((t, i) => [t, r.series.heapLive[i]] as const).filter((p): p is readonly [number, number] => p[1] !== null);
  if (pts.length < 2) return null;
  const step = Math.max(1, Math.ceil(pts.length / maxPoints));
  const kept = pts.filter((_, i) => i % step === 0 || i === pts.length - 1);
  const labels = kept.map(([t]) => `"${Math.round(t)}"`).join(', ');
  const mib = kept.map(([, v]) => (v / 1024 / 1024).toFixed(2)).join(', ');
  return [
    '```mermaid',
    'xychart-beta',
    `  title "Live heap after each forced GC (warm-up: first ${formatDuration(r.run.warmupS)})"`,
    `  x-axis "seconds" [${labels}]`,
    '  y-axis "MiB"',
    `  line [${mib}]`,
    '```',
  ].join('\n');
}

function siteSection(title: string, sites: (ReportSite | ReportGoroutineSite)[], unit: 'bytes' | 'goroutines', maxRows: number): string[] {
  if (sites.length === 0) return [];
  const header = ['function', 'file:line', 'baseline slope', 'head slope', unit === 'bytes' ? 'in use at end' : 'goroutines at end'];
  const shown = sites.slice(0, maxRows);
  const out = [`#### ${title}`, '', markdownTable([header, ...siteRows(shown, unit)], { align: ['l', 'l', 'r', 'r', 'r'] })];
  if (sites.length > shown.length) out.push('', `_…and ${sites.length - shown.length} more in report.json._`);
  out.push('');
  return out;
}

export interface RenderOptions {
  /** Rows per site table (the Action lowers it to fit GitHub's comment limit). */
  maxSiteRows?: number;
  /** Extra lines at the end (links to the run and artifacts). */
  footer?: string[];
}

export function renderMarkdown(r: Report, opts: RenderOptions = {}): string {
  const maxRows = opts.maxSiteRows ?? MAX_SITE_ROWS;
  const lines: string[] = [];
  lines.push(`### ${ICON[r.verdict]} go-mem-gate: ${escapeMarkdown(r.summary, 400)}`, '');
  if (r.verdict === 'error') {
    lines.push('The gate could not measure, so it neither passes nor fails this change. Samples, profiles and logs gathered so far are kept in the output directory.', '');
  }
  // Inconclusive metrics: one warning line each, with why and how long to run (exit 0 unless --strict).
  for (const m of r.metrics.filter((x) => x.verdict === 'inconclusive')) {
    lines.push(`> ⚠️ **${escapeMarkdown(m.name)} inconclusive**: ${escapeMarkdown(m.reason.replace(/^inconclusive: /, ''), 400)}${r.run.strict ? ' (fails under --strict)' : ''}`, '');
  }
  for (const n of r.notes) lines.push(`> ${escapeMarkdown(n, 600)}`, '>');
  if (r.notes.length) lines.pop(), lines.push('');

  if (r.metrics.length) {
    const pct = `${formatConfidence(r.run.confidence)} interval`;
    lines.push(markdownTable([['metric', 'slope', pct, 'baseline', 'budget', 'verdict'], ...r.metrics.map(metricRow)], { align: ['l', 'r', 'r', 'r', 'r', 'l'] }), '');
  }

  const failedHeap = r.sites.filter((s) => s.verdict === 'fail');
  const failedG = r.goroutineSites.filter((s) => s.verdict === 'fail');
  lines.push(...siteSection('Regressed allocation sites (in-use bytes)', failedHeap, 'bytes', maxRows));
  lines.push(...siteSection('Regressed goroutine sites (where the goroutines wait)', failedG, 'goroutines', maxRows));
  if (failedHeap.length === 0 && failedG.length === 0) {
    const growing = r.sites.filter((s) => s.slopeBytesPerMinute > 0).slice(0, 5);
    if (growing.length && r.verdict === 'fail') {
      // The heap fails, but no single site is certain enough at this sampling rate: show the candidates.
      lines.push(`No single allocation site grows surely enough to be called regressed at one heap-profile sample per ${formatBytes(r.run.profileRateInForce ?? r.run.profileRateRequested)} (a lower \`--profile-rate\` sees more); the fastest-growing ones:`, '');
      lines.push(...siteSection('Fastest-growing allocation sites', growing, 'bytes', 5));
    } else if (growing.length) {
      lines.push('<details><summary>Fastest-growing allocation sites (within limits)</summary>', '');
      lines.push(...siteSection('Top sites by in-use growth', growing, 'bytes', 5));
      lines.push('</details>', '');
    }
  }

  const chart = heapChart(r);
  if (chart) lines.push(chart, '');

  const heap = r.metrics.find((m) => m.name === 'heap_live');
  const g = r.metrics.find((m) => m.name === 'goroutines');
  lines.push('#### Sensitivity');
  if (heap) {
    lines.push(`- This run would catch live-heap growth of **${rate(heap.minDetectablePerMinute, 'bytes')}** above its allowance (80% of the time, at ${formatConfidence(r.run.confidence)} confidence); the post-GC heap varied by ${formatBytes(heap.noise)} (s.d.) around its trend.`);
  }
  if (heap && typeof heap.autocorrelation === 'number' && heap.autocorrelation > 0 && typeof heap.effectiveN === 'number') {
    lines.push(`- Neighbouring samples were correlated (lag-1 autocorrelation ${heap.autocorrelation.toFixed(2)}): the ${heap.n} samples after the warm-up carried as much information as ${Math.max(1, Math.round(heap.effectiveN))} independent ones, and the intervals are widened to match.`);
  }
  if (heap && typeof heap.periodS === 'number') {
    lines.push(`- The live heap moves in cycles of about ${formatDuration(heap.periodS)}; growth was judged through them (the rise from cycle to cycle), not along one line through the teeth.`);
  }
  if (g) {
    lines.push(g.minDetectablePerMinute > 0
      ? `- Goroutines: growth of ${formatRate(g.minDetectablePerMinute, 'goroutines')} above the allowance would be caught.`
      : '- Goroutines: the count held still between samples, so any sustained growth above the allowance would be caught.');
  }
  lines.push(`- ${r.run.samples} samples every ${formatDuration(r.run.intervalS)} over ${formatDuration(r.run.sampledS)}; the first ${formatDuration(r.run.warmupS)} are warm-up and not judged${r.run.skippedSamples ? `; ${r.run.skippedSamples} skipped` : ''}.`);
  const rateInForce = r.run.profileRateInForce;
  lines.push(`- Heap profile sampling rate in force: ${rateInForce === null ? 'unknown (no profile decoded)' : `one sample per ${formatBytes(rateInForce)} allocated`}${rateInForce !== null && rateInForce !== r.run.profileRateRequested ? ` (asked for ${formatBytes(r.run.profileRateRequested)})` : ''}.`);
  const load = r.run.load;
  if (load.kind === 'builtin' && load.stats) {
    const s = load.stats;
    lines.push(`- Built-in load: ${formatCount(s.targetRate)} req/s asked, ${formatCount(s.achievedRate)} req/s answered 2xx; ${s.httpErrors + s.networkErrors} errors, ${s.dropped} dropped at the concurrency limit; p99 ${s.latencyP99Ms === null ? '–' : `${s.latencyP99Ms.toFixed(1)} ms`}.`);
  } else if (load.kind === 'command') {
    lines.push(`- Load: your command${load.exit ? `, which ${load.exit.signal ? `was stopped (${load.exit.signal})` : `exited with status ${load.exit.code}`}` : ''}${load.endedRunEarly ? ' and ended the run early' : ''}.`);
  } else {
    lines.push('- Load: none (the service ran idle).');
  }
  lines.push('');

  const heapProfiles = r.series.t.flatMap((t, i) => (t >= r.run.warmupS - 1e-9 && r.series.heapProfile[i] ? [r.series.heapProfile[i]!] : []));
  lines.push('<details><summary>How to reproduce</summary>', '');
  lines.push(fenced(r.run.command, 'sh'), '');
  if (heapProfiles.length >= 2) {
    const [first, last] = [heapProfiles[0], heapProfiles[heapProfiles.length - 1]];
    lines.push('What grew between the first and last profiles after warm-up, in the output directory:', '');
    lines.push(fenced(`go tool pprof -sample_index=inuse_space -top -diff_base ${first} ${last}`, 'sh'), '');
  }
  lines.push('</details>', '');
  if (opts.footer?.length) lines.push(...opts.footer, '');
  return `${lines.join('\n').trimEnd()}\n`;
}
