/**
 * `--attribute auto`: a second pass that only adds blame. When the gate has failed on the live heap and the
 * first pass's profile sampling could not resolve where the growth comes from, the service is started again
 * with a finer heap profile rate, chosen from the measured growth so that about TARGET_ATTRIBUTION_SAMPLES
 * samples are expected in a run of the same length (the time cap), and never finer than MIN_SECOND_PASS_RATE.
 * The verdict, metrics and exit status stay the first pass's; the owners come from the second pass, and the
 * service CPU per second of both passes is reported so the cost of the finer rate is visible.
 */
import { join } from 'node:path';
import type { RunConfig } from './config.js';
import type { Report } from './report/report.js';
import type { Recording } from './run/record.js';
import { formatBytes } from './units.js';

/** Finest rate the second pass uses: below this the profiling cost grows without a real gain in blame. */
export const MIN_SECOND_PASS_RATE = 512;

/** Service CPU seconds per second of sampling (from the samples' process-group CPU time). */
export function cpuPerSecond(rec: Recording): number | null {
  const s = rec.samples.filter((x) => typeof x.cpuSeconds === 'number');
  if (s.length < 2) return null;
  const a = s[0];
  const b = s[s.length - 1];
  return b.t > a.t ? (b.cpuSeconds! - a.cpuSeconds!) / (b.t - a.t) : null;
}

/** Should a second pass run? Only to explain a heap failure the first pass could not attribute. */
export function wantsSecondPass(cfg: RunConfig, report: Report): boolean {
  const heap = report.metrics.find((m) => m.name === 'heap_live');
  return (
    cfg.attribute === 'auto' &&
    report.verdict === 'fail' &&
    heap?.verdict === 'fail' &&
    report.attribution?.resolvable === false
  );
}

/** The second pass's heap profile rate: the first pass's suggestion, never finer than MIN_SECOND_PASS_RATE. */
export function secondPassRate(report: Report): number {
  return Math.max(MIN_SECOND_PASS_RATE, report.attribution!.suggestedProfileRate);
}

/** The second pass's configuration: same service, load and duration, the finer rate, out/attribution/. */
export function secondPassConfig(cfg: RunConfig, rate: number): RunConfig {
  return { ...cfg, profileRate: rate, out: join(cfg.out, 'attribution'), baseline: null, saveBaseline: null };
}

/** Fold the second pass's blame into the first pass's report (verdict untouched). Pure. */
export function mergeSecondPass(
  report: Report,
  second: Report,
  firstCpu: number | null,
  secondCpu: number | null,
): void {
  const a = report.attribution!;
  const b = second.attribution;
  const ok = second.verdict !== 'error' && !!b;
  a.secondPass = {
    profileRate: second.run.profileRateInForce ?? second.run.profileRateRequested,
    expectedSamples: b?.expectedSamples ?? 0,
    resolvable: ok && b!.resolvable,
    error: second.error,
    serviceCpuPerSecond: { first: firstCpu, second: secondCpu },
    wallS: second.run.wallS,
  };
  if (ok && b!.resolvable) {
    report.owners = second.owners ?? [];
    report.notes.push(
      `owners come from a second pass at a heap profile rate of ${formatBytes(a.secondPass.profileRate)} (about ` +
        `${b!.expectedSamples.toFixed(0)} samples of the growth); the verdict is the first pass's`,
    );
  } else {
    report.notes.push(
      `a second pass at a heap profile rate of ${formatBytes(a.secondPass.profileRate)} ` +
        'could not resolve the owner either' +
        `${second.error ? ` (${second.error})` : ` (about ${(b?.expectedSamples ?? 0).toFixed(1)} samples)`}`,
    );
  }
}
