/**
 * A recording rebuilt from a run directory, for `go-mem-gate judge`: the samples from samples.ndjson, the
 * facts from run.json, and the site timelines from the saved profiles, decoded again in sample order exactly
 * as the live run added them: samples.ndjson says which profiles joined the timelines (a profile that did not
 * decode then, or was fetched when the sample failed, is left out as it was).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ProfileError,
  type ProfileSummary,
  summariseGoroutineProfile,
  summariseHeapProfile,
} from '../analyze/profile.js';
import { type RowStore, SiteTimeline } from '../analyze/timeline.js';
import { UsageError } from '../errors.js';
import type { Recording, Sample } from './record.js';
import type { RecordingFacts, SampleLine } from './run-files.js';

type Summarise = (profile: Uint8Array, opts: { module?: string | null }) => ProfileSummary;

function addProfile(
  dir: string,
  file: string | null,
  timelines: { sites: SiteTimeline; owners: SiteTimeline },
  t: number,
  summarise: Summarise,
  module: string | null,
): void {
  if (file === null) return;
  const path = join(dir, file);
  if (!existsSync(path)) {
    throw new UsageError(`${dir}: ${file} is missing (samples.ndjson names it): the run directory is incomplete`);
  }
  let data: Uint8Array;
  try {
    data = readFileSync(path);
  } catch (err) {
    throw new UsageError(`${dir}: ${file} cannot be read (${(err as Error).message}): the run directory is damaged`);
  }
  let summary: ProfileSummary;
  try {
    summary = summarise(data, { module });
  } catch (err) {
    if (err instanceof ProfileError) return; // the live run skipped it too (the sample says why)
    throw err;
  }
  timelines.sites.add(t, summary);
  // Owners as the sampler found them: the same profile, rolled up with the module the live run used.
  if (summary.owners) timelines.owners.add(t, summary, summary.owners);
}

/** `store` gives each timeline a RowStore (on disk for big runs); without it the timelines stay in memory. */
export function replayRecording(
  dir: string,
  samples: SampleLine[],
  facts: RecordingFacts,
  store: (kind: 'heap' | 'goroutine') => RowStore | null = () => null,
): Recording {
  const heapSites = new SiteTimeline(store('heap'));
  const goroutineSites = new SiteTimeline(store('goroutine'));
  const heapOwners = new SiteTimeline();
  const goroutineOwners = new SiteTimeline();
  const module = facts.module?.path ?? null;
  const heap = { sites: heapSites, owners: heapOwners };
  const goroutine = { sites: goroutineSites, owners: goroutineOwners };
  const plain: Sample[] = [];
  for (const line of samples) {
    const { sitesAdded, dropped, ...s } = line;
    // The live run says which profiles it added; older runs: every profile named that decodes.
    if (sitesAdded?.heap ?? true) addProfile(dir, s.heapProfile ?? null, heap, s.t, summariseHeapProfile, module);
    if (sitesAdded?.goroutine ?? true) {
      addProfile(dir, s.goroutineProfile ?? null, goroutine, s.t, summariseGoroutineProfile, module);
    }
    if (!dropped) plain.push(s);
  }
  return { ...facts, samples: plain, heapSites, goroutineSites, heapOwners, goroutineOwners };
}
