/**
 * The HTTP client of a run: one bounded GET (timeout, size cap, linked to the run's signal) and a short
 * description of why a request failed.
 */
import { MAX_PROFILE_BYTES, TOO_LARGE } from '../analyze/profile.js';

export class HttpStatusError extends Error {
  constructor(
    readonly status: number,
    readonly url: string,
  ) {
    super(`HTTP ${status} from ${url}`);
  }
}

export class TooLargeError extends Error {}

/** GET a URL into memory, with a timeout, linked to the run's signal, and at most maxBytes of body. */
export async function fetchBytes(
  url: string,
  timeoutMs: number,
  signal?: AbortSignal,
  maxBytes = MAX_PROFILE_BYTES,
): Promise<Uint8Array> {
  return get(url, timeoutMs, signal, { maxBytes, tailBytes: Infinity });
}

/**
 * GET a URL keeping only the last tailBytes of its body (at least that much when the body is longer): memory
 * stays bounded however long the body is; the timeout bounds how long it may take.
 */
export async function fetchTail(url: string, timeoutMs: number, signal: AbortSignal | undefined, tailBytes: number) {
  return get(url, timeoutMs, signal, { maxBytes: Infinity, tailBytes });
}

async function get(
  url: string,
  timeoutMs: number,
  signal: AbortSignal | undefined,
  { maxBytes, tailBytes }: { maxBytes: number; tailBytes: number },
): Promise<Uint8Array> {
  // One controller per request, linked to the run's signal and removed afterwards (no listener build-up).
  const ctl = new AbortController();
  const onAbort = () => ctl.abort(signal?.reason);
  const timer = setTimeout(
    () => ctl.abort(new DOMException(`timed out after ${timeoutMs} ms`, 'TimeoutError')),
    timeoutMs,
  );
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const res = await fetch(url, { signal: ctl.signal });
    if (!res.ok) {
      await res.body?.cancel();
      throw new HttpStatusError(res.status, url);
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    let kept = 0;
    for await (const chunk of res.body ?? []) {
      size += chunk.length;
      if (size > maxBytes) {
        ctl.abort();
        throw new TooLargeError(TOO_LARGE);
      }
      chunks.push(chunk);
      kept += chunk.length;
      while (kept - chunks[0].length >= tailBytes) kept -= chunks.shift()!.length;
    }
    return Buffer.concat(chunks);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}

/** Why a request failed, in a few words: "timed out", "connection refused", or the error's message. */
export function reason(err: unknown): string {
  const e = err as Error & { cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError') return 'timed out';
  if (e?.cause?.code) return e.cause.code === 'ECONNREFUSED' ? 'connection refused' : e.cause.code;
  return e?.message ?? String(err);
}
