// `npm run bench [-- --quick] [-- --only detect,overhead]`: run the benchmarks, save each section's raw
// results to bench/results/<section>.json (with date, machine and versions), and write BENCHMARKS.md from
// every section's latest results. `--quick` is a smoke run of every section (a few minutes) that writes to
// bench/results/quick/ instead. Needs Go, and wrk for the overhead section (apt-get install -y wrk).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { renderAbSpread } from '../bench/ab-spread-render.mjs';
import { benchAnalysisSpeed } from '../bench/analysis-speed.mjs';
import { benchAttribution } from '../bench/attribution.mjs';
import { buildBenchLib } from '../bench/build-lib.mjs';
import { benchCalibration, renderCalibration } from '../bench/calibration.mjs';
import { benchDecoder } from '../bench/decoder.mjs';
import { judgeDetection, loadDetectionRuns, recordDetection } from '../bench/detect.mjs';
import { benchDrift } from '../bench/drift.mjs';
import { benchGunzip } from '../bench/gunzip.mjs';
import { benchOverhead } from '../bench/overhead.mjs';
import { benchProbit } from '../bench/probit.mjs';
import { benchSiteCalibration, renderSiteCalibration } from '../bench/site-calibration.mjs';
import { benchSoak } from '../bench/soak.mjs';

const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const onlyArg =
  argv.find((a) => a.startsWith('--only='))?.slice(7) ??
  (argv.includes('--only') ? argv[argv.indexOf('--only') + 1] : null);
const SECTIONS = [
  'gunzip',
  'probit',
  'analysis',
  'decoder',
  'drift',
  'calibration',
  'sites',
  'detect',
  'judge',
  'attribution',
  'overhead',
  'soak',
];
const only = onlyArg ? onlyArg.split(',') : SECTIONS;
for (const s of only)
  if (!SECTIONS.includes(s)) throw new Error(`unknown section ${s}; sections: ${SECTIONS.join(', ')}`);

const machine = () => ({
  date: new Date().toISOString(),
  cpus: `${os.cpus().length} x ${os.cpus()[0]?.model ?? 'unknown'}`,
  memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  node: process.version,
  go: execFileSync('go', ['version'], { encoding: 'utf8' }).trim(),
  quick,
});

// A quick run is a smoke test: its results go to bench/results/quick/ and never replace the full ones.
const RESULTS = quick ? 'bench/results/quick' : 'bench/results';
const REPORT = quick ? 'bench/results/quick/BENCHMARKS.md' : 'BENCHMARKS.md';
mkdirSync(RESULTS, { recursive: true });
execFileSync(process.execPath, ['scripts/bundle.mjs'], { stdio: 'inherit' });
const lib = await import(await buildBenchLib());
const runners = {
  gunzip: () => benchGunzip(),
  decoder: () => benchDecoder({ quick }),
  probit: () => benchProbit(),
  analysis: () => benchAnalysisSpeed({ quick }),
  drift: () => benchDrift({ duration: quick ? 30 : 120 }),
  // Synthetic series with known truth through the real evaluate(): false alarms against nominal, and power.
  calibration: () => benchCalibration(lib, { quick }),
  sites: () => benchSiteCalibration({ lib, ...(quick ? { series: 300, periods: [65536], lengths: [30] } : {}) }),
  // Quick runs record elsewhere, so they never replace the full matrix's recordings (which `judge` re-reads).
  detect: async () =>
    judgeDetection(
      lib,
      await recordDetection(
        quick
          ? { lengths: [30], reps: 1, concurrency: 7, dir: 'detect-quick' }
          : { lengths: [30, 60, 120], reps: 5, concurrency: 6 },
      ),
    ),
  // Re-judge the recorded detection runs with the current code (after an analysis change), without rerunning.
  judge: () => judgeDetection(lib, loadDetectionRuns(quick ? 'detect-quick' : 'detect')),
  attribution: () => benchAttribution(quick ? { lengthS: 30, reps: 1 } : {}),
  overhead: () => benchOverhead(quick ? { reps: 1, wrkSeconds: 5 } : {}),
  soak: () => benchSoak({ durationS: quick ? 30 : 1800 }),
};
for (const section of only) {
  console.log(`bench: ${section}${quick ? ' (quick)' : ''}`);
  const t0 = performance.now();
  const data = await runners[section]();
  const file = section === 'judge' ? 'detect' : section;
  const previous =
    section === 'judge' && existsSync(`${RESULTS}/detect.json`)
      ? JSON.parse(readFileSync(`${RESULTS}/detect.json`, 'utf8'))
      : null;
  // A re-judgement keeps the recording's date and machine: the samples are from then (a recording that says
  // when it was made, in runs.json, was made on this machine then).
  const m =
    section === 'judge' && data.recordedAt
      ? { ...machine(), date: data.recordedAt, rejudged: new Date().toISOString() }
      : previous
        ? { ...previous.machine, rejudged: new Date().toISOString() }
        : machine();
  const seconds =
    section === 'judge' && typeof data.wallMinutes === 'number'
      ? data.wallMinutes * 60
      : previous
        ? previous.seconds
        : (performance.now() - t0) / 1000;
  writeFileSync(`${RESULTS}/${file}.json`, `${JSON.stringify({ machine: m, seconds, data }, null, 2)}\n`);
}

// ---- BENCHMARKS.md from every section's latest results ----
const load = (s) =>
  existsSync(`${RESULTS}/${s}.json`) ? JSON.parse(readFileSync(`${RESULTS}/${s}.json`, 'utf8')) : null;
const f = (n, d = 1) => (n === null || n === undefined ? '–' : Number(n).toFixed(d));
const pct = (x) => (x === null || x === undefined ? '–' : `${Math.round(x * 100)}%`);
const mib = (b) => (b === null || b === undefined ? '–' : `${(b / 1048576).toFixed(1)} MiB`);
const when = (r) =>
  `${r.machine.rejudged ? `Judged by the code of ${r.machine.rejudged.slice(0, 16).replace('T', ' ')} UTC from runs recorded ` : 'Measured '}${r.machine.date.slice(0, 16).replace('T', ' ')} UTC on ${r.machine.cpus}, ${r.machine.memoryGiB} GiB, ${r.machine.go}, Node ${r.machine.node}${r.machine.quick ? ' (quick mode: fewer runs)' : ''}${r.seconds ? `; took ${f(r.seconds / 60)} min` : ''}.`;
const out = [
  '# Benchmarks',
  '',
  'Written by `npm run bench` from `bench/results/*.json` (raw results, to compare versions). Each section says when, where and with what command it was measured; rerun one with `npm run bench -- --only SECTION`. Timings are medians of repeated runs; ratios come from one run. These are measurements, never test assertions.',
  '',
];

const det = load('detect');
if (det) {
  const d = det.data;
  out.push(
    '## 1. Detection matrix',
    '',
    when(det),
    '',
    `Command per run (scenario, rate and length vary): \`${d.exampleCommand}\`. ${d.reps} runs per cell, ${d.concurrency} runs side by side on this machine (so each run sees more noise than a lone CI job would). Every run is judged three times from its recorded samples: **defaults** (no baseline: default budgets, what a new user gets), **baseline** (against a baseline from a clean run of the same length: the steady service's first run; for the leak after a cache fill, the first run of the same cache without the leak) and **budget 0** (\`--budget heap_live=0/min\`: the live heap's verdict). Detection is the share of runs that failed (for budget 0: whose live heap failed); "inc." is the share whose live heap was inconclusive (exit 0 with a warning; counted as not detected); top site is the share whose first blamed site is the leaking function.`,
    '',
  );
  out.push(
    '| scenario | length | detected (defaults) | detected (baseline) | detected (budget 0) | top site right | heap slope (median) | min. detectable (median) | wall beyond length |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  );
  const incOf = (x) => (x ? ` (${Math.round(100 * x)}% inc.)` : '');
  for (const c of d.cells)
    out.push(
      `| ${c.scenario}${c.clean ? ' (clean)' : ''} | ${c.lengthS} s | ${pct(c.detectedDefaults)}${incOf(c.inconclusiveDefaults)} | ${pct(c.detectedBaseline)} | ${c.detectedBudget0 === undefined ? '–' : `${pct(c.detectedBudget0)}${incOf(c.inconclusiveBudget0)}`} | ${c.topSiteAccuracy === null ? '–' : pct(c.topSiteAccuracy)} | ${f(c.medianHeapSlopeKiBPerMin)} KiB/min | ${f(c.medianMinDetectableKiBPerMin)} KiB/min | ${f(c.medianWallBeyondS)} s |`,
    );
  const cleanNames = [...new Set(d.cells.filter((c) => c.clean).map((c) => c.scenario))].join(', ');
  out.push(
    '',
    `**False alarms** over the clean runs (${cleanNames}): defaults ${d.falseAlarms.defaults.alarms} of ${d.falseAlarms.defaults.runs}; baseline ${d.falseAlarms.baseline.alarms} of ${d.falseAlarms.baseline.runs} (the runs used as baselines are not counted)${d.falseAlarms.budget0 ? `; budget 0 ${d.falseAlarms.budget0.alarms} of ${d.falseAlarms.budget0.runs}` : ''}.`,
    '',
  );
  out.push(
    '**Smallest timer-leak rate caught in every run** (rates tried: 0.5, 1, 2, 8, 64 KiB/s):',
    '',
    '| length | defaults | baseline | budget 0 |',
    '| ---: | ---: | ---: | ---: |',
  );
  const caught = (x) => (x === null || x === undefined ? 'none' : `${x / 1024} KiB/s`);
  for (const L of d.lengths)
    out.push(
      `| ${L} s | ${caught(d.smallestCaught.defaults[L])} | ${caught(d.smallestCaught.baseline[L])} | ${d.smallestCaught.budget0 ? caught(d.smallestCaught.budget0[L]) : '–'} |`,
    );
  out.push('');

  // 2. Sensitivity against the limit, from the steady runs of the matrix.
  out.push(
    '## 2. Sensitivity against the limit',
    '',
    "From the same runs. Noise: the median residual s.d. of the post-GC live heap around its trend on the steady service. The limit: 3 standard errors of an ideal least-squares slope on that noise, 3·σ/√Σ(t−t̄)², with samples every 1 s after the 10 s warm-up. Beside it, the gate's own reported minimum detectable growth (80% power at 99% confidence, a stricter standard than 3 s.e.) and the smallest timer leak caught in every run, against a baseline and with the defaults.",
    '',
  );
  out.push(
    "| length | heap noise σ | limit (3 s.e.) | gate's min. detectable | smallest caught (baseline) | smallest caught (defaults) |",
    '| ---: | ---: | ---: | ---: | ---: | ---: |',
  );
  for (const L of d.lengths) {
    const steady = d.cells.find((c) => c.lengthS === L && c.scenario === 'steady');
    const t = Array.from({ length: L - 10 + 1 }, (_, i) => 10 + i);
    const mean = t.reduce((a, b) => a + b, 0) / t.length;
    const sxx = t.reduce((a, b) => a + (b - mean) ** 2, 0);
    const limit = steady ? (3 * steady.medianHeapNoiseKiB * 1024) / Math.sqrt(sxx) : null;
    const sc = (v) => (v === null ? 'none of the rates' : `${v / 1024} KiB/s`);
    out.push(
      `| ${L} s | ${f(steady?.medianHeapNoiseKiB)} KiB | ${f(limit)} B/s (${f(limit === null ? null : (limit * 60) / 1024)} KiB/min) | ${f(steady?.medianMinDetectableKiBPerMin)} KiB/min | ${sc(d.smallestCaught.baseline[L])} | ${sc(d.smallestCaught.defaults[L])} |`,
    );
  }
  out.push(
    '',
    'Goal: a 60 s run catches ≤ 1 KiB/s with zero false alarms, within 2x of the limit. See the notes below the tables for where it stands.',
    '',
  );
}

const cal = load('calibration');
if (cal) {
  const before = existsSync(`${RESULTS}/calibration-before.json`)
    ? JSON.parse(readFileSync(`${RESULTS}/calibration-before.json`, 'utf8')).data
    : null;
  out.push(
    '## Calibration of the verdicts',
    '',
    when(cal),
    '',
    `Command: \`${cal.data.command}\` (bench/calibration.mjs). Synthetic live-heap series with known truth go through the real \`evaluate\` (warm-up cut, analysis, verdicts). ${cal.data.convention}. Design: ${cal.data.design}. σ: ${cal.data.sigma}.${before ? ' [was …]: the same benchmark on the code before the autocorrelation and cycle work (bench/results/calibration-before.json).' : ''}`,
    '',
    renderCalibration(cal.data, before),
    '',
  );
}

const sites = load('sites');
if (sites) {
  out.push(
    '## Site error model',
    '',
    when(sites),
    '',
    `Command: \`${sites.data.command}\` (bench/site-calibration.mjs). Simulated allocation sites seen through Go's heap sampling (Poisson arrivals, exponential lifetimes, each object sampled with probability 1 − e^(−s/R) and scaled by 1/p) go through the real timeline, site analysis and verdicts at budget 0. A churning site (no leak) that "grows" is a false alarm: nominal ${(sites.data.nominalFalseAlarm[1] * 100).toFixed(1)}% per site, ${(sites.data.nominalFalseAlarm[20] * 100).toFixed(3)}% when 20 sites share the Bonferroni budget. Leak rows are detection. "before": Poisson unit max(period, object size), no turnover; "after": exact weight s/(e^(s/R)−1) plus the turnover of the standing population (bench/sites-notes.md).`,
    '',
    renderSiteCalibration(sites.data),
    '',
  );
}

const att = load('attribution');
if (att) {
  const a = att.data;
  out.push(
    '## 3. Attribution against the sampling rate',
    '',
    when(att),
    '',
    `Command: \`${a.command}\` with \`--profile-rate\` 524288, 65536 and 4096; ${a.reps} runs each. A timer leak of ${a.leakRate / 1024} KiB/s (${f(a.trueRateBytesPerMinute / 1024)} KiB/min after the allocator rounds each block up to its size class) under 200 req/s of ordinary requests. Site-slope error: |site slope − true rate| / true rate for \`main.recordEvent\`. Service CPU: CPU seconds per second of the service's process group after the warm-up (request work, plus heap-profile sampling, plus the gate's samples).`,
    '',
  );
  out.push(
    '| profile rate | in force | top site right | site-slope error (median) | service CPU (median) |',
    '| ---: | ---: | ---: | ---: | ---: |',
  );
  for (const r of a.rows)
    out.push(
      `| ${r.profileRate / 1024} KiB | ${r.rateInForce === null ? '–' : `${r.rateInForce / 1024} KiB`} | ${pct(r.topSiteAccuracy)} | ${pct(r.medianSiteSlopeError)} | ${f(r.medianServiceCpuPerSecond, 3)} s/s |`,
    );
  out.push('');
}

const ov = load('overhead');
if (ov) {
  const o = ov.data;
  out.push(
    '## 4. Overhead on the service',
    '',
    when(ov),
    '',
    `Saturation throughput and p99 latency of the steady service under \`${o.wrkCommand}\` (wrk and the service share the 2 cores), alone and while the gate samples it every second (default interval: a forced GC, MemStats, the heap and goroutine profiles). ${o.reps} alternating repetitions.`,
    '',
  );
  out.push('| | requests/s (median) | p99 latency (median) |', '| --- | ---: | ---: |');
  out.push(
    `| without the gate | ${f(o.medianWithout.rps, 0)} | ${f(o.medianWithout.p99Ms, 2)} ms |`,
    `| with the gate sampling | ${f(o.medianWith.rps, 0)} | ${f(o.medianWith.p99Ms, 2)} ms |`,
    '',
    `Throughput lost: **${f(o.throughputLost * 100)}%** (goal: under 2%). Every repetition: without ${o.without.map((x) => f(x.rps, 0)).join(', ')} req/s; with ${o.withGate.map((x) => f(x.rps, 0)).join(', ')} req/s.`,
    '',
  );
  out.push(
    'Cost of one sample, by live heap (the steady service with `-ballast`; wall time of each request, medians of 10):',
    '',
    '| live heap | forced GC + MemStats (`heap?gc=1&debug=1`) | heap profile | goroutine profile |',
    '| ---: | ---: | ---: | ---: |',
  );
  for (const g of o.gcCost)
    out.push(
      `| ${g.liveHeapMB} MB | ${f(g.forcedGcAndMemStatsMs, 1)} ms | ${f(g.heapProfileMs, 1)} ms | ${f(g.goroutineProfileMs, 1)} ms |`,
    );
  out.push('');
}

const soak = load('soak');
if (soak || det) {
  out.push('## 5. Gate cost', '');
  if (det)
    out.push(
      `Recording time beyond the sampling duration (starting the service, readiness, stopping everything; from each run's report), over the 60 s detection runs: median ${
        det.data.cells
          .filter((c) => c.lengthS === 60)
          .map((c) => c.medianWallBeyondS)
          .sort((x, y) => x - y)
          [Math.floor(det.data.cells.filter((c) => c.lengthS === 60).length / 2)]?.toFixed(2) ?? '–'
      } s. The whole CLI process, with Node's start-up, the analysis and the report, is timed on the ${soak?.data.durationS ?? 600} s run below (goal for both: ≤ 3 s).`,
      '',
    );
  if (soak) {
    const s = soak.data;
    out.push(
      when(soak),
      '',
      `Command: \`${s.command}\`; this script reads the gate's RSS from /proc every second (peak: VmHWM).`,
      '',
    );
    const what =
      s.service === 'manystacks'
        ? `manystacks, ${s.heapSites} distinct heap sites`
        : `${(s.ballastBytes / 1048576).toFixed(0)} MiB ballast`;
    out.push(
      '| run | samples (skipped) | service live heap | gate RSS at 10% | at 50% | at end | gate peak RSS | wall beyond duration |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    );
    out.push(
      `| ${s.durationS} s at 1 s, ${what} | ${s.samples} (${s.skippedSamples}) | ${mib(s.serviceLiveHeap)} | ${mib(s.gateRssAt10pct)} | ${mib(s.gateRssAt50pct)} | ${mib(s.gateRssAtEnd)} | ${mib(s.gatePeakRss)} | ${s.wallBeyondS === undefined ? '–' : `${f(s.wallBeyondS, 2)} s`} |`,
      '',
    );
    out.push(
      "Profiles are reduced to per-site values as they arrive and dropped, so the gate holds one decoded profile at a time. The per-site values go to a file while the run lasts and only the top sites by growth (plus a baseline's) are read back, so what grows in memory with the run is the per-sample numbers, not sites x samples.",
      '',
    );
    if (s.notes) out.push(s.notes, '');
  }
}

const an = load('analysis');
const gz = load('gunzip');
if (an || gz) {
  out.push("## 6. Analysis speed against Go's own tool", '');
  if (an) {
    const a = an.data;
    out.push(
      when(an),
      '',
      `Per profile: our decode and aggregation by site (\`summariseHeapProfile\`, in process) against \`${a.commands?.top ?? 'go tool pprof -top -sample_index=inuse_space FILE'}\` (a new process each time, so its time includes start-up: ${f(a.startupFloorMs)} ms on the smallest profile).`,
      '',
    );
    out.push(
      '| profile | gzip size | samples | ours (decode + aggregate) | pprof-format decode alone (before) | go tool pprof -top | ours / pprof |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    );
    for (const r of a.rows ?? [])
      out.push(
        `| ${r.profile.split(':')[0]} | ${f(r.gzBytes / 1024, 0)} KiB | ${r.samples ?? '–'} | ${f(r.oursMs, 1)} ms | ${f(r.pprofFormatDecodeMs, 1)} ms | ${f(r.pprofTopMs, 0)} ms | ${f(r.ratio, 3)}x |`,
      );
    if (a.diffs?.length) {
      out.push(
        '',
        '| diff of two profiles | ours (two summaries, per-site deltas) | go tool pprof -top -diff_base | ours / pprof |',
        '| --- | ---: | ---: | ---: |',
      );
      for (const r of a.diffs)
        out.push(`| ${r.pair} | ${f(r.oursMs, 1)} ms | ${f(r.pprofDiffMs, 0)} ms | ${f(r.ratio, 3)}x |`);
    }
    out.push(
      '',
      `Load average during the run: ${a.loadavgBefore?.join(', ')} before, ${a.loadavgAfter?.join(', ')} after (2 cores).`,
    );
    if (a.notes) out.push('', a.notes);
    out.push('');
  }
  if (gz) {
    out.push(
      `Gunzip, node:zlib against pako (\`node bench/gunzip.mjs\`: recorded profiles, and one real profile's protobuf repeated to 8 MiB and gzipped). ${when(gz)}`,
      '',
      '| profile | gzip bytes | out bytes | node:zlib | pako | pako / zlib |',
      '| --- | ---: | ---: | ---: | ---: | ---: |',
    );
    for (const r of gz.data)
      out.push(
        `| ${r.name} | ${r.gzBytes} | ${r.outBytes} | ${f(r.zlibMs, 3)} ms | ${f(r.pakoMs, 3)} ms | ${f(r.pakoOverZlib, 2)}x |`,
      );
    out.push(
      '',
      'Decision: the gate gunzips with node:zlib (`gunzipSync` with a `maxOutputLength` bound); pako stays a dev dependency only so this comparison can be rerun.',
      '',
    );
  }
}

const dec = load('decoder');
if (dec) {
  const d = dec.data;
  const ms = (x, n = 1) => (x === null || x === undefined ? '–' : `${f(x, n)} ms`);
  out.push(
    '## Decoding off the main event loop',
    '',
    when(dec),
    '',
    "Command: `node bench/decoder.mjs` (or `npm run bench -- --only decoder`). Decode + aggregate by site of one profile, on the main thread and through the gate's worker thread (warm; includes copying the profile in and the summary out).",
    '',
  );
  out.push('| profile | gzip size | main thread | worker thread |', '| --- | ---: | ---: | ---: |');
  for (const r of d.rows)
    out.push(`| ${r.name} | ${f(r.gzBytes / 1024, 0)} KiB | ${ms(r.syncMs, 2)} | ${ms(r.workerMs, 2)} |`);
  out.push(
    '',
    '| SIGTERM sent during a decode of | handled after, decoding on the main thread (median / max) | on a worker (median / max) |',
    '| --- | ---: | ---: |',
  );
  for (const l of Object.values(d.latency))
    out.push(
      `| ${l.input} | ${ms(l.sync.medianMs, 0)} / ${ms(l.sync.maxMs, 0)} | ${ms(l.worker.medianMs)} / ${ms(l.worker.maxMs)} |`,
    );
  out.push(
    '',
    `Starting the worker: ${ms(d.workerStartMs)} (once per run). Worst lateness of a 5 ms timer on the main thread while the worker decoded the worst case: ${ms(d.mainLoopLagDuringWorkerDecodeMs, 0)}. One yield to the event loop (\`await setImmediate\`), the unit cost of decoding in bounded slices: ${f(d.yieldUs, 1)} µs. Load average ${d.loadavgBefore?.join(', ')} before, ${d.loadavgAfter?.join(', ')} after (2 cores, shared).`,
    '',
  );
  out.push('Decision: decode on a worker thread (see bench/decoder-notes.md for why slices were not chosen).', '');
}

const pb = load('probit');
if (pb) {
  out.push(
    '## Package choices',
    '',
    `The normal quantile behind every interval: ours (Acklam with a Halley step, \`src/analyze/stats.ts\`) against simple-statistics' \`probit\` (\`node bench/probit.mjs\`; exact values from scipy). ${when(pb)}`,
    '',
    '| p | exact | ours | simple-statistics |',
    '| ---: | ---: | ---: | ---: |',
  );
  for (const r of pb.data) out.push(`| ${r.p} | ${r.exact} | ${r.ours} | ${r.simpleStatistics} |`);
  out.push(
    '',
    'simple-statistics is off by 0.1-0.3% at the levels the verdicts use (a 99% interval computed with it is a 98.9% one), so the gate uses its own; simple-statistics stays a dev dependency for this comparison. The profile decoder (section 6) and gunzip (above) were chosen the same way; @actions/exec is not used because it cannot start a command in a process group of its own, which the gate needs to stop a service and all it spawned.',
    '',
  );
}

const dr = load('drift');
if (dr) {
  out.push(
    '## Warm-up drift of a healthy service',
    '',
    when(dr),
    '',
    `Command: \`node bench/drift.mjs\`, which runs \`${dr.data.command}\` and fits the Theil-Sen slope of the post-GC live heap in each window.`,
    '',
    '| window | slope |',
    '| --- | ---: |',
  );
  for (const w of dr.data.windows) out.push(`| ${w.window} | ${f(w.slopeKiBPerMin)} KiB/min |`);
  out.push(
    '',
    'A service that does not leak still grows its live heap for its first minute or so. The default `heap_live` budget (64 KiB/min, judged on the 99% lower bound) stays clear of that; with a baseline the drift cancels.',
    '',
  );
}

if (!quick) out.push(...renderAbSpread(RESULTS));

const notesPath = 'bench/NOTES.md';
if (!quick && existsSync(notesPath)) out.push(readFileSync(notesPath, 'utf8').trim(), '');
writeFileSync(REPORT, `${out.join('\n').trimEnd()}\n`);
console.log(`bench: wrote ${REPORT}`);
