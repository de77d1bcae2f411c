// `npm run demo`: build a leaking fixture service (a map that is never pruned), run the gate on it for 30 s
// with the built-in load, and print the report a PR comment would carry. Needs Go and a built dist/ (committed).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import net from 'node:net';

const bin = '.gate-build/bin';
mkdirSync(bin, { recursive: true });
try {
  execFileSync('go', ['build', '-o', `../${bin}/`, './services/mapleak'], { cwd: 'fixtures', stdio: 'inherit' });
} catch {
  console.error('demo: could not build fixtures/services/mapleak: is Go (1.22+) installed and on PATH?');
  process.exit(2);
}
const port = await new Promise((resolve) => {
  const s = net.createServer().listen(0, '127.0.0.1', () => {
    const p = s.address().port;
    s.close(() => resolve(p));
  });
});
const addr = `127.0.0.1:${port}`;
const out = 'gate-out/demo';
const args = ['dist/cli.js', 'run', '--start', `${bin}/mapleak -addr ${addr}`, '--pprof-url', `http://${addr}`,
  '--load-url', `http://${addr}/`, '--rate', '200/s', '--duration', process.env.DEMO_DURATION ?? '30s', '--out', out];
console.log(`demo: node ${args.join(' ')}\n`);
const r = spawnSync(process.execPath, args, { stdio: 'inherit' });
console.log(`\ndemo: the gate exited with status ${r.status} (0 pass, 1 regression, 2 could not measure). ${out}/report.md, the PR comment body:\n`);
try {
  console.log(readFileSync(`${out}/report.md`, 'utf8'));
} catch {
  /* no report: the error above says why */
}
process.exit(r.status === 1 || r.status === 0 ? 0 : 2);
