/**
 * A RowStore on disk: the per-sample site values of a long run go to a file as they arrive and are read back
 * (twice) when the run's timeline is bounded, so the gate's memory does not grow with sites x samples.
 * Binary, exact: each row is a uint32 count followed by that many float64 (little-endian).
 */
import { closeSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import type { Row, RowStore } from '../analyze/timeline.js';

export class FileRowStore implements RowStore {
  private fd: number | null;
  private size = 0;
  /** Rows pushed so far. */
  count = 0;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'w+');
  }

  push(row: Row): void {
    const head = Buffer.alloc(4);
    head.writeUInt32LE(row.length, 0);
    writeSync(this.open(), head, 0, 4, this.size);
    const body = Buffer.from(row.buffer, row.byteOffset, row.byteLength);
    writeSync(this.open(), body, 0, body.length, this.size + 4);
    this.size += 4 + body.length;
    this.count++;
  }

  *rows(): Generator<Row> {
    const fd = this.open();
    const head = Buffer.alloc(4);
    for (let pos = 0; pos < this.size; ) {
      const truncated = () => new Error(`internal: ${this.path} is truncated at ${pos}`);
      if (readSync(fd, head, 0, 4, pos) !== 4) throw truncated();
      const count = head.readUInt32LE(0);
      const body = Buffer.alloc(count * 8);
      if (readSync(fd, body, 0, body.length, pos + 4) !== body.length) throw truncated();
      yield new Float64Array(body.buffer, body.byteOffset, count);
      pos += 4 + body.length;
    }
  }

  private open(): number {
    if (this.fd === null) throw new Error(`internal: ${this.path} was already removed`);
    return this.fd;
  }

  /** Close and delete the file (the profiles it was made from stay). */
  remove(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
    rmSync(this.path, { force: true });
  }
}
