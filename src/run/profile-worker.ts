/**
 * The profile decoder's thread (a worker_threads entry, bundled to dist/profile-worker.js). It decodes and
 * summarises one profile per message, so a slow or hostile profile never blocks the gate's event loop: signals,
 * timers and the service's exit are still handled while it works, and the gate can terminate it at any time.
 */
import { parentPort } from 'node:worker_threads';
import { ProfileError } from '../analyze/profile.js';
import { type DecodeReply, type DecodeRequest, summariseKind } from './profile-decoder.js';

const port = parentPort;
if (!port) throw new Error('profile-worker.js is a worker thread entry, not a program');
port.on('message', (req: DecodeRequest) => {
  let reply: DecodeReply;
  try {
    const summary = summariseKind(req.kind, req.data, req.module ?? null);
    reply = { id: req.id, ok: true, summary };
  } catch (err) {
    const e = err as Error;
    reply = {
      id: req.id,
      ok: false,
      profileError: err instanceof ProfileError,
      message: e?.message ?? String(err),
      stack: e?.stack,
    };
  }
  port.postMessage(reply);
});
