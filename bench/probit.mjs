// Accuracy of the normal quantile: simple-statistics' probit against ours (src/analyze/stats.ts), at the
// levels the verdicts use. Exact values: scipy.stats.norm.ppf.
import { probit } from 'simple-statistics';
import { buildBenchLib } from './build-lib.mjs';

export async function benchProbit() {
  const lib = await import(await buildBenchLib());
  const exact = {
    0.8: 0.8416212335729143,
    0.975: 1.959963984540054,
    0.995: 2.5758293035489004,
    0.99995: 3.890591886413121,
  };
  return Object.entries(exact).map(([p, z]) => ({
    p: Number(p),
    exact: z,
    ours: lib.normalQuantile(Number(p)),
    simpleStatistics: probit(Number(p)),
  }));
}

if (import.meta.url === `file://${process.argv[1]}`) console.table(await benchProbit());
