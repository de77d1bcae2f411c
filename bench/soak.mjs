// Gate memory under a long run: the gate samples a service holding a 500 MB live heap every second for
// 10 minutes (--quick: 1 minute), while this script polls the gate's RSS. Profiles are reduced to per-site
// values as they arrive, so the gate's memory should not grow with the number of samples.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const freePort = () => new Promise((r) => { const s = net.createServer().listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => r(p)); }); });
const kib = (pid, field) => {
  try {
    return Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'latin1'))[1]) * 1024;
  } catch {
    return null;
  }
};

export async function benchSoak({ durationS = 600, ballastBytes = 500 * 1024 * 1024 } = {}) {
  execFileSync('go', ['build', '-o', '../.gate-build/bin/', './services/steady'], { cwd: 'fixtures', stdio: 'inherit' });
  const port = await freePort();
  const out = mkdtempSync(join(tmpdir(), 'gmg-soak-'));
  const args = ['dist/cli.js', 'run', '--start', `.gate-build/bin/steady -addr 127.0.0.1:${port} -ballast ${ballastBytes}`, '--pprof-url', `http://127.0.0.1:${port}`,
    '--load-url', `http://127.0.0.1:${port}/`, '--rate', '100', '--duration', `${durationS}s`, '--interval', '1s', '--ready-timeout', '60s', '--out', out];
  const child = spawn(process.execPath, args, { stdio: 'ignore' });
  const trace = [];
  const t0 = performance.now();
  const timer = setInterval(() => {
    const rss = kib(child.pid, 'VmRSS');
    if (rss !== null) trace.push({ t: (performance.now() - t0) / 1000, rss });
  }, 1000);
  let peak = 0;
  const peakTimer = setInterval(() => { peak = Math.max(peak, kib(child.pid, 'VmHWM') ?? 0); }, 200);
  await new Promise((r) => child.on('close', r));
  const wallS = (performance.now() - t0) / 1000;
  clearInterval(timer);
  clearInterval(peakTimer);
  const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
  const at = (frac) => trace[Math.min(trace.length - 1, Math.floor(trace.length * frac))]?.rss ?? null;
  return {
    command: `node ${args.map((a) => (a.includes(' ') ? `'${a}'` : a)).join(' ')}`,
    durationS,
    ballastBytes,
    samples: report.run.samples,
    skippedSamples: report.run.skippedSamples,
    serviceLiveHeap: report.metrics.find((m) => m.name === 'heap_live')?.last ?? null,
    gatePeakRss: peak,
    gateRssAt10pct: at(0.1),
    gateRssAt50pct: at(0.5),
    gateRssAtEnd: at(0.98),
    verdict: report.verdict,
    wallBeyondS: wallS - durationS,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(JSON.stringify(await benchSoak({ durationS: Number(process.argv[2] ?? 600) }), null, 2));
