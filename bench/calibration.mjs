// Calibration: do the verdicts mean what they say? Synthetic live-heap series (known truth, thousands per cell)
// go through the REAL engine: lib.evaluate (warm-up cut, analysis, verdicts, report) with a real config from
// lib.parseRunArgs, and baselines written by the real evaluate of a run of the same kind.
//
// Convention: the gate judges on the lower bound of a two-sided interval at --confidence 0.99, i.e. a one-sided
// test at 0.5%: a clean series should fail in at most 0.5% of runs ("nominal").
//
// Standalone: node bench/calibration.mjs [--lib .gate-build/bench-lib.mjs] [--out FILE] [--quick]
import { writeFileSync } from 'node:fs';
import { gaussian, mulberry32 } from './rng.mjs';

const GIB = 2 ** 30;
// Noise scale: large, so the default regression tolerance's absolute part (32 KiB/min) plays no role and the
// statistics alone are tested. (The relative part, 25% of the baseline's own slope, is part of the verdict.)
const SIGMA = GIB;
const BASE = 64 * GIB;

/**
 * Noise kinds, all in units of sigma (for AR(1): the marginal s.d.; for the others: the white component).
 * Each returns a function (rand, gauss, n) => number[] of length n (one value per second).
 */
export const NOISES = [
  { name: 'white', gen: (_r, g, n) => Array.from({ length: n }, g) },
  ...[0.5, 0.8, 0.95].map((phi) => ({
    name: `AR(1) φ=${phi}`,
    gen: (_r, g, n) => {
      const out = [g()];
      const k = Math.sqrt(1 - phi * phi);
      for (let i = 1; i < n; i++) out.push(phi * out[i - 1] + k * g());
      return out;
    },
  })),
  // Sawtooth: a buffer filled linearly and flushed every P s (random phase), amplitude A sigma, plus white noise.
  ...[
    [8, 5],
    [8, 20],
    [20, 5],
    [20, 20],
  ].map(([P, A]) => ({
    name: `sawtooth P=${P}s A=${A}σ`,
    gen: (r, g, n) => {
      const phase = r() * P;
      return Array.from({ length: n }, (_, i) => A * (((i + phase) % P) / P) + g());
    },
  })),
  // Step changes: a level that switches between 0 and 4 sigma (mean dwell 15 s), plus white noise.
  {
    name: 'steps ±4σ, dwell 15s',
    gen: (r, g, n) => {
      let on = r() < 0.5;
      return Array.from({ length: n }, () => {
        if (r() < 1 / 15) on = !on;
        return (on ? 4 : 0) + g();
      });
    },
  },
];

export const LENGTHS = [30, 60, 120];
export const TRENDS = [1, 2, 4]; // sigma per minute

function recording(lib, v) {
  const samples = v.map((x, i) => ({
    i,
    t: i,
    heapLive: Math.round(BASE + x * SIGMA),
    heapObjects: null,
    heapInuse: null,
    sys: null,
    numGC: i,
    goroutines: null,
    rss: null,
    cpuSeconds: null,
    heapProfile: null,
    goroutineProfile: null,
    skipped: null,
  }));
  return {
    startedAt: '2026-01-01T00:00:00.000Z',
    readyAfterS: 0,
    samples,
    heapSites: new lib.SiteTimeline(),
    goroutineSites: new lib.SiteTimeline(),
    periodInForce: null,
    load: { kind: 'none', stats: null, exit: null, endedRunEarly: false },
    service: { exit: null },
    skippedSamples: 0,
    error: null,
    wallS: samples.length,
  };
}

/** The heap_live metric's verdict in a report ('pass' | 'fail' | 'inconclusive'), and the report's verdict. */
function heapVerdict(report) {
  const m = report.metrics.find((x) => x.name === 'heap_live');
  return { metric: m?.verdict ?? 'none', report: report.verdict };
}

export async function benchCalibration(
  lib,
  { reps = 2000, powerReps = 500, quick = false, log = (s) => process.stdout.write(s) } = {},
) {
  if (quick) {
    reps = 400;
    powerReps = 100;
  }
  const cfgs = new Map();
  const cfg = (L, budget) => {
    const key = `${L}:${budget}`;
    if (!cfgs.has(key))
      cfgs.set(
        key,
        lib.buildConfig(
          lib.parseRunArgs([
            '--start',
            'x',
            '--duration',
            `${L}s`,
            '--interval',
            '1s',
            ...(budget ? ['--budget', 'heap_live=0/min'] : ['--baseline', 'b.json']),
          ]),
        ),
      );
    return cfgs.get(key);
  };
  const cells = [];
  const t0 = performance.now();
  let seed = 1;
  for (const noise of NOISES) {
    for (const L of LENGTHS) {
      const n = L + 1;
      const rand = mulberry32(seed++ * 7919);
      const g = gaussian(rand);
      const series = (trendPerMin) => noise.gen(rand, g, n).map((x, i) => x + (trendPerMin * i) / 60);
      const count = () => ({ runs: 0, fail: 0, inconclusive: 0 });
      // Null series: budget 0 on each; pairs (2k, 2k+1) as head and baseline.
      const nullBudget = count();
      const nullBase = count();
      const baselines = [];
      for (let k = 0; k < reps; k++) {
        const rec = recording(lib, series(0));
        const b = lib.evaluate(cfg(L, true), rec, null, null);
        const v = heapVerdict(b.report);
        nullBudget.runs++;
        if (v.metric === 'fail') nullBudget.fail++;
        if (v.metric === 'inconclusive') nullBudget.inconclusive++;
        baselines.push(b.baseline);
      }
      for (let k = 0; k + 1 < reps; k += 2) {
        const headRec = recording(lib, series(0));
        const v = heapVerdict(lib.evaluate(cfg(L, false), headRec, baselines[k], 'file').report);
        nullBase.runs++;
        if (v.metric === 'fail') nullBase.fail++;
        if (v.metric === 'inconclusive') nullBase.inconclusive++;
      }
      const power = {};
      for (const trend of TRENDS) {
        const pb = count();
        const pB = count();
        for (let k = 0; k < powerReps; k++) {
          const rec = recording(lib, series(trend));
          const vb = heapVerdict(lib.evaluate(cfg(L, true), rec, null, null).report);
          pb.runs++;
          if (vb.metric === 'fail') pb.fail++;
          if (vb.metric === 'inconclusive') pb.inconclusive++;
          const vB = heapVerdict(
            lib.evaluate(cfg(L, false), rec, baselines[(2 * k + 1) % baselines.length], 'file').report,
          );
          pB.runs++;
          if (vB.metric === 'fail') pB.fail++;
          if (vB.metric === 'inconclusive') pB.inconclusive++;
        }
        power[trend] = { budget: pb, baseline: pB };
      }
      cells.push({ noise: noise.name, lengthS: L, falseAlarm: { budget: nullBudget, baseline: nullBase }, power });
      log(`\r  calibration: ${cells.length}/${NOISES.length * LENGTHS.length} cells (${noise.name}, ${L} s)        `);
    }
  }
  log('\n');
  return {
    nominal: 0.005,
    convention:
      'one-sided: a fail is the lower bound of the two-sided 99% interval above the limit, so the nominal false-alarm rate is 0.5%',
    sigma: 'white: the s.d.; AR(1): the marginal s.d.; sawtooth and steps: the s.d. of the white component',
    design:
      'samples every 1 s from t = 0 to the length, default 10 s warm-up cut; budget mode: --budget heap_live=0/min; baseline mode: a baseline from a clean series of the same kind and length (default tolerance, its absolute part negligible at this noise scale)',
    command: 'npm run bench -- --only calibration',
    reps,
    powerReps,
    seconds: (performance.now() - t0) / 1000,
    cells,
  };
}

const pct = (c) => (c.runs ? `${((100 * c.fail) / c.runs).toFixed(c.fail / c.runs < 0.1 ? 2 : 1)}%` : '–');
const inc = (c) => (c.runs && c.inconclusive ? ` (${Math.round((100 * c.inconclusive) / c.runs)}% inc.)` : '');

/** Markdown tables: false alarms per cell against nominal, and power; `before` (optional) is today's result to compare. */
export function renderCalibration(data, before = null) {
  const out = [];
  const prev = (c, mode, trend) => {
    const b = before?.cells.find((x) => x.noise === c.noise && x.lengthS === c.lengthS);
    if (!b) return '';
    const v = trend === null ? b.falseAlarm[mode] : b.power[trend][mode];
    return ` [was ${pct(v)}]`;
  };
  out.push(
    `False alarms (clean series, ${data.reps} per cell in budget mode, ${data.reps / 2} against a baseline), nominal ${(data.nominal * 100).toFixed(1)}%; "inc." is the share of runs judged inconclusive (exit 0 with a warning)${before ? '; [was …] is the code before this change' : ''}:`,
    '',
  );
  out.push('| noise | length | budget 0 | against a baseline |', '| --- | ---: | ---: | ---: |');
  for (const c of data.cells) {
    const mark = (v) => (v.runs && v.fail / v.runs > data.nominal ? ' ⚠' : '');
    out.push(
      `| ${c.noise} | ${c.lengthS} s | ${pct(c.falseAlarm.budget)}${mark(c.falseAlarm.budget)}${inc(c.falseAlarm.budget)}${prev(c, 'budget', null)} | ${pct(c.falseAlarm.baseline)}${mark(c.falseAlarm.baseline)}${inc(c.falseAlarm.baseline)}${prev(c, 'baseline', null)} |`,
    );
  }
  out.push('', `Power: share of runs failed for a trend of 1, 2, 4 σ per minute (${data.powerReps} per cell):`, '');
  out.push(
    '| noise | length | budget 0: 1σ/min | 2σ/min | 4σ/min | baseline: 1σ/min | 2σ/min | 4σ/min |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  );
  for (const c of data.cells) {
    const cell = (mode, t) => `${pct(c.power[t][mode])}${prev(c, mode, t)}`;
    out.push(
      `| ${c.noise} | ${c.lengthS} s | ${TRENDS.map((t) => cell('budget', t)).join(' | ')} | ${TRENDS.map((t) => cell('baseline', t)).join(' | ')} |`,
    );
  }
  return out.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const argv = process.argv.slice(2);
  const arg = (name, def) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : def);
  let libPath = arg('--lib', null);
  if (!libPath) libPath = await (await import('./build-lib.mjs')).buildBenchLib();
  else libPath = new URL(libPath, `file://${process.cwd()}/`).href;
  const lib = await import(libPath);
  const data = await benchCalibration(lib, {
    quick: argv.includes('--quick'),
    reps: Number(arg('--reps', 2000)),
    powerReps: Number(arg('--power-reps', 500)),
  });
  const out = arg('--out', 'bench/results/calibration.json');
  writeFileSync(
    out,
    `${JSON.stringify({ machine: { date: new Date().toISOString() }, seconds: data.seconds, data }, null, 2)}\n`,
  );
  console.log(renderCalibration(data));
}
