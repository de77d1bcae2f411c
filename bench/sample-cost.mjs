// What each pprof request of a sample costs the service: CPU time (utime+stime of the service process, from
// /proc, in ms per request) and wall latency, median over repeated sequential requests on an idle service.
// Services: steady with a 10 MB and a 500 MB ballast (profile rate 512 KiB); manystacks -depth 13 (8,192
// distinct allocation stacks) at memprofilerate=1 (every allocation profiled: a stress case); manystacks depth 13
// and 14 at rate 4096 with 8 objects per stack (3,175 and 7,163 live sites measured; ordinary per-allocation
// cost); goroutineleak after 10,000 requests (10,000 blocked goroutines). `records` counts heap records with
// in-use objects (sites). `node bench/sample-cost.mjs [--reps N] [--only LABEL-PREFIX]` prints JSON. Needs
// .gate-build/bin: the vitest global setup builds it (go build -o ../.gate-build/bin/ ./services/... in fixtures/).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';

const reps = Number(process.argv[process.argv.indexOf('--reps') + 1]) || 15;
const BIN = '.gate-build/bin';
const CASES = [
  { label: 'steady 10MB', bin: 'steady', args: ['-ballast', String(10 << 20)], godebug: 'memprofilerate=524288' },
  { label: 'steady 500MB', bin: 'steady', args: ['-ballast', String(500 << 20)], godebug: 'memprofilerate=524288' },
  { label: 'manystacks depth 13, rate 1', bin: 'manystacks', args: ['-depth', '13'], godebug: 'memprofilerate=1' },
  {
    label: 'manystacks depth 13 x8, rate 4096',
    bin: 'manystacks',
    args: ['-depth', '13', '-copies', '8'],
    godebug: 'memprofilerate=4096',
  },
  {
    label: 'manystacks depth 14 x8, rate 4096',
    bin: 'manystacks',
    args: ['-depth', '14', '-copies', '8'],
    godebug: 'memprofilerate=4096',
  },
  {
    label: 'goroutineleak 10k goroutines',
    bin: 'goroutineleak',
    args: [],
    godebug: 'memprofilerate=65536',
    prime: 10_000,
  },
];
const REQUESTS = [
  ['heap?gc=1&debug=1 (text, MemStats)', 'heap?gc=1&debug=1'],
  ['heap (binary, no GC)', 'heap'],
  ['heap?gc=1 (binary, GC)', 'heap?gc=1'],
  ['goroutine (binary)', 'goroutine'],
  ['goroutine?debug=1 (text)', 'goroutine?debug=1'],
  ['index /debug/pprof/ (counts)', ''],
];

const cpuMs = (pid) => {
  const rest = readFileSync(`/proc/${pid}/stat`, 'latin1').split(') ')[1].split(' ');
  return (Number(rest[11]) + Number(rest[12])) * 10; // USER_HZ 100
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function measure(c) {
  const child = spawn(`${BIN}/${c.bin}`, ['-addr', '127.0.0.1:0', ...c.args], {
    env: { ...process.env, GODEBUG: c.godebug },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  process.once('exit', () => child.kill('SIGKILL'));
  try {
    const addr = await new Promise((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d) => {
        out += d;
        const m = /listening on (\S+)/.exec(out);
        if (m) resolve(m[1]);
      });
      child.once('close', (code) => reject(new Error(`${c.bin} exited ${code}`)));
    });
    for (let i = 0; i < (c.prime ?? 0); i += 100) {
      await Promise.all(Array.from({ length: 100 }, () => fetch(`http://${addr}/`).then((r) => r.arrayBuffer())));
    }
    await new Promise((r) => setTimeout(r, 1000));
    const text = await (await fetch(`http://${addr}/debug/pprof/heap?debug=1`)).text();
    const records = text.split('\n').filter((l) => /^[1-9]\d*: \d+ \[/.test(l)).length;
    const index = await (await fetch(`http://${addr}/debug/pprof/`)).text();
    const goroutines = Number(/<td>(\d+)<\/td><td><a href='goroutine\?debug=1'>/.exec(index)?.[1]);
    const rows = { records, goroutines };
    for (const [name, path] of REQUESTS) {
      const cpu = [];
      const wall = [];
      let bytes = 0;
      for (let i = 0; i < reps; i++) {
        // Long enough apart that a 10 ms CPU tick is attributed to the right request.
        await new Promise((r) => setTimeout(r, 50));
        const c0 = cpuMs(child.pid);
        const t0 = performance.now();
        const body = Buffer.from(await (await fetch(`http://${addr}/debug/pprof/${path}`)).arrayBuffer());
        wall.push(performance.now() - t0);
        await new Promise((r) => setTimeout(r, 30));
        cpu.push(cpuMs(child.pid) - c0);
        bytes = body.length;
      }
      const mean = cpu.reduce((a, b) => a + b, 0) / cpu.length;
      rows[name] = { cpuMsMean: +mean.toFixed(1), wallMsMedian: +median(wall).toFixed(1), bytes };
    }
    return rows;
  } finally {
    child.kill('SIGTERM');
  }
}

const started = new Date().toISOString();
const load = loadavg();
const results = {};
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : null;
for (const c of CASES.filter((x) => !only || x.label.startsWith(only))) results[c.label] = await measure(c);
const cpus = (await import('node:os')).cpus().length;
console.log(JSON.stringify({ started, reps, loadavgAtStart: load, cpus, results }, null, 1));
