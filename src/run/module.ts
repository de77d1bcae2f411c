/**
 * The service's main module, for finding owners (the first frame of the service's own code): --module, else
 * the go.mod in the working directory, else the build info of the service's Go binary (its process group's
 * executables, via /proc/PID/exe). Package main counts as the service's own code whatever this finds.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { moduleFromGoMod } from '../analyze/owners.js';
import { readGoBuildInfo } from './buildinfo.js';
import { groupMembers } from './process.js';

export interface MainModule {
  path: string | null;
  source: 'flag' | 'go.mod' | 'build info' | null;
  /** Go version of the service's binary, when its build info was read. */
  goVersion: string | null;
}

/** From the flag or the working directory's go.mod: known before the service starts. */
export function moduleBeforeStart(flag: string | null, cwd = process.cwd()): MainModule | null {
  if (flag) return { path: flag, source: 'flag', goVersion: null };
  const gomod = join(cwd, 'go.mod');
  if (existsSync(gomod)) {
    const path = moduleFromGoMod(readFileSync(gomod, 'utf8'));
    if (path) return { path, source: 'go.mod', goVersion: null };
  }
  return null;
}

/** From the build info of the Go binaries running in the service's process group (the go tool itself skipped). */
export function moduleFromGroup(pgid: number): MainModule {
  let goVersion: string | null = null;
  for (const pid of groupMembers(pgid)) {
    const info = readGoBuildInfo(`/proc/${pid}/exe`);
    if (!info || info.path === 'cmd/go') continue;
    goVersion ??= info.goVersion;
    if (info.module) return { path: info.module, source: 'build info', goVersion: info.goVersion };
  }
  return { path: null, source: null, goVersion };
}
