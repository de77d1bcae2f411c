/**
 * Is a finished recording fit to be judged? Pure: the recorded samples and how the run ended in, the reason
 * it is not (one line for the report) or null out.
 */
import { minJudgedSamples } from '../config.js';
import { formatDuration } from '../units.js';
import type { LoadStats } from './load.js';
import type { Sample } from './sample.js';

export interface RecordingFacts {
  samples: readonly Pick<Sample, 't' | 'heapLive' | 'skipped'>[];
  skippedSamples: number;
  warmupS: number;
  intervalS: number;
  /** Seconds after which the load command ended the run early by exiting 0; null when it did not. */
  loadEndedRunEarlyAfterS: number | null;
  /** Statistics of the built-in load, when it was used. */
  builtin: LoadStats | null;
  /** Two-sided confidence of the verdicts (more samples are needed at higher confidence); default 0.99. */
  confidence?: number;
}

/** Why the recording cannot be judged, or null when it can. */
export function recordingProblem(f: RecordingFacts): string | null {
  const judged = f.samples.filter((s) => s.heapLive !== null && s.t >= f.warmupS - 1e-9).length;
  const need = minJudgedSamples(f.confidence ?? 0.99);
  if (f.loadEndedRunEarlyAfterS !== null && judged < need) {
    const at = f.loadEndedRunEarlyAfterS;
    return (
      `the load command finished after ${at.toFixed(1)}s, leaving ${judged} samples after the ` +
      `${formatDuration(f.warmupS)} warm-up (need ${need}): make the load run at least ` +
      `${formatDuration(f.warmupS + need * f.intervalS)}, or shorten --warmup`
    );
  }
  const st = f.builtin;
  if (st && st.sent >= 10 && st.ok < st.sent / 2) {
    return (
      `the built-in load got 2xx for only ${st.ok} of ${st.sent} requests to ${st.url} ` +
      `(first error: ${st.firstError ?? 'none'}); check --load-url`
    );
  }
  const good = f.samples.filter((s) => !s.skipped).length;
  if (f.samples.length > 0 && good < f.samples.length / 2) {
    return (
      `${f.skippedSamples} of ${f.samples.length} samples failed (${f.samples.find((s) => s.skipped)?.skipped}); ` +
      'the service answers pprof too slowly or not at all under this load'
    );
  }
  if (judged < need) {
    const first = f.samples.find((s) => s.skipped)?.skipped;
    return (
      `only ${judged} samples after the ${formatDuration(f.warmupS)} warm-up have a heap reading ` +
      `(need ${need}); ${f.skippedSamples} of ${f.samples.length} were skipped` +
      `${first ? ` (first: ${first})` : ''}: lengthen --duration, or raise --interval if pprof answers slowly`
    );
  }
  return null;
}
