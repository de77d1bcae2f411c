// Detection matrix: every scenario at every run length, repeated; each run judged twice by the current code,
// offline from its recorded samples: (1) as a new user gets it (default budgets, no baseline) and (2) against
// a baseline from a clean run of the same length (the steady service's first repetition). Recording and
// judging are separate, so `npm run bench -- --only judge` re-judges the recorded runs after analysis changes.
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildFixtures, fixtureRunArgs, freePort, loadRecording, median, pool, runGate, WORK } from './harness.mjs';

const KIB = 1024;
export const SLOW_RATES = [512, 1024, 2048, 8192, 65536];

export function scenarios(lengthS) {
  const s = [
    { name: 'steady', fixture: 'steady', rate: 200, clean: true },
    { name: 'cache (fills 15 s, holds)', fixture: 'cache', rate: 100, clean: true },
    { name: 'noisy bursts', fixture: 'noisy', rate: 50, clean: true },
    { name: 'never-pruned map (~60 KiB/s)', fixture: 'mapleak', rate: 200, site: ['heap', 'main.rememberRequest'] },
    { name: 'blocked goroutines (50/s)', fixture: 'goroutineleak', rate: 50, site: ['goroutine', 'main.waitForReply'] },
    { name: 'retained sub-slice (~640 KiB/s)', fixture: 'retain', rate: 10, site: ['heap', 'main.readPayload'] },
    {
      name: 'leak from half-way (8 KiB/s)',
      fixture: 'slowleak',
      flags: `-rate 8192 -start-after ${Math.round(lengthS / 2)}s`,
      rate: 100,
      site: ['heap', 'main.recordEvent'],
    },
    { name: 'mmap off-heap (~280 KiB/s)', fixture: 'mmapleak', rate: 100 },
    // Issue 8's fixtures: memory that wanders (a mean-reverting random walk), memory in cycles (a batch filled
    // and flushed every 8 s), a slow leak on top of those cycles, and a leak that starts once a cache is full
    // (judged against a baseline of the same cache without the leak, the fill-only service).
    { name: 'wandering heap', fixture: 'wander', rate: 50, clean: true },
    { name: 'batch flush (8 s cycles)', fixture: 'batchflush', rate: 50, clean: true },
    {
      name: 'batch flush + 4 KiB/s leak',
      fixture: 'batchflush',
      flags: '-leak 4096',
      rate: 50,
      site: ['heap', 'main.keepAudit'],
    },
    {
      name: 'cache fill, then 8 KiB/s leak',
      fixture: 'cache',
      flags: '-leak 8192',
      rate: 100,
      site: ['heap', 'main.keepHistory'],
      baselineOf: 'cache',
    },
  ];
  for (const r of SLOW_RATES)
    s.push({
      name: `timer leak ${r / KIB} KiB/s`,
      fixture: 'slowleak',
      flags: `-rate ${r}`,
      rate: 100,
      slowRate: r,
      site: ['heap', 'main.recordEvent'],
    });
  return s;
}

function topSite(report, kind) {
  const list = kind === 'goroutine' ? report.goroutineSites : report.sites;
  return list[0]?.function ?? null;
}

/** What runs.json keeps of a run besides its outcome. */
const runFacts = (sc, lengthS, rep) => ({
  scenario: sc.name,
  fixture: sc.fixture,
  clean: !!sc.clean,
  slowRate: sc.slowRate ?? null,
  expectedSite: sc.site ?? null,
  lengthS,
  rep,
});

const dirName = (name, lengthS, rep) => `${name.replace(/[^a-z0-9]+/gi, '_')}-${lengthS}s-${rep}`;

/** Record every run of the matrix into bench/work/detect (raw samples, profiles, reports) and list them. */
export async function recordDetection({
  lengths = [30, 60, 120],
  reps = 5,
  concurrency = 6,
  only = null,
  dir = 'detect',
} = {}) {
  buildFixtures([
    'steady',
    'cache',
    'noisy',
    'mapleak',
    'goroutineleak',
    'retain',
    'slowleak',
    'mmapleak',
    'wander',
    'batchflush',
  ]);
  rmSync(join(WORK, dir), { recursive: true, force: true });
  const jobs = [];
  for (const lengthS of lengths) {
    for (const sc of scenarios(lengthS)) {
      if (only && !only.includes(sc.fixture)) continue;
      for (let rep = 0; rep < reps; rep++) {
        jobs.push(async () => {
          const port = await freePort();
          const addr = `127.0.0.1:${port}`;
          const out = join(WORK, dir, dirName(sc.name, lengthS, rep));
          const args = fixtureRunArgs(sc, addr, { rate: sc.rate, lengthS });
          const r = await runGate(args, out);
          return {
            ...runFacts(sc, lengthS, rep),
            args,
            ...r,
          };
        });
      }
    }
  }
  const t0 = performance.now();
  const runs = await pool(jobs, concurrency, (d, n, r) =>
    process.stdout.write(
      `\r  detection: ${d}/${n} runs (${r.scenario}, ${r.lengthS}s: ${r.report?.verdict ?? `exit ${r.code}`})      `,
    ),
  );
  process.stdout.write('\n');
  const meta = {
    recordedAt: new Date(Date.now() - (performance.now() - t0)).toISOString(),
    concurrency,
    reps,
    lengths,
    wallMinutes: (performance.now() - t0) / 60000,
    runs: runs.map(({ report, ...r }) => ({ ...r, command: report?.run.command ?? null })),
  };
  writeFileSync(join(WORK, dir, 'runs.json'), JSON.stringify(meta, null, 1));
  return meta;
}

/** The runs recorded by recordDetection (or, for recordings made before runs.json existed, from the folders). */
export function loadDetectionRuns(sub = 'detect') {
  const dir = join(WORK, sub);
  if (existsSync(join(dir, 'runs.json'))) return JSON.parse(readFileSync(join(dir, 'runs.json'), 'utf8'));
  const lengths = new Set();
  const runs = [];
  let reps = 0;
  for (const d of readdirSync(dir)) {
    const m = /^(.*)-(\d+)s-(\d+)$/.exec(d);
    if (!m) continue;
    const lengthS = Number(m[2]);
    const sc = scenarios(lengthS).find((x) => x.name.replace(/[^a-z0-9]+/gi, '_') === m[1]);
    if (!sc || !existsSync(join(dir, d, 'report.json'))) continue;
    const report = JSON.parse(readFileSync(join(dir, d, 'report.json'), 'utf8'));
    lengths.add(lengthS);
    reps = Math.max(reps, Number(m[3]) + 1);
    runs.push({
      ...runFacts(sc, lengthS, Number(m[3])),
      command: report.run.command,
      code: null,
      wallS: report.run.wallS,
      out: join(dir, d),
    });
  }
  return { concurrency: 6, reps, lengths: [...lengths].sort((a, b) => a - b), wallMinutes: null, runs };
}

/** Judge every recorded run with the current code, both ways, and summarise per cell. */
export function judgeDetection(lib, meta) {
  const { lengths, reps, concurrency } = meta;
  const runs = meta.runs.map((r) => ({
    ...r,
    report: existsSync(join(r.out, 'report.json'))
      ? JSON.parse(readFileSync(join(r.out, 'report.json'), 'utf8'))
      : null,
  }));
  const judge = (r, baseline, budget = null) => {
    const args = [
      '--start',
      'x',
      '--duration',
      `${r.lengthS}s`,
      ...(baseline ? ['--baseline', 'base.json'] : []),
      ...(budget ? ['--budget', budget] : []),
    ];
    return lib.evaluate(
      lib.buildConfig(lib.parseRunArgs(args)),
      loadRecording(lib, r.out),
      baseline,
      baseline ? 'base.json' : null,
    ).report;
  };
  // The heap_live verdict: 'pass' | 'fail' | 'inconclusive' ('error' when the run could not measure).
  const heapVerdict = (report) =>
    report.verdict === 'error' ? 'error' : (report.metrics.find((m) => m.name === 'heap_live')?.verdict ?? 'error');
  for (const r of runs) {
    // The verdict by the current code, from the recorded samples (the recording itself is what was sampled).
    if (r.report && r.report.verdict !== 'error') r.report = judge(r, null);
    // At budget 0 (issue 8's "real recordings": does a clean service pass a zero budget on its live heap?).
    r.verdictBudget0 = r.report && r.report.verdict !== 'error' ? heapVerdict(judge(r, null, 'heap_live=0/min')) : null;
  }

  // Judge again against a baseline: the first clean run of each length of the scenario's baseline fixture (the
  // steady service, or for a leak after a fill, the same cache without the leak).
  const baselines = new Map();
  const baseFixtures = new Set([
    'steady',
    ...scenarios(30)
      .map((sc) => sc.baselineOf)
      .filter(Boolean),
  ]);
  for (const lengthS of lengths) {
    for (const fixture of baseFixtures) {
      const b = runs.find(
        (r) =>
          r.fixture === fixture && r.clean && r.lengthS === lengthS && r.rep === 0 && r.report?.verdict !== 'error',
      );
      if (!b) continue;
      const cfg = lib.buildConfig(lib.parseRunArgs(['--start', 'x', '--duration', `${lengthS}s`]));
      baselines.set(`${fixture}:${lengthS}`, {
        run: b,
        baseline: lib.evaluate(cfg, loadRecording(lib, b.out), null, null).baseline,
      });
    }
  }
  for (const r of runs) {
    r.verdictDefaults = r.report?.verdict ?? 'error';
    const sc = scenarios(r.lengthS).find((x) => x.name === r.scenario);
    const b = baselines.get(`${sc?.baselineOf ?? 'steady'}:${r.lengthS}`);
    r.baselineFixture = sc?.baselineOf ?? 'steady';
    if (!b || !r.report || r.report.verdict === 'error' || b.run.out === r.out) {
      r.verdictBaseline = null;
      continue;
    }
    r.verdictBaseline = judge(r, b.baseline).verdict;
  }

  const cells = [];
  for (const lengthS of lengths) {
    for (const sc of scenarios(lengthS)) {
      const rs = runs.filter((r) => r.scenario === sc.name && r.lengthS === lengthS);
      if (!rs.length) continue;
      const ok = rs.filter((r) => r.report && r.report.verdict !== 'error');
      const rate = (v, key) => {
        const judged = ok.filter((r) => r[key] !== null);
        return judged.length ? judged.filter((r) => r[key] === v).length / judged.length : null;
      };
      const heap = (r) => r.report.metrics.find((m) => m.name === 'heap_live');
      cells.push({
        scenario: sc.name,
        lengthS,
        clean: !!sc.clean,
        slowRate: sc.slowRate ?? null,
        runs: rs.length,
        errors: rs.length - ok.length,
        detectedDefaults: rate('fail', 'verdictDefaults'),
        detectedBaseline: rate('fail', 'verdictBaseline'),
        detectedBudget0: rate('fail', 'verdictBudget0'),
        inconclusiveDefaults: ok.length
          ? ok.filter((r) => r.report.metrics.find((m) => m.name === 'heap_live')?.verdict === 'inconclusive').length /
            ok.length
          : null,
        inconclusiveBudget0: rate('inconclusive', 'verdictBudget0'),
        baselineFixture: sc.baselineOf ?? 'steady',
        topSiteAccuracy: sc.site
          ? ok.filter((r) => topSite(r.report, sc.site[0]) === sc.site[1]).length / Math.max(1, ok.length)
          : null,
        medianHeapSlopeKiBPerMin: median(ok.map((r) => heap(r).slopePerMinute / KIB)),
        medianMinDetectableKiBPerMin: median(ok.map((r) => heap(r).minDetectablePerMinute / KIB)),
        medianHeapNoiseKiB: median(ok.map((r) => heap(r).noise / KIB)),
        medianWallBeyondS: median(ok.map((r) => r.wallS - r.lengthS)),
      });
    }
  }
  const cleanRuns = (key) => runs.filter((r) => r.clean && r.report && r.report.verdict !== 'error' && r[key] !== null);
  const falseAlarms = (key) => ({
    runs: cleanRuns(key).length,
    alarms: cleanRuns(key).filter((r) => r[key] === 'fail').length,
  });
  const smallest = (key) =>
    Object.fromEntries(
      lengths.map((L) => {
        const caught = cells
          .filter((c) => c.lengthS === L && c.slowRate && c[key] === 1)
          .map((c) => c.slowRate)
          .sort((a, b) => a - b);
        return [L, caught[0] ?? null];
      }),
    );
  return {
    recordedAt: meta.recordedAt ?? null,
    concurrency,
    reps,
    lengths,
    wallMinutes: meta.wallMinutes,
    judgedAt: new Date().toISOString(),
    cells,
    falseAlarms: {
      defaults: falseAlarms('verdictDefaults'),
      baseline: falseAlarms('verdictBaseline'),
      budget0: falseAlarms('verdictBudget0'),
    },
    // Every judged run, for the notes: scenario, length, repetition and the three verdicts.
    verdicts: runs.map((r) => ({
      scenario: r.scenario,
      lengthS: r.lengthS,
      rep: r.rep,
      clean: r.clean,
      defaults: r.verdictDefaults,
      baseline: r.verdictBaseline,
      budget0: r.verdictBudget0,
    })),
    smallestCaught: {
      defaults: smallest('detectedDefaults'),
      baseline: smallest('detectedBaseline'),
      budget0: smallest('detectedBudget0'),
    },
    exampleCommand: (meta.runs[0]?.command ?? '')
      .replace(/^go-mem-gate/, 'node dist/cli.js')
      .replace(/--out \S+$/, '--out DIR'),
  };
}
