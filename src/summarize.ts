/**
 * `go-mem-gate summarize DIR...`: read several runs' output directories (report.json each) and print one
 * Markdown body for all of them. Exit 1 when any run failed, otherwise 2 when any could not measure, else 0.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { UsageError } from './errors.js';
import type { Report } from './report/report.js';
import { renderSummary, type SummaryRun, summaryExitCode } from './report/summary.js';

export const SUMMARIZE_USAGE = `usage: go-mem-gate summarize DIR...
  Reads report.json in each DIR (the --out of a run) and prints one Markdown body: a table with a row per run
  (its run --name, else its directory's name), then each run's report collapsed. It stays under GitHub's 65,536-character
  comment limit by trimming details, never the table.
exit status: 1 when any run failed, otherwise 2 when any could not measure (or has no report), otherwise 0`;

/**
 * Read one run's directory. Its row is labelled with the run's --name (report.json run.name), else `name`
 * (default: the directory's name). A missing or unreadable report is a run that could not measure, not a crash.
 */
export function readRun(dir: string, name = basename(resolve(dir))): SummaryRun {
  const file = join(dir, 'report.json');
  if (!existsSync(file)) return { name, report: null, problem: `no report.json in ${dir}` };
  try {
    const r = JSON.parse(readFileSync(file, 'utf8')) as Report;
    const shaped = r?.schemaVersion === 1 && ['pass', 'fail', 'error'].includes(r.verdict);
    if (!shaped || !Array.isArray(r.metrics) || !Array.isArray(r.sites)) {
      return { name, report: null, problem: `${file} is not a go-mem-gate report.json (schemaVersion 1)` };
    }
    const label = typeof r.run?.name === 'string' && r.run.name.trim() ? r.run.name.trim() : name;
    return { name: label, report: { ...r, goroutineSites: r.goroutineSites ?? [], notes: r.notes ?? [] } };
  } catch (err) {
    return { name, report: null, problem: `${file} could not be read: ${(err as Error).message.split('\n')[0]}` };
  }
}

/** Run the summarize command: returns the body and the exit status. */
export function summarize(dirs: string[], limit = 65_536): { body: string; exitCode: 0 | 1 | 2 } {
  if (dirs.length === 0) {
    throw new UsageError("summarize needs at least one DIR (a run's --out directory): go-mem-gate summarize DIR...");
  }
  for (const d of dirs) {
    if (d.startsWith('-')) {
      throw new UsageError(`summarize: unknown flag "${d}"; give run directories: go-mem-gate summarize DIR...`);
    }
    if (!existsSync(d) || !statSync(d).isDirectory()) {
      throw new UsageError(`summarize: "${d}" is not a directory; give each run's --out directory`);
    }
  }
  const runs = dirs.map((d) => readRun(d));
  return { body: renderSummary(runs, { limit }), exitCode: summaryExitCode(runs) };
}
