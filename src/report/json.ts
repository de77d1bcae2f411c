/**
 * JSON the next run can read. report.json and baseline files never hold Infinity or NaN: an unbounded interval
 * bound, an infinite standard error or an undefined ratio is written as null, explicitly (JSON.stringify would
 * do the same silently, which is how a reader once met a null where its type said number). Readers of these
 * files see the {@link Serialised} type, where every number may be null.
 */

/** The shape of T after a round trip through {@link toJsonText}: numbers may come back as null. */
export type Serialised<T> = T extends number
  ? number | null
  : T extends readonly (infer U)[]
    ? Serialised<U>[]
    : T extends object
      ? { [K in keyof T]: Serialised<T[K]> }
      : T;

/** Replacer: non-finite numbers become null. */
export function finiteReplacer(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? null : value;
}

/**
 * Serialise for a file: non-finite numbers as null, indented, with a final newline.
 * @example toJsonText({ ciLow: -Infinity, slope: 2 }) // '{\n  "ciLow": null,\n  "slope": 2\n}\n'
 */
export function toJsonText(value: unknown, indent = 2): string {
  return `${JSON.stringify(value, finiteReplacer, indent)}\n`;
}
