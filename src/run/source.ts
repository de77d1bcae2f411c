/** Source lines of allocation sites, read from the files the profile names when they are on this machine. */
import { readFileSync, statSync } from 'node:fs';

const MAX_SOURCE_BYTES = 4 * 1024 * 1024;

/** A line reader with a per-file cache; null when the file is missing, too large or has no such line. */
export function sourceLineReader(): (file: string, line: number) => string | null {
  const cache = new Map<string, string[] | null>();
  return (file, line) => {
    if (!file.startsWith('/') || !file.endsWith('.go')) return null;
    let lines = cache.get(file);
    if (lines === undefined) {
      try {
        // Regular files only: a FIFO or device named by a (hostile) profile must not block the gate.
        const st = statSync(file);
        lines = st.isFile() && st.size <= MAX_SOURCE_BYTES ? readFileSync(file, 'utf8').split('\n') : null;
      } catch {
        lines = null;
      }
      cache.set(file, lines);
    }
    return lines?.[line - 1] ?? null;
  };
}
