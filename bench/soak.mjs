// Gate memory under a long run: the gate samples a service every second while this script polls the gate's RSS.
// Default (issue 11): the manystacks fixture keeping ~510 MB at 8,192 distinct allocation sites
// (-depth 0 -sites 8192 -object-bytes 61440), profiled at 16 KiB so that about 8,000 sites show in each heap
// profile; `--service steady` is the earlier soak (a 500 MB -ballast heap, few sites). Per-sample site values
// go to disk and the timelines kept in memory are bounded (top sites by growth + "other"), so the gate's memory
// should not grow with sites x samples. Usage: node bench/soak.mjs [SECONDS] [manystacks|steady] [GATE_CLI_JS]
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const freePort = () =>
  new Promise((r) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = s.address().port;
      s.close(() => r(p));
    });
  });
const kib = (pid, field) => {
  try {
    return (
      Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'latin1'))[1]) * 1024
    );
  } catch {
    return null;
  }
};

const SERVICES = {
  manystacks: { flags: '-depth 0 -sites 8192 -object-bytes 61440', profileRate: '16KiB' },
  steady: { flags: `-ballast ${500 * 1024 * 1024}`, profileRate: null },
};

export async function benchSoak({ durationS = 1800, service = 'manystacks', cli = 'dist/cli.js' } = {}) {
  const svc = SERVICES[service];
  if (!svc) throw new Error(`soak: unknown service ${service}; one of ${Object.keys(SERVICES).join(', ')}`);
  const build = ['build', '-o', '../.gate-build/bin/', `./services/${service}`];
  execFileSync('go', build, { cwd: 'fixtures', stdio: 'inherit' });
  const port = await freePort();
  const out = mkdtempSync(join(tmpdir(), 'gmg-soak-'));
  const args = [
    cli,
    'run',
    '--start',
    `.gate-build/bin/${service} -addr 127.0.0.1:${port} ${svc.flags}`,
    '--pprof-url',
    `http://127.0.0.1:${port}`,
    '--load-url',
    `http://127.0.0.1:${port}/`,
    '--rate',
    '100',
    '--duration',
    `${durationS}s`,
    '--interval',
    '1s',
    '--ready-timeout',
    '60s',
    ...(svc.profileRate ? ['--profile-rate', svc.profileRate] : []),
    '--out',
    out,
  ];
  const child = spawn(process.execPath, args, { stdio: 'ignore' });
  const trace = [];
  const t0 = performance.now();
  const timer = setInterval(() => {
    const rss = kib(child.pid, 'VmRSS');
    if (rss !== null) trace.push({ t: (performance.now() - t0) / 1000, rss });
  }, 1000);
  let peak = 0;
  const peakTimer = setInterval(() => {
    peak = Math.max(peak, kib(child.pid, 'VmHWM') ?? 0);
  }, 200);
  const code = await new Promise((r) => child.on('close', r));
  const wallS = (performance.now() - t0) / 1000;
  clearInterval(timer);
  clearInterval(peakTimer);
  const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
  const samples = JSON.parse(readFileSync(join(out, 'samples.json'), 'utf8'));
  const at = (frac) => trace[Math.min(trace.length - 1, Math.floor(trace.length * frac))]?.rss ?? null;
  const profiles = readdirSync(join(out, 'profiles')).filter((f) => f.startsWith('heap-'));
  const profileBytes = profiles.reduce((a, f) => a + statSync(join(out, 'profiles', f)).size, 0);
  return {
    command: `node ${args.map((a) => (a.includes(' ') ? `'${a}'` : a)).join(' ')}`,
    out,
    service,
    durationS,
    exitCode: code,
    samples: report.run.samples,
    skippedSamples: report.run.skippedSamples,
    serviceLiveHeap: report.metrics.find((m) => m.name === 'heap_live')?.last ?? null,
    // Distinct heap sites over the run: the ones kept in the bounded timeline plus those folded into "other".
    heapSites: samples.heapSites.sites.length + samples.heapSites.otherSites,
    heapSitesKept: samples.heapSites.sites.length,
    meanHeapProfileBytes: profiles.length ? Math.round(profileBytes / profiles.length) : null,
    gatePeakRss: peak,
    gateRssAt10pct: at(0.1),
    gateRssAt50pct: at(0.5),
    gateRssAtEnd: at(0.98),
    // The gate's RSS once a minute (MiB), to see whether it grows with the run.
    gateRssByMinuteMiB: trace.filter((_, i) => i % 60 === 59).map((x) => Math.round(x.rss / 1048576)),
    verdict: report.verdict,
    wallBeyondS: wallS - durationS,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // A third argument runs another build of the gate (e.g. an older dist/cli.js, for a before/after comparison).
  const [durationS = '1800', service = 'manystacks', cli = 'dist/cli.js'] = process.argv.slice(2);
  console.log(JSON.stringify(await benchSoak({ durationS: Number(durationS), service, cli }), null, 2));
}
