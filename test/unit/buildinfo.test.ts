import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBuildInfoSection, readGoBuildInfo } from '../../src/run/buildinfo.js';
import { moduleBeforeStart } from '../../src/run/module.js';
import { fixture } from '../helpers/gate.js';

/** A Go 1.18+ .go.buildinfo section: 32-byte header (flags bit 2: strings inline), then varint-prefixed strings. */
function section(version: string, modinfo: string): Buffer {
  const header = Buffer.alloc(32);
  header.write('\xff Go buildinf:', 0, 'latin1');
  header[14] = 8;
  header[15] = 2;
  const str = (s: string) => {
    const b = Buffer.from(s, 'utf8');
    const len: number[] = [];
    let n = b.length;
    do {
      len.push((n & 0x7f) | (n >= 0x80 ? 0x80 : 0));
      n >>>= 7;
    } while (n > 0);
    return Buffer.concat([Buffer.from(len), b]);
  };
  // The module info is wrapped in two 16-byte sentinels (cmd/go's infoStart/infoEnd); it ends with a newline.
  const sentinel = '0123456789abcdef';
  return Buffer.concat([header, str(version), str(`${sentinel}${modinfo}${sentinel}`)]);
}

describe('Go build info', () => {
  it('parses the main package and module from a .go.buildinfo section', () => {
    const mod =
      'path\texample.com/svc/cmd/api\nmod\texample.com/svc\t(devel)\t\n' +
      'dep\tgolang.org/x/net\tv0.1.0\th1:abc=\nbuild\t-compiler=gc\n';
    const b = section('go1.26.8', mod);
    expect(parseBuildInfoSection(b)).toEqual({
      goVersion: 'go1.26.8',
      path: 'example.com/svc/cmd/api',
      module: 'example.com/svc',
    });
    expect(parseBuildInfoSection(section('go1.22.0', 'path\tcommand-line-arguments\n'))).toEqual({
      goVersion: 'go1.22.0',
      path: 'command-line-arguments',
      module: null,
    });
    expect(parseBuildInfoSection(Buffer.from('not a build info section at all, long enough to read'))).toBeNull();
  });

  it('reads it from a real Go binary, and nothing from other files', () => {
    expect(readGoBuildInfo(fixture('libleak'))).toMatchObject({
      path: 'gomemgate.example/fixtures/services/libleak',
      module: 'gomemgate.example/fixtures',
    });
    expect(readGoBuildInfo(process.execPath)).toBeNull(); // node: ELF, not Go
    const dir = mkdtempSync(join(tmpdir(), 'gmg-bi-'));
    writeFileSync(join(dir, 'x'), 'hello');
    expect(readGoBuildInfo(join(dir, 'x'))).toBeNull();
    expect(readGoBuildInfo(join(dir, 'missing'))).toBeNull();
  });

  it('takes --module first, then ./go.mod', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gmg-mod-'));
    expect(moduleBeforeStart(null, dir)).toBeNull();
    writeFileSync(join(dir, 'go.mod'), 'module example.com/svc\n\ngo 1.24\n');
    expect(moduleBeforeStart(null, dir)).toEqual({ path: 'example.com/svc', source: 'go.mod', goVersion: null });
    expect(moduleBeforeStart('example.com/other', dir)).toEqual({
      path: 'example.com/other',
      source: 'flag',
      goVersion: null,
    });
  });
});
