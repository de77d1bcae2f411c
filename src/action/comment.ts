/**
 * The sticky PR comment: found again by a hidden marker, and trimmed to fit GitHub's limit before it is sent.
 */

import { renderMarkdown } from '../report/markdown.js';
import type { Report } from '../report/report.js';

/** GitHub refuses comment bodies over 65,536 characters with 422. */
export const MAX_COMMENT_CHARS = 65_536;
/** A job summary may be at most 1 MiB per step. */
export const MAX_SUMMARY_BYTES = 1024 * 1024;

export function marker(baselineName: string): string {
  return `<!-- go-mem-gate:${baselineName} -->`;
}

/**
 * Render report.md with a marker and footer so that it fits `limit`: fewer site rows first (the top sites stay,
 * with a note on how many were cut), and as a last resort a hard cut with a note.
 */
export function fitBody(
  report: Report,
  opts: { header?: string; footer: string[]; limit: number; measure?: (s: string) => number },
): string {
  const measure = opts.measure ?? ((s: string) => s.length);
  const header = opts.header ? `${opts.header}\n` : '';
  let body = '';
  for (const rows of [20, 10, 5, 3, 1, 0]) {
    body = header + renderMarkdown(report, { maxSiteRows: rows, footer: opts.footer });
    if (measure(body) <= opts.limit) return body;
  }
  const note = "\n\n_…cut to fit GitHub's limit: the full report is report.md in the run's artifact._\n";
  let cut = opts.limit - measure(note) - 16;
  while (cut > 0 && measure(body.slice(0, cut)) > opts.limit - measure(note)) cut -= 1024;
  return body.slice(0, Math.max(0, cut)) + note;
}
