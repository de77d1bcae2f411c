/**
 * Cheap extra looks at the service, once at the start of sampling and once at its end (never per sample):
 * smaps_rollup of its processes (anonymous vs file-backed memory), and at the end the goroutine dump
 * (debug=2: wait reasons, minutes blocked, creation sites) and the goroutine leak profile where the service's
 * Go has it (Go 1.26 built with GOEXPERIMENT=goroutineleakprofile; on by default from Go 1.27).
 * Each is best effort: a failure leaves its field null and never fails the run. Raw answers are kept in out/.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type GoroutineGroup, parseGoroutineDump } from '../analyze/goroutinedump.js';
import { type MemorySplit, parseSmapsRollup, sumSplits } from '../analyze/smaps.js';
import type { RunConfig } from '../config.js';
import { fetchBytes, HttpStatusError } from './http.js';
import { groupMembers } from './process.js';
import { inlineDecoder, type ProfileDecoder } from './profile-decoder.js';

export interface EndState {
  goroutineDump: GoroutineGroup[] | null;
  /** null: not fetched or failed; available false: this Go has no goroutineleak profile (404). */
  goroutineLeak: {
    available: boolean;
    total: number;
    sites: { function: string; file: string; line: number; count: number }[];
  } | null;
  smaps: { first: MemorySplit; last: MemorySplit; spanS: number } | null;
}

/** smaps_rollup summed over the process group's live processes; null when none could be read. */
export function groupSmaps(pgid: number): MemorySplit | null {
  const splits: MemorySplit[] = [];
  for (const pid of groupMembers(pgid)) {
    try {
      const s = parseSmapsRollup(readFileSync(`/proc/${pid}/smaps_rollup`, 'latin1'));
      if (s) splits.push(s);
    } catch {
      /* gone, or no smaps_rollup (kernel < 4.14) */
    }
  }
  return splits.length ? sumSplits(splits) : null;
}

export async function fetchEndState(
  cfg: RunConfig,
  pgid: number,
  smapsFirst: { at: number; split: MemorySplit } | null,
  signal: AbortSignal,
  module: string | null,
  decoder: ProfileDecoder = inlineDecoder,
): Promise<EndState> {
  const state: EndState = { goroutineDump: null, goroutineLeak: null, smaps: null };
  const last = groupSmaps(pgid);
  if (smapsFirst && last)
    state.smaps = { first: smapsFirst.split, last, spanS: (performance.now() - smapsFirst.at) / 1000 };
  const timeoutMs = cfg.requestTimeoutS * 1000;
  try {
    const text = await fetchBytes(`${cfg.pprofUrl}/goroutine?debug=2`, timeoutMs, signal);
    writeFileSync(join(cfg.out, 'goroutines-end.txt'), text);
    state.goroutineDump = parseGoroutineDump(new TextDecoder().decode(text));
  } catch {
    /* best effort */
  }
  try {
    const leak = await fetchBytes(`${cfg.pprofUrl}/goroutineleak`, timeoutMs, signal);
    writeFileSync(join(cfg.out, 'profiles', 'goroutineleak-end.pb.gz'), leak);
    const s = await decoder.summarise('goroutineleak', leak, signal, module);
    const sites = [...s.sites.values()]
      .sort((a, b) => b.value - a.value)
      .slice(0, 5)
      .map((x) => ({ ...x.site, count: x.value }));
    state.goroutineLeak = { available: true, total: s.total, sites };
  } catch (err) {
    // 404: this Go has no goroutineleak profile. Timeouts, corrupt profiles (ProfileError): left null.
    if (err instanceof HttpStatusError && err.status === 404)
      state.goroutineLeak = { available: false, total: 0, sites: [] };
  }
  return state;
}
