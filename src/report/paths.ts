/**
 * Short, machine-independent names for what the report shows: file paths relative to the repository, or
 * `module@version/path` for dependencies, never a module-cache or build-machine absolute path; and Go function
 * names without their import-path prefix. Pure.
 */

/** What is known about where the service was built; every field is optional. */
export interface PathContext {
  /** The repository (or working directory) the gate ran in: own files are shown relative to it. */
  repoRoot?: string | null;
  /** The main module's path (go.mod), for -trimpath builds whose files start with it. */
  module?: string | null;
  /** GOROOT of the build, when known. */
  goroot?: string | null;
}

/** Undo the module cache's case escaping: `!burnt!sushi` is `BurntSushi`. */
function unescapeModulePath(p: string): string {
  return p.replace(/!([a-z])/g, (_, c: string) => c.toUpperCase());
}

function trimSlash(p: string): string {
  return p.replace(/\/+$/, '');
}

/**
 * The import path of a Go function's package: everything before the first `.` after the last `/` (type
 * parameters and receivers stripped first; the linker's `%2e` for a dot undone).
 * @example packagePath('github.com/a/b.(*T).M') // 'github.com/a/b'
 */
export function packagePath(fn: string): string {
  const plain = fn.split('[')[0];
  const slash = plain.lastIndexOf('/');
  const dot = plain.indexOf('.', slash + 1);
  // The linker writes a dot in the last element of an import path as %2e (gopkg.in/yaml%2ev3.F).
  return (dot < 0 ? plain : plain.slice(0, dot)).replace(/%2e/gi, '.');
}

/** Runner workspaces whose layout is known: GitHub-hosted (`/home/runner/work/R/R/`), container jobs, Windows. */
const WORKSPACE = [/^\/home\/runner\/work\/[^/]+\/[^/]+\//, /^\/__w\/[^/]+\/[^/]+\//, /^[A-Za-z]:\/a\/[^/]+\/[^/]+\//];

/**
 * A file path as a reviewer should read it. In order: the module cache (`…/pkg/mod/m@v/p` → `m@v/p`, with
 * the cache's `!x` case escaping undone); files under the repository (relative, so vendored code reads
 * `vendor/…`); GOROOT (`net/http/server.go`); a GOPATH or GOROOT `src/` directory that matches the function's
 * import path (`fn` given); the main module's path for -trimpath builds; GitHub runner workspaces; a `vendor/`
 * directory anywhere. Any other absolute path keeps only its last three parts after `…/`. Relative paths
 * (already trimmed) are kept.
 * @example shortenPath('/home/u/go/pkg/mod/github.com/!burnt!sushi/toml@v1.3.2/decode.go')
 * // 'github.com/BurntSushi/toml@v1.3.2/decode.go'
 */
export function shortenPath(file: string, ctx: PathContext = {}, fn?: string): string {
  const p = String(file).replace(/\\/g, '/');
  if (p === '') return p;
  const mod = /\/pkg\/mod\/(?:cache\/download\/)?(.*@[^/]+\/.*)$/.exec(p);
  if (mod) return unescapeModulePath(mod[1]);
  const root = ctx.repoRoot ? `${trimSlash(ctx.repoRoot.replace(/\\/g, '/'))}/` : null;
  if (root && root !== '/' && p.startsWith(root)) return p.slice(root.length);
  if (p.startsWith('$GOROOT/src/')) return p.slice('$GOROOT/src/'.length);
  const goroot = ctx.goroot ? `${trimSlash(ctx.goroot.replace(/\\/g, '/'))}/src/` : null;
  if (goroot && p.startsWith(goroot)) return p.slice(goroot.length);
  if (fn) {
    const pkg = packagePath(fn);
    const at = pkg !== 'main' && pkg !== '' ? p.lastIndexOf(`/src/${pkg}/`) : -1;
    if (at >= 0 && !p.slice(at + 5 + pkg.length + 1).includes('/')) return p.slice(at + 5);
  }
  if (ctx.module && p.startsWith(`${trimSlash(ctx.module)}/`)) return p.slice(trimSlash(ctx.module).length + 1);
  for (const re of WORKSPACE) {
    const m = re.exec(p);
    if (m) return p.slice(m[0].length);
  }
  const vendor = p.lastIndexOf('/vendor/');
  if (vendor >= 0) return p.slice(vendor + 1);
  const absolute = p.startsWith('/') || /^[A-Za-z]:\//.test(p);
  if (!absolute) return p;
  const parts = p.split('/').filter(Boolean);
  return parts.length <= 1 ? parts.join('/') : `…/${parts.slice(-3).join('/')}`;
}

/**
 * A Go function name without its import-path prefix, as `go tool pprof` shows it with -short-ish names:
 * `github.com/prometheus/client_golang/prometheus.(*CounterVec).With` → `prometheus.(*CounterVec).With`.
 * Type arguments `[...]` shrink to `[…]`.
 * @example shortFunction('gomemgate.example/fixtures/internal/fixture.HandleRoot.func1') // 'fixture.HandleRoot.func1'
 */
export function shortFunction(fn: string): string {
  const s = String(fn);
  // Type arguments (generic instantiations) hold import paths of their own, nested: keep only that they exist.
  let out = '';
  let depth = 0;
  for (const c of s) {
    if (c === '[') {
      if (depth === 0) out += '[…]';
      depth++;
    } else if (c === ']' && depth > 0) depth--;
    else if (depth === 0) out += c;
  }
  const bracket = out.indexOf('[');
  const slash = (bracket < 0 ? out : out.slice(0, bracket)).lastIndexOf('/');
  return out.slice(slash + 1).replace(/%2e/gi, '.');
}
