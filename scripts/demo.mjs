// `npm run demo`: build a leaking fixture service (a map that is never pruned), run the gate on it for 30 s
// with the built-in load, and print the report a PR comment would carry. Needs Go and a built dist/ (committed).
// `npm run demo -- --baseline` first runs the steady fixture as the base branch would (--save-baseline), then
// judges the leak against it, so the comment shows base against head (the README screenshot is made that way).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import net from 'node:net';

const withBaseline = process.argv.includes('--baseline');
const bin = '.gate-build/bin';
mkdirSync(bin, { recursive: true });
try {
  execFileSync('go', ['build', '-o', `../${bin}/`, './services/mapleak', './services/steady'], {
    cwd: 'fixtures',
    stdio: 'inherit',
  });
} catch {
  console.error('demo: could not build fixtures/services/mapleak: is Go (1.22+) installed and on PATH?');
  process.exit(2);
}

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = s.address().port;
      s.close(() => resolve(p));
    });
  });
}

/** Run the gate on one fixture service; returns the exit status. */
async function gate(service, out, extra) {
  const addr = `127.0.0.1:${await freePort()}`;
  const args = [
    'dist/cli.js',
    'run',
    '--start',
    `${bin}/${service} -addr ${addr}`,
    '--pprof-url',
    `http://${addr}`,
    '--load-url',
    `http://${addr}/`,
    '--rate',
    '200/s',
    '--duration',
    process.env.DEMO_DURATION ?? '30s',
    '--out',
    out,
    ...extra,
  ];
  console.log(`demo: node ${args.join(' ')}\n`);
  return spawnSync(process.execPath, args, { stdio: 'inherit' }).status;
}

const baseline = 'gate-out/demo-base/baseline.json';
if (withBaseline) {
  mkdirSync('gate-out/demo-base', { recursive: true });
  const s = await gate('steady', 'gate-out/demo-base', ['--save-baseline', baseline]);
  if (s !== 0 && s !== 1) process.exit(2);
}
const out = 'gate-out/demo';
const status = await gate('mapleak', out, withBaseline ? ['--baseline', baseline] : []);
console.log(
  `\ndemo: the gate exited with status ${status} (0 pass, 1 regression, 2 could not measure). ${out}/report.md, the PR comment body:\n`,
);
try {
  console.log(readFileSync(`${out}/report.md`, 'utf8'));
} catch {
  /* no report: the error above says why */
}
process.exit(status === 1 || status === 0 ? 0 : 2);
