import { describe, expect, it } from 'vitest';
import { packagePath, shortenPath, shortFunction } from '../../src/report/paths.js';

describe('shortenPath', () => {
  it('turns a module-cache path into module@version/path, undoing the cache case escaping', () => {
    expect(shortenPath('/home/u/go/pkg/mod/github.com/prometheus/client_golang@v1.19.0/prometheus/vec.go')).toBe(
      'github.com/prometheus/client_golang@v1.19.0/prometheus/vec.go',
    );
    expect(shortenPath('/root/go/pkg/mod/github.com/!burnt!sushi/toml@v1.3.2/decode.go')).toBe(
      'github.com/BurntSushi/toml@v1.3.2/decode.go',
    );
    expect(shortenPath('C:\\Users\\me\\go\\pkg\\mod\\golang.org\\x\\net@v0.20.0\\http2\\server.go')).toBe(
      'golang.org/x/net@v0.20.0/http2/server.go',
    );
    // A major-version suffix and a pseudo-version stay as they are.
    expect(shortenPath('/go/pkg/mod/example.com/lib/v2@v2.0.0-20240101000000-abcdef123456/x.go')).toBe(
      'example.com/lib/v2@v2.0.0-20240101000000-abcdef123456/x.go',
    );
  });
  it('makes files under the repository relative, vendored ones included', () => {
    const ctx = { repoRoot: '/work/svc/' };
    expect(shortenPath('/work/svc/cmd/api/main.go', ctx)).toBe('cmd/api/main.go');
    expect(shortenPath('/work/svc/vendor/github.com/a/b/c.go', ctx, 'github.com/a/b.F')).toBe(
      'vendor/github.com/a/b/c.go',
    );
    expect(shortenPath('/work/svcx/main.go', ctx)).toBe('…/work/svcx/main.go'); // a sibling, not inside
  });
  it('shows a vendor directory from vendor/ on when the repository root is not known', () => {
    expect(shortenPath('/build/x/vendor/github.com/a/b/c.go')).toBe('vendor/github.com/a/b/c.go');
  });
  it('strips GOROOT, given or recognised from the function import path', () => {
    expect(shortenPath('/opt/go/src/net/http/server.go', { goroot: '/opt/go/' })).toBe('net/http/server.go');
    expect(shortenPath('/usr/local/go/src/net/http/server.go', {}, 'net/http.(*conn).serve')).toBe(
      'net/http/server.go',
    );
    expect(
      shortenPath(
        '/opt/hostedtoolcache/go/1.22.1/x64/src/internal/runtime/maps/runtime_faststr.go',
        {},
        'internal/runtime/maps.(*Map).assign',
      ),
    ).toBe('internal/runtime/maps/runtime_faststr.go');
    expect(shortenPath('/usr/lib/go-1.22/src/runtime/malloc.go', {}, 'runtime.mallocgc')).toBe('runtime/malloc.go');
    expect(shortenPath('$GOROOT/src/strings/builder.go')).toBe('strings/builder.go');
  });
  it('strips a GOPATH src/ directory matching the package', () => {
    expect(shortenPath('/home/u/go/src/github.com/old/lib/pool/pool.go', {}, 'github.com/old/lib/pool.(*P).Get')).toBe(
      'github.com/old/lib/pool/pool.go',
    );
    // The directory must be the package's own, not a subdirectory.
    expect(shortenPath('/home/u/go/src/github.com/old/lib/pool/sub/x.go', {}, 'github.com/old/lib/pool.F')).toBe(
      '…/pool/sub/x.go',
    );
  });
  it('keeps -trimpath paths, without the main module prefix when it is known', () => {
    expect(shortenPath('github.com/a/b@v1.0.0/c.go')).toBe('github.com/a/b@v1.0.0/c.go');
    expect(shortenPath('runtime/proc.go')).toBe('runtime/proc.go');
    expect(shortenPath('example.com/svc/handlers/metrics.go', { module: 'example.com/svc' })).toBe(
      'handlers/metrics.go',
    );
    expect(shortenPath('example.com/svc/handlers/metrics.go')).toBe('example.com/svc/handlers/metrics.go');
  });
  it('makes GitHub runner workspace paths relative, and never shows another absolute path in full', () => {
    expect(shortenPath('/home/runner/work/repo/repo/cmd/svc/main.go')).toBe('cmd/svc/main.go');
    expect(shortenPath('/__w/repo/repo/main.go')).toBe('main.go');
    expect(shortenPath('D:\\a\\repo\\repo\\pkg\\x.go')).toBe('pkg/x.go');
    expect(shortenPath('/home/alice/projects/secret/cmd/svc/main.go', {}, 'main.main')).toBe('…/cmd/svc/main.go');
    expect(shortenPath('/main.go')).toBe('main.go');
    expect(shortenPath('')).toBe('');
  });
  it('prefers the repository over GOPATH matching for own code', () => {
    expect(
      shortenPath(
        '/home/u/go/src/example.com/svc/api/h.go',
        { repoRoot: '/home/u/go/src/example.com/svc' },
        'example.com/svc/api.H',
      ),
    ).toBe('api/h.go');
  });
});

describe('shortFunction', () => {
  it('drops the import path prefix and keeps receiver and closures', () => {
    expect(shortFunction('github.com/prometheus/client_golang/prometheus.(*CounterVec).WithLabelValues')).toBe(
      'prometheus.(*CounterVec).WithLabelValues',
    );
    expect(shortFunction('gomemgate.example/fixtures/internal/fixture.HandleRoot.func1')).toBe(
      'fixture.HandleRoot.func1',
    );
    expect(shortFunction('main.(*cache).put')).toBe('main.(*cache).put');
    expect(shortFunction('runtime.mallocgc')).toBe('runtime.mallocgc');
    expect(shortFunction('gopkg.in/yaml%2ev3.(*decoder).unmarshal')).toBe('yaml.v3.(*decoder).unmarshal');
  });
  it('shrinks type arguments, which carry import paths of their own, even nested', () => {
    expect(shortFunction('example.com/x/lru.(*Cache[go.shape.string,go.shape.*example.com/y.T]).Add')).toBe(
      'lru.(*Cache[…]).Add',
    );
    expect(shortFunction('example.com/x.Map[example.com/a/b.K[int]].func1')).toBe('x.Map[…].func1');
  });
});

describe('packagePath', () => {
  it('finds the import path of a function', () => {
    expect(packagePath('github.com/a/b.(*T).M')).toBe('github.com/a/b');
    expect(packagePath('net/http.HandlerFunc.ServeHTTP')).toBe('net/http');
    expect(packagePath('main.main.func1')).toBe('main');
    expect(packagePath('gopkg.in/yaml%2ev3.unmarshal')).toBe('gopkg.in/yaml.v3');
  });
});
