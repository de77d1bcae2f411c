/**
 * Before and at the start of a run: nothing may already listen where the service will, and the service must
 * answer 2xx at its ready URL (and pprof where we will sample it) before the load starts.
 */
import net from 'node:net';
import type { RunConfig } from '../config.js';
import { GateError } from '../errors.js';
import { formatDuration } from '../units.js';
import { fetchBytes, HttpStatusError, reason } from './http.js';
import { noPprof } from './sample.js';
import { sleep } from './sleep.js';

/** Something already answers on this loopback port before we start the service? */
export async function portInUse(url: string): Promise<boolean> {
  const u = new URL(url);
  const host = u.hostname.replace(/^\[|\]$/g, '');
  const local = host === 'localhost' || host === '::1' || host.startsWith('127.');
  if (!local) return false;
  const port = Number(u.port || (u.protocol === 'https:' ? 443 : 80));
  return new Promise((resolve) => {
    const sock = net.connect({ host, port });
    const done = (v: boolean) => {
      sock.destroy();
      resolve(v);
    };
    sock.setTimeout(500, () => done(false));
    sock.once('connect', () => done(true));
    sock.once('error', () => done(false));
  });
}

/** Throw when the ready or pprof port is already taken before the service starts. */
export async function checkPortsFree(cfg: RunConfig): Promise<void> {
  for (const url of new Set([cfg.readyUrl, cfg.pprofUrl])) {
    if (await portInUse(url)) {
      const u = new URL(url);
      throw new GateError(
        `something already listens on ${u.host} before the service started: ` +
          'stop it, or run the service on a free port and set --pprof-url',
      );
    }
  }
}

/**
 * Poll the ready URL every 100 ms until it answers 2xx; then, if pprof is served elsewhere, check once that it
 * answers. Throws GateError with `stopReason()` when the run is stopped meanwhile (e.g. the service died).
 */
export async function waitReady(cfg: RunConfig, signal: AbortSignal, stopReason: () => string): Promise<void> {
  const readyDeadline = performance.now() + cfg.readyTimeoutS * 1000;
  let last = 'no answer yet';
  for (;;) {
    if (signal.aborted) throw new GateError(stopReason());
    try {
      await fetchBytes(cfg.readyUrl, 1000, signal);
      break;
    } catch (err) {
      if (err instanceof HttpStatusError) {
        if (err.status === 404 && cfg.readyUrl === `${cfg.pprofUrl}/`) throw noPprof(cfg.readyUrl, 404);
        last = `HTTP ${err.status}`;
      } else if (!signal.aborted) last = reason(err);
    }
    if (performance.now() > readyDeadline) {
      throw new GateError(
        `service did not answer 2xx at ${cfg.readyUrl} within ${formatDuration(cfg.readyTimeoutS)} ` +
          `(last: ${last}); check --start and --ready-url, or raise --ready-timeout`,
      );
    }
    await sleep(100, signal);
  }
}

/** When the service is ready somewhere else: check once that pprof answers where we will sample it. */
export async function checkPprofAnswers(cfg: RunConfig, signal: AbortSignal): Promise<void> {
  if (cfg.readyUrl === `${cfg.pprofUrl}/`) return;
  try {
    await fetchBytes(`${cfg.pprofUrl}/`, cfg.requestTimeoutS * 1000, signal);
  } catch (err) {
    if (err instanceof HttpStatusError && err.status === 404) throw noPprof(`${cfg.pprofUrl}/`, 404);
    if (!signal.aborted) {
      const why = err instanceof HttpStatusError ? `HTTP ${err.status}` : reason(err);
      throw new GateError(
        `the service is ready at ${cfg.readyUrl}, but nothing usable answers at ${cfg.pprofUrl}/ (${why}): ` +
          'is pprof served on another port? set --pprof-url',
      );
    }
  }
}
