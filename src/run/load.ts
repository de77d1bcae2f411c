/**
 * Built-in constant-rate HTTP load (open model): requests are issued on a fixed schedule whatever the
 * latency, with bounded concurrency. A request that is due while the concurrency limit is reached is counted
 * as dropped rather than queued, so a slow service cannot turn the load into a burst later.
 */
import http from 'node:http';
import https from 'node:https';

export interface LoadStats {
  url: string;
  targetRate: number;
  sent: number;
  ok: number;
  /** Non-2xx answers. */
  httpErrors: number;
  /** Connection errors and timeouts. */
  networkErrors: number;
  dropped: number;
  durationS: number;
  achievedRate: number;
  latencyP50Ms: number | null;
  latencyP99Ms: number | null;
  firstError: string | null;
}

export interface BuiltinLoad {
  stop(): Promise<LoadStats>;
  stats(): LoadStats;
}

export const MAX_IN_FLIGHT = 64;
const REQUEST_TIMEOUT_MS = 10_000;
/** Latencies kept for percentiles: a bounded reservoir. */
const RESERVOIR = 4096;

export function startBuiltinLoad(url: string, ratePerSecond: number, maxInFlight = MAX_IN_FLIGHT): BuiltinLoad {
  const u = new URL(url);
  const mod = u.protocol === 'https:' ? https : http;
  const agent = new mod.Agent({ keepAlive: true, maxSockets: maxInFlight });
  const started = performance.now();
  let stoppedAt: number | null = null;
  let sent = 0;
  let ok = 0;
  let httpErrors = 0;
  let networkErrors = 0;
  let dropped = 0;
  let inFlight = 0;
  let firstError: string | null = null;
  const latencies: number[] = [];
  let seen = 0;
  let rng = 0x9e3779b9;
  const random = () => {
    rng ^= rng << 13;
    rng ^= rng >>> 17;
    rng ^= rng << 5;
    return (rng >>> 0) / 4294967296;
  };
  const pending = new Set<http.ClientRequest>();
  let idle: (() => void) | null = null;

  const record = (ms: number) => {
    seen++;
    if (latencies.length < RESERVOIR) latencies.push(ms);
    else {
      const j = Math.floor(random() * seen);
      if (j < RESERVOIR) latencies[j] = ms;
    }
  };

  const fire = () => {
    if (inFlight >= maxInFlight) {
      dropped++;
      return;
    }
    inFlight++;
    sent++;
    const t0 = performance.now();
    const req = mod.request(u, { agent, method: 'GET', timeout: REQUEST_TIMEOUT_MS }, (res) => {
      res.resume();
      res.on('end', () => {
        if (res.statusCode !== undefined && res.statusCode >= 200 && res.statusCode < 300) ok++;
        else {
          httpErrors++;
          firstError ??= `HTTP ${res.statusCode}`;
        }
        record(performance.now() - t0);
        done();
      });
      res.on('error', fail);
    });
    const done = () => {
      pending.delete(req);
      inFlight--;
      if (inFlight === 0 && idle) idle();
    };
    let failed = false;
    function fail(err: Error) {
      if (failed) return;
      failed = true;
      networkErrors++;
      firstError ??= err.message;
      done();
    }
    req.on('timeout', () => req.destroy(new Error(`timeout after ${REQUEST_TIMEOUT_MS} ms`)));
    req.on('error', (err) => {
      if (stoppedAt === null) fail(err);
      else done();
    });
    pending.add(req);
    req.end();
  };

  // Tick every 5 ms and fire whatever is due by now, so the long-run rate is exact even when timers drift.
  let due = 0;
  const timer = setInterval(() => {
    const elapsed = (performance.now() - started) / 1000;
    const target = Math.floor(elapsed * ratePerSecond) + 1;
    while (due < target) {
      due++;
      fire();
    }
  }, 5);

  const stats = (): LoadStats => {
    const durationS = ((stoppedAt ?? performance.now()) - started) / 1000;
    const sorted = [...latencies].sort((a, b) => a - b);
    const q = (p: number) =>
      sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] : null;
    return {
      url,
      targetRate: ratePerSecond,
      sent,
      ok,
      httpErrors,
      networkErrors,
      dropped,
      durationS,
      achievedRate: durationS > 0 ? ok / durationS : 0,
      latencyP50Ms: q(0.5),
      latencyP99Ms: q(0.99),
      firstError,
    };
  };

  return {
    stats,
    async stop() {
      clearInterval(timer);
      stoppedAt = performance.now();
      if (inFlight > 0) {
        // Give in-flight requests a moment, then cut them off.
        await Promise.race([new Promise<void>((r) => (idle = r)), new Promise((r) => setTimeout(r, 1000))]);
        for (const req of pending) req.destroy();
      }
      agent.destroy();
      return stats();
    },
  };
}
