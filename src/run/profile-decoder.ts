/**
 * Decoding profiles off the main event loop. One worker thread, reused for every profile of a run; the run's
 * abort signal terminates it, so SIGINT/SIGTERM are handled within milliseconds even in the middle of decoding
 * a huge profile (measured in bench/decoder.mjs, see bench/decoder-notes.md). A decode that runs out of the
 * worker's memory limit ends that one profile with a ProfileError (its sample is skipped), not the gate.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import {
  decodeProfile,
  ProfileError,
  type ProfileSummary,
  summariseBySite,
  summariseGoroutineProfile,
  summariseHeapProfile,
} from '../analyze/profile.js';

/** 'goroutineleak': the Go 1.26+ goroutine leak profile (sample type goroutineleak/count). */
export type ProfileKind = 'heap' | 'goroutine' | 'goroutineleak';
export interface DecodeRequest {
  id: number;
  kind: ProfileKind;
  data: Uint8Array;
  /** The service's main module, for owners (see analyze/owners.ts). */
  module?: string | null;
}

/** Decode and summarise one profile of a kind, in whichever thread calls it. */
export function summariseKind(kind: ProfileKind, data: Uint8Array, module: string | null = null): ProfileSummary {
  if (kind === 'heap') return summariseHeapProfile(data, { module });
  if (kind === 'goroutine') return summariseGoroutineProfile(data, { module });
  return summariseBySite(decodeProfile(data), 'goroutineleak', undefined, undefined, { module });
}
export type DecodeReply =
  | { id: number; ok: true; summary: ProfileSummary }
  | { id: number; ok: false; profileError: boolean; message: string; stack?: string };

export interface ProfileDecoder {
  /** Decode and summarise; rejects with ProfileError on a bad profile, with the signal's reason on abort. */
  summarise(kind: ProfileKind, data: Uint8Array, signal?: AbortSignal, module?: string | null): Promise<ProfileSummary>;
  close(): Promise<void>;
}

/** Heap limit of the decoding thread: far above what the largest profile under the caps needs (measured). */
export const WORKER_HEAP_MIB = 2048;

/** Decode in this thread (no worker): for tests and for running from the TypeScript sources. */
export const inlineDecoder: ProfileDecoder = {
  async summarise(kind, data, signal, module) {
    signal?.throwIfAborted();
    return summariseKind(kind, data, module ?? null);
  },
  async close() {},
};

/** The worker next to the bundle (dist/profile-worker.js). */
export const DEFAULT_WORKER_URL = new URL('./profile-worker.js', import.meta.url);

/**
 * A decoder on a worker thread. Falls back to decoding inline only when no bundled worker exists next to this
 * module (running the TypeScript sources under test); dist/ always has one (scripts/bundle.mjs).
 */
export function profileDecoder(workerUrl: URL = DEFAULT_WORKER_URL, heapMiB = WORKER_HEAP_MIB): ProfileDecoder {
  if (!existsSync(fileURLToPath(workerUrl))) return inlineDecoder;
  let worker: Worker | null = null;
  let nextId = 0;
  // One decode at a time (samples are taken one after another); queued callers wait their turn.
  let queue: Promise<unknown> = Promise.resolve();

  const run = (kind: ProfileKind, data: Uint8Array, signal?: AbortSignal, module?: string | null) =>
    new Promise<ProfileSummary>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      worker ??= new Worker(workerUrl, { resourceLimits: { maxOldGenerationSizeMb: heapMiB } });
      const w = worker;
      w.ref(); // keeps the process alive while a decode is pending, and only then
      const id = nextId++;
      const done = () => {
        w.unref();
        w.off('message', onMessage);
        w.off('error', onError);
        w.off('exit', onExit);
        signal?.removeEventListener('abort', onAbort);
      };
      // The worker is lost (terminated, crashed, out of memory): the next decode starts a fresh one.
      const lose = () => {
        if (worker === w) worker = null;
      };
      const onMessage = (m: DecodeReply) => {
        if (m.id !== id) return;
        done();
        if (m.ok) resolve(m.summary);
        else if (m.profileError) reject(new ProfileError(m.message));
        else reject(Object.assign(new Error(m.message), { stack: m.stack }));
      };
      const onError = (err: Error & { code?: string }) => {
        done();
        lose();
        void w.terminate();
        if (err.code === 'ERR_WORKER_OUT_OF_MEMORY') {
          reject(new ProfileError(`decoding needed more than ${heapMiB} MiB of memory: not decoded`));
        } else reject(new ProfileError(`profile decoder failed: ${err.message}`));
      };
      const onExit = (code: number) => {
        done();
        lose();
        reject(new ProfileError(`profile decoder stopped (exit ${code})`));
      };
      const onAbort = () => {
        done();
        lose();
        void w.terminate();
        reject(signal!.reason);
      };
      w.on('message', onMessage);
      w.on('error', onError);
      w.on('exit', onExit);
      signal?.addEventListener('abort', onAbort, { once: true });
      w.postMessage({ id, kind, data, module } satisfies DecodeRequest);
    });

  return {
    summarise(kind, data, signal, module) {
      const p = queue.then(() => run(kind, data, signal, module));
      queue = p.catch(() => {});
      return p;
    },
    async close() {
      await queue;
      const w = worker;
      worker = null;
      if (w) await w.terminate();
    },
  };
}
