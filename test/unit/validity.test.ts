import { describe, expect, it } from 'vitest';
import { type RecordingFacts, recordingProblem } from '../../src/run/validity.js';

const series = (n: number, intervalS = 1, skippedEvery = 0) =>
  Array.from({ length: n }, (_, i) => ({
    t: i * intervalS,
    heapLive: skippedEvery && i % skippedEvery === 0 ? null : 1000,
    skipped: skippedEvery && i % skippedEvery === 0 ? 'timed out' : null,
  }));

const facts = (over: Partial<RecordingFacts>): RecordingFacts => {
  const samples = over.samples ?? series(30);
  return {
    samples,
    skippedSamples: samples.filter((s) => s.skipped).length,
    warmupS: 5,
    intervalS: 1,
    loadEndedRunEarlyAfterS: null,
    builtin: null,
    ...over,
  };
};

describe('recordingProblem', () => {
  it('a full recording is fine', () => {
    expect(recordingProblem(facts({}))).toBeNull();
  });

  it('a load that ended the run early with too few judged samples', () => {
    const f = facts({ samples: series(10), loadEndedRunEarlyAfterS: 9.5 });
    expect(recordingProblem(f)).toMatch(
      /^the load command finished after 9\.5s, leaving 5 samples after the 5s warm-up/,
    );
  });

  it('a load that ended the run early with enough samples is fine', () => {
    expect(recordingProblem(facts({ samples: series(20), loadEndedRunEarlyAfterS: 19.5 }))).toBeNull();
  });

  it('a built-in load that mostly failed', () => {
    const builtin = {
      url: 'http://127.0.0.1:1/x',
      targetRate: 10,
      sent: 100,
      ok: 20,
      httpErrors: 80,
      networkErrors: 0,
      dropped: 0,
      durationS: 10,
      achievedRate: 10,
      latencyP50Ms: null,
      latencyP99Ms: null,
      firstError: 'HTTP 500',
    } as unknown as RecordingFacts['builtin'];
    expect(recordingProblem(facts({ builtin }))).toMatch(/only 20 of 100 requests to http:\/\/127\.0\.0\.1:1\/x/);
  });

  it('more than half the samples skipped', () => {
    const samples = series(30).map((s, i) => (i % 3 === 0 ? s : { ...s, heapLive: null, skipped: 'timed out' }));
    expect(recordingProblem(facts({ samples }))).toMatch(/^20 of 30 samples failed \(timed out\)/);
  });
});

describe('too few samples is judged on every path, lost slots included', () => {
  it('a run whose slots were mostly lost to slow samples cannot pass on what is left', () => {
    // 20 slots, warm-up 5 s: 15 after warm-up, 9 of them lost (just under half of all slots skipped).
    const lost = { heapLive: null, skipped: 'slot lost: the sample before it was still running' };
    const samples = series(20).map((s, i) => (i >= 5 && i % 2 === 1 ? { ...s, ...lost } : s));
    const f = facts({ samples, loadEndedRunEarlyAfterS: null });
    expect(f.skippedSamples).toBe(8);
    expect(recordingProblem(f)).toMatch(/^only 7 samples after the 5s warm-up have a heap reading \(need 8\); 8 of 20/);
  });

  it('more samples are needed at a higher confidence (minJudgedSamples)', () => {
    // 14 samples, 5 s warm-up: 9 judged. Enough at 0.99 (8) and 0.999 (9), not at 0.9999 (11).
    const f = facts({ samples: series(14) });
    expect(recordingProblem({ ...f, confidence: 0.99 })).toBeNull();
    expect(recordingProblem({ ...f, confidence: 0.999 })).toBeNull();
    expect(recordingProblem({ ...f, confidence: 0.9999 })).toMatch(
      /^only 9 samples after the 5s warm-up have a heap reading \(need 11\)/,
    );
  });
});
