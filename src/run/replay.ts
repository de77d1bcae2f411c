/**
 * A recording rebuilt from a run directory, for `go-mem-gate judge`: the samples from samples.ndjson, the
 * facts from run.json, and the site timelines from the saved profiles, decoded again in sample order exactly
 * as the live run added them: samples.ndjson says which profiles joined the timelines (a profile that did not
 * decode then, or was fetched when the sample failed, is left out as it was). Profiles are decoded through the
 * same bounded path as a live run (a worker thread with its caps, see profile-decoder.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ProfileError, type ProfileSummary } from '../analyze/profile.js';
import { type RowStore, SiteTimeline } from '../analyze/timeline.js';
import { UsageError } from '../errors.js';
import { type ProfileDecoder, summariseKind } from './profile-decoder.js';
import type { Recording, Sample } from './record.js';
import type { RecordingFacts, SampleLine } from './run-files.js';

/** A profile named by samples.ndjson, to join a timeline at time t once decoded. */
interface ProfileJob {
  file: string;
  kind: 'heap' | 'goroutine';
  t: number;
}

function readProfile(dir: string, file: string): Uint8Array {
  const path = join(dir, file);
  if (!existsSync(path)) {
    throw new UsageError(`${dir}: ${file} is missing (samples.ndjson names it): the run directory is incomplete`);
  }
  try {
    return readFileSync(path);
  } catch (err) {
    throw new UsageError(`${dir}: ${file} cannot be read (${(err as Error).message}): the run directory is damaged`);
  }
}

/** The timelines being rebuilt, and the samples kept. */
class Replay {
  readonly heapSites: SiteTimeline;
  readonly goroutineSites: SiteTimeline;
  readonly heapOwners = new SiteTimeline();
  readonly goroutineOwners = new SiteTimeline();
  readonly plain: Sample[] = [];
  /** The profiles to decode, in sample order (the order the live run added them). */
  readonly jobs: ProfileJob[] = [];

  constructor(samples: SampleLine[], store: (kind: 'heap' | 'goroutine') => RowStore | null) {
    this.heapSites = new SiteTimeline(store('heap'));
    this.goroutineSites = new SiteTimeline(store('goroutine'));
    for (const line of samples) {
      const { sitesAdded, dropped, ...s } = line;
      // The live run says which profiles it added; older runs: every profile named that decodes.
      if ((sitesAdded?.heap ?? true) && s.heapProfile) this.jobs.push({ file: s.heapProfile, kind: 'heap', t: s.t });
      if ((sitesAdded?.goroutine ?? true) && s.goroutineProfile) {
        this.jobs.push({ file: s.goroutineProfile, kind: 'goroutine', t: s.t });
      }
      if (!dropped) this.plain.push(s);
    }
  }

  /** Add a decoded profile; a ProfileError leaves it out, as the live run did (the sample says why). */
  add(job: ProfileJob, summary: ProfileSummary | ProfileError): void {
    if (summary instanceof ProfileError) return;
    const sites = job.kind === 'heap' ? this.heapSites : this.goroutineSites;
    sites.add(job.t, summary);
    // Owners as the sampler found them: the same profile, rolled up with the module the live run used.
    if (summary.owners)
      (job.kind === 'heap' ? this.heapOwners : this.goroutineOwners).add(job.t, summary, summary.owners);
  }

  recording(facts: RecordingFacts): Recording {
    const { heapSites, goroutineSites, heapOwners, goroutineOwners } = this;
    return { ...facts, samples: this.plain, heapSites, goroutineSites, heapOwners, goroutineOwners };
  }
}

const asProfileError = (err: unknown) => {
  if (err instanceof ProfileError) return err;
  throw err;
};

/**
 * Rebuild the recording, decoding every profile through `decoder`: for `go-mem-gate judge`, the worker of a live
 * run (profile-decoder.ts), so a hostile recorded profile is held to the same caps and a signal gets through.
 * `store` gives each timeline a RowStore (on disk for big runs); without it the timelines stay in memory.
 */
export async function replayRecording(
  dir: string,
  samples: SampleLine[],
  facts: RecordingFacts,
  decoder: ProfileDecoder,
  store: (kind: 'heap' | 'goroutine') => RowStore | null = () => null,
  signal?: AbortSignal,
): Promise<Recording> {
  const replay = new Replay(samples, store);
  const module = facts.module?.path ?? null;
  for (const job of replay.jobs) {
    const data = readProfile(dir, job.file);
    replay.add(job, await decoder.summarise(job.kind, data, signal, module).catch(asProfileError));
  }
  return replay.recording(facts);
}

/**
 * The same, decoding inline on this thread: for recordings made by our own benchmarks (trusted input) where
 * a synchronous call is wanted. Anything from outside goes through replayRecording.
 */
export function replayRecordingInline(
  dir: string,
  samples: SampleLine[],
  facts: RecordingFacts,
  store: (kind: 'heap' | 'goroutine') => RowStore | null = () => null,
): Recording {
  const replay = new Replay(samples, store);
  const module = facts.module?.path ?? null;
  for (const job of replay.jobs) {
    const data = readProfile(dir, job.file);
    let summary: ProfileSummary | ProfileError;
    try {
      summary = summariseKind(job.kind, data, module);
    } catch (err) {
      summary = asProfileError(err);
    }
    replay.add(job, summary);
  }
  return replay.recording(facts);
}
