// Real recordings of the issue-8 fixtures: wander (mean-reverting random walk, no trend), batchflush (a 4 MiB
// sawtooth flushed every 8 s, no trend) and batchflush -leak 4096 (4 KiB/s under the sawtooth), each run a few
// times with the real CLI at `--budget heap_live=0/min`, then judged again offline by the current code from
// the recorded samples (lib.evaluate, as `judge` would), at budget 0 and on the default budgets.
// False alarm: wander or batchflush fails. Miss: batchflush -leak passes.
//
//   node bench/sites-recordings.mjs [--reps 4] [--length 60] [--concurrency 3]   record, then judge
//   node bench/sites-recordings.mjs --judge-only                                  judge the recorded runs again
//   --dir NAME: record into / judge bench/work/NAME (default sites); results in bench/results/NAME-recordings.json
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { buildBenchLib } from './build-lib.mjs';
import { buildFixtures, fixtureRunArgs, freePort, loadRecording, pool, runGate, WORK } from './harness.mjs';

const argv = process.argv.slice(2);
const opt = (name, def) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : def);
const DIR = join(WORK, opt('--dir', 'sites'));
const SCENARIOS = [
  { name: 'wander', fixture: 'wander', flags: '', leak: false },
  { name: 'batchflush', fixture: 'batchflush', flags: '', leak: false },
  { name: 'batchflush -leak 4096', fixture: 'batchflush', flags: '-leak 4096', leak: true },
];

async function record({ reps, lengthS, concurrency }) {
  buildFixtures(['wander', 'batchflush']);
  mkdirSync(DIR, { recursive: true });
  const jobs = [];
  for (const sc of SCENARIOS) {
    for (let rep = 0; rep < reps; rep++) {
      jobs.push(async () => {
        const addr = `127.0.0.1:${await freePort()}`;
        const out = join(DIR, `${sc.name.replace(/[^a-z0-9]+/gi, '_')}-${lengthS}s-${rep}`);
        const args = [...fixtureRunArgs(sc, addr, { rate: 50, lengthS }), '--budget', 'heap_live=0/min'];
        const r = await runGate(args, out);
        return {
          scenario: sc.name,
          leak: sc.leak,
          lengthS,
          rep,
          out,
          code: r.code,
          liveVerdict: r.report?.verdict ?? null,
          command: `go-mem-gate ${args.join(' ')}`,
        };
      });
    }
  }
  const runs = await pool(jobs, concurrency, (d, n) => process.stdout.write(`\r  recordings: ${d}/${n}   `));
  process.stdout.write('\n');
  const meta = {
    recorded: new Date().toISOString(),
    machine: `${os.cpus().length} x ${os.cpus()[0]?.model ?? 'unknown'}`,
    concurrency,
    runs,
  };
  writeFileSync(join(DIR, 'runs.json'), JSON.stringify(meta, null, 1));
  return meta;
}

function judgeAll(lib, meta) {
  const rows = [];
  for (const r of meta.runs) {
    if (!existsSync(join(r.out, 'samples.json'))) continue;
    const rec = loadRecording(lib, r.out);
    const judged = (extra) =>
      lib.evaluate(
        lib.buildConfig(lib.parseRunArgs(['--start', 'x', '--duration', `${r.lengthS}s`, ...extra])),
        rec,
        null,
        null,
      ).report;
    const zero = judged(['--budget', 'heap_live=0/min']);
    const defaults = judged([]);
    const heap = (rep) => rep.metrics.find((m) => m.name === 'heap_live');
    rows.push({
      scenario: r.scenario,
      leak: r.leak,
      lengthS: r.lengthS,
      rep: r.rep,
      liveVerdict: r.liveVerdict,
      zeroVerdict: zero.verdict,
      zeroHeap: heap(zero)?.verdict ?? null,
      zeroReason: heap(zero)?.reason ?? null,
      defaultsVerdict: defaults.verdict,
      defaultsHeap: heap(defaults)?.verdict ?? null,
    });
  }
  return rows;
}

const lib = await import(await buildBenchLib());
const meta = argv.includes('--judge-only')
  ? JSON.parse(readFileSync(join(DIR, 'runs.json'), 'utf8'))
  : await record({
      reps: Number(opt('--reps', 4)),
      lengthS: Number(opt('--length', 60)),
      concurrency: Number(opt('--concurrency', 3)),
    });
const rows = judgeAll(lib, meta);
console.log('| scenario | run | live (budget 0, code then) | re-judged: budget 0 | heap_live at 0 | default budgets |');
console.log('| --- | ---: | --- | --- | --- | --- |');
for (const r of rows)
  console.log(
    `| ${r.scenario} | ${r.lengthS} s #${r.rep} | ${r.liveVerdict} | ${r.zeroVerdict} | ${r.zeroHeap} | ${r.defaultsVerdict} |`,
  );
const bad = (leak, v) => (leak ? v !== 'fail' : v === 'fail');
for (const s of SCENARIOS) {
  const rs = rows.filter((r) => r.scenario === s.name);
  console.log(
    `${s.name}: ${s.leak ? 'misses' : 'false alarms'} at budget 0: ${rs.filter((r) => bad(s.leak, r.zeroVerdict)).length} of ${rs.length}; on the defaults: ${rs.filter((r) => bad(s.leak, r.defaultsVerdict)).length} of ${rs.length}`,
  );
}
mkdirSync('bench/results', { recursive: true });
writeFileSync(
  `bench/results/${opt('--dir', 'sites').replace(/[^a-z0-9-]+/gi, '-')}-recordings.json`,
  `${JSON.stringify({ judged: new Date().toISOString(), recorded: meta.recorded, machine: meta.machine, concurrency: meta.concurrency, rows }, null, 2)}\n`,
);
