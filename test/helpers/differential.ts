/**
 * Differential fuzzing of our profile decoder against pprof-format (test/unit/fuzz.test.ts).
 *
 * pprof-format checks no framing at all: it reads every key as one byte, clamps a length or a varint that runs
 * past the end, and decodes whatever it finds. So the reference verdict is two things, both independent of our
 * decoder: `checkWire` below (the protobuf encoding rules, written from the spec, over the messages profile.proto
 * defines and both decoders read) says whether the bytes are a well-formed profile, and pprof-format gives the
 * values. Everything here is test code; nothing is shared with src/analyze/pprof-decode.ts.
 */
import { Profile } from 'pprof-format';
import type { DecodedProfile, Frame } from '../../src/analyze/profile.js';
import { uvarint } from './protowire.js';

// ---- the wire check ----

/** What the wire check found in well-formed input that pprof-format is known to read differently. */
export interface WireCheck {
  ok: boolean;
  why?: string;
  /** A key of more than one byte (field >= 16, or an overlong key) in a message pprof-format reads. */
  multiByteKey: boolean;
}

type Schema = Record<number, { wire: number[]; msg?: Schema; packed?: boolean }>;
const VALUE_TYPE: Schema = { 1: { wire: [0] }, 2: { wire: [0] } };
const LINE: Schema = { 1: { wire: [0] }, 2: { wire: [0] } };
const SAMPLE: Schema = { 1: { wire: [0, 2], packed: true }, 2: { wire: [0, 2], packed: true } };
const LOCATION: Schema = { 1: { wire: [0] }, 4: { wire: [2], msg: LINE } };
const FUNCTION: Schema = { 1: { wire: [0] }, 2: { wire: [0] }, 4: { wire: [0] } };
/** profile.proto's fields that both decoders read, with their wire types; every other field is skipped. */
export const PROFILE: Schema = {
  1: { wire: [2], msg: VALUE_TYPE },
  2: { wire: [2], msg: SAMPLE },
  4: { wire: [2], msg: LOCATION },
  5: { wire: [2], msg: FUNCTION },
  6: { wire: [2] },
  11: { wire: [2], msg: VALUE_TYPE },
  12: { wire: [0] },
};

class Bad extends Error {}

/** Read a varint at pos; protobuf rules: at most 10 bytes, the 10th at most 1. Returns [value, next pos]. */
function readVarint(b: Uint8Array, pos: number, end: number): [bigint, number] {
  let v = 0n;
  for (let i = 0; i < 10; i++) {
    if (pos >= end) throw new Bad('varint runs past the end');
    const x = b[pos++];
    if (i === 9 && x > 1) throw new Bad('varint overflows 64 bits');
    v |= BigInt(x & 0x7f) << BigInt(7 * i);
    if (x < 0x80) return [v, pos];
  }
  throw new Bad('unreachable');
}

function checkMessage(b: Uint8Array, pos: number, end: number, schema: Schema, out: WireCheck): void {
  while (pos < end) {
    const keyStart = pos;
    const [k, p] = readVarint(b, pos, end);
    pos = p;
    if (pos - keyStart > 1) out.multiByteKey = true;
    const field = k >> 3n;
    const wire = Number(k & 7n);
    if (field === 0n || field > 2n ** 29n - 1n) throw new Bad('bad field number');
    if (![0, 1, 2, 5].includes(wire)) throw new Bad(`wire type ${wire}`);
    const spec = field < 16n ? schema[Number(field)] : undefined;
    if (spec && !spec.wire.includes(wire)) throw new Bad(`field ${field} with wire type ${wire}`);
    if (wire === 0) pos = readVarint(b, pos, end)[1];
    else if (wire === 1 || wire === 5) {
      pos += wire === 1 ? 8 : 4;
      if (pos > end) throw new Bad('fixed field runs past the end');
    } else {
      const [len, q] = readVarint(b, pos, end);
      if (len > BigInt(end - q)) throw new Bad('length runs past the end');
      const a = q;
      pos = q + Number(len);
      if (spec?.msg) checkMessage(b, a, pos, spec.msg, out);
      else if (spec?.packed) for (let i = a; i < pos; ) i = readVarint(b, i, pos)[1];
    }
  }
}

export function checkWire(raw: Uint8Array): WireCheck {
  const out: WireCheck = { ok: true, multiByteKey: false };
  try {
    if (raw.length === 0) throw new Bad('empty');
    checkMessage(raw, 0, raw.length, PROFILE, out);
  } catch (err) {
    if (!(err instanceof Bad)) throw err;
    out.ok = false;
    out.why = err.message;
  }
  return out;
}

// ---- pprof-format's decode, as a DecodedProfile (same fallbacks as ours for dangling references) ----

const num = (v: number | bigint | undefined): number => (v === undefined ? 0 : Number(BigInt.asIntN(64, BigInt(v))));

export function referenceDecode(raw: Uint8Array): DecodedProfile {
  const p = Profile.decode(raw);
  const strings = p.stringTable.strings;
  const str = (i: number) => strings[i] ?? '?';
  const functions = new Map<number, [number, number]>();
  for (const f of p.function) functions.set(num(f.id), [num(f.name), num(f.filename)]);
  const framesById = new Map<number, Frame[]>();
  for (const loc of p.location) {
    framesById.set(
      num(loc.id),
      loc.line.map((l) => {
        const fn = functions.get(num(l.functionId));
        return { function: fn ? str(fn[0]) : '?', file: fn ? (strings[fn[1]] ?? '') : '', line: num(l.line) };
      }),
    );
  }
  return {
    sampleTypes: p.sampleType.map((t) => ({ type: str(num(t.type)), unit: str(num(t.unit)) })),
    period: num(p.period),
    periodType: p.periodType ? { type: str(num(p.periodType.type)), unit: str(num(p.periodType.unit)) } : null,
    framesById,
    work: { varints: 0, frames: 0 },
    forEachSample(fn) {
      for (const s of p.sample) fn(s.locationId.map(num), s.value.map(num));
    },
  };
}

// ---- a profile as a tree of fields, for structure-aware mutation ----

export interface Field {
  field: number;
  wire: number;
  /** Bytes of the key varint (overlong when more than needed). */
  keyWidth?: number;
  /** wire 0: the value, and the varint's width. */
  v?: bigint;
  width?: number;
  /** wire 2: a sub-message, packed varints, or plain bytes; `len` lies about the length when set. */
  kids?: Field[];
  packed?: { v: bigint; width?: number }[];
  bytes?: Uint8Array;
  len?: bigint;
  lenWidth?: number;
  /** wire 1, 5 and broken wire types: raw bytes after the key. */
  raw?: Uint8Array;
}

/** Parse well-formed bytes into fields (sub-messages by PROFILE's schema). Throws on malformed input. */
export function parseTree(b: Uint8Array, schema: Schema = PROFILE, pos = 0, end = b.length): Field[] {
  const out: Field[] = [];
  while (pos < end) {
    const [k, p] = readVarint(b, pos, end);
    pos = p;
    const f: Field = { field: Number(k >> 3n), wire: Number(k & 7n) };
    const spec = schema[f.field];
    if (f.wire === 0) [f.v, pos] = readVarint(b, pos, end);
    else if (f.wire === 1 || f.wire === 5) {
      const width = f.wire === 1 ? 8 : 4;
      f.raw = b.slice(pos, pos + width);
      pos += width;
    } else if (f.wire === 2) {
      const [len, q] = readVarint(b, pos, end);
      const a = q;
      pos = q + Number(len);
      if (spec?.msg) f.kids = parseTree(b, spec.msg, a, pos);
      else if (spec?.packed) {
        f.packed = [];
        for (let i = a; i < pos; ) {
          const [v, j] = readVarint(b, i, pos);
          f.packed.push({ v });
          i = j;
        }
      } else f.bytes = b.slice(a, pos);
    } else throw new Error(`wire type ${f.wire}`);
    out.push(f);
  }
  return out;
}

export function serialize(fields: Field[]): number[] {
  const out: number[] = [];
  for (const f of fields) {
    out.push(...uvarint(BigInt(f.field) * 8n + BigInt(f.wire), f.keyWidth));
    if (f.raw) out.push(...f.raw);
    else if (f.wire === 0) out.push(...uvarint(f.v ?? 0n, f.width));
    else if (f.wire === 2) {
      const payload = f.kids
        ? serialize(f.kids)
        : f.packed
          ? f.packed.flatMap((x) => uvarint(x.v, x.width))
          : [...(f.bytes ?? [])];
      out.push(...uvarint(f.len ?? BigInt(payload.length), f.lenWidth), ...payload);
    }
  }
  return out;
}

/** Every field in the tree, with the list that holds it (to drop or duplicate it). */
function allFields(fields: Field[], out: { f: Field; list: Field[] }[] = []): { f: Field; list: Field[] }[] {
  for (const f of fields) {
    out.push({ f, list: fields });
    if (f.kids) allFields(f.kids, out);
  }
  return out;
}

const INTERESTING = [
  0n,
  1n,
  -1n,
  2n,
  127n,
  128n,
  2n ** 31n - 1n,
  2n ** 32n,
  2n ** 53n + 1n,
  2n ** 63n - 1n,
  -(2n ** 63n),
  -17n,
];

/** One to three structural mutations: varint widths, values, lengths, field numbers, wire types, order. */
export function mutateTree(tree: Field[], rand: () => number): Field[] {
  const t: Field[] = structuredClone(tree);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const n = 1 + Math.floor(rand() * 3);
  for (let m = 0; m < n; m++) {
    const all = allFields(t);
    if (all.length === 0) return t;
    const { f, list } = pick(all);
    switch (Math.floor(rand() * 12)) {
      case 0:
        f.keyWidth = 1 + Math.floor(rand() * 11);
        break; // overlong keys, up to 11 bytes
      case 1:
        f.width = 1 + Math.floor(rand() * 11);
        if (f.lenWidth === undefined) f.lenWidth = f.width;
        break;
      case 2:
        if (f.wire === 0) f.v = rand() < 0.5 ? pick(INTERESTING) : BigInt(Math.floor(rand() * 1000));
        else f.len = pick(INTERESTING);
        break;
      case 3: {
        // a length that lies: off by a little, negative (10-byte), or huge
        const real = BigInt(serialize([{ ...f, len: undefined, keyWidth: 1 }]).length);
        f.len = pick([real - 1n, real + 1n, -1n, -BigInt(1 + Math.floor(rand() * 64)), 2n ** 64n - 1n, 0n, real * 2n]);
        if (f.wire !== 2) f.wire = 2;
        break;
      }
      case 4:
        f.field = pick([
          0,
          1,
          2,
          3,
          4,
          5,
          6,
          11,
          12,
          13,
          15,
          16,
          17,
          100,
          2 ** 29 - 1,
          2 ** 29,
          Math.floor(rand() * 40),
        ]);
        break;
      case 5: {
        // another wire type, keeping the payload: the decoders must notice
        const w = Math.floor(rand() * 8);
        if (w === 1 || w === 5) f.raw = Uint8Array.from({ length: w === 1 ? 8 : 4 }, () => Math.floor(rand() * 256));
        else if (w === 3 || w === 4 || w === 6 || w === 7) f.raw = new Uint8Array();
        else f.raw = undefined;
        if (w === 0 && f.v === undefined) f.v = 1n;
        f.wire = w;
        break;
      }
      case 6:
        list.splice(list.indexOf(f), 1);
        break;
      case 7:
        list.splice(list.indexOf(f), 0, structuredClone(f));
        break;
      case 8:
        if (f.packed?.length) pick(f.packed).width = 1 + Math.floor(rand() * 11);
        else f.keyWidth = 2;
        break;
      case 9:
        if (f.packed) f.packed.push({ v: pick(INTERESTING), width: pick([1, 5, 10, 11]) });
        else f.v = pick(INTERESTING);
        break;
      case 10: {
        // swap with a sibling
        const j = Math.floor(rand() * list.length);
        const i = list.indexOf(f);
        [list[i], list[j]] = [list[j], list[i]];
        break;
      }
      default: // random bytes in place of a payload
        f.kids = undefined;
        f.packed = undefined;
        f.bytes = Uint8Array.from({ length: Math.floor(rand() * 12) }, () => Math.floor(rand() * 256));
        if (rand() < 0.5) {
          f.wire = 2;
          f.raw = undefined;
        }
    }
  }
  return t;
}
