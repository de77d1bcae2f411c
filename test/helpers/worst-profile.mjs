// The slowest valid heap profile under the decoder's caps that we know how to build: 150,000 samples, each 400
// deep through one runtime-only location, so aggregation walks 60 M frames (under the 67 M cap) of a 59 MB raw
// profile (under the 64 MiB cap), about 0.3 MB gzipped. Seconds of decoding on a 2-core machine. Used by
// test/helpers/fake-pprof.mjs (mode slow-decode) and bench/decoder.mjs.
import { gzipSync } from 'node:zlib';

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

export function worstCaseProfile({ samples = 150_000, depth = 400 } = {}) {
  const strings = [
    '',
    'alloc_objects',
    'count',
    'alloc_space',
    'bytes',
    'inuse_objects',
    'inuse_space',
    'runtime.deep',
    'main.go',
  ];
  const head = msg(
    ...[
      [1, 2],
      [3, 4],
      [5, 2],
      [6, 4],
    ].map(([t, u]) => field(1, 2, vt(t, u))),
    field(4, 2, msg(field(1, 0, varint(1)), field(4, 2, msg(field(1, 0, varint(1)), field(2, 0, varint(3)))))),
    field(5, 2, msg(field(1, 0, varint(1)), field(2, 0, varint(7)), field(4, 0, varint(8)))),
    ...strings.map((s) => field(6, 2, Buffer.from(s))),
  );
  const sample = field(2, 2, msg(field(1, 2, Buffer.alloc(depth, 1)), field(2, 2, Buffer.from([1, 1, 1, 1]))));
  const body = Buffer.alloc(sample.length * samples);
  for (let i = 0; i < samples; i++) sample.copy(body, i * sample.length);
  return gzipSync(Buffer.concat([head, body]));
}
