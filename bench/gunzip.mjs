// Gunzip speed: node:zlib against pako, on real recorded profiles and on a large one (a real profile's
// protobuf repeated to ~8 MB, gzipped). Median of repeated runs, and the ratio from the same run.
import { readdirSync, readFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import * as pako from 'pako';

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(fn, minMs = 300) {
  const runs = [];
  for (let i = 0; i < 3; i++) fn(); // warm-up
  const end = performance.now() + minMs;
  while (performance.now() < end || runs.length < 7) {
    const t0 = performance.now();
    fn();
    runs.push(performance.now() - t0);
  }
  return median(runs);
}

export function benchGunzip() {
  const dir = 'fixtures/profiles';
  const inputs = readdirSync(dir)
    .filter((f) => f.endsWith('.pb.gz'))
    .map((f) => ({ name: f, gz: readFileSync(`${dir}/${f}`) }));
  const base = gunzipSync(readFileSync(`${dir}/mapleak-heap-last.pb.gz`));
  const big = Buffer.concat(Array.from({ length: Math.ceil((8 << 20) / base.length) }, () => base));
  inputs.push({
    name: `mapleak-heap-last raw x${Math.ceil((8 << 20) / base.length)} (${(big.length / 1048576).toFixed(1)} MiB out)`,
    gz: gzipSync(big),
  });
  const rows = inputs.map(({ name, gz }) => {
    const out = gunzipSync(gz).length;
    if (pako.ungzip(gz).length !== out) throw new Error(`pako and zlib disagree on ${name}`);
    const zlibMs = time(() => gunzipSync(gz));
    const pakoMs = time(() => pako.ungzip(gz));
    return { name, gzBytes: gz.length, outBytes: out, zlibMs, pakoMs, pakoOverZlib: pakoMs / zlibMs };
  });
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) console.table(benchGunzip());
