// Decoder: where to decode so that a signal always gets through (issue 11). Measures, on the same inputs:
// - decode + aggregate time (summariseHeapProfile) on the main thread, and (runs alternating) through the worker
//   thread the gate uses (src/run/profile-decoder.ts with dist/profile-worker.js: includes copying the profile
//   in and the summary out), warm worker; and the cost of starting a worker;
// - signal latency: a child process decodes in a loop; the parent sends SIGTERM at a random moment during a
//   decode; latency = when the child's SIGTERM handler ran minus when the signal was sent (same clock);
// - event-loop lag on the main thread while the worker decodes (a 5 ms interval timer's worst lateness);
// - for bounded slices: the cost of one yield to the event loop (await setImmediate), from which a sliced
//   decoder's overhead and latency at a given slice length follow (derived, not a sliced implementation).
// Inputs: the recorded profiles in fixtures/profiles, the manystacks fixture's heap profiles (depth 16, about
// 1 MB gzipped, and 19, about 9 MB; recorded by bench/analysis-speed.mjs's recordPair), and the slowest valid
// profile under the caps (test/helpers/worst-profile.mjs). `node bench/decoder.mjs [--quick]` prints JSON
// (needs dist/: npm run bundle).
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { worstCaseProfile } from '../test/helpers/worst-profile.mjs';
import { recordPair } from './analysis-speed.mjs';
import { buildBenchLib } from './build-lib.mjs';

const WORKER = pathToFileURL('dist/profile-worker.js');
const PROFILES = '.gate-build/bench-profiles';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Median times of a and b, run alternately (a, b, a, b, ...) after one warm-up each, so that load from other
 * processes on a shared machine falls on both alike.
 */
async function timePair(a, b, { runs = 5, minMs = 300 } = {}) {
  await a();
  await b();
  const ta = [];
  const tb = [];
  const end = performance.now() + minMs;
  while (ta.length < runs || performance.now() < end) {
    let t0 = performance.now();
    await a();
    ta.push(performance.now() - t0);
    t0 = performance.now();
    await b();
    tb.push(performance.now() - t0);
  }
  return [median(ta), median(tb)];
}

async function inputs(quick) {
  const list = readdirSync('fixtures/profiles')
    .filter((f) => f.endsWith('.pb.gz'))
    .map((f) => ({
      name: f,
      kind: f.includes('goroutine') ? 'goroutine' : 'heap',
      file: `fixtures/profiles/${f}`,
    }));
  mkdirSync(PROFILES, { recursive: true });
  execFileSync('go', ['build', '-o', '../.gate-build/bin/', './services/manystacks'], {
    cwd: 'fixtures',
    stdio: 'inherit',
  });
  for (const depth of quick ? [16] : [16, 19]) {
    const file = `${PROFILES}/manystacks-d${depth}-1.pb.gz`;
    if (!existsSync(file)) await recordPair(depth, []);
    list.push({ name: `manystacks -depth ${depth} (GODEBUG=memprofilerate=1)`, kind: 'heap', file });
  }
  const worst = `${PROFILES}/worst-case.pb.gz`;
  writeFileSync(worst, worstCaseProfile());
  list.push({ name: 'worst case under the caps (150,000 samples x 400 frames)', kind: 'heap', file: worst });
  return list;
}

/** Signal latency in a child process decoding `file` in a loop, `mode` sync or worker; `reps` signals. */
async function signalLatency(mode, file, reps) {
  const out = [];
  for (let r = 0; r < reps; r++) {
    const child = spawn(process.execPath, [new URL(import.meta.url).pathname, '--child', mode, file], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let text = '';
    const decoding = new Promise((res) =>
      child.stdout.on('data', (d) => {
        text += d;
        if (text.includes('decoding')) res();
      }),
    );
    const closed = new Promise((res) => child.on('close', res));
    await decoding;
    await new Promise((res) => setTimeout(res, 100 + Math.random() * 400));
    const sentAt = performance.timeOrigin + performance.now();
    child.kill('SIGTERM');
    await closed;
    const m = /handled (\d+(?:\.\d+)?)/.exec(text);
    out.push(m ? Number(m[1]) - sentAt : null);
  }
  const ok = out.filter((x) => x !== null);
  return { medianMs: ok.length ? median(ok) : null, maxMs: ok.length ? Math.max(...ok) : null, reps };
}

async function child(mode, file) {
  const lib = await import(new URL('../.gate-build/bench-lib.mjs', import.meta.url).href); // built by the parent
  const data = readFileSync(file);
  const decoder = mode === 'worker' ? lib.profileDecoder(WORKER) : null;
  process.on('SIGTERM', () => {
    process.stdout.write(`handled ${performance.timeOrigin + performance.now()}\n`);
    process.exit(0);
  });
  if (decoder) await decoder.summarise('heap', data); // warm: the worker is started once per run
  process.stdout.write('decoding\n');
  for (;;) {
    if (decoder) await decoder.summarise('heap', data);
    else {
      lib.summariseHeapProfile(data);
      await new Promise((res) => setImmediate(res)); // the gate awaits between samples, so the signal is seen here
    }
  }
}

export async function benchDecoder({ quick = false } = {}) {
  if (!existsSync('dist/profile-worker.js')) throw new Error('dist/profile-worker.js missing: run npm run bundle');
  const lib = await import(await buildBenchLib());
  const loadBefore = loadavg();
  const list = await inputs(quick);
  const decoder = lib.profileDecoder(WORKER);
  const rows = [];
  for (const inp of list) {
    const data = readFileSync(inp.file);
    const sync = inp.kind === 'heap' ? lib.summariseHeapProfile : lib.summariseGoroutineProfile;
    let ok = true;
    try {
      sync(data);
    } catch {
      ok = false;
    }
    const big = data.length > 500_000;
    const [syncMs, workerMs] = await timePair(
      async () => {
        try {
          sync(data);
        } catch {
          /* refused: timed all the same */
        }
      },
      async () => {
        try {
          await decoder.summarise(inp.kind, data);
        } catch {
          /* same */
        }
      },
      { runs: big ? 5 : 7, minMs: big ? 0 : 300 },
    );
    rows.push({ name: inp.name, gzBytes: data.length, decoded: ok, syncMs, workerMs, workerOverMs: workerMs - syncMs });
  }
  // Event-loop lag on the main thread while the worker decodes the slowest profile.
  const worst = readFileSync(list.at(-1).file);
  let lagMs = 0;
  let last = performance.now();
  const tick = setInterval(() => {
    const now = performance.now();
    lagMs = Math.max(lagMs, now - last - 5);
    last = now;
  }, 5);
  await decoder.summarise('heap', worst);
  clearInterval(tick);
  await decoder.close();
  // Starting a worker (the gate starts one per run): time to the first answer on the smallest profile.
  const tiny = readFileSync('fixtures/profiles/steady-heap-rate512k.pb.gz');
  const starts = [];
  for (let i = 0; i < 5; i++) {
    const d = lib.profileDecoder(WORKER);
    const t0 = performance.now();
    await d.summarise('heap', tiny);
    starts.push(performance.now() - t0);
    await d.close();
  }
  // One yield to the event loop, for the sliced alternative.
  const N = 20000;
  const y0 = performance.now();
  for (let i = 0; i < N; i++) await new Promise((res) => setImmediate(res));
  const yieldUs = ((performance.now() - y0) / N) * 1000;
  // The main-thread worst case waits out a whole decode per signal (seconds): fewer repetitions there.
  const latency = {};
  for (const name of ['worst', 'manystacks']) {
    const inp = name === 'worst' ? list.at(-1) : list.filter((x) => x.name.startsWith('manystacks')).at(-1);
    const reps = quick || name === 'worst' ? 3 : 7;
    latency[name] = {
      input: inp.name,
      sync: await signalLatency('sync', inp.file, reps),
      worker: await signalLatency('worker', inp.file, reps),
    };
  }
  return {
    rows,
    workerStartMs: median(starts),
    mainLoopLagDuringWorkerDecodeMs: lagMs,
    yieldUs,
    latency,
    loadavgBefore: loadBefore,
    loadavgAfter: loadavg(),
    commands: ['node bench/decoder.mjs', 'npm run bench -- --only decoder'],
  };
}

if (process.argv[2] === '--child') await child(process.argv[3], process.argv[4]);
else if (import.meta.url === `file://${process.argv[1]}`)
  console.log(JSON.stringify(await benchDecoder({ quick: process.argv.includes('--quick') }), null, 2));
