/**
 * A Go binary's build info (what `go version -m` prints): the main package path and the main module, read
 * from the ELF section .go.buildinfo (Go 1.18+ layout: strings inline after a 32-byte header). Only the ELF
 * header, the section table and the section itself are read, not the whole binary.
 */
import { closeSync, openSync, readSync } from 'node:fs';

export interface GoBuildInfo {
  goVersion: string;
  /** Main package path ("command-line-arguments" for `go run file.go`). */
  path: string | null;
  /** Main module path; null in GOPATH mode or for a binary built outside a module. */
  module: string | null;
}

const MAGIC = '\xff Go buildinf:';

function readAt(fd: number, pos: number, len: number): Buffer {
  const b = Buffer.alloc(len);
  const n = readSync(fd, b, 0, len, pos);
  return b.subarray(0, n);
}

function uvarint(b: Buffer, pos: number): [number, number] {
  let v = 0;
  let mul = 1;
  for (let i = pos; i < b.length && i < pos + 10; i++) {
    v += (b[i] & 0x7f) * mul;
    if (b[i] < 0x80) return [v, i + 1];
    mul *= 128;
  }
  return [-1, b.length];
}

/**
 * Parse the contents of a .go.buildinfo section.
 * @example parseBuildInfoSection(section)
 * // { goVersion: 'go1.26.8', path: 'example.com/svc/cmd/api', module: 'example.com/svc' }
 */
export function parseBuildInfoSection(b: Buffer): GoBuildInfo | null {
  if (b.length < 32 || b.toString('latin1', 0, 14) !== MAGIC) return null;
  const flags = b[15];
  if ((flags & 2) === 0) return null; // pre-1.18 layout (pointers into data): not supported
  let pos = 32;
  const str = (): string | null => {
    const [len, next] = uvarint(b, pos);
    if (len < 0 || next + len > b.length) return null;
    pos = next + len;
    return b.toString('utf8', next, next + len);
  };
  const goVersion = str();
  let mod = str();
  if (goVersion === null || mod === null) return null;
  // The module info is wrapped in 16-byte sentinels.
  if (mod.length >= 33 && mod[mod.length - 17] === '\n') mod = mod.slice(16, -16);
  const field = (name: string) => new RegExp(`^${name}\\t([^\\t\\n]+)`, 'm').exec(mod!)?.[1] ?? null;
  return { goVersion, path: field('path'), module: field('mod') };
}

/** Build info of the Go ELF binary at `file`, or null when it is not one (or unreadable). */
export function readGoBuildInfo(file: string): GoBuildInfo | null {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return null;
  }
  try {
    const eh = readAt(fd, 0, 64);
    if (eh.length < 64 || eh.readUInt32BE(0) !== 0x7f454c46 || eh[4] !== 2 || eh[5] !== 1) return null; // ELF64 LE
    const shoff = Number(eh.readBigUInt64LE(0x28));
    const shentsize = eh.readUInt16LE(0x3a);
    const shnum = eh.readUInt16LE(0x3c);
    const shstrndx = eh.readUInt16LE(0x3e);
    if (shentsize < 64 || shnum === 0 || shnum > 4096 || shstrndx >= shnum) return null;
    const sh = readAt(fd, shoff, shentsize * shnum);
    if (sh.length < shentsize * shnum) return null;
    const sec = (i: number) => ({
      name: sh.readUInt32LE(i * shentsize),
      off: Number(sh.readBigUInt64LE(i * shentsize + 24)),
      size: Number(sh.readBigUInt64LE(i * shentsize + 32)),
    });
    const strtab = sec(shstrndx);
    const names = readAt(fd, strtab.off, Math.min(strtab.size, 1 << 20));
    for (let i = 0; i < shnum; i++) {
      const s = sec(i);
      const end = names.indexOf(0, s.name);
      if (names.toString('latin1', s.name, end < 0 ? undefined : end) === '.go.buildinfo') {
        return parseBuildInfoSection(readAt(fd, s.off, Math.min(s.size, 1 << 20)));
      }
    }
    return null;
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}
