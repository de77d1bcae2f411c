// The BENCHMARKS.md section for bench/ab-spread.mjs (same-job A/B against cross-run baselines), from
// bench/results/ab-spread.json (base, head, base of equal length) and ab-spread-halves.json (the first design,
// base in two half-length runs), when present. Used by scripts/bench.mjs; the benchmark itself is standalone.
import { existsSync, readFileSync } from 'node:fs';

const f = (x) => (Math.abs(x) >= 100 ? x.toFixed(0) : x.toFixed(1));

export function renderAbSpread(dir = 'bench/results') {
  const read = (n) => (existsSync(`${dir}/${n}.json`) ? JSON.parse(readFileSync(`${dir}/${n}.json`, 'utf8')) : null);
  const now = read('ab-spread');
  const halves = read('ab-spread-halves');
  if (!now && !halves) return [];
  const out = ['## Same-job A/B against cross-run baselines', ''];
  out.push(
    'Base and head are the same build, so every head-minus-base difference of the live-heap slope is noise. ' +
      '**cross-run**: two separate runs one after the other (what an artifact baseline compares); **same-job**: ' +
      '`run --base-start` (base, head, base). Spread is the standard deviation of the difference over the runs; ' +
      'the tolerance for zero false alarms is the largest 99% lower bound of the difference seen (what a ' +
      'regression tolerance would have had to exceed for none of these runs to fail).',
    '',
  );
  const table = (res, title) => {
    const load = res.machine.load.map((x) => x.toFixed(1)).join(' ');
    out.push(
      `${title} ${res.machine.date}, ${res.machine.cpus}, load average ${load} ` +
        `(other work was running on the machine), ${Math.round(res.wallS)} s wall. Command: \`${res.command}\`.`,
      '',
    );
    out.push(
      '| fixture | method | runs | spread (s.d.) | largest abs. difference | median s.e. of the difference | ' +
        'tolerance for zero false alarms |',
    );
    out.push('| --- | --- | ---: | ---: | ---: | ---: | ---: |');
    for (const r of res.summary) {
      const kib = (x) => `${f(x)} KiB/min`;
      const cells = [r.fixture, r.method, r.runs, kib(r.sdDiffKiBPerMin), kib(r.maxAbsDiffKiBPerMin)];
      out.push(
        `| ${cells.join(' | ')} | ` +
          `${f(r.medianSeKiBPerMin)} KiB/min | ${f(r.toleranceForZeroFalseAlarmsKiBPerMin)} KiB/min |`,
      );
    }
    out.push('');
  };
  if (now) table(now, 'Base, head, base of equal length:');
  if (halves) table(halves, 'First design, superseded (base in two runs of half the duration around the head):');
  const tol = now ? Math.max(...now.summary.map((x) => x.toleranceForZeroFalseAlarmsKiBPerMin)) : null;
  const worst = tol === null ? 'not measured' : `${f(tol)} KiB/min`;
  const runs = Math.max(...[now, halves].filter(Boolean).flatMap((r) => r.summary.map((x) => x.runs)));
  out.push(
    `With at most ${runs} runs per cell these spreads are anecdotes, not estimates. What they do show: the ` +
      'half-length design was biased on the cache fixture (the same build differed from itself by tens of MiB/min ' +
      'in every run, in the direction that would hide a leak), which is why base and head now run for the same ' +
      `length; and in the current design's runs the largest 99% lower bound of the difference was ` +
      `${worst}, ` +
      'far below the tolerances in force. They cannot set a ' +
      'tolerance: the regression tolerances (`DEFAULT_TOLERANCE` in `src/config.ts`) are unchanged. Setting them ' +
      'from this comparison needs on the order of a hundred runs per cell (several hours of machine time).',
    '',
  );
  return out;
}
