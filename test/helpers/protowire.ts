/**
 * Hand-written protobuf wire format for tests: varints of any width (overlong, 10-byte negative), keys, and
 * length-delimited fields whose length may lie. Written from the protobuf encoding spec, not from our decoder.
 */

/** A varint of v (two's complement for negatives, 10 bytes), padded to at least `width` bytes (overlong). */
export function uvarint(v: number | bigint, width = 1): number[] {
  let x = BigInt.asUintN(64, BigInt(v));
  const out: number[] = [];
  do {
    out.push(Number(x & 0x7fn));
    x >>= 7n;
  } while (x > 0n);
  while (out.length < width) out.push(0);
  for (let i = 0; i < out.length - 1; i++) out[i] |= 0x80;
  return out;
}

export const key = (field: number, wire: number, width = 1): number[] => uvarint(field * 8 + wire, width);
export const varintField = (field: number, v: number | bigint): number[] => [...key(field, 0), ...uvarint(v)];
/** A length-delimited field; `length` overrides the true length (to lie about it). */
export const lenField = (field: number, payload: number[], length: number | bigint = payload.length): number[] => [
  ...key(field, 2),
  ...uvarint(length),
  ...payload,
];
export const bytes = (...parts: number[][]): Uint8Array => Uint8Array.from(parts.flat());
export const utf8 = (s: string): number[] => [...Buffer.from(s, 'utf8')];

/**
 * A small valid heap profile: strings, sample types alloc_objects/count .. inuse_space/bytes, one function and
 * location per site (location id = function id = i + 1), and one sample per entry of `samples`.
 */
export function heapProfile(sites: string[], samples: { loc: number[]; inuse: number }[]): number[] {
  const strings = [
    '',
    'alloc_objects',
    'count',
    'alloc_space',
    'bytes',
    'inuse_objects',
    'inuse_space',
    'main.go',
    ...sites,
  ];
  const idx = (s: string) => strings.indexOf(s);
  const vt = (t: string, u: string) => [...varintField(1, idx(t)), ...varintField(2, idx(u))];
  const packed = (xs: number[]) => xs.flatMap((x) => uvarint(x));
  return [
    ...lenField(1, vt('alloc_objects', 'count')),
    ...lenField(1, vt('alloc_space', 'bytes')),
    ...lenField(1, vt('inuse_objects', 'count')),
    ...lenField(1, vt('inuse_space', 'bytes')),
    ...samples.flatMap((s) =>
      lenField(2, [...lenField(1, packed(s.loc)), ...lenField(2, packed([1, s.inuse, 1, s.inuse]))]),
    ),
    ...sites.flatMap((_, i) =>
      lenField(4, [...varintField(1, i + 1), ...lenField(4, [...varintField(1, i + 1), ...varintField(2, 10 + i)])]),
    ),
    ...sites.flatMap((s, i) =>
      lenField(5, [...varintField(1, i + 1), ...varintField(2, idx(s)), ...varintField(4, idx('main.go'))]),
    ),
    ...strings.flatMap((s) => lenField(6, utf8(s))),
    ...lenField(11, vt('inuse_space', 'bytes')),
    ...varintField(12, 4096),
  ];
}
