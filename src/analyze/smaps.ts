/** /proc/PID/smaps_rollup: resident memory split into anonymous and file-backed. Pure. */

export interface MemorySplit {
  rss: number;
  anonymous: number;
  /** Rss - Anonymous: file-backed (and shared memory) pages. */
  fileBacked: number;
}

/**
 * Parse smaps_rollup text (values in kB) into bytes.
 * @example parseSmapsRollup('Rss: 10 kB\nAnonymous: 6 kB\n') // { rss: 10240, anonymous: 6144, fileBacked: 4096 }
 */
export function parseSmapsRollup(text: string): MemorySplit | null {
  const kb = (name: string) => {
    const m = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text);
    return m ? Number(m[1]) * 1024 : null;
  };
  const rss = kb('Rss');
  const anonymous = kb('Anonymous');
  if (rss === null || anonymous === null) return null;
  return { rss, anonymous, fileBacked: Math.max(0, rss - anonymous) };
}

/** Sum the splits of a process tree's processes. */
export function sumSplits(splits: readonly MemorySplit[]): MemorySplit {
  return splits.reduce(
    (a, s) => ({ rss: a.rss + s.rss, anonymous: a.anonymous + s.anonymous, fileBacked: a.fileBacked + s.fileBacked }),
    { rss: 0, anonymous: 0, fileBacked: 0 },
  );
}
