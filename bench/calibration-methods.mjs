// Which autocorrelation correction? The same budget-0 test (lower bound of a two-sided 99% interval of the
// slope above 0: nominal false-alarm rate 0.5%) under AR(1) noise with four corrections:
//   none        Sen's interval as for independent noise (the code before issue 8)
//   hamed-rao   Sen's interval on the Hamed-Rao (1998) modified Mann-Kendall variance (rank autocorrelations
//               of the detrended series, significant lags only), normal quantile
//   newey-west  least squares with the Newey-West (1987) HAC standard error, Bartlett kernel,
//               lag floor(4 (n/100)^(2/9)), normal quantile
//   ess         what the gate uses: Sen's interval with the variance times n / n_eff (effective sample size from
//               the bias-corrected lag-1 autocorrelation and its decay), Student's t on n_eff - 2
// and the power of each on white noise with a trend of 2 sigma/min.
// Run: node bench/calibration-methods.mjs [--reps 2000]; writes bench/results/calibration-methods.json.
import { writeFileSync } from 'node:fs';
import { buildBenchLib } from './build-lib.mjs';
import { mulberry32 } from './rng.mjs';

const lib = await import(await buildBenchLib());
const argv = process.argv.slice(2);
const reps = argv.includes('--reps') ? Number(argv[argv.indexOf('--reps') + 1]) : 2000;
const CONF = 0.99;
const z = lib.normalQuantile(1 - (1 - CONF) / 2);

const ranks = (v) => {
  const idx = v.map((x, i) => [x, i]).sort((a, b) => a[0] - b[0]);
  const r = new Array(v.length);
  for (const [k, [, i]] of idx.entries()) r[i] = k + 1;
  return r;
};

/** Lower bound of the slope (per second) under each method. */
const METHODS = {
  none: (t, v) => lib.theilSen(t, v, CONF).ciLow,
  'hamed-rao': (t, v) => {
    const f = lib.theilSen(t, v, CONF);
    const n = t.length;
    const r = ranks(v.map((y, i) => y - f.slope * t[i]));
    let sum = 0;
    for (let k = 1; k < n - 2; k++) {
      const rk = lib.lagAutocorrelation(r, k);
      // Only lags significant at 5% (Hamed and Rao 1998).
      if (Math.abs(rk) > 1.96 / Math.sqrt(n)) sum += (n - k) * (n - k - 1) * (n - k - 2) * rk;
    }
    const factor = Math.max(1, 1 + (2 / (n * (n - 1) * (n - 2))) * sum);
    return lib.theilSen(t, v, CONF, { varianceFactor: factor }).ciLow;
  },
  'newey-west': (t, v) => {
    const n = t.length;
    const f = lib.ols(t, v);
    const mt = t.reduce((a, b) => a + b, 0) / n;
    const e = v.map((y, i) => y - f.intercept - f.slope * t[i]);
    const x = t.map((s) => s - mt);
    const sxx = x.reduce((a, b) => a + b * b, 0);
    const L = Math.floor(4 * (n / 100) ** (2 / 9));
    let s = 0;
    for (let i = 0; i < n; i++) s += (x[i] * e[i]) ** 2;
    for (let l = 1; l <= L; l++) {
      const w = 1 - l / (L + 1);
      let c = 0;
      for (let i = l; i < n; i++) c += x[i] * e[i] * x[i - l] * e[i - l];
      s += 2 * w * c;
    }
    return f.slope - z * (Math.sqrt(Math.max(s, 0)) / sxx);
  },
  ess: (t, v) => {
    const f = lib.theilSen(t, v, CONF);
    const es = lib.effectiveSize(v.map((y, i) => y - f.intercept - f.slope * t[i]));
    const n = t.length;
    return lib.theilSen(t, v, CONF, { varianceFactor: n / es.n, df: Math.max(1, es.n - 2) }).ciLow;
  },
};

const rows = [];
const t0 = performance.now();
for (const n of [21, 51, 111]) {
  for (const phi of [0, 0.5, 0.8, 0.95]) {
    const rand = mulberry32(1000 * n + Math.round(phi * 100));
    const g = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
    const t = Array.from({ length: n }, (_, i) => i);
    const fa = Object.fromEntries(Object.keys(METHODS).map((m) => [m, 0]));
    const power = Object.fromEntries(Object.keys(METHODS).map((m) => [m, 0]));
    for (let k = 0; k < reps; k++) {
      const e = [g()];
      for (let i = 1; i < n; i++) e.push(phi * e[i - 1] + Math.sqrt(1 - phi * phi) * g());
      for (const [m, f] of Object.entries(METHODS)) {
        if (f(t, e) > 0) fa[m]++;
        if (
          phi === 0 &&
          f(
            t,
            e.map((x, i) => x + (2 * i) / 60),
          ) > 0
        )
          power[m]++;
      }
    }
    rows.push({
      n,
      phi,
      falseAlarm: Object.fromEntries(Object.entries(fa).map(([m, c]) => [m, c / reps])),
      power: phi === 0 ? Object.fromEntries(Object.entries(power).map(([m, c]) => [m, c / reps])) : null,
    });
    process.stdout.write(`\r  methods: n=${n} phi=${phi}    `);
  }
}
process.stdout.write('\n');
const out = {
  date: new Date().toISOString(),
  reps,
  confidence: CONF,
  nominal: (1 - CONF) / 2,
  seconds: (performance.now() - t0) / 1000,
  command: 'node bench/calibration-methods.mjs',
  rows,
};
writeFileSync('bench/results/calibration-methods.json', `${JSON.stringify(out, null, 2)}\n`);
console.log('| n | φ | none | Hamed-Rao | Newey-West | ESS + t (gate) |');
console.log('| ---: | ---: | ---: | ---: | ---: | ---: |');
const p = (x) => `${(100 * x).toFixed(2)}%`;
for (const r of rows)
  console.log(
    `| ${r.n} | ${r.phi} | ${['none', 'hamed-rao', 'newey-west', 'ess'].map((m) => p(r.falseAlarm[m]) + (r.power ? ` (power ${p(r.power[m])})` : '')).join(' | ')} |`,
  );
