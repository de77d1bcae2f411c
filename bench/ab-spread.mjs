// Same-job A/B against cross-run baselines: the run-to-run spread of head-minus-base live-heap slopes when
// base and head are the SAME build (so every difference is noise), and the tolerance each method needs for
// zero false alarms (the largest 99% lower bound of the difference seen). Standalone, not wired into
// scripts/bench.mjs: `node bench/ab-spread.mjs [--reps 4] [--concurrency 3] [--duration 30s]
// [--methods cross-run,same-job] [--out bench/results/ab-spread.json]`. Same-job runs base, head, base
// (3 x duration). Needs the fixtures built (.gate-build/bin) and dist/cli.js bundled.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import { join } from 'node:path';

const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : def;
};
const REPS = Number(arg('reps', '4'));
const CONC = Number(arg('concurrency', '3'));
const DURATION = arg('duration', '30s');
const WARMUP = '4s';
const BIN = join(process.cwd(), '.gate-build', 'bin');
const CLI = join(process.cwd(), 'dist', 'cli.js');
const Z = 2.5758293035489; // two-sided 99%
const FIXTURES = { steady: '', cache: '', noisy: '' };
const METHODS = arg('methods', 'cross-run,same-job').split(',');
const OUT = arg('out', 'bench/results/ab-spread.json');

const freePort = () =>
  new Promise((r) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = s.address().port;
      s.close(() => r(p));
    });
  });
const cli = (args, out) =>
  new Promise((r) => {
    const c = spawn(process.execPath, [CLI, ...args, '--out', out], { stdio: 'ignore' });
    c.on('close', (code) => r(code));
  });
const heap = (file) => JSON.parse(readFileSync(file, 'utf8')).metrics.find((m) => m.name === 'heap_live');

async function common(fx) {
  const port = await freePort();
  const addr = `127.0.0.1:${port}`;
  const svc = `${join(BIN, fx)} -addr ${addr} ${FIXTURES[fx]}`.trim();
  const load = ['--load-url', `http://${addr}/`, '--rate', '100/s'];
  return { svc, args: ['--pprof-url', `http://${addr}`, ...load, '--duration', DURATION, '--warmup', WARMUP] };
}

async function crossRun(fx) {
  const { svc, args } = await common(fx);
  const [a, b] = [mkdtempSync(join(os.tmpdir(), 'abx-')), mkdtempSync(join(os.tmpdir(), 'abx-'))];
  await cli(['run', '--start', svc, ...args, '--budget', 'heap_live=1GiB/min'], a);
  await cli(['run', '--start', svc, ...args, '--budget', 'heap_live=1GiB/min'], b);
  const [base, head] = [heap(join(a, 'report.json')), heap(join(b, 'report.json'))];
  return { diff: head.slopePerMinute - base.slopePerMinute, se: Math.hypot(head.sePerMinute, base.sePerMinute) };
}

async function sameJob(fx) {
  const { svc, args } = await common(fx);
  const o = mkdtempSync(join(os.tmpdir(), 'abs-'));
  await cli(['run', '--base-start', svc, '--start', svc, ...args], o);
  const head = heap(join(o, 'report.json'));
  const [h1, h2] = [heap(join(o, 'base-1', 'report.json')), heap(join(o, 'base-2', 'report.json'))];
  const [w1, w2] = [1 / h1.sePerMinute ** 2, 1 / h2.sePerMinute ** 2];
  const baseSe = 1 / Math.sqrt(w1 + w2);
  return { diff: head.slopePerMinute - head.baselineSlopePerMinute, se: Math.hypot(head.sePerMinute, baseSe) };
}

const jobs = [];
for (let r = 0; r < REPS; r++) {
  for (const fx of Object.keys(FIXTURES)) for (const method of METHODS) jobs.push({ fx, method });
}
const results = [];
const t0 = Date.now();
let next = 0;
await Promise.all(
  Array.from({ length: CONC }, async () => {
    while (next < jobs.length) {
      const j = jobs[next++];
      try {
        const r = await (j.method === 'same-job' ? sameJob(j.fx) : crossRun(j.fx));
        results.push({ ...j, ...r });
        const kib = (x) => (x / 1024).toFixed(1);
        process.stderr.write(`${j.fx} ${j.method}: diff ${kib(r.diff)} KiB/min, se ${kib(r.se)}\n`);
      } catch (err) {
        results.push({ ...j, error: String(err) });
      }
    }
  }),
);
const summary = [];
for (const fx of Object.keys(FIXTURES))
  for (const method of METHODS) {
    const rs = results.filter((r) => r.fx === fx && r.method === method && r.diff !== undefined);
    const d = rs.map((r) => r.diff / 1024);
    const mean = d.reduce((a, b) => a + b, 0) / d.length;
    const sd = Math.sqrt(d.reduce((a, b) => a + (b - mean) ** 2, 0) / (d.length - 1));
    const lows = rs.map((r) => (r.diff - Z * r.se) / 1024);
    const ses = rs.map((r) => r.se / 1024).sort((a, b) => a - b);
    summary.push({
      fixture: fx,
      method,
      runs: rs.length,
      sdDiffKiBPerMin: sd,
      maxAbsDiffKiBPerMin: Math.max(...d.map(Math.abs)),
      medianSeKiBPerMin: ses[Math.floor(rs.length / 2)],
      toleranceForZeroFalseAlarmsKiBPerMin: Math.max(0, ...lows),
    });
  }
const cpus = `${os.cpus().length} x ${os.cpus()[0]?.model}`;
const machine = { date: new Date().toISOString(), cpus, node: process.version, load: os.loadavg() };
const command = `node ${process.argv.slice(1).join(' ')}`.replace(`${process.cwd()}/`, '');
const out = { machine, command, wallS: (Date.now() - t0) / 1000, summary, results };
writeFileSync(OUT, `${JSON.stringify(out, null, 2)}\n`);
console.table(summary);
