/**
 * Children that leave the service's process group (setsid, daemons) are still the service's: they are found by
 * parent links in /proc, counted in RSS and stopped with the service on every path (pass, error, SIGTERM).
 * Double-forked daemons, re-parented away before any scan could link them, are found by the GO_MEM_GATE_RUN
 * mark in their environment. The service is test/helpers/fake-pprof.mjs, a real process serving real HTTP,
 * started through a shell that first starts a `setsid sleep` in a session of its own.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type ProcessGroup, startGroup } from '../../src/run/process.js';
import { errorLine, freePort, processesMatching, ROOT, runCli, tempOut } from '../helpers/gate.js';

const FAKE = join(ROOT, 'test', 'helpers', 'fake-pprof.mjs');

/** A sleep duration no other test uses, to find this test's escaped child by its command line. */
const uniqueSleep = () => `sleep ${4000 + Math.floor(Math.random() * 1000)}.${Math.floor(Math.random() * 1e6)}`;

/**
 * Run arguments for the fake service started through a shell that first starts `sleep` outside its group:
 * - 'setsid': `setsid sleep` in a session of its own, a child of the shell (found by parent links);
 * - 'double-fork': a subshell starts it and exits at once, so the sleeper is re-parented (to init or a subreaper)
 *   before the gate's first scan and no parent link leads to it (found by the GO_MEM_GATE_RUN mark).
 */
async function escapingService(how: 'setsid' | 'double-fork', mode: string, sleep: string, extra: string[] = []) {
  const port = await freePort();
  const detach = how === 'setsid' ? `setsid ${sleep} &` : `(setsid ${sleep} &) ;`;
  const start = `${detach} exec ${process.execPath} ${FAKE} ${port} ${mode} # 127.0.0.1:${port}`;
  const pprof = `http://127.0.0.1:${port}`;
  return ['run', '--start', start, '--pprof-url', pprof, '--duration', '10s', '--warmup', '2s', ...extra];
}

/** The process's session id (field 6 of /proc/PID/stat). */
const sessionOf = (pid: number) => Number(readFileSync(`/proc/${pid}/stat`, 'latin1').split(') ')[1].split(' ')[3]);
const pidOf = (line: string) => Number(line.slice(0, line.indexOf(':')));
/** Processes running exactly this command (not the shells or the gate whose command lines mention it). */
const running = (cmd: string) => processesMatching(cmd).filter((l) => l.endsWith(`: ${cmd}`));

const started: ProcessGroup[] = [];
/** Sleepers a test started: killed after it, so a failing test leaves nothing behind. */
const sleepers: string[] = [];
afterEach(async () => {
  for (const g of started.splice(0)) await g.stop(500);
  for (const s of sleepers.splice(0)) for (const line of running(s)) process.kill(pidOf(line), 'SIGKILL');
});

/** The one process running exactly `sleep`, once it has started (polls for up to 2 s). */
async function sleeperPid(sleep: string): Promise<number> {
  let found = running(sleep);
  for (let i = 0; i < 100 && found.length === 0; i++) {
    await new Promise((r) => setTimeout(r, 20));
    found = running(sleep);
  }
  expect(found).toHaveLength(1);
  return pidOf(found[0]);
}

const parentOf = (pid: number) => Number(readFileSync(`/proc/${pid}/stat`, 'latin1').split(') ')[1].split(' ')[1]);

describe('ProcessGroup: descendants outside the group', () => {
  it('are measured and stopped, by parent links, even after their parent has exited', async () => {
    const sleep = uniqueSleep();
    // The shell starts a setsid child, then a second child that outlives the shell's own exit.
    const g = startGroup('service', `setsid ${sleep} & sleep 600.25 & wait`, process.env, join(tempOut(), 'svc.log'));
    started.push(g);
    const child = await sleeperPid(sleep);
    expect(sessionOf(child)).not.toBe(sessionOf(g.pid)); // it really left the session (and the group)
    const u = g.usage();
    expect(u.pids).toContain(child);
    expect(u.pids).toContain(g.pid);
    const childRss = Number(/^VmRSS:\s+(\d+)/m.exec(readFileSync(`/proc/${child}/status`, 'latin1'))![1]) * 1024;
    expect(u.rss).toBeGreaterThanOrEqual(childRss);
    // Its parent (the shell) goes away first: the child is re-parented and only remembered, no longer linked.
    process.kill(g.pid, 'SIGKILL');
    for (let i = 0; i < 100 && parentOf(child) === g.pid; i++) {
      await new Promise((r) => setTimeout(r, 20));
    }
    await g.stop(2000);
    expect(running(sleep)).toEqual([]);
    expect(running('sleep 600.25')).toEqual([]);
  });

  it('a double-forked child, re-parented before the first scan, is found by the mark in its environment', async () => {
    const sleep = uniqueSleep();
    sleepers.push(sleep);
    const g = startGroup('service', `(setsid ${sleep} &) ; exec sleep 600.125`, process.env, join(tempOut(), 's.log'));
    started.push(g);
    const child = await sleeperPid(sleep);
    // Wait until the subshell between them is gone: the sleeper's parent is then neither the leader nor a child.
    for (let i = 0; i < 100 && parentOf(parentOf(child)) === g.pid; i++) await new Promise((r) => setTimeout(r, 20));
    expect(parentOf(child)).not.toBe(g.pid);
    expect(parentOf(parentOf(child))).not.toBe(g.pid);
    expect(readFileSync(`/proc/${child}/environ`, 'latin1')).toMatch(/(^|\0)GO_MEM_GATE_RUN=service-[0-9a-f]{24}\0/);
    expect(g.usage().pids).toContain(child);
    await g.stop(2000);
    expect(running(sleep)).toEqual([]);
  });

  it('a remembered pid that now belongs to another process is left alone', async () => {
    const g = startGroup('service', 'sleep 600.5', process.env, join(tempOut(), 'svc.log'));
    started.push(g);
    await new Promise((r) => setTimeout(r, 100));
    // An unrelated process, not ours: pretend we had seen its pid before, with another start time.
    const other = startGroup('other', 'sleep 600.75', process.env, join(tempOut(), 'other.log'));
    started.push(other);
    await new Promise((r) => setTimeout(r, 100));
    const victim = pidOf(running('sleep 600.75')[0]);
    const members = await import('../../src/run/process.js');
    const escaped = new Map([[victim, 1]]); // start time 1: a pid reused since
    const found = members.treeMembers(g.pid, g.pid, escaped);
    expect(found.map((p) => p.pid)).not.toContain(victim);
    expect(escaped.has(victim)).toBe(false);
    await g.stop(2000);
    expect(readdirSync('/proc')).toContain(String(victim));
  });
});

describe.each([
  ['children in a session of their own (found by parent links)', 'setsid'],
  ['double-forked children (found by the GO_MEM_GATE_RUN mark in their environment)', 'double-fork'],
] as const)('the gate stops %s on every path', (_, how) => {
  it('a passing run', async () => {
    const sleep = uniqueSleep();
    sleepers.push(sleep);
    const r = await runCli(await escapingService(how, 'ok', sleep));
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.leftovers).toEqual([]);
    expect(running(sleep)).toEqual([]);
  });

  it('a run that ends in an error', async () => {
    const sleep = uniqueSleep();
    sleepers.push(sleep);
    const r = await runCli(await escapingService(how, 'always-fail', sleep));
    expect(r.code).toBe(2);
    expect(errorLine(r.stderr)[0]).toMatch(/samples failed/);
    expect(r.leftovers).toEqual([]);
    expect(running(sleep)).toEqual([]);
  });

  it('SIGTERM to the gate', async () => {
    const sleep = uniqueSleep();
    sleepers.push(sleep);
    let pid = 0;
    const args = await escapingService(how, 'ok', sleep, ['--duration', '60s']);
    const gate = runCli(args, { onSpawn: (p) => (pid = p) });
    await new Promise((r) => setTimeout(r, 4000));
    expect(running(sleep)).toHaveLength(1);
    process.kill(pid, 'SIGTERM');
    const r = await gate;
    expect(r.code).toBe(2);
    expect(errorLine(r.stderr)[0]).toMatch(/interrupted by SIGTERM/);
    expect(running(sleep)).toEqual([]);
  });
});

describe('--save-baseline', () => {
  it('creates the directory it writes into', async () => {
    const out = tempOut();
    const file = join(out, 'not', 'there', 'yet', 'baseline.json');
    const args = await escapingService('setsid', 'ok', uniqueSleep());
    const r = await runCli([...args, '--save-baseline', file], { out });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8')).schemaVersion).toBeGreaterThanOrEqual(1);
  });
});
