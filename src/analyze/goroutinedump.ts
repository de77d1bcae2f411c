/**
 * /debug/pprof/goroutine?debug=2 text: one block per goroutine with its wait reason, minutes blocked (printed by
 * the runtime from one minute on), stack and creation site. Grouped by (wait reason, top frame, creator). Pure.
 */
import type { Frame } from './profile.js';

export interface GoroutineGroup {
  /** Wait reason without the duration, e.g. "chan receive", "select", "IO wait". */
  waitReason: string;
  count: number;
  /** Longest time blocked among the group, in minutes (0: under a minute, the runtime prints no duration). */
  maxMinutes: number;
  /** Frames of the stack, leaf first (runtime frames included, as printed). */
  stack: Frame[];
  /** `created by` function and its call site, when printed. */
  createdBy: Frame | null;
}

const HEADER = /^goroutine \d+(?: gp=\S+ m=\S+(?: mp=\S+)?)? \[([^\]]*)\]:$/;

/**
 * Parse a debug=2 goroutine dump into groups, largest first.
 * @example parseGoroutineDump('goroutine 7 [chan receive, 3 minutes]:\nmain.wait()\n\t/a/main.go:9 +0x1d\n')[0]
 * // { waitReason: 'chan receive', count: 1, maxMinutes: 3, stack: [main.wait /a/main.go:9], createdBy: null }
 */
export function parseGoroutineDump(text: string): GoroutineGroup[] {
  const groups = new Map<string, GoroutineGroup>();
  const lines = text.split('\n');
  let i = 0;
  while (i < lines.length) {
    const h = HEADER.exec(lines[i].trimEnd());
    i++;
    if (!h) continue;
    const parts = h[1].split(',').map((s) => s.trim());
    const waitReason = parts[0];
    const minutes = parts.map((p) => /^(\d+) minutes?$/.exec(p)).find((m) => m);
    const stack: Frame[] = [];
    let createdBy: Frame | null = null;
    while (i < lines.length && lines[i].trim() !== '') {
      const call = lines[i].trim();
      const loc = /^\t?(.+):(\d+)(?: \+0x[0-9a-f]+)?$/.exec((lines[i + 1] ?? '').trim());
      const created = /^created by (\S+)(?: in goroutine \d+)?$/.exec(call);
      const frame = (fn: string): Frame => ({ function: fn, file: loc ? loc[1] : '', line: loc ? Number(loc[2]) : 0 });
      if (created) createdBy = frame(created[1]);
      else stack.push(frame(call.replace(/\((?:[^()]|\.\.\.)*\)$/, '')));
      i += loc ? 2 : 1;
    }
    const top =
      stack.find((f) => !f.function.startsWith('runtime.') && !f.function.startsWith('internal/')) ?? stack[0];
    const key = `${waitReason}\u0000${top?.function ?? ''}\u0000${createdBy?.function ?? ''}`;
    const g = groups.get(key);
    const mins = minutes ? Number(minutes[1]) : 0;
    if (g) {
      g.count++;
      g.maxMinutes = Math.max(g.maxMinutes, mins);
    } else groups.set(key, { waitReason, count: 1, maxMinutes: mins, stack, createdBy });
  }
  return [...groups.values()].sort((a, b) => b.count - a.count);
}
