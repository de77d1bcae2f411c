/**
 * report.md: the body of the PR comment and the job summary. Everything from a profile or a user is escaped.
 */
import { markdownTable } from 'markdown-table';
import { METRICS } from '../config.js';
import { formatBytes, formatConfidence, formatCount, formatDuration, formatRate } from '../units.js';
import {
  diagnosisLines,
  inconclusiveLines,
  onsetLines,
  ownersSection,
  sensitivityExtras,
  siteSection,
} from './blame-md.js';
import { heapChart } from './chart.js';
import { code, escapeMarkdown, fenced } from './escape.js';
import type { PathContext } from './paths.js';
import type { Report, ReportMetric } from './report.js';

export { heapChart };

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
    `${METRICS[m.name]?.title ?? escapeMarkdown(m.name)}<br><sub>${code(m.name)}</sub>`,
    // The interval beneath the slope, small: one column less keeps the table inside a PR comment's width.
    `**${rate(m.slopePerMinute, m.unit)}**<br><sub>${rate(m.ciLow, m.unit)} … ${rate(m.ciHigh, m.unit)}</sub>`,
    rate(m.baselineSlopePerMinute, m.unit),
    m.budgetPerMinute === null
      ? '–'
      : `${rate(m.budgetPerMinute, m.unit)}${m.budgetSource === 'default' ? ' (default)' : ''}`,
    m.verdict === 'fail'
      ? '❌ fail'
      : m.verdict === 'inconclusive'
        ? '⚠️ inconclusive'
        : m.plateau && m.slopePerMinute > 0
          ? '✅ pass (levelled off)'
          : '✅ pass',
  ];
}

export interface RenderOptions {
  /** Rows per site table (the Action lowers it to fit GitHub's comment limit). */
  maxSiteRows?: number;
  /** Extra lines at the end (links to the run and artifacts). */
  footer?: string[];
  /** Where the service was built, to show paths relative to the repository (default: the report's run.workdir). */
  paths?: PathContext;
}

export function renderMarkdown(r: Report, opts: RenderOptions = {}): string {
  const maxRows = opts.maxSiteRows ?? MAX_SITE_ROWS;
  const paths: PathContext = opts.paths ?? { repoRoot: r.run.workdir ?? null, module: r.run.module?.path ?? null };
  const lines: string[] = [];
  lines.push(`### ${ICON[r.verdict]} go-mem-gate: ${escapeMarkdown(r.summary, 400)}`, '');
  if (r.verdict === 'error') {
    lines.push(
      'The gate could not measure, so it neither passes nor fails this change. Samples, profiles and logs gathered so far are kept in the output directory.',
      '',
    );
  }

  // Slopes first; then what they mean (inconclusive, onset, kind of leak); then the notes.
  if (r.metrics.length) {
    const pct = `slope (${formatConfidence(r.run.confidence)} interval)`;
    const header = ['metric', pct, 'baseline', 'budget', 'verdict'];
    lines.push(markdownTable([header, ...r.metrics.map(metricRow)], { align: ['l', 'r', 'r', 'r', 'l'] }), '');
  }
  const warnings = inconclusiveLines(r.metrics, r.run.strict === true);
  if (warnings.length) lines.push(warnings.join('\n>\n'), '');
  const findings = [...onsetLines(r.metrics), ...diagnosisLines(r.diagnoses)];
  if (findings.length) lines.push(...findings, '');
  for (const n of r.notes) lines.push(`> ${escapeMarkdown(n, 600)}`, '>');
  if (r.notes.length) lines[lines.length - 1] = ''; // the last note's '>' spacer becomes a blank line

  const owners = ownersSection(r, paths, maxRows);
  const heapFailed = r.metrics.some((m) => m.name === 'heap_live' && m.verdict === 'fail');
  // Growth within limits is still rolled up, but collapsed: it is context, not a finding.
  const collapse = owners.length > 0 && !heapFailed;
  if (collapse) lines.push('<details><summary>Your code behind the heap growth (within limits)</summary>', '');
  lines.push(...owners);
  if (collapse) lines.push('</details>', '');
  const failedHeap = r.sites.filter((s) => s.verdict === 'fail');
  const failedG = r.goroutineSites.filter((s) => s.verdict === 'fail');
  lines.push(...siteSection('Regressed allocation sites (in-use bytes)', failedHeap, 'bytes', maxRows, paths));
  const gTitle = 'Regressed goroutine sites (where the goroutines wait)';
  lines.push(...siteSection(gTitle, failedG, 'goroutines', maxRows, paths));
  if (failedHeap.length === 0 && failedG.length === 0) {
    const growing = r.sites.filter((s) => s.slopeBytesPerMinute > 0).slice(0, 5);
    if (growing.length && r.verdict === 'fail') {
      // The heap fails, but no single site is certain enough at this sampling rate: show the candidates.
      lines.push(
        `No single allocation site grows surely enough to be called regressed at one heap-profile sample per ${formatBytes(r.run.profileRateInForce ?? r.run.profileRateRequested)} (a lower \`--profile-rate\` sees more); the fastest-growing ones:`,
        '',
      );
      lines.push(...siteSection('Fastest-growing allocation sites', growing, 'bytes', 5, paths));
    } else if (growing.length) {
      lines.push('<details><summary>Fastest-growing allocation sites (within limits)</summary>', '');
      lines.push(...siteSection('Top sites by in-use growth', growing, 'bytes', 5, paths));
      lines.push('</details>', '');
    }
  }

  const chart = heapChart(r);
  if (chart) lines.push(chart, '');

  const heap = r.metrics.find((m) => m.name === 'heap_live');
  const g = r.metrics.find((m) => m.name === 'goroutines');
  lines.push('#### Sensitivity');
  if (heap) {
    lines.push(
      `- This run would catch live-heap growth of **${rate(heap.minDetectablePerMinute, 'bytes')}** above its allowance (80% of the time, at ${formatConfidence(r.run.confidence)} confidence); the post-GC heap varied by ${formatBytes(heap.noise)} (s.d.) around its trend.`,
    );
  }
  if (
    heap &&
    typeof heap.autocorrelation === 'number' &&
    heap.autocorrelation > 0 &&
    typeof heap.effectiveN === 'number'
  ) {
    lines.push(
      `- Neighbouring samples were correlated (lag-1 autocorrelation ${heap.autocorrelation.toFixed(2)}): the ${heap.n} samples after the warm-up carried as much information as ${Math.max(1, Math.round(heap.effectiveN))} independent ones, and the intervals are widened to match.`,
    );
  }
  if (heap && typeof heap.periodS === 'number') {
    lines.push(
      `- The live heap moves in cycles of about ${formatDuration(heap.periodS)}; growth was judged through them (the rise from cycle to cycle), not along one line through the teeth.`,
    );
  }
  if (heap?.levelShift) {
    lines.push(
      `- The live heap rose in one step of ${formatBytes(heap.levelShift.jump)} at ${formatDuration(heap.levelShift.atS)} and held; apart from it, it grew at ${rate(heap.levelShift.slopePerMinute, 'bytes')}.`,
    );
  }
  if (g) {
    lines.push(
      g.minDetectablePerMinute > 0
        ? `- Goroutines: growth of ${formatRate(g.minDetectablePerMinute, 'goroutines')} above the allowance would be caught.`
        : '- Goroutines: the count held still between samples, so any sustained growth above the allowance would be caught.',
    );
  }
  lines.push(...sensitivityExtras(r.metrics));
  lines.push(
    `- ${r.run.samples} samples every ${formatDuration(r.run.intervalS)} over ${formatDuration(r.run.sampledS)}; the first ${formatDuration(r.run.warmupS)} are warm-up and not judged${r.run.skippedSamples ? `; ${r.run.skippedSamples} skipped` : ''}.`,
  );
  const rateInForce = r.run.profileRateInForce;
  lines.push(
    `- Heap profile sampling rate in force: ${rateInForce === null ? 'unknown (no profile decoded)' : `one sample per ${formatBytes(rateInForce)} allocated`}${rateInForce !== null && rateInForce !== r.run.profileRateRequested ? ` (asked for ${formatBytes(r.run.profileRateRequested)})` : ''}.`,
  );
  const load = r.run.load;
  if (load.kind === 'builtin' && load.stats) {
    const s = load.stats;
    lines.push(
      `- Built-in load: ${formatCount(s.targetRate)} req/s asked, ${formatCount(s.achievedRate)} req/s answered 2xx; ${s.httpErrors + s.networkErrors} errors, ${s.dropped} dropped at the concurrency limit; p99 ${s.latencyP99Ms === null ? '–' : `${s.latencyP99Ms.toFixed(1)} ms`}.`,
    );
  } else if (load.kind === 'command') {
    lines.push(
      `- Load: your command${load.exit ? `, which ${load.exit.signal ? `was stopped (${load.exit.signal})` : `exited with status ${load.exit.code}`}` : ''}${load.endedRunEarly ? ' and ended the run early' : ''}.`,
    );
  } else {
    lines.push('- Load: none (the service ran idle).');
  }
  lines.push('');

  const heapProfiles = r.series.t.flatMap((t, i) =>
    t >= r.run.warmupS - 1e-9 && r.series.heapProfile[i] ? [r.series.heapProfile[i]!] : [],
  );
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
