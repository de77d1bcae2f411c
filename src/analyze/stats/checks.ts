/** Input checks shared by the statistics (internal: not re-exported by the barrel). */

export function checkFinite(name: string, values: readonly number[]): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      throw new RangeError(`${name}[${i}] is not a finite number: ${String(values[i])}`);
    }
  }
}

export function checkPaired(x: readonly number[], y: readonly number[]): void {
  if (x.length !== y.length) {
    throw new RangeError(`x and y differ in length: ${x.length} != ${y.length}`);
  }
  checkFinite('x', x);
  checkFinite('y', y);
}
