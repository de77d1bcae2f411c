/**
 * Which regressed sites get an error annotation. GitHub shows at most 10 error annotations per step (the step's
 * own failure message is one of them), so the most important go first: the largest share of their metric's
 * growth, which compares bytes and goroutines on one scale. Pure.
 */
import type { Report } from '../report/report.js';
import { formatRate } from '../units.js';

/** GitHub's limit of error annotations per step. */
export const MAX_ERROR_ANNOTATIONS = 10;

export interface SiteAnnotation {
  function: string;
  file: string;
  line: number;
  text: string;
  /** The site's share of its metric's slope (for the order). */
  share: number;
}

export function pickAnnotations(report: Report, limit: number): { items: SiteAnnotation[]; leftOut: number } {
  const slope = (name: string) => report.metrics.find((m) => m.name === name)?.slopePerMinute ?? 0;
  const shareOf = (s: number, total: number) => (total > 0 ? s / total : 0);
  const heap = slope('heap_live');
  const gor = slope('goroutines');
  const all: SiteAnnotation[] = [
    ...report.sites
      .filter((s) => s.verdict === 'fail')
      .map((s) => {
        const base = s.baselineSlopeBytesPerMinute;
        const was = base === null ? '' : ` (baseline: ${formatRate(base, 'bytes')})`;
        const text = `${s.function} grows by ${formatRate(s.slopeBytesPerMinute, 'bytes')} of in-use memory${was}`;
        return { function: s.function, file: s.file, line: s.line, text, share: shareOf(s.slopeBytesPerMinute, heap) };
      }),
    ...report.goroutineSites
      .filter((s) => s.verdict === 'fail')
      .map((s) => {
        const base = s.baselineSlopePerMinute;
        const was = base === null ? '' : ` (baseline: ${formatRate(base, 'goroutines')})`;
        const text = `${s.function} grows by ${formatRate(s.slopePerMinute, 'goroutines')} goroutines waiting here${was}`;
        return { function: s.function, file: s.file, line: s.line, text, share: shareOf(s.slopePerMinute, gor) };
      }),
  ];
  // Stable sort: equal shares keep the report's order (regressed first, by slope).
  const sorted = all
    .map((a, i) => ({ a, i }))
    .sort((x, y) => y.a.share - x.a.share || x.i - y.i)
    .map((x) => x.a);
  const n = Math.max(0, limit);
  return { items: sorted.slice(0, n), leftOut: Math.max(0, sorted.length - n) };
}
