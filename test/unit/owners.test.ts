import { describe, expect, it } from 'vitest';
import { isDependencyFile, isOwnFrame, moduleFromGoMod, ownerOf, ownerShare } from '../../src/analyze/owners.js';
import { siteKey, summariseGoroutineProfile, summariseHeapProfile } from '../../src/analyze/profile.js';
import { synthHeap, synthProfile } from '../helpers/synth-profile.js';

const fr = (fn: string, file = '/src/app/main.go', line = 10) => ({ function: fn, file, line });
const MOD = 'github.com/acme/svc';

describe('own code', () => {
  it("package main is always the service's own, with or without a module", () => {
    expect(isOwnFrame(fr('main.handle'), null)).toBe(true);
    expect(isOwnFrame(fr('main.(*server).ServeHTTP.func1'), MOD)).toBe(true);
    expect(isOwnFrame(fr('net/http.(*conn).serve', '/usr/lib/go/src/net/http/server.go'), null)).toBe(false);
  });

  it('packages of the main module are own; a module sharing only a name prefix is not', () => {
    expect(isOwnFrame(fr(`${MOD}/internal/store.(*DB).Put`, '/home/runner/work/svc/internal/store/db.go'), MOD)).toBe(
      true,
    );
    expect(isOwnFrame(fr(`${MOD}.Helper`, '/home/runner/work/svc/svc.go'), MOD)).toBe(true);
    expect(isOwnFrame(fr('github.com/acme/svcx.F', '/home/runner/work/svcx/f.go'), MOD)).toBe(false);
    expect(isOwnFrame(fr(`${MOD}/internal/store.(*DB).Put`), null)).toBe(false);
  });

  it("module-cache and -trimpath dependency paths are not own, even under the main module's prefix", () => {
    const cache = '/home/runner/go/pkg/mod/github.com/acme/svc/v2@v2.1.0/client/c.go';
    expect(isDependencyFile(cache)).toBe(true);
    expect(isOwnFrame(fr(`${MOD}/v2/client.New`, cache), MOD)).toBe(false);
    expect(isOwnFrame(fr('github.com/lib/pq.(*conn).recv', 'github.com/lib/pq@v1.10.9/conn.go'), MOD)).toBe(false);
    // -trimpath: the main module's own files are module-relative without a version.
    expect(isOwnFrame(fr(`${MOD}/api.(*Handler).List`, `${MOD}/api/handler.go`), MOD)).toBe(true);
  });

  it('vendored packages are not own', () => {
    const vendored = '/home/runner/work/svc/vendor/github.com/acme/svc-metrics/vec.go';
    expect(isDependencyFile(vendored)).toBe(true);
    expect(isOwnFrame(fr('github.com/acme/svc-metrics.(*Vec).With', vendored), MOD)).toBe(false);
    // A nested module of the same repository vendored into it: prefix matches, the path says dependency.
    expect(
      isOwnFrame(fr(`${MOD}/tools.Run`, '/home/runner/work/svc/vendor/github.com/acme/svc/tools/run.go'), MOD),
    ).toBe(false);
  });

  it("dotted last path elements match in the linker's %2e spelling too", () => {
    expect(isOwnFrame(fr('gopkg.in/acme.v3.Load', '/w/load.go'), 'gopkg.in/acme.v3')).toBe(true);
    expect(isOwnFrame(fr('gopkg.in/acme%2ev3.Load', '/w/load.go'), 'gopkg.in/acme.v3')).toBe(true);
  });

  it('the owner is the first own frame from the leaf up', () => {
    const stack = [
      fr('github.com/lib/m.(*Vec).With', '/go/pkg/mod/github.com/lib/m@v1.0.0/vec.go'),
      fr('main.count'),
      fr('main.handle'),
    ];
    expect(ownerOf(stack, null)).toEqual(stack[1]);
    expect(ownerOf(stack.slice(0, 1), null)).toBeNull();
  });

  it('reads the module directive of go.mod', () => {
    expect(moduleFromGoMod('// comment\nmodule github.com/acme/svc // trailing\n\ngo 1.24\n')).toBe(MOD);
    expect(moduleFromGoMod('module "example.com/quoted"\n')).toBe('example.com/quoted');
    expect(moduleFromGoMod('go 1.24\n')).toBeNull();
  });

  it("share is the owner's slope over the metric's, clamped to 0..1", () => {
    expect(ownerShare(900, 1000)).toBeCloseTo(0.9);
    expect(ownerShare(1200, 1000)).toBe(1);
    expect(ownerShare(-5, 1000)).toBe(0);
    expect(ownerShare(5, 0)).toBe(0);
  });
});

describe('owners in profile aggregation', () => {
  const lib = (fn: string, line = 20) => ({
    fn: `example.com/metrics.${fn}`,
    file: `/go/pkg/mod/example.com/metrics@v1.2.0/${fn}.go`,
    line,
  });
  const http = { fn: 'net/http.HandlerFunc.ServeHTTP', file: '/usr/lib/go/src/net/http/server.go', line: 2220 };

  it('rolls two library sites deeper than the kept stack up to the handler that called them', () => {
    const handler = { fn: 'main.handleOrder', file: '/src/app/main.go', line: 42 };
    const data = synthHeap([
      {
        stack: [
          'runtime.mallocgc',
          lib('labelPairs'),
          lib('newMetric'),
          lib('getOrCreate'),
          lib('With'),
          handler,
          http,
        ],
        objects: 10,
        bytes: 6000,
      },
      {
        stack: ['runtime.makeslice', lib('grow'), lib('getOrCreate', 30), lib('With', 40), handler, http],
        objects: 2,
        bytes: 4000,
      },
      {
        stack: [{ fn: 'bufio.NewReaderSize', file: '/usr/lib/go/src/bufio/bufio.go', line: 60 }, http],
        objects: 1,
        bytes: 4096,
      },
    ]);
    const s = summariseHeapProfile(data);
    const site = s.sites.get(
      siteKey({
        function: 'example.com/metrics.labelPairs',
        file: '/go/pkg/mod/example.com/metrics@v1.2.0/labelPairs.go',
        line: 20,
      }),
    )!;
    expect(site.stack).toHaveLength(4); // display stack stays short
    expect(site.owner).toMatchObject({ function: 'main.handleOrder', line: 42 });
    expect(site.via).toBeUndefined();
    const owners = [...s.owners!.values()];
    expect(owners).toHaveLength(1); // the bufio site has no own frame: not rolled up
    expect(owners[0]).toMatchObject({ site: { function: 'main.handleOrder' }, value: 10000, objects: 12 });
    expect(owners[0].members).toHaveLength(2);
    const buf = [...s.sites.values()].find((x) => x.site.function === 'bufio.NewReaderSize')!;
    expect(buf.owner).toBeNull();
  });

  it('uses the main module when given, so a package of the service owns before main does', () => {
    const data = synthHeap([
      {
        stack: [
          'runtime.mallocgc',
          lib('With'),
          { fn: 'github.com/acme/svc/api.(*H).List', file: '/w/api/h.go', line: 7 },
          { fn: 'main.main', line: 3 },
        ],
        objects: 1,
        bytes: 100,
      },
    ]);
    expect([...summariseHeapProfile(data).sites.values()][0].owner?.function).toBe('main.main');
    expect([...summariseHeapProfile(data, { module: MOD }).sites.values()][0].owner?.function).toBe(
      'github.com/acme/svc/api.(*H).List',
    );
  });

  it('finds the owner among inlined frames of one location (innermost first)', () => {
    const data = synthHeap([
      {
        stack: [
          'runtime.mallocgc',
          [lib('intern'), { fn: 'main.remember', line: 12 }, { fn: 'main.handle', line: 30 }],
          http,
        ],
        objects: 1,
        bytes: 512,
      },
    ]);
    const s = summariseHeapProfile(data);
    const site = [...s.sites.values()][0];
    expect(site.site.function).toBe('example.com/metrics.intern');
    expect(site.owner).toMatchObject({ function: 'main.remember', line: 12 });
  });

  it('records map and append growth from the leading runtime frames', () => {
    const data = synthHeap([
      {
        stack: [
          'internal/runtime/maps.newarray',
          'internal/runtime/maps.(*table).grow',
          'runtime.mapassign_faststr',
          { fn: 'main.remember', line: 5 },
        ],
        objects: 1,
        bytes: 8192,
      },
      { stack: ['runtime.mallocgc', 'runtime.growslice', { fn: 'main.keep', line: 9 }], objects: 1, bytes: 65536 },
    ]);
    const s = summariseHeapProfile(data);
    const byFn = new Map([...s.sites.values()].map((x) => [x.site.function, x]));
    expect(byFn.get('main.remember')!.via).toEqual(['map']);
    expect(byFn.get('main.keep')!.via).toEqual(['growslice']);
  });

  it('gives goroutine sites an owner too', () => {
    const data = synthProfile(
      [['goroutine', 'count']],
      [
        {
          stack: [
            'runtime.gopark',
            'runtime.chanrecv1',
            { fn: 'main.waitForReply', line: 20 },
            { fn: 'main.handle.gowrap1', line: 30 },
          ],
          values: [7],
        },
      ],
      1,
      ['goroutine', 'count'],
    );
    const s = summariseGoroutineProfile(data);
    expect([...s.sites.values()][0].owner?.function).toBe('main.waitForReply');
    expect([...s.owners!.values()][0].value).toBe(7);
  });
});
