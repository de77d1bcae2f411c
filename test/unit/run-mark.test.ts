/** The GO_MEM_GATE_RUN mark: a whole environment entry matches, nothing longer or shorter does. */
import { describe, expect, it } from 'vitest';
import { environHolds, newRunMark, RUN_MARK_VAR } from '../../src/run/process.js';

const env = (...entries: string[]) => Buffer.from(entries.map((e) => `${e}\0`).join(''), 'latin1');

describe('environHolds', () => {
  const { value, mark } = newRunMark('service');
  const entry = `${RUN_MARK_VAR}=${value}`;

  it('finds the entry first, in the middle, last, and without the final NUL', () => {
    expect(environHolds(env(entry, 'PATH=/bin'), mark.entry)).toBe(true);
    expect(environHolds(env('HOME=/root', entry, 'PATH=/bin'), mark.entry)).toBe(true);
    expect(environHolds(env('HOME=/root', entry), mark.entry)).toBe(true);
    expect(environHolds(Buffer.from(`HOME=/root\0${entry}`, 'latin1'), mark.entry)).toBe(true);
  });

  it('does not take a longer value, a longer name, another token or a value elsewhere for it', () => {
    expect(environHolds(env(`${entry}0`), mark.entry)).toBe(false);
    expect(environHolds(env(`X${entry}`), mark.entry)).toBe(false);
    expect(environHolds(env(`${RUN_MARK_VAR}=${newRunMark('service').value}`), mark.entry)).toBe(false);
    expect(environHolds(env(`OTHER=${value}`), mark.entry)).toBe(false);
    expect(environHolds(Buffer.alloc(0), mark.entry)).toBe(false);
  });

  it('finds it after a partial match earlier in the block', () => {
    expect(environHolds(env(`X${entry}`, `${entry}1`, entry), mark.entry)).toBe(true);
  });

  it('gives each mark its own random token, named after the group', () => {
    const a = newRunMark('load').value;
    expect(a).toMatch(/^load-[0-9a-f]{24}$/);
    expect(newRunMark('load').value).not.toBe(a);
  });
});
