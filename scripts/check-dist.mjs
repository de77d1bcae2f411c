// Fail when the committed dist/ is not what `npm run bundle` makes of src/ now. Also used by the test setup
// (test/global-setup.ts), so integration tests refuse to run a stale dist/.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Files of `dist` that differ from a fresh bundle of src/ (missing on either side included); [] when fresh. */
export function staleDistFiles(dist = 'dist') {
  const fresh = mkdtempSync(join(tmpdir(), 'gmg-dist-'));
  try {
    execFileSync(process.execPath, ['scripts/bundle.mjs', '--outdir', fresh], { stdio: 'inherit' });
    return compareDirs(dist, fresh);
  } finally {
    rmSync(fresh, { recursive: true, force: true });
  }
}

/** Names present in either directory whose bytes differ between them (or that one lacks), sorted. */
export function compareDirs(a, b) {
  const list = (d) => {
    try {
      return readdirSync(d).sort();
    } catch {
      return [];
    }
  };
  const names = [...new Set([...list(a), ...list(b)])].sort();
  return names.filter((n) => {
    try {
      return !readFileSync(join(a, n)).equals(readFileSync(join(b, n)));
    } catch {
      return true;
    }
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const stale = staleDistFiles();
  if (stale.length) {
    console.error(
      `dist/ is stale (${stale.join(', ')} differ from a fresh bundle of src/): run "npm run bundle" and commit dist/`,
    );
    process.exit(1);
  }
  console.log(`dist/ is fresh (${readdirSync('dist').sort().join(', ')})`);
}
