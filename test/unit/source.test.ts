import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sourceLineReader } from '../../src/run/source.js';

describe('source lines of allocation sites', () => {
  it('reads a line of a Go file on this machine, and nothing from missing, relative or special files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gmg-src-'));
    writeFileSync(join(dir, 'main.go'), 'package main\n\nfunc f() {\n\tm[k] = v\n}\n');
    const fifo = join(dir, 'pipe.go');
    execFileSync('mkfifo', [fifo]);
    const read = sourceLineReader();
    expect(read(join(dir, 'main.go'), 4)).toBe('\tm[k] = v');
    expect(read(join(dir, 'main.go'), 99)).toBeNull();
    expect(read(join(dir, 'missing.go'), 1)).toBeNull();
    expect(read('example.com/svc/main.go', 1)).toBeNull(); // -trimpath: module-relative, not read
    expect(read(fifo, 1)).toBeNull(); // would block forever if opened
  });
});
