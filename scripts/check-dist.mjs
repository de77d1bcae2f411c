// Fail when the committed dist/ is not what `npm run bundle` makes of src/ now.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const fresh = mkdtempSync(join(tmpdir(), 'gmg-dist-'));
try {
  execFileSync(process.execPath, ['scripts/bundle.mjs', '--outdir', fresh], { stdio: 'inherit' });
  const list = (d) => {
    try {
      return readdirSync(d).sort();
    } catch {
      return [];
    }
  };
  const names = [...new Set([...list('dist'), ...list(fresh)])];
  const stale = names.filter((n) => {
    try {
      return !readFileSync(join('dist', n)).equals(readFileSync(join(fresh, n)));
    } catch {
      return true;
    }
  });
  if (stale.length) {
    console.error(
      `dist/ is stale (${stale.join(', ')} differ from a fresh bundle of src/): run "npm run bundle" and commit dist/`,
    );
    process.exit(1);
  }
  console.log(`dist/ is fresh (${names.join(', ')})`);
} finally {
  rmSync(fresh, { recursive: true, force: true });
}
