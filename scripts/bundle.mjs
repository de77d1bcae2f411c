// Bundle src/ into dist/ with esbuild: dist/cli.js (the CLI) and dist/index.js (the Action).
// Both run with plain `node`, no node_modules. Deterministic output, so CI can compare it with the committed dist/.

import { existsSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

// `node scripts/bundle.mjs [--outdir DIR]` (default dist/); check-dist.mjs bundles to a temp dir and compares.
const i = process.argv.indexOf('--outdir');
const outdir = i > 0 ? process.argv[i + 1] : 'dist';

// profile-worker.js: the profile decoder's thread, loaded by the others from next to them (src/run/profile-decoder.ts).
const entries = { cli: 'src/cli.ts', 'profile-worker': 'src/run/profile-worker.ts' };
if (existsSync('src/index.ts')) entries.index = 'src/index.ts';

rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: entries,
  outdir,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outExtension: { '.js': '.js' },
  legalComments: 'none',
  sourcemap: false,
  banner: {
    js: "import { createRequire as __gmgCreateRequire } from 'node:module'; const require = __gmgCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
