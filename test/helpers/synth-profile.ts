/**
 * Build small pprof profiles in tests with pprof-format's encoder: stacks are written leaf first, and a
 * stack entry may be an array of functions for one Location with inlined frames (innermost first).
 */
import { gzipSync } from 'node:zlib';
import { Line, Location, Function as PFunction, Profile, Sample, StringTable, ValueType } from 'pprof-format';

export type SynthFrame = string | { fn: string; file?: string; line?: number };
export type SynthLocation = SynthFrame | SynthFrame[];

export interface SynthSample {
  stack: SynthLocation[];
  values: (number | bigint)[];
}

export function synthProfile(
  sampleTypes: [string, string][],
  samples: SynthSample[],
  period = 65536,
  periodType: [string, string] = ['space', 'bytes'],
): Uint8Array {
  const st = new StringTable();
  const functions: PFunction[] = [];
  const fnIds = new Map<string, number>();
  const locations: Location[] = [];
  const fnId = (f: { fn: string; file?: string }) => {
    const key = `${f.fn}\u0000${f.file ?? ''}`;
    let id = fnIds.get(key);
    if (id === undefined) {
      id = functions.length + 1;
      fnIds.set(key, id);
      functions.push(
        new PFunction({
          id,
          name: st.dedup(f.fn),
          systemName: st.dedup(f.fn),
          filename: st.dedup(f.file ?? '/src/app/main.go'),
        }),
      );
    }
    return id;
  };
  const norm = (f: SynthFrame) => (typeof f === 'string' ? { fn: f, file: undefined, line: 10 } : { line: 10, ...f });
  const pSamples = samples.map((s) => {
    const ids = s.stack.map((loc) => {
      const frames = (Array.isArray(loc) ? loc : [loc]).map(norm);
      const id = locations.length + 1;
      locations.push(new Location({ id, line: frames.map((f) => new Line({ functionId: fnId(f), line: f.line })) }));
      return id;
    });
    return new Sample({ locationId: ids, value: s.values });
  });
  const profile = new Profile({
    sampleType: sampleTypes.map(([t, u]) => new ValueType({ type: st.dedup(t), unit: st.dedup(u) })),
    sample: pSamples,
    location: locations,
    function: functions,
    stringTable: st,
    period,
    periodType: new ValueType({ type: st.dedup(periodType[0]), unit: st.dedup(periodType[1]) }),
  });
  return gzipSync(profile.encode());
}

export const HEAP_TYPES: [string, string][] = [
  ['alloc_objects', 'count'],
  ['alloc_space', 'bytes'],
  ['inuse_objects', 'count'],
  ['inuse_space', 'bytes'],
];

/** A heap profile: each sample's values are [inuse_objects, inuse_space]; alloc columns mirror them. */
export function synthHeap(
  samples: { stack: SynthLocation[]; objects: number | bigint; bytes: number | bigint }[],
  period = 65536,
): Uint8Array {
  return synthProfile(
    HEAP_TYPES,
    samples.map((s) => ({ stack: s.stack, values: [s.objects, s.bytes, s.objects, s.bytes] })),
    period,
  );
}
