/**
 * Child processes in their own process groups: the service and the load command. Each is started through
 * `/bin/sh -c` exactly as the user wrote it, with its output appended to a log file, and stopped as a whole
 * group (SIGTERM, then SIGKILL after a grace period) on every path. Descendants that left the group (setsid,
 * daemons) are found by parent links in /proc at every scan, remembered with their start time (so a reused
 * process id is never taken for them), measured with the group and stopped with it.
 */
import { spawn } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync } from 'node:fs';

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Seconds since the process was started. */
  afterS: number;
}

export interface ProcessGroup {
  name: string;
  pid: number;
  /** Settles when the group leader (the shell) exits. */
  exited: Promise<ExitInfo>;
  /** The leader's exit, once it happened. */
  exit: ExitInfo | null;
  logPath: string;
  /**
   * One /proc scan: the group's live processes and their descendants (also those that left the group), with
   * RSS and CPU time summed over them. Escaped descendants seen here are remembered for stop().
   */
  usage(): TreeUsage;
  /**
   * SIGTERM the whole group and every descendant seen, then SIGKILL whatever is left after graceMs. Resolves
   * when they are gone.
   */
  stop(graceMs?: number): Promise<void>;
}

export interface TreeUsage {
  /** Resident set size in bytes (VmRSS), summed. */
  rss: number;
  /** CPU seconds used so far (user + system), summed. */
  cpuSeconds: number;
  /** The processes measured. */
  pids: number[];
}

const live = new Set<ProcessGroup>();

/** Kill every group still registered, at once (last resort on process exit). */
export function killAllGroupsNow(): void {
  for (const g of live) {
    try {
      process.kill(-g.pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
    for (const [pid, start] of escapedOf.get(g) ?? []) signalIfSame(pid, start, 'SIGKILL');
  }
}

/** Descendants of a group that are outside it, by pid, with the start time they were seen with. */
const escapedOf = new WeakMap<ProcessGroup, Map<number, number>>();

let exitHookInstalled = false;

interface ProcEntry {
  pid: number;
  ppid: number;
  pgrp: number;
  /** Clock ticks after boot when the process started (field 22 of /proc/PID/stat). */
  start: number;
  /** utime + stime, clock ticks. */
  ticks: number;
  zombie: boolean;
}

/** Fields of /proc/PID/stat; comm may contain spaces and parentheses, so split after the last ')'. */
function readStat(pid: number | string): ProcEntry | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
  } catch {
    return null;
  }
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return {
    pid: Number(pid),
    ppid: Number(rest[1]),
    pgrp: Number(rest[2]),
    start: Number(rest[19]),
    ticks: Number(rest[11]) + Number(rest[12]),
    zombie: rest[0] === 'Z' || rest[0] === 'X',
  };
}

/** Every process in /proc, once. */
function scanProc(): ProcEntry[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  const out: ProcEntry[] = [];
  for (const e of entries) {
    if (e.charCodeAt(0) < 48 || e.charCodeAt(0) > 57) continue;
    const st = readStat(e);
    if (st) out.push(st);
  }
  return out;
}

/** Send a signal to pid only if it is still the process that started at `start` (no reused pid). */
function signalIfSame(pid: number, start: number, sig: NodeJS.Signals): boolean {
  const st = readStat(pid);
  if (!st || st.start !== start || st.zombie) return false;
  try {
    process.kill(pid, sig);
    return true;
  } catch {
    return false;
  }
}

/**
 * The live processes of group `pgid`, plus every live descendant (by parent links) of the group's processes,
 * of `root`, and of the `escaped` processes already known (kept when their start time still matches; entries
 * whose pid is gone or reused are deleted). Descendants outside the group are added to `escaped`.
 */
export function treeMembers(pgid: number, root: number, escaped: Map<number, number>, procs = scanProc()): ProcEntry[] {
  const byPid = new Map(procs.map((p) => [p.pid, p]));
  const children = new Map<number, ProcEntry[]>();
  for (const p of procs) {
    const list = children.get(p.ppid);
    if (list) list.push(p);
    else children.set(p.ppid, [p]);
  }
  for (const [pid, start] of escaped) {
    const p = byPid.get(pid);
    if (!p || p.start !== start) escaped.delete(pid);
  }
  const seen = new Set<number>();
  const queue: ProcEntry[] = procs.filter((p) => p.pgrp === pgid || escaped.has(p.pid));
  const rootEntry = byPid.get(root);
  if (rootEntry) queue.push(rootEntry);
  const found: ProcEntry[] = [];
  while (queue.length > 0) {
    const p = queue.pop()!;
    if (seen.has(p.pid) || p.pid === process.pid) continue;
    seen.add(p.pid);
    if (!p.zombie) found.push(p);
    if (p.pgrp !== pgid) escaped.set(p.pid, p.start);
    for (const c of children.get(p.pid) ?? []) queue.push(c);
  }
  return found;
}

/** PIDs of live (non-zombie) processes whose process group is pgid. */
export function groupMembers(pgid: number): number[] {
  return scanProc()
    .filter((p) => p.pgrp === pgid && !p.zombie)
    .map((p) => p.pid);
}

/** RSS and CPU time summed over the given processes. */
function usageOf(procs: readonly ProcEntry[]): TreeUsage {
  let rss = 0;
  let ticks = 0;
  for (const p of procs) {
    try {
      const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${p.pid}/status`, 'latin1'));
      if (m) rss += Number(m[1]) * 1024;
      ticks += p.ticks;
    } catch {
      /* exited between the scan and the read */
    }
  }
  return { rss, cpuSeconds: ticks / 100, pids: procs.map((p) => p.pid) }; // USER_HZ is 100 on Linux
}

/**
 * Resident set size (bytes, VmRSS) and CPU time used so far (seconds, user + system) summed over the live
 * processes of a group: one scan of /proc per sample.
 */
export function groupUsage(pgid: number): { rss: number; cpuSeconds: number } {
  const { rss, cpuSeconds } = usageOf(scanProc().filter((p) => p.pgrp === pgid && !p.zombie));
  return { rss, cpuSeconds };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Start `command` through /bin/sh in a new session and process group, output appended to logPath. */
export function startGroup(name: string, command: string, env: NodeJS.ProcessEnv, logPath: string): ProcessGroup {
  if (!exitHookInstalled) {
    process.on('exit', killAllGroupsNow);
    exitHookInstalled = true;
  }
  const fd = openSync(logPath, 'a');
  const startedAt = performance.now();
  let child;
  try {
    child = spawn('/bin/sh', ['-c', command], { detached: true, stdio: ['ignore', fd, fd], env });
  } finally {
    closeSync(fd);
  }
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start the ${name}: /bin/sh failed to spawn`);
  const escaped = new Map<number, number>();
  let resolveExit!: (e: ExitInfo) => void;
  const exited = new Promise<ExitInfo>((r) => (resolveExit = r));
  const group: ProcessGroup = {
    name,
    pid,
    exited,
    exit: null,
    logPath,
    usage() {
      return usageOf(treeMembers(pid, pid, escaped));
    },
    async stop(graceMs = 5000) {
      const signalGroup = (sig: NodeJS.Signals) => {
        try {
          process.kill(-pid, sig);
        } catch {
          /* ESRCH: the group is empty */
        }
      };
      // Rescanned on every round: a descendant may start, or leave the group, while the others stop.
      const alive = () => treeMembers(pid, pid, escaped).length > 0;
      const signalAll = (sig: NodeJS.Signals) => {
        signalGroup(sig);
        for (const [p, start] of escaped) signalIfSame(p, start, sig);
      };
      if (alive() || group.exit === null) {
        signalAll('SIGTERM');
        const deadline = performance.now() + graceMs;
        while (performance.now() < deadline && alive()) await sleep(25);
        if (alive()) {
          signalAll('SIGKILL');
          const hard = performance.now() + 2000;
          while (performance.now() < hard && alive()) {
            signalAll('SIGKILL');
            await sleep(25);
          }
        }
      }
      if (group.exit === null) await Promise.race([exited, sleep(1000)]);
      live.delete(group);
    },
  };
  escapedOf.set(group, escaped);
  child.on('exit', (code, sig) => {
    group.exit = { code, signal: sig, afterS: (performance.now() - startedAt) / 1000 };
    resolveExit(group.exit);
  });
  child.on('error', () => {
    group.exit = { code: 127, signal: null, afterS: (performance.now() - startedAt) / 1000 };
    resolveExit(group.exit);
  });
  live.add(group);
  return group;
}

/** Last `n` non-empty lines of a log file, joined with " | ", for one-line error messages. */
export function lastLines(path: string, n = 3, maxChars = 400): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return '';
  }
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0)
    .slice(-n);
  const joined = lines.join(' | ');
  return joined.length > maxChars ? `...${joined.slice(-maxChars)}` : joined;
}

/** Describe how a process ended: "exited with status 3" or "was killed by SIGKILL". */
export function describeExit(e: ExitInfo): string {
  if (e.signal) return `was killed by ${e.signal}`;
  return `exited with status ${e.code}`;
}
