// Cost of one /proc scan of a process group's tree (src/run/process.ts treeMembers), with and without the
// GO_MEM_GATE_RUN environment mark: `node bench/proc-scan.mjs [N]` starts N extra sleeping processes (300 by
// default) so the scan has a few hundred to look at, then times scans (mean of 50, after one warm-up).
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { buildBenchLib } from './build-lib.mjs';

const { newRunMark, treeMembers } = await import(await buildBenchLib());
const n = Number(process.argv[2] ?? 300);
const kids = Array.from({ length: n }, () => spawn('sleep', ['300.777'], { stdio: 'ignore' }));
await new Promise((r) => setTimeout(r, 1500));
const count = readdirSync('/proc').filter((e) => /^\d+$/.test(e)).length;
const time = (label, f, reps = 50) => {
  f();
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) f();
  console.log(`${label}: ${((performance.now() - t0) / reps).toFixed(2)} ms per scan (${count} processes)`);
};
try {
  time('parent links only', () => treeMembers(process.pid, process.pid, new Map()));
  const all = newRunMark('bench').mark; // since 0: every process's environment is a candidate
  time('with the mark, every environment read (nothing cached)', () => {
    all.unmarked.clear();
    treeMembers(process.pid, process.pid, new Map(), undefined, all);
  });
  time('with the mark, steady state (unmarked processes cached)', () =>
    treeMembers(process.pid, process.pid, new Map(), undefined, all),
  );
  const recent = newRunMark('bench').mark; // as in a run: only processes started since the leader are read
  recent.since = Number(readFileSync('/proc/self/stat', 'latin1').split(') ')[1].split(' ')[19]);
  time('with the mark, processes newer than the gate read (nothing cached)', () => {
    recent.unmarked.clear();
    treeMembers(process.pid, process.pid, new Map(), undefined, recent);
  });
} finally {
  for (const k of kids) k.kill('SIGKILL');
}
