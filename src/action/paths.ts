/**
 * Map file paths from a profile to paths in the repository, so annotations land on the PR's "Files changed":
 * absolute build paths under the workspace, and module paths from -trimpath builds through go.mod files.
 */
import { type Dirent, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

export interface GoModule {
  /** Module path, e.g. github.com/acme/svc */
  path: string;
  /** Directory of its go.mod, relative to the workspace ("" for the root). */
  dir: string;
}

const SKIP = new Set(['node_modules', '.git', 'vendor', 'testdata', 'dist']);

/** go.mod files under root (a bounded walk: depth and count). */
export function findGoModules(root: string, maxDepth = 5, maxDirs = 5000): GoModule[] {
  const mods: GoModule[] = [];
  let seen = 0;
  const walk = (dir: string, depth: number) => {
    if (depth > maxDepth || ++seen > maxDirs) return;
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    if (entries.some((e) => e.isFile() && e.name === 'go.mod')) {
      const m = /^module\s+("?)([^\s"]+)\1\s*$/m.exec(readFileSync(join(dir, 'go.mod'), 'utf8'));
      if (m) mods.push({ path: m[2], dir: relative(root, dir).split(sep).join('/') });
    }
    for (const e of entries)
      if (e.isDirectory() && !SKIP.has(e.name) && !e.name.startsWith('.')) walk(join(dir, e.name), depth + 1);
  };
  walk(root, 0);
  return mods;
}

/** A profile's file path as a repository-relative path, or null when it is not in the repository. */
export function toRepoPath(
  file: string,
  workspace: string,
  modules: readonly GoModule[],
  exists: (p: string) => boolean = (p) => existsSync(join(workspace, p)),
): string | null {
  const ws = workspace.replace(/\/+$/, '');
  if (file.startsWith(`${ws}/`)) return file.slice(ws.length + 1);
  let best: GoModule | null = null;
  for (const m of modules) if (file.startsWith(`${m.path}/`) && (!best || m.path.length > best.path.length)) best = m;
  if (best) {
    const rest = file.slice(best.path.length + 1);
    const p = best.dir ? `${best.dir}/${rest}` : rest;
    if (exists(p)) return p;
  }
  if (!file.startsWith('/') && exists(file)) return file;
  return null;
}
