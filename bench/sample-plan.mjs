// Service CPU and gate CPU per sample, before and after the cheaper-samples change, on real gate runs without
// load: the service's CPU comes from samples.json (cpuSeconds, from /proc), the gate's from /proc/PID/stat of
// the CLI process (polled; includes Node's start-up, the same in both). `node bench/sample-plan.mjs OLD_CLI
// NEW_CLI [--duration 20] [--only LABEL-PREFIX]` prints JSON. OLD_CLI is a dist/cli.js built from the commit
// before the change.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

const [oldCli, newCli] = process.argv.slice(2);
const durationS = Number(process.argv[process.argv.indexOf('--duration') + 1]) || 20;
const CASES = [
  {
    label: 'steady 10MB, rate 64KiB',
    start: (a) => `.gate-build/bin/steady -addr ${a} -ballast 10485760`,
    rate: '64KiB',
  },
  {
    label: 'manystacks depth 13 x8, rate 4096',
    start: (a) => `.gate-build/bin/manystacks -addr ${a} -depth 13 -copies 8`,
    rate: '4096',
  },
  {
    label: 'manystacks depth 14 x8, rate 4096',
    start: (a) => `.gate-build/bin/manystacks -addr ${a} -depth 14 -copies 8`,
    rate: '4096',
  },
  {
    label: 'goroutineleak at 500 req/s (one goroutine leaked per request)',
    start: (a) => `.gate-build/bin/goroutineleak -addr ${a}`,
    rate: '64KiB',
    load: 500,
  },
];
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : null;

const freePort = () =>
  new Promise((res) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = s.address().port;
      s.close(() => res(p));
    });
  });

async function run(cli, c) {
  const addr = `127.0.0.1:${await freePort()}`;
  const out = mkdtempSync(join(tmpdir(), 'gmg-plan-'));
  const args = [cli, 'run', '--start', c.start(addr), '--pprof-url', `http://${addr}`, '--duration', `${durationS}s`];
  args.push('--warmup', '2s', '--profile-rate', c.rate, '--ready-timeout', '120s', '--out', out);
  if (c.load) args.push('--load-url', `http://${addr}/`, '--rate', String(c.load));
  const child = spawn(process.execPath, args, { stdio: 'ignore' });
  let ticks = 0;
  const poll = setInterval(() => {
    try {
      const rest = readFileSync(`/proc/${child.pid}/stat`, 'latin1').split(') ')[1].split(' ');
      ticks = Number(rest[11]) + Number(rest[12]);
    } catch {
      /* exited */
    }
  }, 50);
  const code = await new Promise((r) => child.on('close', r));
  clearInterval(poll);
  const all = JSON.parse(readFileSync(join(out, 'samples.json'), 'utf8')).samples;
  const samples = all.filter((s) => s.cpuSeconds !== null);
  const a = samples[0];
  const b = samples[samples.length - 1];
  const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
  return {
    code,
    samples: samples.length,
    heapProfiles: samples.filter((s) => s.heapProfile).length,
    goroutineProfiles: samples.filter((s) => s.goroutineProfile).length,
    serviceCpuMsPerSample: +(((b.cpuSeconds - a.cpuSeconds) * 1000) / (samples.length - 1)).toFixed(1),
    gateCpuS: ticks / 100,
    heapSites: report.sites.length,
    lastGoroutines: b.goroutines,
  };
}

const started = new Date().toISOString();
const results = {};
for (const c of CASES.filter((x) => !only || x.label.startsWith(only))) {
  results[c.label] = { before: await run(oldCli, c), after: await run(newCli, c) };
}
console.log(JSON.stringify({ started, durationS, loadavgAtStart: loadavg(), results }, null, 1));
