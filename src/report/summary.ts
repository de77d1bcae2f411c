/**
 * One Markdown body for many runs (a monorepo's services): a table with a row per run, then each run's report
 * in a collapsed section. It fits a limit (GitHub's 65,536 characters for a comment) by trimming the details,
 * never the table. Pure.
 */

import { formatRate } from '../units.js';
import { code, escapeMarkdown } from './escape.js';
import { renderMarkdown } from './markdown.js';
import type { Report, ReportMetric } from './report.js';

/** One run to summarize: its name, and its report, or why there is none. */
export interface SummaryRun {
  name: string;
  report: Report | null;
  /** Why the run has no readable report (then it counts as "could not measure"). */
  problem?: string;
}

const ICON = { pass: '✅', fail: '❌', error: '⚠️' } as const;
const RANK = { fail: 0, inconclusive: 1, pass: 2 } as Record<string, number>;

export type SummaryVerdict = 'pass' | 'fail' | 'error';

export const verdictOf = (r: SummaryRun): SummaryVerdict => r.report?.verdict ?? 'error';

/** 1 when any run failed, otherwise 2 when any could not measure, otherwise 0. */
export function summaryExitCode(runs: readonly SummaryRun[]): 0 | 1 | 2 {
  if (runs.some((r) => verdictOf(r) === 'fail')) return 1;
  if (runs.some((r) => verdictOf(r) === 'error')) return 2;
  return 0;
}

/** The metric to show: failed before inconclusive before passed, then the report's order (live heap first). */
function worstMetric(r: Report): ReportMetric | null {
  const rank = (v: string) => RANK[v] ?? 3;
  const ms = r.metrics.map((m, i) => ({ m, i })).sort((a, b) => rank(a.m.verdict) - rank(b.m.verdict) || a.i - b.i);
  return ms[0]?.m ?? null;
}

function metricCell(m: ReportMetric | null): string {
  if (!m) return '—';
  let limit = '';
  if (m.baselineSlopePerMinute !== null) limit = ` (base ${formatRate(m.baselineSlopePerMinute, m.unit)})`;
  else if (m.budgetPerMinute !== null) limit = ` (budget ${formatRate(m.budgetPerMinute, m.unit)})`;
  const slope = formatRate(m.slopePerMinute, m.unit);
  return `${escapeMarkdown(m.name)} ${escapeMarkdown(String(m.verdict))}: ${escapeMarkdown(slope)}${escapeMarkdown(limit)}`;
}

function topCell(r: Report): string {
  const owner = r.owners?.[0] as { function?: string; slopeBytesPerMinute?: number } | undefined;
  if (owner?.function) return `${code(owner.function, 80)} (owner)`;
  const s = r.sites[0];
  if (s) return `${code(s.function, 80)} ${escapeMarkdown(formatRate(s.slopeBytesPerMinute, 'bytes'))}`;
  const g = r.goroutineSites[0];
  if (g) return `${code(g.function, 80)} ${escapeMarkdown(formatRate(g.slopePerMinute, 'goroutines'))}`;
  return '—';
}

function row(run: SummaryRun): string {
  const v = verdictOf(run);
  const name = escapeMarkdown(run.name, 80);
  if (!run.report) return `| ${name} | ${ICON.error} error | — | ${escapeMarkdown(run.problem ?? 'no report')} |`;
  const r = run.report;
  const top = r.verdict === 'error' ? escapeMarkdown(r.error ?? 'could not measure', 160) : topCell(r);
  return `| ${name} | ${ICON[v]} ${v} | ${metricCell(worstMetric(r))} | ${top} |`;
}

function headline(runs: readonly SummaryRun[]): string {
  const n = (v: SummaryVerdict) => runs.filter((r) => verdictOf(r) === v).length;
  const [fail, error] = [n('fail'), n('error')];
  const icon = fail ? ICON.fail : error ? ICON.error : ICON.pass;
  const pass = n('pass');
  const parts = [fail ? `${fail} regressed` : '', error ? `${error} could not be measured` : ''];
  if (pass) parts.push(`${pass} passed`);
  const counts = parts.filter(Boolean).join(', ') || 'none';
  return `### ${icon} go-mem-gate: ${runs.length} run${runs.length === 1 ? '' : 's'}: ${counts}`;
}

function details(run: SummaryRun, maxSiteRows: number): string {
  const problem = `${escapeMarkdown(run.problem ?? 'no report', 600)}\n`;
  const body = run.report ? renderMarkdown(run.report, { maxSiteRows }) : problem;
  const v = verdictOf(run);
  const summary = `<summary>${escapeMarkdown(run.name, 80)}: ${ICON[v]} ${v}</summary>`;
  return `<details>${summary}\n\n${body.trimEnd()}\n\n</details>\n`;
}

export interface SummaryOptions {
  header?: string;
  footer?: string[];
  limit: number;
  measure?: (s: string) => number;
}

/**
 * The summary body within `limit`: the headline and table always; details with fewer site rows first; then
 * the details of passing runs, then of runs that could not measure, then of failed ones are left out, with a
 * note saying how many.
 */
export function renderSummary(runs: readonly SummaryRun[], opts: SummaryOptions): string {
  const measure = opts.measure ?? ((s: string) => s.length);
  const head = [
    ...(opts.header ? [opts.header] : []),
    headline(runs),
    '',
    '| run | verdict | worst metric | top owner or site |',
    '|:--|:--|:--|:--|',
    ...runs.map(row),
    '',
  ].join('\n');
  const foot = opts.footer?.length ? `\n${opts.footer.join('\n')}\n` : '';
  const leftOut = (left: number) =>
    left
      ? `\n_Details of ${left} run${left === 1 ? '' : 's'} left out to fit GitHub's limit: ` +
        `each run's report.md is in its artifact._\n`
      : '';
  const compose = (parts: string[], left: number) => `${head}\n${parts.join('\n')}${leftOut(left)}${foot}`;
  for (const rows of [20, 10, 5, 3, 1, 0]) {
    const body = compose(
      runs.map((r) => details(r, rows)),
      0,
    );
    if (measure(body) <= opts.limit) return body;
  }
  // Leave out details, least important first: passes, then errors, then failures.
  const keepRank = { pass: 0, error: 1, fail: 2 };
  const order = runs.map((r, i) => ({ i, rank: keepRank[verdictOf(r)] })).sort((a, b) => a.rank - b.rank || b.i - a.i);
  const kept = new Set(runs.map((_, i) => i));
  for (const { i } of order) {
    kept.delete(i);
    const parts = runs.map((r, j) => (kept.has(j) ? details(r, 0) : '')).filter(Boolean);
    const body = compose(parts, runs.length - kept.size);
    if (measure(body) <= opts.limit) return body;
  }
  return compose([], runs.length); // the table alone: never trimmed
}
