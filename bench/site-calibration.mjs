// Site error model calibration: thousands of simulated heap-profile series of one allocation site, fed to
// the real timeline, site analysis and verdict code (bench/lib.ts). A churning site (Poisson arrivals,
// exponential lifetimes, stationary from the start) must not be judged to grow at budget 0 more often than
// the nominal 0.5% (one-sided, at the lower bound of the two-sided 99% interval); leaking sites should be.
// "before" is the previous model (Poisson unit max(period, object size), no turnover term: the same fit code
// with `sampledUnit`), "after" the current one (exact sampling weight plus turnover, from the site's counts).
//
//   node bench/site-calibration.mjs [--series 2000] [--quick]      prints the table
//   npm run bench -- --only sites                                  also saves bench/results/sites.json
import { buildBenchLib } from './build-lib.mjs';
import { mulberry32 } from './rng.mjs';

const SITE = { function: 'main.site', file: '/src/main.go', line: 1 };
const KEY = `${SITE.function}\u0000${SITE.file}\u0000${SITE.line}`;

export const rng = mulberry32;
const exp = (rand, mean) => -Math.log(1 - rand()) * mean;

/**
 * One simulated run: profiles at t = 0, interval, ..., duration. Only sampled objects are simulated (a
 * thinned Poisson process of rate lambda p): churn objects live Exp(lifetime); leak objects (one every
 * leakEveryS seconds from t = 0, deterministic) never die and are sampled with probability p too.
 */
export function simulate(lib, rand, cell, period) {
  const c = { leakSize: 0, leakEveryS: 0, ...cell };
  const p = lib.samplingProbability(c.size, period);
  const scale = 1 / p;
  const churn = []; // [birth, death] of sampled churn objects
  const t0 = -Math.max(10 * c.lifetimeS, 30); // start well before 0 so the population is stationary
  if (c.rate > 0)
    for (let t = t0 + exp(rand, 1 / (c.rate * p)); t < c.duration; t += exp(rand, 1 / (c.rate * p)))
      churn.push([t, t + exp(rand, c.lifetimeS)]);
  const leak = [];
  if (c.leakEveryS)
    for (let t = c.leakEveryS / 2; t < c.duration; t += c.leakEveryS)
      if (rand() < lib.samplingProbability(c.leakSize, period)) leak.push(t);
  const leakScale = c.leakEveryS ? 1 / lib.samplingProbability(c.leakSize, period) : 0;
  const tl = new lib.SiteTimeline();
  for (let t = 0; t <= c.duration + 1e-9; t += c.interval) {
    let alive = 0;
    let born = 0;
    for (const [b, d] of churn) {
      if (b <= t) born++;
      if (b <= t && d > t) alive++;
    }
    let leaked = 0;
    for (const b of leak) if (b <= t) leaked++;
    const value = alive * scale * c.size + leaked * leakScale * c.leakSize;
    const objects = alive * scale + leaked * leakScale;
    const variance =
      alive * scale * c.size * lib.samplingWeight(c.size, period) +
      leaked * leakScale * c.leakSize * lib.samplingWeight(c.leakSize, period);
    const sites = new Map();
    if (value > 0 || born > 0 || leaked > 0)
      sites.set(KEY, {
        key: KEY,
        site: SITE,
        stack: [SITE],
        value,
        objects,
        allocObjects: born * scale + leaked * leakScale,
        samplingVariance: variance,
      });
    for (const [k, s] of sites) if (s.value === 0 && s.objects === 0) sites.delete(k);
    tl.add(t, { sampleTypes: [], period, periodType: 'space/bytes', total: value, totalObjects: objects, sites });
  }
  return tl;
}

function judgeBoth(lib, tl, warmupS, period, sites) {
  const budgets = [{ metric: 'heap_live', perMinute: 0, source: 'user' }];
  // As if `sites` sites were fitted: analyzeSites gives each 1 - (1 - confidence) / sites (Bonferroni).
  const after = lib.analyzeSites(tl, warmupS, 1 - 0.01 / sites, () => false, period);
  const failAfter = lib
    .judgeSites(after, 'heap_live', budgets, null, 'bytes', true)
    .some((s) => s.judgement.verdict === 'fail');
  // The previous model: same selection and confidence, fit with the Poisson unit max(period, object size).
  const before = after.map((s) => {
    const info = tl.info.get(s.key);
    const pts = tl.points.filter((p) => p.t >= warmupS - 1e-9);
    const series = { t: pts.map((p) => p.t), v: pts.map((p) => p.values.get(s.key) ?? 0) };
    const fit = lib.analyzeSeries(series, {
      confidence: s.confidence,
      plateauConfidence: 1 - 0.01 / sites,
      sampledUnit: Math.max(period, info.bytesPerObject ?? 0),
    });
    return { ...s, fit };
  });
  const failBefore = lib
    .judgeSites(before, 'heap_live', budgets, null, 'bytes', true)
    .some((s) => s.judgement.verdict === 'fail');
  return { failBefore, failAfter };
}

const KiB = 1024;
const MiB = 1024 * 1024;
/** Sites fitted in the run: 1 (each site at 99%) and 20 (Bonferroni: each at 99.95%). */
const SITES = [1, 20];

export const CELLS = [
  // Churning sites, no leak: any "fail" is a false alarm.
  { name: 'request-scoped 256 B, 2000/s, 50 ms', size: 256, rate: 2000, lifetimeS: 0.05 },
  { name: 'cache 4 KiB, 100/s, TTL ~5 s', size: 4 * KiB, rate: 100, lifetimeS: 5 },
  { name: 'cache 4 KiB, 20/s, TTL ~30 s', size: 4 * KiB, rate: 20, lifetimeS: 30 },
  { name: 'sessions 32 KiB, 5/s, ~60 s', size: 32 * KiB, rate: 5, lifetimeS: 60 },
  { name: 'buffers 64 KiB, 10/s, ~2 s', size: 64 * KiB, rate: 10, lifetimeS: 2 },
  { name: 'buffers 1 MiB, 1/s, ~3 s', size: MiB, rate: 1, lifetimeS: 3 },
  { name: 'buffers 1 MiB, 0.2/s, ~20 s', size: MiB, rate: 0.2, lifetimeS: 20 },
  // Leaks: any "fail" is a detection.
  {
    name: 'leak: ten 1 MiB objects (one per 2 s)',
    size: 256,
    rate: 0,
    lifetimeS: 1,
    leakSize: MiB,
    leakEveryS: 2,
    leak: true,
  },
  {
    name: 'leak: 16 KiB/s of 256 B objects',
    size: 256,
    rate: 0,
    lifetimeS: 1,
    leakSize: 256,
    leakEveryS: 1 / 64,
    leak: true,
  },
  {
    name: 'leak: 1 MiB every 2 s + 4 KiB cache churn (TTL 5 s)',
    size: 4 * KiB,
    rate: 100,
    lifetimeS: 5,
    leakSize: MiB,
    leakEveryS: 2,
    leak: true,
  },
];

export async function benchSiteCalibration({
  series = 2000,
  periods = [64 * KiB, 512 * KiB],
  lengths = [30, 60],
  lib: given = null,
} = {}) {
  const lib = given ?? (await import(await buildBenchLib()));
  const rows = [];
  for (const period of periods) {
    for (const duration of lengths) {
      for (const [i, cell] of CELLS.entries()) {
        const c = { interval: 1, duration, ...cell };
        // A leak of ten objects: one per (window / 10) seconds over the analysed window.
        if (cell.leakSize === MiB) c.leakEveryS = (duration - 10) / 10;
        const rand = rng(1000 * i + duration + period);
        const counts = Object.fromEntries(SITES.map((k) => [k, { before: 0, after: 0 }]));
        for (let j = 0; j < series; j++) {
          const tl = simulate(lib, rand, c, period);
          for (const k of SITES) {
            const r = judgeBoth(lib, tl, 10, period, k);
            counts[k].before += r.failBefore ? 1 : 0;
            counts[k].after += r.failAfter ? 1 : 0;
          }
        }
        const rates = Object.fromEntries(
          SITES.map((k) => [k, { before: counts[k].before / series, after: counts[k].after / series }]),
        );
        rows.push({ cell: cell.name, leak: !!cell.leak, periodKiB: period / KiB, lengthS: duration, series, rates });
      }
    }
  }
  return {
    command: `node bench/site-calibration.mjs --series ${series}`,
    nominalFalseAlarm: Object.fromEntries(SITES.map((k) => [k, 0.005 / k])),
    sitesFitted: SITES,
    warmupS: 10,
    intervalS: 1,
    confidence: 0.99,
    rows,
  };
}

const pct = (x) => `${(x * 100).toFixed(1)}%`;

/** The results as a Markdown table (for BENCHMARKS.md and the command line). */
export function renderSiteCalibration(data) {
  const out = [
    `| site | leak | period | length | series | ${data.sitesFitted.map((k) => `before (${k} site${k === 1 ? '' : 's'}) | after (${k} site${k === 1 ? '' : 's'})`).join(' | ')} |`,
    `| --- | --- | ---: | ---: | ---: | ${data.sitesFitted.map(() => '---: | ---:').join(' | ')} |`,
  ];
  for (const r of data.rows) {
    const cells = data.sitesFitted.map((k) => `${pct(r.rates[k].before)} | ${pct(r.rates[k].after)}`).join(' | ');
    out.push(`| ${r.cell} | ${r.leak ? 'yes' : 'no'} | ${r.periodKiB} KiB | ${r.lengthS} s | ${r.series} | ${cells} |`);
  }
  return out.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const argv = process.argv.slice(2);
  const quick = argv.includes('--quick');
  const n = argv.includes('--series') ? Number(argv[argv.indexOf('--series') + 1]) : quick ? 300 : 2000;
  const t0 = performance.now();
  const res = await benchSiteCalibration({ series: n, ...(quick ? { periods: [64 * KiB], lengths: [30] } : {}) });
  console.log(renderSiteCalibration(res));
  console.log(`\n${((performance.now() - t0) / 1000).toFixed(0)} s`);
}
