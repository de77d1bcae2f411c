// Analysis speed: our decode + aggregate of a heap profile (summariseHeapProfile: gunzip, our single-pass
// protobuf decode, aggregation by site) against `go tool pprof -top` on the same file, on three real heap profiles:
// the small recorded mapleak profile, and two from the manystacks fixture (GODEBUG=memprofilerate=1) at
// about 1 MB and about 9 MB gzipped. Also `go tool pprof -top -diff_base` on a pair of profiles of each size.
// go tool pprof's times include its process start-up (the go command, then the pprof binary); the start-up
// floor is measured on the tiniest recorded profile and reported, and subtracted in ratioExStartup.
// Median of repeated runs. `node bench/analysis-speed.mjs [--quick]` prints JSON.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { gunzipSync } from 'node:zlib';
import { Profile } from 'pprof-format';
import { buildBenchLib } from './build-lib.mjs';

const OUT_DIR = '.gate-build/bench-profiles';
const BIN = '.gate-build/bin/manystacks';
const TINY = 'fixtures/profiles/steady-heap-rate512k.pb.gz'; // 1.4 KB: go tool pprof start-up floor
const SMALL = ['fixtures/profiles/mapleak-heap-first.pb.gz', 'fixtures/profiles/mapleak-heap-last.pb.gz'];
// Depths found by trying: 16 gives ~1.0 MB gzipped (6.1 MB raw, 65,536 stacks); 19 gives ~8.8 MB gzipped
// (55 MB raw, 524,288 stacks). 20 would be ~18 MB gzipped and ~115 MB raw, over the 64 MiB decode cap.
const SIZES = [
  { label: '1MB', depth: 16 },
  { label: '10MB', depth: 19 },
];
const PPROF_TOP = ['tool', 'pprof', '-top', '-sample_index=inuse_space'];

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Median wall time of fn over `runs` runs (at least; more until minMs has passed), after `warmup` runs. */
function time(fn, { runs, warmup = 1, minMs = 0 }) {
  for (let i = 0; i < warmup; i++) fn();
  const ts = [];
  const end = performance.now() + minMs;
  while (ts.length < runs || performance.now() < end) {
    const t0 = performance.now();
    fn();
    ts.push(performance.now() - t0);
  }
  return { ms: median(ts), runs: ts.length };
}

function pprof(args) {
  return execFileSync('go', args, { encoding: 'utf8', maxBuffer: 256 << 20, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** The "of X total" figure of `go tool pprof -top` output, in bytes (pprof's kB/MB are powers of 1024). */
function pprofTotal(out) {
  const m = /of ([\d.]+)([kMGT]?B) total/.exec(out);
  if (!m) return null;
  return Number(m[1]) * 1024 ** ['B', 'kB', 'MB', 'GB', 'TB'].indexOf(m[2]);
}

/** ours / (go tool pprof minus its start-up floor); null when pprof's time is within the floor (noise). */
const exStartup = (ours, pprofMs, floor) => (pprofMs - floor > 0.1 * floor ? ours / (pprofMs - floor) : null);

const fmtCmd = (cmd, args, env) =>
  `${env ? `${env} ` : ''}${cmd} ${args.map((a) => (/[\s&?]/.test(a) ? `'${a}'` : a)).join(' ')}`;

/** Start manystacks at a depth, fetch two heap profiles a few seconds apart, stop it (SIGTERM, then kill). */
export async function recordPair(depth, commands) {
  const args = ['-addr', '127.0.0.1:0', '-depth', String(depth)];
  commands.push(fmtCmd(BIN, args, 'GODEBUG=memprofilerate=1'));
  const child = spawn(BIN, args, {
    env: { ...process.env, GODEBUG: 'memprofilerate=1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const killNow = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  process.once('exit', killNow);
  const exited = new Promise((r) => child.once('close', r));
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  try {
    const addr = await new Promise((resolve, reject) => {
      let out = '';
      const timer = setTimeout(
        () => reject(new Error(`manystacks -depth ${depth}: not listening after 120 s`)),
        120_000,
      );
      child.stdout.on('data', (d) => {
        out += d;
        const m = /listening on (\S+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
      child.once('close', (code) => {
        clearTimeout(timer);
        reject(new Error(`manystacks exited (${code}) before listening: ${stderr}`));
      });
    });
    const files = [];
    for (let i = 1; i <= 2; i++) {
      if (i === 2) {
        for (let r = 0; r < 20; r++) await (await fetch(`http://${addr}/`)).arrayBuffer(); // a little request work
        await new Promise((r) => setTimeout(r, 3000));
      }
      const url = `http://${addr}/debug/pprof/heap?gc=1`;
      if (i === 1)
        commands.push(
          `GET ${url} (Node fetch) -> ${OUT_DIR}/manystacks-d${depth}-{1,2}.pb.gz, 20 GET / and 3 s apart; then SIGTERM`,
        );
      const res = await fetch(url, { signal: AbortSignal.timeout(300_000) });
      if (!res.ok) throw new Error(`GET ${url}: ${res.status}`);
      const file = `${OUT_DIR}/manystacks-d${depth}-${i}.pb.gz`;
      writeFileSync(file, Buffer.from(await res.arrayBuffer()));
      files.push(file);
    }
    return files;
  } finally {
    child.kill('SIGTERM');
    const t = setTimeout(killNow, 5000);
    await exited;
    clearTimeout(t);
    process.removeListener('exit', killNow);
  }
}

/** What our gate does for a pair: summarise both profiles, then per-site deltas. */
function ourDiff(lib, a, b) {
  const base = lib.summariseHeapProfile(a);
  const cur = lib.summariseHeapProfile(b);
  const delta = new Map();
  for (const [k, s] of cur.sites) delta.set(k, s.value - (base.sites.get(k)?.value ?? 0));
  for (const [k, s] of base.sites) if (!cur.sites.has(k)) delta.set(k, -s.value);
  return delta;
}

export async function benchAnalysisSpeed({ quick = false } = {}) {
  const lib = await import(await buildBenchLib());
  const commands = [];
  const buildArgs = ['build', '-o', '../.gate-build/bin/', './services/manystacks'];
  commands.push(`(cd fixtures && ${fmtCmd('go', buildArgs)})`);
  execFileSync('go', buildArgs, { cwd: 'fixtures', stdio: 'inherit' });
  mkdirSync(OUT_DIR, { recursive: true });
  const loadBefore = loadavg();

  const pairs = [{ label: 'small (recorded mapleak)', files: SMALL, big: false }];
  // Quick mode leaves out the ~10 MB profile (its service alone takes a minute to build and serve it).
  for (const { label, depth } of SIZES.filter((x) => !quick || x.depth < 19))
    pairs.push({
      label: `${label} (manystacks -depth ${depth})`,
      files: await recordPair(depth, commands),
      big: depth >= 19,
    });

  commands.push(fmtCmd('go', [...PPROF_TOP, 'FILE']));
  commands.push(fmtCmd('go', [...PPROF_TOP, '-diff_base', 'FIRST', 'SECOND']));
  commands.push(
    'ours: summariseHeapProfile(readFileSync(FILE)) in this process (gunzip + single-pass decode + aggregate by site)',
  );
  commands.push('ours, diff: summariseHeapProfile(FIRST), summariseHeapProfile(SECOND), per-site deltas');

  const floorRuns = { runs: quick ? 5 : 10, warmup: 1 };
  const startupFloorMs = time(() => pprof([...PPROF_TOP, TINY]), floorRuns).ms;
  // Since Go 1.24 pprof is not prebuilt in GOTOOLDIR: `go tool pprof` builds it once into the build cache and
  // then execs it; `go tool -n pprof` prints that binary's path.
  const pprofBin = execFileSync('go', ['tool', '-n', 'pprof'], { encoding: 'utf8' }).trim();
  const binaryFloorMs = time(
    () => execFileSync(pprofBin, ['-top', '-sample_index=inuse_space', TINY], { stdio: ['ignore', 'pipe', 'pipe'] }),
    floorRuns,
  ).ms;
  commands.push(
    `start-up floor: ${fmtCmd('go', [...PPROF_TOP, TINY])}; without the go command: $(go tool -n pprof) -top -sample_index=inuse_space ${TINY}`,
  );

  const oursRuns = (big) =>
    big ? { runs: quick ? 2 : 5, warmup: 1 } : { runs: 7, warmup: 2, minMs: quick ? 300 : 1000 };
  const pprofRuns = (big) => (big && quick ? { runs: 1, warmup: 0 } : { runs: quick ? 3 : 5, warmup: 1 });

  const rows = [];
  const diffs = [];
  for (const { label, files, big } of pairs) {
    {
      const file = files[1]; // the later profile of each pair; the first is the diff base
      const gz = readFileSync(file);
      const raw = gunzipSync(gz);
      const decoded = lib.decodeProfile(gz);
      const summary = lib.summariseHeapProfile(gz);
      const ours = time(() => lib.summariseHeapProfile(gz), oursRuns(big));
      const decodeMs = time(() => lib.decodeProfile(gz), oursRuns(big)).ms;
      const gunzipMs = time(() => gunzipSync(gz), oursRuns(big)).ms;
      const out = pprof([...PPROF_TOP, file]);
      const pp = time(() => pprof([...PPROF_TOP, file]), pprofRuns(big));
      const pprofTotalBytes = pprofTotal(out);
      rows.push({
        profile: `${label}: ${file}`,
        gzBytes: gz.length,
        rawBytes: raw.length,
        samples: (() => {
          let n = 0;
          decoded.forEachSample(() => n++);
          return n;
        })(),
        locations: decoded.framesById.size,
        // What decoding cost with pprof-format's object model, which the gate used before (same bytes).
        pprofFormatDecodeMs: time(() => Profile.decode(new Uint8Array(gunzipSync(gz))), oursRuns(big)).ms,
        oursMs: ours.ms,
        pprofTopMs: pp.ms,
        ratio: ours.ms / pp.ms,
        ratioExStartup: exStartup(ours.ms, pp.ms, startupFloorMs),
        gunzipMs,
        decodeMs, // gunzip + wire check + our decode (samples read lazily: aggregation does that part)
        aggregateMs: ours.ms - decodeMs,
        oursRuns: ours.runs,
        pprofRuns: pp.runs,
        totalsAgree:
          pprofTotalBytes === null ? null : Math.abs(pprofTotalBytes - summary.total) <= 0.01 * summary.total,
      });
    }
    const [a, b] = files.map((f) => readFileSync(f));
    const ours = time(() => ourDiff(lib, a, b), oursRuns(big));
    const pp = time(() => pprof([...PPROF_TOP, '-diff_base', files[0], files[1]]), pprofRuns(big));
    diffs.push({
      pair: label,
      base: files[0],
      profile: files[1],
      oursMs: ours.ms,
      pprofDiffMs: pp.ms,
      ratio: ours.ms / pp.ms,
      ratioExStartup: exStartup(ours.ms, pp.ms, startupFloorMs),
      oursRuns: ours.runs,
      pprofRuns: pp.runs,
    });
  }
  return {
    quick,
    node: process.version,
    go: execFileSync('go', ['version'], { encoding: 'utf8' }).trim(),
    loadavgBefore: loadBefore.map((x) => Number(x.toFixed(2))),
    loadavgAfter: loadavg().map((x) => Number(x.toFixed(2))),
    startupFloorMs,
    binaryFloorMs,
    rows,
    diffs,
    commands,
  };
}

if (import.meta.url === `file://${process.argv[1]}`)
  console.log(JSON.stringify(await benchAnalysisSpeed({ quick: process.argv.includes('--quick') }), null, 2));
