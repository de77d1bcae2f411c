// Cost of the bounded site timeline at soak scale: SITES sites in every one of POINTS profiles, spilled to a
// file as they arrive (SiteTimeline.add), then bounded to the top sites by growth (boundTimeline reads the file
// twice). Synthetic summaries, so only the timeline's own work is timed. Usage:
// node bench/timeline-bound.mjs [SITES=8000] [POINTS=1800]
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildBenchLib } from './build-lib.mjs';

const lib = await import(await buildBenchLib());
const nSites = Number(process.argv[2] ?? 8000);
const nPoints = Number(process.argv[3] ?? 1800);
const dir = mkdtempSync(join(tmpdir(), 'gmg-bound-'));
const sites = new Map();
for (let i = 0; i < nSites; i++) {
  const site = { function: `main.site${i}`, file: 'sites_gen.go', line: i };
  const key = `${site.function}\u0000${site.file}\u0000${i}`;
  sites.set(key, { key, site, stack: [site], value: 0, objects: 1 });
}
const store = new lib.FileRowStore(join(dir, 'rows.bin'));
const tl = new lib.SiteTimeline(store);
let addMs = 0;
for (let j = 0; j < nPoints; j++) {
  // Every site wobbles; one in 50 grows by 64 bytes a point.
  for (const a of sites.values())
    a.value = 61440 + ((j * 7 + a.site.line) % 13) * 512 + (a.site.line % 50 ? 0 : j * 64);
  const t0 = performance.now();
  tl.add(j, { sampleTypes: [], period: 16384, periodType: 'space/bytes', total: 0, totalObjects: 0, sites });
  addMs += performance.now() - t0;
}
const spillBytes = statSync(store.path).size;
const t0 = performance.now();
const bounded = lib.boundTimeline(tl, 10);
const boundMs = performance.now() - t0;
store.remove();
rmSync(dir, { recursive: true, force: true });
console.log(
  JSON.stringify(
    {
      command: `node bench/timeline-bound.mjs ${nSites} ${nPoints}`,
      sites: nSites,
      points: nPoints,
      addMsPerPoint: +(addMs / nPoints).toFixed(2),
      spillMiB: +(spillBytes / 1048576).toFixed(1),
      boundMs: Math.round(boundMs),
      keptSites: bounded.info.size,
      otherSites: bounded.otherSites,
      rssMiB: Math.round(process.memoryUsage().rss / 1048576),
    },
    null,
    2,
  ),
);
