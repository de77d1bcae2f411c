/**
 * Child processes in their own process groups: the service and the load command. Each is started through
 * `/bin/sh -c` exactly as the user wrote it, with its output appended to a log file, and stopped as a whole
 * group (SIGTERM, then SIGKILL after a grace period) on every path.
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
  /** SIGTERM the whole group, then SIGKILL whatever is left after graceMs. Resolves when the group is gone. */
  stop(graceMs?: number): Promise<void>;
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
  }
}

let exitHookInstalled = false;

/** PIDs of live (non-zombie) processes whose process group is pgid. */
export function groupMembers(pgid: number): number[] {
  const pids: number[] = [];
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return pids;
  }
  for (const e of entries) {
    if (e.charCodeAt(0) < 48 || e.charCodeAt(0) > 57) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${e}/stat`, 'latin1');
    } catch {
      continue;
    }
    // pid (comm) state ppid pgrp ...; comm may contain spaces and parentheses, so split after the last ')'.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (rest[0] === 'Z' || rest[0] === 'X') continue;
    if (Number(rest[2]) === pgid) pids.push(Number(e));
  }
  return pids;
}

/**
 * Resident set size (bytes, VmRSS) and CPU time used so far (seconds, user + system) summed over the live
 * processes of a group: one scan of /proc per sample.
 */
export function groupUsage(pgid: number): { rss: number; cpuSeconds: number } {
  let rss = 0;
  let ticks = 0;
  for (const pid of groupMembers(pgid)) {
    try {
      const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'latin1'));
      if (m) rss += Number(m[1]) * 1024;
      const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(rest[11]) + Number(rest[12]); // utime, stime (fields 14 and 15)
    } catch {
      /* exited between the scan and the read */
    }
  }
  return { rss, cpuSeconds: ticks / 100 }; // USER_HZ is 100 on Linux
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
  let resolveExit!: (e: ExitInfo) => void;
  const exited = new Promise<ExitInfo>((r) => (resolveExit = r));
  const group: ProcessGroup = {
    name,
    pid,
    exited,
    exit: null,
    logPath,
    async stop(graceMs = 5000) {
      const signal = (sig: NodeJS.Signals) => {
        try {
          process.kill(-pid, sig);
        } catch {
          /* ESRCH: the group is empty */
        }
      };
      if (groupMembers(pid).length > 0 || group.exit === null) {
        signal('SIGTERM');
        const deadline = performance.now() + graceMs;
        while (performance.now() < deadline && groupMembers(pid).length > 0) await sleep(25);
        if (groupMembers(pid).length > 0) {
          signal('SIGKILL');
          const hard = performance.now() + 2000;
          while (performance.now() < hard && groupMembers(pid).length > 0) await sleep(25);
        }
      }
      if (group.exit === null) await Promise.race([exited, sleep(1000)]);
      live.delete(group);
    },
  };
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
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l.length > 0).slice(-n);
  const joined = lines.join(' | ');
  return joined.length > maxChars ? `...${joined.slice(-maxChars)}` : joined;
}

/** Describe how a process ended: "exited with status 3" or "was killed by SIGKILL". */
export function describeExit(e: ExitInfo): string {
  if (e.signal) return `was killed by ${e.signal}`;
  return `exited with status ${e.code}`;
}
