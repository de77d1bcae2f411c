// Attribution against the heap profile sampling rate: a timer leak of known rate, sampled at 512 KiB (Go's
// default), 64 KiB (ours) and 4 KiB. Top-site accuracy, the site slope's error against the true rate, and the
// service's CPU per second at each rate (from the gate's per-sample CPU readings of the service).
import { join } from 'node:path';
import { buildFixtures, freePort, median, pool, runGate, WORK } from './harness.mjs';

export const PROFILE_RATES = [524288, 65536, 4096];

export async function benchAttribution({ leakRate = 8192, lengthS = 60, reps = 5, concurrency = 5 } = {}) {
  buildFixtures(['slowleak']);
  // The leak keeps rate/10 bytes every 100 ms, rounded up by the allocator to its size class (e.g. 819 -> 896).
  const sizeClasses = [
    8, 16, 24, 32, 48, 64, 80, 96, 112, 128, 144, 160, 176, 192, 208, 224, 240, 256, 288, 320, 352, 384, 416, 448, 480,
    512, 576, 640, 704, 768, 896, 1024, 1152, 1280, 1408, 1536, 1792, 2048, 2304, 2688, 3072, 3200, 3456, 4096, 4864,
    5376, 6144, 6528, 6784, 6912, 8192,
  ];
  const per = Math.floor(leakRate / 10);
  const trueRate = (sizeClasses.find((c) => c >= per) ?? per) * 10 * 60; // bytes per minute
  const jobs = [];
  for (const profileRate of PROFILE_RATES) {
    for (let rep = 0; rep < reps; rep++) {
      jobs.push(async () => {
        const port = await freePort();
        const addr = `127.0.0.1:${port}`;
        const args = [
          'run',
          '--start',
          `.gate-build/bin/slowleak -addr ${addr} -rate ${leakRate}`,
          '--pprof-url',
          `http://${addr}`,
          '--load-url',
          `http://${addr}/`,
          '--rate',
          '200',
          '--duration',
          `${lengthS}s`,
          '--profile-rate',
          String(profileRate),
        ];
        const r = await runGate(args, join(WORK, 'attribution', `${profileRate}-${rep}`));
        return { profileRate, rep, args, ...r };
      });
    }
  }
  const runs = await pool(jobs, concurrency, (d, n) => process.stdout.write(`\r  attribution: ${d}/${n} runs      `));
  process.stdout.write('\n');
  const { readFileSync } = await import('node:fs');
  const cpuPerSecond = (out) => {
    const s = JSON.parse(readFileSync(join(out, 'samples.json'), 'utf8')).samples.filter(
      (x) => x.cpuSeconds !== null && x.t >= 10,
    );
    return s.length > 1 ? (s[s.length - 1].cpuSeconds - s[0].cpuSeconds) / (s[s.length - 1].t - s[0].t) : null;
  };
  const rows = PROFILE_RATES.map((profileRate) => {
    const rs = runs.filter((r) => r.profileRate === profileRate && r.report && r.report.verdict !== 'error');
    const site = (r) => r.report.sites.find((s) => s.function === 'main.recordEvent');
    return {
      profileRate,
      runs: rs.length,
      rateInForce: rs[0]?.report.run.profileRateInForce ?? null,
      topSiteAccuracy:
        rs.filter((r) => r.report.sites[0]?.function === 'main.recordEvent').length / Math.max(1, rs.length),
      medianSiteSlopeError: median(
        rs.map((r) => (site(r) ? Math.abs(site(r).slopeBytesPerMinute - trueRate) / trueRate : 1)),
      ),
      medianServiceCpuPerSecond: median(rs.map((r) => cpuPerSecond(r.out)).filter((x) => x !== null)),
    };
  });
  return {
    leakRate,
    trueRateBytesPerMinute: trueRate,
    lengthS,
    reps,
    rows,
    command: `node dist/cli.js ${runs[0].args.map((a) => (a.includes(' ') ? `'${a}'` : a)).join(' ')} --out DIR`,
  };
}
