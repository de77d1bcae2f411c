/**
 * Owners: the first frame of a stack, from the leaf up, that belongs to the service's own code (package main
 * or the main module). Growth is rolled up to owners the way pprof's cumulative view rolls it up to callers, so
 * a leak that allocates deep inside a library is blamed on the user's function it flows through. Pure.
 */
import type { Frame } from './profile.js';

/**
 * A dependency's source file, even when its import path shares the main module's prefix (a nested module or
 * a /v2 of the same repository): the module cache (`.../pkg/mod/path@version/...`), a -trimpath build's
 * `path@version/...`, or a vendor directory.
 * @example isDependencyFile('/home/u/go/pkg/mod/github.com/me/svc/v2@v2.1.0/x.go') // true
 */
export function isDependencyFile(file: string): boolean {
  return /\/pkg\/mod\//.test(file) || /@v\d[^/]*\//.test(file) || /(^|\/)vendor\//.test(file);
}

/** The symbol-name spelling of an import path: dots in its last element are written %2e by the Go linker. */
function escapedPath(path: string): string {
  const i = path.lastIndexOf('/');
  return path.slice(0, i + 1) + path.slice(i + 1).replace(/\./g, '%2e');
}

/**
 * Does this frame belong to the service's own code? Package main always does; with a main module, so does
 * any package under it whose file is not a dependency's (module cache, vendor).
 * @example isOwnFrame({ function: 'main.handle', file: '/src/main.go', line: 3 }, null) // true
 */
export function isOwnFrame(frame: Frame, module: string | null): boolean {
  const fn = frame.function;
  if (fn.startsWith('main.')) return true;
  if (!module) return false;
  for (const m of module.includes('.') ? [module, escapedPath(module)] : [module]) {
    if ((fn.startsWith(`${m}.`) || fn.startsWith(`${m}/`)) && !isDependencyFile(frame.file)) return true;
  }
  return false;
}

/** The owner of a stack (leaf first, inlined frames expanded): its first own frame, or null when none. */
export function ownerOf(frames: readonly Frame[], module: string | null): Frame | null {
  for (const f of frames) if (isOwnFrame(f, module)) return f;
  return null;
}

/** The key sites are listed under in report.json's owners[].sites: `function file:line`. */
export function displayKey(f: Frame): string {
  return `${f.function} ${f.file}:${f.line}`;
}

/**
 * The main module named by a go.mod file's text (its `module` directive), or null.
 * @example moduleFromGoMod('module example.com/svc\n\ngo 1.24\n') // 'example.com/svc'
 */
export function moduleFromGoMod(text: string): string | null {
  const m = /^\s*module\s+("?)([^\s"/][^\s"]*)\1\s*(?:\/\/.*)?$/m.exec(text);
  return m ? m[2] : null;
}

/**
 * Fraction of the metric's slope an owner's growth explains, from 0 to 1 (0 when the metric does not grow).
 * @example ownerShare(900, 1000) // 0.9
 */
export function ownerShare(ownerSlopePerMinute: number, metricSlopePerMinute: number): number {
  if (!(metricSlopePerMinute > 0) || !(ownerSlopePerMinute > 0)) return 0;
  return Math.min(1, ownerSlopePerMinute / metricSlopePerMinute);
}
