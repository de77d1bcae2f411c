/**
 * The blame parts of report.md: the owners table (growth rolled up to the service's own code), one line per
 * diagnosis, onset lines, inconclusive warnings, the site tables and their stacks, and the sensitivity lines
 * about correlated samples and memory cycles. Everything from a profile or a user is escaped. Pure.
 */
import { markdownTable } from 'markdown-table';
import { METRICS } from '../config.js';
import { formatBytes, formatCount, formatDuration, formatRate } from '../units.js';
import { escapeMarkdown, truncateMiddle } from './escape.js';
import { type PathContext, shortenPath, shortFunction } from './paths.js';
import type {
  OwnerFrame,
  Report,
  ReportDiagnosis,
  ReportGoroutineSite,
  ReportMetric,
  ReportOwner,
  ReportSite,
} from './report.js';

/** Longest shortened function name and path shown in a table cell; the full text is in the tooltip. */
const MAX_FN = 56;
const MAX_PATH = 64;
/** Stacks shown in the collapsed block, and frames each (report.json has them all): keeps the comment small. */
const MAX_STACKS = 10;
const MAX_FRAMES = 8;

const SHORT_TITLE: Record<string, string> = {
  heap_live: 'live heap',
  heap_objects: 'heap objects',
  goroutines: 'goroutines',
  rss: 'RSS',
};

/** A metric's name in running text: `live heap`, `RSS`. */
function metricTitle(name: string): string {
  return SHORT_TITLE[name] ?? (METRICS as Record<string, { title: string }>)[name]?.title ?? escapeMarkdown(name, 60);
}

/** A function name, shortened, in <code>, with the full name as its tooltip. */
export function fnCode(fn: string, max = MAX_FN): string {
  const short = truncateMiddle(shortFunction(fn), max);
  return `<code title="${escapeMarkdown(fn, 400)}">${escapeMarkdown(short, max + 1)}</code>`;
}

/**
 * `path:line`, shortened (relative, or module@version/path), with the whole shortened path as its tooltip when
 * the cell cuts it. The build machine's absolute path stays in report.json, out of the comment.
 */
export function where(f: { file: string; line: number; function?: string }, paths: PathContext): string {
  const full = `${shortenPath(f.file, paths, f.function)}:${f.line}`;
  const shown = escapeMarkdown(truncateMiddle(full, MAX_PATH + 8), MAX_PATH + 9);
  return full.length > MAX_PATH + 8 ? `<span title="${escapeMarkdown(full, 400)}">${shown}</span>` : shown;
}

function rate(v: number | null | undefined, unit: string): string {
  return v === null || v === undefined || !Number.isFinite(v) ? '–' : formatRate(v, unit);
}

/** siteKey of analyze/profile.ts: `function file:line`. */
function keyOf(s: { function: string; file: string; line: number }): string {
  return `${s.function} ${s.file}:${s.line}`;
}

function sameFrame(a: OwnerFrame | null | undefined, b: OwnerFrame): boolean {
  return !!a && a.function === b.function && a.file === b.file && a.line === b.line;
}

/**
 * The library frames between an owner and its largest site's allocation, owner side first, in one short line:
 * `→ prometheus.(*CounterVec).WithLabelValues → … → prometheus.MakeLabelPairs`. Empty when the owner allocates
 * itself.
 */
export function libraryLine(owner: ReportOwner, sites: readonly ReportSite[]): string {
  const keys = new Set(owner.sites);
  const mine = sites.filter((s) => keys.has(keyOf(s)) || sameFrame(s.owner, owner));
  if (mine.length === 0) return '';
  const top = mine.reduce((a, b) => (b.slopeBytesPerMinute > a.slopeBytesPerMinute ? b : a));
  const stack = top.stack.length ? top.stack : [{ function: top.function, file: top.file, line: top.line }];
  const at = stack.findIndex((f) => f.function === owner.function);
  const below = (at >= 0 ? stack.slice(0, at) : stack.slice(0, 1)).reverse(); // owner side first, leaf last
  if (below.length === 0) return '';
  const shown = below.length > 3 ? [below[0], null, below[below.length - 1]] : below;
  const more = mine.length > 1 ? ` <i>(+${mine.length - 1} more site${mine.length > 2 ? 's' : ''})</i>` : '';
  const name = (f: { function: string } | null) =>
    f ? escapeMarkdown(truncateMiddle(shortFunction(f.function), 48), 49) : '…';
  return `→ ${shown.map(name).join(' → ')}${more}`;
}

/** "these explain 94% of live-heap growth", from the shares of the rows shown. */
export function explainedLine(shares: number[], metric = 'heap_live'): string {
  const total = shares.reduce((a, s) => a + (Number.isFinite(s) && s > 0 ? s : 0), 0);
  const pct = Math.min(100, Math.round(total * 100));
  return `These explain ${pct}% of ${metricTitle(metric)} growth.`;
}

/** The owners table: your function, its growth and share, and the library frames beneath it. */
export function ownersSection(r: Report, paths: PathContext, maxRows: number): string[] {
  const owners = (r.owners ?? []).filter((o) => o && typeof o.function === 'string');
  if (owners.length === 0) return [];
  const shown = owners.slice(0, maxRows);
  const cut = owners.length - shown.length;
  const rows = shown.map((o) => {
    const lib = libraryLine(o, r.sites);
    return [
      `${rate(o.slopeBytesPerMinute, 'bytes')}<br><sub>${rate(o.ciLow, 'bytes')} … ${rate(o.ciHigh, 'bytes')}</sub>`,
      Number.isFinite(o.share) ? `${Math.round(Math.max(0, o.share) * 100)}%` : '–',
      `${fnCode(o.function)} <sub>${where(o, paths)}</sub>${lib ? `<br><sub>${lib}</sub>` : ''}`,
    ];
  });
  const out = [
    '#### Your code behind the growth',
    '',
    markdownTable([['growth', 'share', 'your function, and the library code it calls'], ...rows], {
      align: ['r', 'r', 'l'],
      alignDelimiters: false,
    }),
    '',
    `${explainedLine(shown.map((o) => o.share))}${cut ? ` _(${cut} more in report.json.)_` : ''}`,
    '',
  ];
  return out;
}

const KIND_TITLE: Record<string, string> = {
  'unpruned-map': 'Map that is never pruned',
  'retained-slice': 'Retained slice or buffer',
  'blocked-goroutines': 'Blocked goroutines',
  'off-heap': 'Growth outside the Go heap',
  fragmentation: 'Heap fragmentation',
};

/** One line per diagnosis: the kind, its evidence and the next step. Never a kind without its evidence. */
export function diagnosisLines(diagnoses: readonly ReportDiagnosis[] | undefined): string[] {
  return (diagnoses ?? [])
    .filter((d) => d && typeof d.evidence === 'string' && d.evidence.trim() !== '')
    .map((d) => {
      const title = KIND_TITLE[d.kind] ?? escapeMarkdown(String(d.kind), 40);
      const hint = typeof d.hint === 'string' && d.hint.trim() ? ` **Next:** ${escapeMarkdown(d.hint, 400)}` : '';
      const evidence = escapeMarkdown(d.evidence.trim().replace(/\.$/, ''), 500);
      return `- **${title}** (${metricTitle(d.metric)}): ${evidence}.${hint}`;
    });
}

/** "live heap: growth began about 25s into the run; 3.1 MiB/min since then", for metrics with an onset. */
export function onsetLines(metrics: readonly ReportMetric[]): string[] {
  return metrics
    .filter((m) => m.verdict === 'fail' && typeof m.onsetS === 'number' && Number.isFinite(m.onsetS))
    .map((m) => {
      const after = m.slopeAfterOnsetPerMinute;
      const since =
        typeof after === 'number' && Number.isFinite(after) ? `; ${formatRate(after, m.unit)} since then` : '';
      const began = formatDuration(Math.round(m.onsetS!));
      return `- **Onset** (${metricTitle(m.name)}): growth began about ${began} into the run${since}.`;
    });
}

/**
 * A warning line for each inconclusive metric: too little information to pass or fail, why, and the run length
 * that would settle it (from the reason when it says so already); under --strict it fails the run.
 */
export function inconclusiveLines(metrics: readonly ReportMetric[], strict = false): string[] {
  return metrics
    .filter((m) => m.verdict === 'inconclusive')
    .map((m) => {
      const reason = String(m.reason ?? '').replace(/^inconclusive: /, '');
      const suggested = m.suggestedDurationS;
      const longer = /\brun (at least|longer|about|for)\b/.test(reason)
        ? ''
        : typeof suggested === 'number' && Number.isFinite(suggested)
          ? `; a run of about ${formatDuration(Math.ceil(suggested))} would settle it`
          : '; run longer';
      const why = reason ? `: ${escapeMarkdown(reason, 400)}` : '';
      const strictNote = strict ? ' (fails under --strict)' : '';
      return `> ⚠️ **${escapeMarkdown(m.name, 40)} inconclusive**${why}${longer}${strictNote}.`;
    });
}

/**
 * Sensitivity lines about correlated samples and memory cycles for the other metrics that did not pass (the
 * live heap has its own lines): one plain line each, when present.
 */
export function sensitivityExtras(all: readonly ReportMetric[]): string[] {
  const metrics = all.filter((m) => m.name !== 'heap_live' && m.verdict !== 'pass');
  const out: string[] = [];
  const ac = metrics.filter((m) => typeof m.autocorrelation === 'number' && Number.isFinite(m.autocorrelation));
  if (ac.length) {
    const parts = ac.map(
      (m) =>
        `${metricTitle(m.name)} ${m.autocorrelation!.toFixed(2)}${
          typeof m.effectiveN === 'number' && Number.isFinite(m.effectiveN)
            ? `, worth about ${Math.max(1, Math.round(m.effectiveN))} of ${m.n} samples`
            : ''
        }`,
    );
    out.push(
      `- Neighbouring samples are correlated (lag-1 autocorrelation of ${parts.join('; ')}); ` +
        'the intervals are widened for it.',
    );
  }
  const cyc = metrics.filter((m) => typeof m.periodS === 'number' && Number.isFinite(m.periodS) && m.periodS > 0);
  if (cyc.length) {
    const parts = cyc.map((m) => `${metricTitle(m.name)} every ${formatDuration(m.periodS!)}`);
    out.push(
      `- Memory moves in cycles (${parts.join(', ')}); the trend is judged across whole cycles, not within one.`,
    );
  }
  return out;
}

type AnySite = ReportSite | ReportGoroutineSite;

function siteRows(sites: AnySite[], unit: 'bytes' | 'goroutines', paths: PathContext): string[][] {
  return sites.map((s) => {
    const slope = 'slopeBytesPerMinute' in s ? s.slopeBytesPerMinute : s.slopePerMinute;
    const base = 'slopeBytesPerMinute' in s ? s.baselineSlopeBytesPerMinute : s.baselineSlopePerMinute;
    const end = 'inuseBytes' in s ? formatBytes(s.inuseBytes) : formatCount(s.goroutines);
    const owner = s.owner && s.owner.function !== s.function ? ` · in ${fnCode(s.owner.function, 40)}` : '';
    return [
      `${rate(slope, unit)}<br><sub>${rate(s.ciLow, unit)} … ${rate(s.ciHigh, unit)}</sub>`,
      rate(base, unit),
      `${fnCode(s.function)}<br><sub>${where(s, paths)}${owner}</sub>`,
      end,
    ];
  });
}

/**
 * The stacks of the shown sites, full function names and shortened paths, in one collapsed block. A <pre> of
 * escaped text, not a code fence, so nothing from a profile is ever raw in the Markdown.
 */
export function stacksDetails(all: AnySite[], paths: PathContext, maxFrames = MAX_FRAMES): string[] {
  if (all.length === 0) return [];
  const sites = all.slice(0, MAX_STACKS);
  const esc = (t: string) => escapeMarkdown(t, 1000);
  const blocks = sites.map((s, i) => {
    const stack = s.stack.length ? s.stack : [{ function: s.function, file: s.file, line: s.line }];
    const frames = stack.slice(0, maxFrames).map((f) => {
      const mark = s.owner && sameFrame(s.owner, f) ? '  ◀ your code' : '';
      return `  ${esc(f.function)}\n      ${esc(shortenPath(f.file, paths, f.function))}:${f.line}${mark}`;
    });
    if (stack.length > maxFrames) frames.push(`  … ${stack.length - maxFrames} more frames`);
    return `#${i + 1} ${esc(truncateMiddle(shortFunction(s.function), MAX_FN))}\n${frames.join('\n')}`;
  });
  const which =
    all.length > sites.length
      ? `the first ${sites.length} of these sites`
      : `these ${sites.length} site${sites.length === 1 ? '' : 's'}`;
  return [
    `<details><summary>Stacks of ${which} (leaf first)</summary>`,
    '',
    `<pre>${blocks.join('\n\n')}</pre>`,
    '',
    '</details>',
    '',
  ];
}

/** A site table, slopes first, with its stacks collapsed beneath. */
export function siteSection(
  title: string,
  sites: AnySite[],
  unit: 'bytes' | 'goroutines',
  maxRows: number,
  paths: PathContext,
): string[] {
  if (sites.length === 0) return [];
  const header = ['growth', 'baseline', 'function', unit === 'bytes' ? 'in use at end' : 'at end'];
  const shown = sites.slice(0, maxRows);
  const out = [
    `#### ${title}`,
    '',
    markdownTable([header, ...siteRows(shown, unit, paths)], { align: ['r', 'r', 'l', 'r'], alignDelimiters: false }),
  ];
  if (sites.length > shown.length) out.push('', `_…and ${sites.length - shown.length} more in report.json._`);
  out.push('', ...stacksDetails(shown, paths));
  return out;
}
