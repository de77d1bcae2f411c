// Warm-up drift of a healthy service: run the gate on the steady fixture for 120 s at 300 req/s and fit the
// post-GC live heap's Theil-Sen slope in windows. This is what the default heap_live budget must stay clear of.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
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

function theilSen(t, v) {
  const s = [];
  for (let i = 0; i < t.length; i++) for (let j = i + 1; j < t.length; j++) s.push((v[j] - v[i]) / (t[j] - t[i]));
  s.sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export async function benchDrift({ duration = 120, rate = 300 } = {}) {
  execFileSync('go', ['build', '-o', '../.gate-build/bin/', './services/steady'], {
    cwd: 'fixtures',
    stdio: 'inherit',
  });
  const port = await freePort();
  const out = mkdtempSync(join(tmpdir(), 'gmg-drift-'));
  const args = [
    'dist/cli.js',
    'run',
    '--start',
    `.gate-build/bin/steady -addr 127.0.0.1:${port}`,
    '--pprof-url',
    `http://127.0.0.1:${port}`,
    '--load-url',
    `http://127.0.0.1:${port}/`,
    '--rate',
    String(rate),
    '--duration',
    `${duration}s`,
    '--out',
    out,
  ];
  spawnSync(process.execPath, args, { stdio: 'ignore' });
  const samples = JSON.parse(readFileSync(join(out, 'samples.json'), 'utf8')).samples.filter(
    (s) => s.heapLive !== null,
  );
  const windows = [
    [10, 30],
    [10, 60],
    [30, 60],
    [60, 120],
    [10, 120],
  ].filter(([, b]) => b <= duration);
  return {
    command: `node ${args.map((a) => (a.includes(' ') ? `'${a}'` : a)).join(' ')}`,
    windows: windows.map(([a, b]) => {
      const pts = samples.filter((s) => s.t >= a && s.t <= b);
      return {
        window: `${a}-${b} s`,
        slopeKiBPerMin:
          (theilSen(
            pts.map((p) => p.t),
            pts.map((p) => p.heapLive),
          ) *
            60) /
          1024,
      };
    }),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(JSON.stringify(await benchDrift(), null, 2));
