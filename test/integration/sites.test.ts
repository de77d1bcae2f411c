/**
 * Attribution under the site error model (src/analyze/sampling.ts), with the real CLI and a real service: a
 * leak made of about ten 1 MiB objects is blamed on its function. Under the old Poisson unit
 * (max(period, object size)) ten objects were sqrt(10) ~ 3.2 standard errors: never enough for a site's
 * Bonferroni-adjusted bound, so the heap failed with no site to blame. The service also has 16 churning sites,
 * as a real service has many: they share the Bonferroni budget, and none of them may look like a leak.
 */
import { describe, expect, it } from 'vitest';
import { runCli, serviceArgs } from '../helpers/gate.js';

describe('a leak of few large objects', () => {
  it('ten 1 MiB objects over a 30 s run (one every 3 s; seven after the warm-up) are blamed on main.keepBlob', async () => {
    const { args } = await serviceArgs('bigleak', { rate: 50, duration: '30s', flags: '-every 3s' });
    const r = await runCli(args);
    expect(r.leftovers).toEqual([]);
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(1);
    const heap = r.report!.metrics.find((m) => m.name === 'heap_live')!;
    expect(heap.verdict).toBe('fail');
    const top = r.report!.sites[0];
    expect(top.function).toBe('main.keepBlob');
    expect(top.file).toMatch(/fixtures\/services\/bigleak\/main\.go$/);
    expect(top.verdict).toBe('fail');
    // 1 MiB every 3 s is 20 MiB/min.
    expect(top.slopeBytesPerMinute).toBeGreaterThan(12 * 1048576);
    expect(top.slopeBytesPerMinute).toBeLessThan(40 * 1048576);
    // The 16 churning sites (main.rememberRecent: 2 KiB records replaced after ~20 s) are not leaks.
    const churn = r.report!.sites.filter((s) => s.function === 'main.rememberRecent');
    expect(churn.filter((s) => s.verdict === 'fail')).toEqual([]);
  });
});
