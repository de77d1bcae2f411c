// `npm run bench [-- --quick]`: run the benchmarks, save raw results to bench/results/*.json, and write
// BENCHMARKS.md from them with the date, the machine and the command for every table.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { benchDrift } from '../bench/drift.mjs';
import { benchGunzip } from '../bench/gunzip.mjs';
import { benchSoak } from '../bench/soak.mjs';

const quick = process.argv.includes('--quick');
const machine = {
  date: new Date().toISOString(),
  cpus: `${os.cpus().length} x ${os.cpus()[0]?.model ?? 'unknown'}`,
  memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  node: process.version,
  go: execFileSync('go', ['version'], { encoding: 'utf8' }).trim(),
  quick,
};
mkdirSync('bench/results', { recursive: true });
console.log('bench: gunzip (node:zlib vs pako)');
const gunzip = benchGunzip();
console.log('bench: warm-up drift of the steady fixture');
const drift = await benchDrift({ duration: quick ? 60 : 120 });
console.log(`bench: gate memory over a ${quick ? 1 : 10}-minute run against a 500 MB live heap`);
const soak = await benchSoak({ durationS: quick ? 60 : 600 });
const results = { machine, gunzip, drift, soak };
writeFileSync('bench/results/latest.json', `${JSON.stringify(results, null, 2)}\n`);

const f = (n, d = 3) => Number(n).toFixed(d);
const mib = (b) => (b === null || b === undefined ? '–' : `${(b / 1048576).toFixed(1)} MiB`);
const md = `# Benchmarks

Measured by \`npm run bench\`${quick ? ' -- --quick' : ''} on ${machine.date.slice(0, 10)}: ${machine.cpus}, ${machine.memoryGiB} GiB,
${machine.go}, Node ${machine.node}. Raw results: \`bench/results/latest.json\`. Timings are medians of repeated runs;
ratios come from the same run.

## Gunzip: node:zlib against pako

Command: \`node bench/gunzip.mjs\` (real recorded profiles from \`fixtures/profiles/\`, plus one real profile's
protobuf repeated to 8 MiB and gzipped).

| profile | gzip bytes | out bytes | node:zlib ms | pako ms | pako / zlib |
| --- | ---: | ---: | ---: | ---: | ---: |
${gunzip.map((r) => `| ${r.name} | ${r.gzBytes} | ${r.outBytes} | ${f(r.zlibMs)} | ${f(r.pakoMs)} | ${f(r.pakoOverZlib, 2)}x |`).join('\n')}

Decision: the gate gunzips with node:zlib (\`gunzipSync\` with a \`maxOutputLength\` bound); pako is kept as a
dev dependency only so this comparison can be rerun.

## Warm-up drift of a healthy service

Command: \`node bench/drift.mjs\`, which runs
\`${drift.command}\`
and fits the Theil-Sen slope of the post-GC live heap in each window.

| window | slope |
| --- | ---: |
${drift.windows.map((w) => `| ${w.window} | ${f(w.slopeKiBPerMin, 1)} KiB/min |`).join('\n')}

A service that does not leak still grows its live heap for its first minute or so. The default \`heap_live\`
budget (64 KiB/min, judged on the 99% lower bound) stays clear of that; with a baseline the drift cancels.

## Gate memory under a long run

Command: \`node bench/soak.mjs ${soak.durationS}\`, which runs
\`${soak.command}\`
and reads the gate's RSS from /proc every second (peak: VmHWM).

| run | samples (skipped) | service live heap | gate RSS at 10% | at 50% | at end | gate peak RSS |
| --- | ---: | ---: | ---: | ---: | ---: | ---: |
| ${soak.durationS} s at 1 s, ${(soak.ballastBytes / 1048576).toFixed(0)} MiB ballast | ${soak.samples} (${soak.skippedSamples}) | ${mib(soak.serviceLiveHeap)} | ${mib(soak.gateRssAt10pct)} | ${mib(soak.gateRssAt50pct)} | ${mib(soak.gateRssAtEnd)} | ${mib(soak.gatePeakRss)} |

Profiles are reduced to per-site values as they arrive and dropped, so the gate holds one decoded profile at a
time; what grows with the run is only the per-sample numbers (a few hundred bytes per sample and site).
`;
writeFileSync('BENCHMARKS.md', md);
console.log('bench: wrote BENCHMARKS.md and bench/results/latest.json');
