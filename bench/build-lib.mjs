// Bundle bench/lib.ts (the engine's pure parts) to .gate-build/bench-lib.mjs for the benchmark scripts.
import { build } from 'esbuild';

export async function buildBenchLib() {
  await build({
    entryPoints: ['bench/lib.ts'],
    outfile: '.gate-build/bench-lib.mjs',
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
  });
  return new URL('../.gate-build/bench-lib.mjs', import.meta.url).href;
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await buildBenchLib());
