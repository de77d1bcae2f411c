import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import {
  formatBytes,
  formatConfidence,
  formatDuration,
  formatRate,
  parseBytes,
  parseDuration,
  parseRate,
  parseRequestRate,
} from '../../src/units.js';

describe('parseDuration', () => {
  it.each([
    ['90s', 90],
    ['2m', 120],
    ['1m30s', 90],
    ['500ms', 0.5],
    ['1.5m', 90],
    ['1h', 3600],
    ['45', 45],
    ['2min', 120],
  ])('%s -> %d s', (text, s) => expect(parseDuration(text)).toBeCloseTo(s, 9));

  it.each(['', 'fast', '10x', '-5s', '1m30', 's'])('refuses %j with what is accepted', (text) => {
    expect(() => parseDuration(text, '--interval')).toThrow(UsageError);
    expect(() => parseDuration(text, '--interval')).toThrow(/--interval: cannot read .* use e\.g\. 500ms, 45s, 2m/);
  });
});

describe('parseBytes', () => {
  it.each([
    ['4096', 4096],
    ['64KiB', 65536],
    ['1MiB', 1048576],
    ['2MB', 2e6],
    ['64k', 65536],
    ['1.5 KiB', 1536],
  ])('%s -> %d', (text, n) => expect(parseBytes(text)).toBe(n));
  it('refuses an unknown unit', () =>
    expect(() => parseBytes('12parsecs')).toThrow(/cannot read "12parsecs" as a size/));
});

describe('parseRate', () => {
  it.each([
    ['256KiB/min', 262144],
    ['1MiB/min', 1048576],
    ['0/min', 0],
    ['10/min', 10],
    ['1KiB/s', 61440],
    ['60/h', 1],
    ['2 KiB / s', 122880],
  ])('%s -> %d per minute', (text, perMin) => expect(parseRate(text)).toBeCloseTo(perMin, 9));
  it('refuses a missing time unit', () =>
    expect(() => parseRate('256KiB')).toThrow(/cannot read "256KiB" as a rate; use e\.g\. 256KiB\/min/));
  it('refuses words', () => expect(() => parseRate('fast')).toThrow(UsageError));
  it('refuses negative budgets', () => expect(() => parseRate('-1KiB/min')).toThrow(/negative/));
  it('refuses an unknown time unit', () => expect(() => parseRate('1KiB/week')).toThrow(/unknown time unit "\/week"/));
});

describe('parseRequestRate', () => {
  it.each([
    ['200', 200],
    ['200/s', 200],
    ['6000/min', 100],
  ])('%s -> %d/s', (text, r) => expect(parseRequestRate(text)).toBe(r));
  it('refuses 0', () => expect(() => parseRequestRate('0')).toThrow(/above 0/));
  it('refuses nonsense', () => expect(() => parseRequestRate('lots')).toThrow(/use e\.g\. 200, 200\/s/));
});

describe('formatting', () => {
  it('formats bytes with binary units', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1536)).toBe('1.50 KiB');
    expect(formatBytes(-3 * 1024 * 1024)).toBe('-3.00 MiB');
    expect(formatBytes(150 * 1024)).toBe('150 KiB');
  });
  it('formats rates by unit', () => {
    expect(formatRate(61440, 'bytes')).toBe('60.0 KiB/min');
    expect(formatRate(12, 'goroutines')).toBe('12/min');
  });
  it('formats durations', () => {
    expect(formatDuration(45)).toBe('45s');
    expect(formatDuration(90)).toBe('1m30s');
    expect(formatDuration(120)).toBe('2m');
  });
});

describe('formatDuration rounds before it splits minutes and seconds', () => {
  it('never prints 60s in the seconds place', () => {
    expect(formatDuration(119.6)).toBe('2m');
    expect(formatDuration(59.96)).toBe('1m');
    expect(formatDuration(89.5)).toBe('1m30s');
    expect(formatDuration(59.9)).toBe('59.9s');
  });
});

describe('formatConfidence shows the digits the level has', () => {
  it('0.995 and 0.999 are not 100%', () => {
    expect(formatConfidence(0.99)).toBe('99%');
    expect(formatConfidence(0.95)).toBe('95%');
    expect(formatConfidence(0.995)).toBe('99.5%');
    expect(formatConfidence(0.999)).toBe('99.9%');
    expect(formatConfidence(0.9999)).toBe('99.99%');
    expect(formatConfidence(0.99999999999)).not.toBe('100%');
  });
});
