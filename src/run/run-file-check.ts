/**
 * The shape of run.json's parts that `go-mem-gate judge` reads back: the recording's facts, the baseline
 * origin and a same-job run's combined base. A file edited by hand or damaged is refused with one line naming
 * the first field that is wrong, before anything is judged (never an "internal error" deep in the engine).
 * Pure: a small schema of checks, each returning what is wrong at a path, or null.
 */

/** What is wrong with the value at `path`, or null when it fits. */
type Check = (v: unknown, path: string) => string | null;

const describe = (v: unknown) => {
  if (v === null || v === undefined) return v === null ? 'null' : 'missing';
  if (typeof v === 'object') return Array.isArray(v) ? 'an array' : 'an object';
  const text = JSON.stringify(v) ?? typeof v;
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
};
const want =
  (what: string): ((v: unknown, path: string) => string) =>
  (v, path) =>
    `${path} should be ${what}, not ${describe(v)}`;

/** A finite number (`any`: Infinity too, as run.json keeps unbounded intervals of a same-job base). */
const num: Check = (v, p) => (typeof v === 'number' && Number.isFinite(v) ? null : want('a number')(v, p));
const anyNum: Check = (v, p) => (typeof v === 'number' && !Number.isNaN(v) ? null : want('a number')(v, p));
const str: Check = (v, p) => (typeof v === 'string' ? null : want('a string')(v, p));
const bool: Check = (v, p) => (typeof v === 'boolean' ? null : want('true or false')(v, p));
const nullable =
  (c: Check): Check =>
  (v, p) =>
    v === null ? null : c(v, p);
/** Absent (undefined) or fitting c. */
const optional =
  (c: Check): Check =>
  (v, p) =>
    v === undefined ? null : c(v, p);
const oneOf =
  (...values: (string | null)[]): Check =>
  (v, p) =>
    values.includes(v as string | null) ? null : want(values.map((x) => JSON.stringify(x)).join(' or '))(v, p);
const arrayOf =
  (c: Check, max = 1_000_000): Check =>
  (v, p) => {
    if (!Array.isArray(v) || v.length > max) return want('an array')(v, p);
    for (let i = 0; i < v.length; i++) {
      const bad = c(v[i], `${p}[${i}]`);
      if (bad) return bad;
    }
    return null;
  };
/** An object with at least these fields (fields it has beyond them are ignored, as readers of newer files do). */
const object =
  (fields: Record<string, Check>): Check =>
  (v, p) => {
    if (!v || typeof v !== 'object' || Array.isArray(v)) return want('an object')(v, p);
    for (const [k, c] of Object.entries(fields)) {
      const bad = c((v as Record<string, unknown>)[k], `${p}.${k}`);
      if (bad) return bad;
    }
    return null;
  };
/** An object whose every value fits c (a map by name). */
const record =
  (c: Check): Check =>
  (v, p) => {
    if (!v || typeof v !== 'object' || Array.isArray(v)) return want('an object')(v, p);
    for (const [k, x] of Object.entries(v)) {
      const bad = c(x, `${p}.${k}`);
      if (bad) return bad;
    }
    return null;
  };

const frame = object({ function: str, file: str, line: num });
const exitInfo = nullable(object({ code: nullable(num), signal: nullable(str), afterS: num }));
const split = object({ rss: num, anonymous: num, fileBacked: num });
const loadStats = object({
  url: str,
  targetRate: num,
  sent: num,
  ok: num,
  httpErrors: num,
  networkErrors: num,
  dropped: num,
  durationS: num,
  achievedRate: num,
  latencyP50Ms: nullable(num),
  latencyP99Ms: nullable(num),
  firstError: nullable(str),
});

const recordingFacts = object({
  startedAt: str,
  readyAfterS: nullable(num),
  module: optional(nullable(object({ path: nullable(str), source: nullable(str), goVersion: nullable(str) }))),
  endState: optional(
    nullable(
      object({
        goroutineDump: nullable(
          arrayOf(
            object({ waitReason: str, count: num, maxMinutes: num, stack: arrayOf(frame), createdBy: nullable(frame) }),
          ),
        ),
        goroutineLeak: nullable(
          object({
            available: bool,
            total: num,
            sites: arrayOf(object({ function: str, file: str, line: num, count: num })),
          }),
        ),
        smaps: nullable(object({ first: split, last: split, spanS: num })),
      }),
    ),
  ),
  periodInForce: nullable(num),
  profileStride: optional(object({ heap: num, goroutine: num })),
  load: object({
    kind: oneOf('command', 'builtin', 'none'),
    stats: nullable(loadStats),
    exit: exitInfo,
    endedRunEarly: bool,
  }),
  service: object({ exit: exitInfo }),
  skippedSamples: num,
  error: nullable(str),
  wallS: num,
});

const slopeFields = {
  slopePerMinute: anyNum,
  sePerMinute: anyNum,
  ciLow: anyNum,
  ciHigh: anyNum,
  n: anyNum,
  df: optional(anyNum),
  plateau: optional(bool),
  lastHalfSlopePerMinute: optional(anyNum),
  lastHalfSePerMinute: optional(anyNum),
  lastHalfDf: optional(anyNum),
};
const baselineSite = object({ ...slopeFields, function: str, file: str, line: num, last: anyNum });
const baseline = object({
  schemaVersion: num,
  kind: oneOf('go-mem-gate-baseline'),
  run: object({
    durationS: anyNum,
    intervalS: anyNum,
    warmupS: anyNum,
    profileRate: nullable(num),
    samples: anyNum,
    confidence: anyNum,
  }),
  metrics: record(object(slopeFields)),
  sites: arrayOf(baselineSite),
  goroutineSites: arrayOf(baselineSite),
  series: optional(nullable(object({ t: arrayOf(num), heapLive: arrayOf(nullable(num)) }))),
  notices: optional(arrayOf(str)),
});

/** A directory name inside the run's directory (never a path out of it). */
const subdir: Check = (v, p) =>
  typeof v === 'string' && /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/.test(v) ? null : want('a directory name')(v, p);

const runParts = object({
  recording: recordingFacts,
  baselineOrigin: optional(
    object({ source: oneOf('file', 'artifact', 'same-job'), commit: nullable(str), commitsBehind: nullable(num) }),
  ),
  sameJob: optional(object({ baseline: nullable(baseline), error: nullable(str) })),
  workdir: optional(str),
  secondPass: optional(object({ dir: subdir, profileRate: num, error: nullable(str) })),
});

/**
 * What is wrong with run.json's recording, baselineOrigin and sameJob, naming the first bad field
 * (e.g. "recording.load.kind should be \"command\" or \"builtin\" or \"none\", not 3"); null when they fit.
 */
export function runFileProblem(run: unknown): string | null {
  const bad = runParts(run, '');
  return bad === null ? null : bad.replace(/^\./, '');
}
