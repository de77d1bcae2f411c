#!/usr/bin/env node
// A stand-in "Go service" for fault tests: serves /debug/pprof/ with MemStats text, and heap and goroutine
// profiles that are good or deliberately bad, by request count. Started by the gate like any service:
//   node fake-pprof.mjs PORT MODE [ARG]
// MODE: corrupt-every-3 | truncated-every-3 | empty-every-3 | no-inuse | slow-every-2 (ARG: delay ms) |
//       huge-every-3 (ARG: MiB of decompressed profile) | always-fail |
//       file-always, file-every-3 (ARG: a file served as the heap profile) |
//       slow-decode (from the 3rd heap profile on: a valid profile that takes seconds to decode; logs
//       "serving slow profile" when it starts sending one)
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { gzipSync } from 'node:zlib';
import { worstCaseProfile } from './worst-profile.mjs';

const [port, mode, arg] = process.argv.slice(2);

// A small valid heap profile: sample types alloc_objects, alloc_space, inuse_objects, inuse_space; one
// sample at main.leak. Hand-encoded protobuf (field numbers from profile.proto).
function varint(n) {
  const out = [];
  let v = BigInt(n);
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) b |= 0x80;
    out.push(b);
  } while (v > 0n);
  return Buffer.from(out);
}
const field = (no, wire, payload) =>
  Buffer.concat([varint((no << 3) | wire), wire === 2 ? varint(payload.length) : Buffer.alloc(0), payload]);
const msg = (...parts) => Buffer.concat(parts);
const vt = (t, u) => msg(field(1, 0, varint(t)), field(2, 0, varint(u)));
function profile(types, values, extraStrings = []) {
  const strings = ['', ...types.flat(), 'main.leak', 'main.go', 'space', 'bytes', ...extraStrings];
  const idx = (s) => strings.indexOf(s);
  const packed = (xs) => Buffer.concat(xs.map(varint));
  return msg(
    ...types.map(([t, u]) => field(1, 2, vt(idx(t), idx(u)))),
    field(2, 2, msg(field(1, 2, packed([1])), field(2, 2, packed(values)))),
    field(4, 2, msg(field(1, 0, varint(1)), field(4, 2, msg(field(1, 0, varint(1)), field(2, 0, varint(12)))))),
    field(
      5,
      2,
      msg(field(1, 0, varint(1)), field(2, 0, varint(idx('main.leak'))), field(4, 0, varint(idx('main.go')))),
    ),
    ...strings.map((s) => field(6, 2, Buffer.from(s))),
    field(11, 2, vt(idx('space'), idx('bytes'))),
    field(12, 0, varint(65536)),
  );
}
const HEAP = [
  ['alloc_objects', 'count'],
  ['alloc_space', 'bytes'],
  ['inuse_objects', 'count'],
  ['inuse_space', 'bytes'],
];
let heapCount = 0;
let slow;

let huge;
let live = 1_000_000;

function heap() {
  heapCount++;
  live += 1000;
  const good = gzipSync(profile(HEAP, [1, live, 1, live]));
  const every = (n) => heapCount % n === 0;
  switch (mode) {
    case 'corrupt-every-3':
      return every(3) ? Buffer.concat([good.subarray(0, 10), Buffer.alloc(40, 0x55), good.subarray(50)]) : good;
    case 'truncated-every-3':
      return every(3) ? gzipSync(profile(HEAP, [1, live, 1, live]).subarray(0, 40)) : good;
    case 'empty-every-3':
      return every(3) ? Buffer.alloc(0) : good;
    case 'no-inuse':
      return gzipSync(
        profile(
          [
            ['samples', 'count'],
            ['cpu', 'nanoseconds'],
          ],
          [1, 2],
        ),
      );
    case 'file-always':
      return readFileSync(arg);
    case 'file-every-3':
      return every(3) ? readFileSync(arg) : good;
    case 'slow-decode':
      if (heapCount < 3) return good;
      slow ??= worstCaseProfile();
      console.log(`serving slow profile ${heapCount}`);
      return slow;
    case 'huge-every-3':
      if (!every(3)) return good;
      huge ??= gzipSync(profile(HEAP, [1, live, 1, live], ['x'.repeat(Number(arg) * 1024 * 1024)]));
      return huge;
    default:
      return good;
  }
}

const server = http.createServer((req, res) => {
  const u = new URL(req.url, 'http://x');
  if (mode === 'always-fail' && u.pathname !== '/debug/pprof/') {
    res.writeHead(500);
    return res.end('boom');
  }
  if (u.pathname === '/debug/pprof/') return res.end('<html>pprof</html>');
  if (u.pathname === '/debug/pprof/heap' && u.searchParams.get('debug') === '1') {
    return res.end(
      `heap profile: 1: ${live} [1: ${live}] @ heap/131072\n# runtime.MemStats\n# Alloc = ${live}\n# HeapAlloc = ${live}\n# HeapObjects = 10\n# HeapInuse = ${live}\n# Sys = 9000000\n# NumGC = ${heapCount}\n`,
    );
  }
  if (u.pathname === '/debug/pprof/heap') {
    const body = heap();
    const delay = mode === 'slow-every-2' && heapCount % 2 === 0 ? Number(arg) : 0;
    return setTimeout(() => res.end(body), delay);
  }
  if (u.pathname === '/debug/pprof/goroutine') return res.end(gzipSync(profile([['goroutine', 'count']], [4])));
  res.writeHead(404);
  res.end('not found');
});
server.listen(Number(port), '127.0.0.1', () => console.log(`listening on 127.0.0.1:${port} (${mode})`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
