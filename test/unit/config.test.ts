import { describe, expect, it } from 'vitest';
import { buildConfig, DEFAULT_BUDGETS, normalisePprofUrl, parseBudget, parseRunArgs } from '../../src/config.js';
import { UsageError } from '../../src/errors.js';

const cfg = (...args: string[]) => buildConfig(parseRunArgs(args), args);

describe('run flags', () => {
  it('applies the defaults and derives the ready URL from the pprof URL', () => {
    const c = cfg('--start', './svc');
    expect(c.pprofUrl).toBe('http://127.0.0.1:6060/debug/pprof');
    expect(c.readyUrl).toBe('http://127.0.0.1:6060/debug/pprof/');
    expect(c.durationS).toBe(60);
    expect(c.intervalS).toBe(1);
    expect(c.warmupS).toBe(10);
    expect(c.profileRate).toBe(65536);
    expect(c.budgets.map((b) => [b.metric, b.perMinute, b.source])).toEqual(
      Object.entries(DEFAULT_BUDGETS).map(([m, v]) => [m, v, 'default']),
    );
  });

  it('takes user budgets instead of the defaults, and repeated --env', () => {
    const c = cfg(
      '--start',
      'x',
      '--budget',
      'heap_live=256KiB/min',
      '--budget',
      'goroutines=0/min',
      '--env',
      'A=1',
      '--env',
      'B=x=y',
    );
    expect(c.budgets).toEqual([
      { metric: 'heap_live', perMinute: 262144, source: 'user' },
      { metric: 'goroutines', perMinute: 0, source: 'user' },
    ]);
    expect(c.env).toEqual({ A: '1', B: 'x=y' });
  });

  it('no default budgets with a baseline', () => {
    expect(cfg('--start', 'x', '--baseline', 'b.json').budgets).toEqual([]);
  });

  it('normalises pprof URLs', () => {
    expect(normalisePprofUrl('http://127.0.0.1:9090')).toBe('http://127.0.0.1:9090/debug/pprof');
    expect(normalisePprofUrl('http://h:1/debug/pprof/')).toBe('http://h:1/debug/pprof');
  });

  it.each([
    [[], /--start is required/],
    [['--start', 'x', '--interval', '0'], /--interval must be at least 100ms/],
    [['--start', 'x', '--interval', '2m', '--duration', '1m'], /--interval \(2m\) is longer than --duration/],
    [['--start', 'x', '--warmup', '90s', '--duration', '60s'], /--warmup \(90s\) must be shorter than --duration/],
    [['--start', 'x', '--duration', '12s', '--interval', '2s'], /only 2 samples would remain after --warmup/],
    [
      ['--start', 'x', '--budget', 'heap=fast'],
      /unknown metric "heap"; use one of heap_live, heap_objects, goroutines, rss/,
    ],
    [['--start', 'x', '--budget', 'heap_live=fast'], /cannot read "fast" as a rate/],
    [['--start', 'x', '--budget', 'heap_live'], /must look like METRIC=RATE/],
    [['--start', 'x', '--budget', 'heap_live=-1KiB/min'], /negative/],
    [['--start', 'x', '--budget', 'heap_live=1KiB/min', '--budget', 'heap_live=2KiB/min'], /given twice/],
    [['--start', 'x', '--rate', '100'], /--rate needs --load-url/],
    [['--start', 'x', '--load-url', 'http://127.0.0.1:1/'], /needs --rate/],
    [
      ['--start', 'x', '--load', 'hey', '--load-url', 'http://127.0.0.1:1/', '--rate', '5'],
      /drop it when you give your own --load/,
    ],
    [['--start', 'x', '--pprof-url', 'ftp://x'], /must be an http/],
    [['--start', 'x', '--profile-rate', 'tiny'], /--profile-rate: cannot read "tiny"/],
    [['--start', 'x', '--confidence', '2'], /--confidence must be above 0.5 and at most 0.9999/],
    [['--start', 'x', '--env', 'NOEQUALS'], /--env: "NOEQUALS" must look like NAME=value/],
    [['--start', 'x', '--durtion', '5s'], /Unknown option '--durtion'.*go-mem-gate run --help/],
    [['--start', 'x', 'stray'], /unexpected argument "stray"/],
  ])('refuses %j with a one-line message', (args, msg) => {
    let err: unknown;
    try {
      cfg(...(args as string[]));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toMatch(msg as RegExp);
    expect((err as Error).message).not.toContain('\n');
  });

  it('parses one budget', () => {
    expect(parseBudget('rss=1MiB/min')).toEqual({ metric: 'rss', perMinute: 1048576, source: 'user' });
  });
});

describe('the reproduce command', () => {
  it('hides --env values, which are often secrets', async () => {
    const { redactArgv } = await import('../../src/engine.js');
    expect(redactArgv(['run', '--env', 'DB_PASSWORD=hunter2', '--env=TOKEN=abc', '--start', 'x=y'])).toEqual([
      'run',
      '--env',
      'DB_PASSWORD=…',
      '--env=TOKEN=…',
      '--start',
      'x=y',
    ]);
  });
});
