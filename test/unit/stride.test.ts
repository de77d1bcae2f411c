import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMemStats } from '../../src/analyze/profile.js';
import { goroutineCountFromIndex } from '../../src/run/pprof-index.js';
import { memStatsOf } from '../../src/run/sample.js';
import { judgedSlots, MAX_PROFILE_STRIDE, ProfileSchedule, profileStride } from '../../src/run/stride.js';
import { ROOT } from '../helpers/gate.js';

describe('profileStride', () => {
  it('fetches a cheap profile every sample', () => {
    expect(profileStride(0.003, 1, 51)).toBe(1);
    expect(profileStride(0.02, 1, 51)).toBe(1);
  });
  it('fetches a costly one so that it takes about 2% of the interval', () => {
    expect(profileStride(0.05, 1, 1000)).toBe(3);
    expect(profileStride(0.05, 2, 1000)).toBe(2);
    expect(profileStride(5, 1, 1000)).toBe(MAX_PROFILE_STRIDE);
  });
  it('never so rarely that fewer than 8 profiles land after the warm-up', () => {
    expect(profileStride(0.15, 1, 51)).toBe(6); // 51 slots / 8
    expect(profileStride(5, 1, 10)).toBe(1);
  });
  it('counts the slots after the warm-up', () => {
    expect(judgedSlots(60, 10, 1)).toBe(51);
    expect(judgedSlots(60, 10, 2)).toBe(26);
  });
});

describe('ProfileSchedule', () => {
  it('fetches the first sample, then every stride slots; a failed fetch is retried at once', () => {
    const s = new ProfileSchedule(1, 1000);
    expect(s.due(0)).toBe(true);
    s.fetched(0, 0.1, true); // stride 5
    expect([1, 2, 3, 4].map((i) => s.due(i))).toEqual([false, false, false, false]);
    expect(s.due(5)).toBe(true);
    s.fetched(5, null, true); // failed: due again next slot
    expect(s.due(6)).toBe(true);
  });
  it('a small profile is fetched every sample however long it took (a busy machine)', () => {
    const s = new ProfileSchedule(1, 1000);
    s.fetched(0, 0.5, false);
    expect(s.due(1)).toBe(true);
  });
});

describe('goroutineCountFromIndex', () => {
  it('reads the count on the Go 1.26 index page', () => {
    const page = [
      "<tr><td>0</td><td><a href='block?debug=1'>block</a></td></tr>",
      "<tr><td>0</td><td><a href='cmdline?debug=1'>cmdline</a></td></tr>",
      "<tr><td>6</td><td><a href='goroutine?debug=1'>goroutine</a></td></tr>",
      "<tr><td>1</td><td><a href='heap?debug=1'>heap</a></td></tr>",
      '<a href="goroutine?debug=2">full goroutine stack dump</a>',
    ].join('\n');
    expect(goroutineCountFromIndex(page)).toBe(6);
  });
  it('reads the older layout', () => {
    expect(goroutineCountFromIndex('<tr><td align=right>12<td><a href="goroutine?debug=1">goroutine</a>')).toBe(12);
  });
  it('null when there is no count (not a pprof index)', () => {
    expect(goroutineCountFromIndex('<html>pprof</html>')).toBeNull();
    expect(goroutineCountFromIndex("<a href='goroutine?debug=1'>goroutine</a>")).toBeNull();
  });
});

describe('memStatsOf', () => {
  it('reads the MemStats block from the tail of a large heap?debug=1 text, as from the whole text', () => {
    const text = readFileSync(join(ROOT, 'fixtures', 'profiles', 'mapleak-heap-debug1.txt'), 'utf8');
    const big = `${'0: 0 [1: 64] @ 0x1\n#\t0x1\tmain.f+0x1\t/x.go:1\n\n'.repeat(5000)}${text}`;
    expect(Buffer.byteLength(big)).toBeGreaterThan(200 * 1024);
    const whole = parseMemStats(big);
    expect(whole.HeapAlloc).toBe(1092128);
    expect(memStatsOf(Buffer.from(big))).toEqual(whole);
    expect(memStatsOf(Buffer.from(text))).toEqual(parseMemStats(text));
  });
  it('falls back to the whole text when the tail has no MemStats block', () => {
    const pad = '# Pad = 1\n'.repeat(10_000);
    const text = `heap profile: 1: 1 [1: 1] @ heap/1\n# runtime.MemStats\n# HeapAlloc = 5\n${pad}`;
    expect(memStatsOf(Buffer.from(text)).HeapAlloc).toBe(5);
  });
});
