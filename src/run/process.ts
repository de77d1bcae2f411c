/**
 * Child processes in their own process groups: the service and the load command. Each is started through
 * `/bin/sh -c` exactly as the user wrote it, with its output appended to a log file, and stopped as a whole
 * group (SIGTERM, then SIGKILL after a grace period) on every path. Descendants that left the group (setsid,
 * daemons) are found by parent links in /proc at every scan, remembered with their start time (so a reused
 * process id is never taken for them), measured with the group and stopped with it. A second net catches those
 * whose parent exited between two scans (double-forked daemons, re-parented to init): every group is started
 * with the environment variable GO_MEM_GATE_RUN set to a random token, and each scan also takes the processes
 * started since the group whose /proc/PID/environ holds exactly that entry.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
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
    const escaped = escapedOf.get(g);
    if (!escaped) continue;
    treeMembers(g.pid, g.pid, escaped, scanProc(), markOf.get(g)); // one last scan: marked processes too
    for (const [pid, start] of escaped) signalIfSame(pid, start, 'SIGKILL');
  }
}

/** Descendants of a group that are outside it, by pid, with the start time they were seen with. */
const escapedOf = new WeakMap<ProcessGroup, Map<number, number>>();
const markOf = new WeakMap<ProcessGroup, RunMark>();

/**
 * The environment variable every process a group starts inherits, set to a random token per group. Processes that
 * carry it are the group's, wherever they were re-parented to. Documented in README (When things go wrong).
 */
export const RUN_MARK_VAR = 'GO_MEM_GATE_RUN';

/** The environment entry that marks a group's processes, and what the scans learnt about other processes. */
export interface RunMark {
  /** `GO_MEM_GATE_RUN=<token>` as bytes, without the NUL that ends it in /proc/PID/environ. */
  entry: Buffer;
  /** Start time (clock ticks after boot) of the group's leader: nothing older can have inherited the token. */
  since: number;
  /** Processes (pid -> start time) whose environment was read and does not hold the entry: not read again. */
  unmarked: Map<number, number>;
}

/** A fresh mark: `GO_MEM_GATE_RUN=<name>-<24 hex digits>`. */
export function newRunMark(name: string): { value: string; mark: RunMark } {
  const value = `${name}-${randomBytes(12).toString('hex')}`;
  return { value, mark: { entry: Buffer.from(`${RUN_MARK_VAR}=${value}`, 'latin1'), since: 0, unmarked: new Map() } };
}

/**
 * Whether the NUL-separated environment block holds exactly `entry` (a whole entry: not a longer value, not a
 * longer name).
 */
export function environHolds(environ: Buffer, entry: Buffer): boolean {
  for (let i = environ.indexOf(entry); i >= 0; i = environ.indexOf(entry, i + 1)) {
    const end = i + entry.length;
    if ((i === 0 || environ[i - 1] === 0) && (end === environ.length || environ[end] === 0)) return true;
  }
  return false;
}

/**
 * Whether process p carries the mark. Only processes readable by us (others: EACCES) and still there (ENOENT,
 * ESRCH: a race with its exit) are read; those that do not carry it are remembered with their start time.
 */
function carriesMark(p: ProcEntry, mark: RunMark): boolean {
  if (p.start < mark.since || mark.unmarked.get(p.pid) === p.start) return false;
  let environ: Buffer;
  try {
    environ = readFileSync(`/proc/${p.pid}/environ`);
  } catch {
    return false; // not ours to read, or gone; asked again next scan if it is still there
  }
  if (environHolds(environ, mark.entry)) return true;
  // An empty block is a kernel thread or a process caught mid-exec or exiting: ask again next time.
  if (environ.length > 0) mark.unmarked.set(p.pid, p.start);
  return false;
}

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
 * of `root`, of the `escaped` processes already known (kept when their start time still matches; entries
 * whose pid is gone or reused are deleted), and, with a `mark`, of the processes that carry it in their
 * environment. Those outside the group are added to `escaped`.
 */
export function treeMembers(
  pgid: number,
  root: number,
  escaped: Map<number, number>,
  procs = scanProc(),
  mark?: RunMark,
): ProcEntry[] {
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
  const walk = () => {
    while (queue.length > 0) {
      const p = queue.pop()!;
      if (seen.has(p.pid) || p.pid === process.pid) continue;
      seen.add(p.pid);
      if (!p.zombie) found.push(p);
      if (p.pgrp !== pgid) escaped.set(p.pid, p.start);
      for (const c of children.get(p.pid) ?? []) queue.push(c);
    }
  };
  walk();
  if (mark) {
    // The second net: processes not linked to the tree any more (parent exited between two scans) that carry
    // the mark. Zombies are skipped (their environment is gone, and there is nothing left to stop).
    for (const p of procs) {
      if (!seen.has(p.pid) && !p.zombie && p.pid !== process.pid && carriesMark(p, mark)) queue.push(p);
    }
    walk();
    for (const [pid, start] of mark.unmarked) if (byPid.get(pid)?.start !== start) mark.unmarked.delete(pid);
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
  const { value, mark } = newRunMark(name);
  let child: ReturnType<typeof spawn>;
  try {
    const marked = { ...env, [RUN_MARK_VAR]: value };
    child = spawn('/bin/sh', ['-c', command], { detached: true, stdio: ['ignore', fd, fd], env: marked });
  } finally {
    closeSync(fd);
  }
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start the ${name}: /bin/sh failed to spawn`);
  // Nothing started before the leader can carry its token (if the leader is already gone: every process is read).
  mark.since = readStat(pid)?.start ?? 0;
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
      return usageOf(treeMembers(pid, pid, escaped, scanProc(), mark));
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
      const alive = () => treeMembers(pid, pid, escaped, scanProc(), mark).length > 0;
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
  markOf.set(group, mark);
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
