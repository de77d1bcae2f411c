// Overhead on the service: saturation throughput and p99 latency under wrk, with the gate sampling at its
// default interval and without; and the cost of one sample (the forced GC and the reads) at 10 MB, 100 MB
// and 1 GB of live heap.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { buildFixtures, freePort, median, runGate, WORK } from './harness.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitReady(url, timeoutMs = 60_000) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not yet */
    }
    await sleep(100);
  }
  throw new Error(`not ready: ${url}`);
}

function startService(args) {
  const child = spawn('.gate-build/bin/steady', args, { stdio: 'ignore', detached: true });
  return {
    child,
    stop: () => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    },
  };
}

/** wrk for `seconds` against url: requests/s and p99 latency (ms). */
function wrk(url, seconds) {
  const out = execFileSync('wrk', ['-t2', '-c16', `-d${seconds}s`, '--latency', url], { encoding: 'utf8' });
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)[1]);
  const p99 = /^\s+99%\s+([\d.]+)(us|ms|s)\s*$/m.exec(out);
  const ms = p99 ? Number(p99[1]) * { us: 0.001, ms: 1, s: 1000 }[p99[2]] : null;
  return { rps, p99Ms: ms };
}

export async function benchOverhead({ reps = 3, wrkSeconds = 15 } = {}) {
  if (spawnSync('wrk', ['-v']).error) throw new Error('the overhead benchmark needs wrk: apt-get install -y wrk');
  buildFixtures(['steady']);
  const without = [];
  const withGate = [];
  for (let i = 0; i < reps; i++) {
    // Without the gate.
    {
      const port = await freePort();
      const s = startService(['-addr', `127.0.0.1:${port}`]);
      try {
        await waitReady(`http://127.0.0.1:${port}/healthz`);
        await sleep(2000);
        without.push(wrk(`http://127.0.0.1:${port}/`, wrkSeconds));
      } finally {
        s.stop();
      }
    }
    // With the gate sampling every second (default interval), no load of its own.
    {
      const port = await freePort();
      const addr = `127.0.0.1:${port}`;
      const gate = runGate(
        [
          'run',
          '--start',
          `.gate-build/bin/steady -addr ${addr}`,
          '--pprof-url',
          `http://${addr}`,
          '--duration',
          `${wrkSeconds + 10}s`,
          '--warmup',
          '2s',
        ],
        join(WORK, 'overhead', `with-${i}`),
      );
      await waitReady(`http://${addr}/healthz`);
      await sleep(2000);
      withGate.push(wrk(`http://${addr}/`, wrkSeconds));
      await gate;
    }
  }
  // The cost of one sample at several live-heap sizes.
  const gcCost = [];
  for (const mb of [10, 100, 1000]) {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}/debug/pprof`;
    const s = startService(['-addr', `127.0.0.1:${port}`, '-ballast', String(mb * 1024 * 1024)]);
    try {
      await waitReady(`${base}/`);
      const times = { gc: [], heap: [], goroutine: [] };
      for (let k = 0; k < 10; k++) {
        for (const [key, url] of [
          ['gc', `${base}/heap?gc=1&debug=1`],
          ['heap', `${base}/heap`],
          ['goroutine', `${base}/goroutine`],
        ]) {
          const t0 = performance.now();
          await (await fetch(url)).arrayBuffer();
          times[key].push(performance.now() - t0);
        }
        await sleep(300);
      }
      gcCost.push({
        liveHeapMB: mb,
        forcedGcAndMemStatsMs: median(times.gc),
        heapProfileMs: median(times.heap),
        goroutineProfileMs: median(times.goroutine),
      });
    } finally {
      s.stop();
    }
  }
  const w = { rps: median(without.map((x) => x.rps)), p99Ms: median(without.map((x) => x.p99Ms)) };
  const g = { rps: median(withGate.map((x) => x.rps)), p99Ms: median(withGate.map((x) => x.p99Ms)) };
  return {
    reps,
    wrkCommand: `wrk -t2 -c16 -d${wrkSeconds}s --latency http://ADDR/`,
    without,
    withGate,
    medianWithout: w,
    medianWith: g,
    throughputLost: 1 - g.rps / w.rps,
    gcCost,
  };
}
