/**
 * The short human summary printed to stdout at the end of a run: verdict, metrics, top sites.
 * Plain text (terminals), with control characters from profiles removed.
 */
import { formatBytes, formatCount, formatRate } from '../units.js';
import type { Report } from './report.js';

const clean = (s: string, max = 100) => {
  const t = s.replace(/[\u0000-\u001f\u007f]+/g, ' ');
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
};

/** A rate, or "unbounded" for an interval side the data could not bound. */
const rate = (v: number, unit: string) =>
  Number.isFinite(v) ? formatRate(v, unit) : v > 0 ? 'unbounded' : '−unbounded';

export function renderConsole(r: Report, outDir: string): string {
  const lines: string[] = [''];
  lines.push(`${r.verdict.toUpperCase()}: ${clean(r.summary, 400)}`);
  for (const m of r.metrics) {
    const mark = m.verdict === 'fail' ? '✗' : m.verdict === 'inconclusive' ? '?' : '✓';
    const limit = m.budgetPerMinute !== null ? `  budget ${formatRate(m.budgetPerMinute, m.unit)}` : '';
    const base = m.baselineSlopePerMinute !== null ? `  baseline ${formatRate(m.baselineSlopePerMinute, m.unit)}` : '';
    lines.push(
      `  ${mark} ${m.name.padEnd(13)} ${formatRate(m.slopePerMinute, m.unit).padStart(16)}  [${rate(m.ciLow, m.unit)} … ${rate(m.ciHigh, m.unit)}]${base}${limit}${m.plateau && m.slopePerMinute > 0 ? '  (levelled off)' : ''}`,
    );
  }
  const top = r.sites.filter((s) => s.verdict === 'fail' || s.slopeBytesPerMinute > 0).slice(0, 3);
  if (top.length) lines.push('  top allocation sites by growth:');
  for (const s of top) {
    lines.push(
      `    ${s.verdict === 'fail' ? '✗' : ' '} ${formatRate(s.slopeBytesPerMinute, 'bytes').padStart(14)}  ${clean(s.function)}  ${clean(`${s.file}:${s.line}`, 120)}  (${formatBytes(s.inuseBytes)} in use)`,
    );
  }
  const g = r.goroutineSites.filter((s) => s.verdict === 'fail').slice(0, 3);
  if (g.length) lines.push('  goroutines piling up at:');
  for (const s of g)
    lines.push(
      `    ✗ ${formatRate(s.slopePerMinute, 'goroutines').padStart(14)}  ${clean(s.function)}  ${clean(`${s.file}:${s.line}`, 120)}  (${formatCount(s.goroutines)} now)`,
    );
  const heap = r.metrics.find((m) => m.name === 'heap_live');
  if (heap)
    lines.push(
      `  sensitivity: would catch heap growth of ${rate(heap.minDetectablePerMinute, 'bytes')} above the allowance; profile rate ${r.run.profileRateInForce === null ? 'unknown' : formatBytes(r.run.profileRateInForce)}`,
    );
  for (const m of r.metrics.filter((x) => x.verdict === 'inconclusive')) {
    lines.push(`  WARNING: ${m.name}: ${clean(m.reason, 400)}${r.run.strict ? ' (fails under --strict)' : ''}`);
  }
  for (const n of r.notes) lines.push(`  note: ${clean(n, 400)}`);
  lines.push(`  report: ${outDir}/report.md, ${outDir}/report.json`);
  return `${lines.join('\n')}\n`;
}
