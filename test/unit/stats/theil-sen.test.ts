import { describe, expect, it } from 'vitest';
import { mannKendall } from '../../../src/analyze/stats/mann-kendall.js';
import { normalQuantile } from '../../../src/analyze/stats/normal-quantile.js';
import { ols } from '../../../src/analyze/stats/ols.js';
import { pairwiseSlopes } from '../../../src/analyze/stats/pairwise-slopes.js';
import { theilSen } from '../../../src/analyze/stats/theil-sen.js';
import { gaussian, mulberry32 } from '../../helpers/series.js';
import { expectNoNaN, expectRelClose, range } from '../../helpers/stats.js';

describe('hand-computed example: y = [1, 3, 2, 5, 4] on x = 1..5', () => {
  // Pairs (i<j): y[j]-y[i] and slope
  //   (1,2) +2  2     (1,3) +1  1/2   (1,4) +4  4/3   (1,5) +3  3/4
  //   (2,3) -1 -1     (2,4) +2  1     (2,5) +1  1/3
  //   (3,4) +3  3     (3,5) +2  1
  //   (4,5) -1 -1
  // S = 8 positive - 2 negative = 6; no ties: varS = n(n-1)(2n+5)/18 = 5*4*15/18 = 50/3.
  // z = (S-1)/sqrt(varS) = 5/sqrt(16.667) = 1.2247449; p two-sided = 2(1-Phi(z)) = 0.2206714,
  // pIncreasing = 0.1103357 (scipy.stats.norm.sf(1.224744871391589)).
  // Sorted slopes: -1, -1, 1/3, 1/2, 3/4, 1, 1, 4/3, 2, 3 (N = 10): median = (3/4 + 1)/2 = 0.875.
  // Intercept: median(y - 0.875x) = median(0.125, 1.25, -0.625, 1.5, -0.375) = 0.125.
  // |residuals| = 0, 1.125, 0.75, 1.375, 0.5 -> MAD 0.75 -> residualSd = 1.4826*0.75 = 1.11195.
  // 90% CI: z = 1.6448536, C = z*sqrt(50/3) = 6.715087, M1 = (10-C)/2 = 1.642457,
  //   M2+1 = (10+C)/2 + 1 = 9.357543. ciLow = d1 + 0.642*(d2-d1) = -1 (d1 = d2 = -1),
  //   ciHigh = d9 + 0.357543*(d10-d9) = 2 + 0.357543 = 2.357543.
  // OLS: mean x = mean y = 3, Sxx = 10, Sxy = 8 -> slope 0.8, intercept 0.6;
  //   residuals -0.4, 0.8, -1, 1.2, -0.6 -> RSS 3.6, s = sqrt(3.6/3) = 1.0954451, se = s/sqrt(10) = 0.3464102.
  const x = [1, 2, 3, 4, 5];
  const y = [1, 3, 2, 5, 4];

  it('Mann-Kendall', () => {
    const mk = mannKendall(y);
    expect(mk.n).toBe(5);
    expect(mk.s).toBe(6);
    expect(mk.varS).toBeCloseTo(50 / 3, 12);
    expect(mk.z).toBeCloseTo(1.224744871391589, 12);
    expect(mk.pTwoSided).toBeCloseTo(0.22067136191984682, 12);
    expect(mk.pIncreasing).toBeCloseTo(0.11033568095992347, 12);
  });

  it('Theil-Sen slope, intercept, residual s.d. and 90% CI', () => {
    const fit = theilSen(x, y, 0.9);
    expect(Array.from(pairwiseSlopes(x, y))).toEqual([-1, -1, 1 / 3, 0.5, 0.75, 1, 1, 4 / 3, 2, 3]);
    expect(fit.slope).toBe(0.875);
    expect(fit.intercept).toBe(0.125);
    expect(fit.residualSd).toBeCloseTo(1.4826 * 0.75, 12);
    expect(fit.confidence).toBe(0.9);
    const c = 1.6448536269514722 * Math.sqrt(50 / 3);
    expect(fit.ciLow).toBe(-1);
    expect(fit.ciHigh).toBeCloseTo(2 + ((10 + c) / 2 + 1 - 9), 12);
    expect(fit.ciHigh).toBeCloseTo(2.357543, 6);
    expect(fit.se).toBeCloseTo((fit.ciHigh - fit.ciLow) / (2 * 1.6448536269514722), 12);
    expect(fit.mk).toEqual(mannKendall(y));
  });

  it('at the default 99% the 5 points cannot bound the slope from below', () => {
    // C = 2.5758*4.0825 = 10.516 > N = 10, so M1 = -0.26 < 1: unbounded, not clamped.
    const fit = theilSen(x, y);
    expect(fit.confidence).toBe(0.99);
    expect(fit.ciLow).toBe(-Infinity);
    expect(fit.ciHigh).toBe(Infinity); // M2 + 1 = 11.26 > N
    expect(fit.se).toBe(Infinity);
    expectNoNaN(fit);
  });
});

describe("published Sen's slope example (stats.stackexchange.com q. 514316, R trend::sens.slope)", () => {
  // Source: https://stats.stackexchange.com/questions/514316/how-to-interpret-the-sens-slope-function-in-r
  //   library(trend); set.seed(37518); v = runif(50) + (1:50)*0.3; sens.slope(v)
  // Published output: z = 9.8873, n = 50; 95 percent confidence interval: 0.2992930 0.3106585;
  //   Sen's slope 0.3051533.
  // The data below were regenerated with R 4.2.2 (same seed, Mersenne-Twister runif) and printed
  // with sprintf("%.17g"); they reproduce the published numbers exactly.
  //
  // trend::sens.slope ROUNDS the ranks (rank.lo = round((N-C)/2), rank.up = round((N+C)/2 + 1));
  // theilSen interpolates between neighbouring ranks instead (Gilbert 1987). Here N = 1225,
  // C = 1.959964*sqrt(14291.667) = 234.3093, so the ranks are 495.345 and 730.655:
  // the published bounds are the order statistics 495 and 731, and ours lie between
  // ranks 495..496 and 730..731 (R: approx(seq_along(d), sort(d), rank) gives
  // 0.29930056811024425 and 0.31065339006953252).
  const v = [
    0.89538793028332297, 0.97327916291542349, 1.6113914950750767, 1.9358130076900124, 1.6573145219590515,
    1.8442291677463798, 2.3743293156381697, 2.8248119911644607, 3.0051655115559694, 3.6036313583608717,
    3.3753637505695222, 3.7081803909037259, 4.3837813104968522, 5.0604660558048637, 5.1412604732904583,
    4.8975559684447942, 5.6083640036173161, 5.5806500456295902, 5.7991459016222509, 6.9783485445659608,
    6.5312894661445169, 7.1681214309297498, 6.9104982431512321, 8.1608037008438252, 7.6020161742344499,
    8.3959600843489177, 8.9804094528313723, 8.7548971943091605, 9.6326113096904002, 9.7249605425167829,
    9.4694547873921682, 10.244647866487503, 10.747449385561049, 10.270783346192911, 11.273872282588854,
    11.535092597780748, 11.762222323007881, 11.507596430461854, 12.596707667037844, 12.339837641455233,
    12.497426378726958, 13.255925463419407, 13.600012932531536, 13.449669645912945, 14.326660390244797,
    13.972527476213871, 14.914265405759215, 15.182911502523346, 15.648240730678662, 15.433881476754323,
  ];
  const x = range(50, 1);

  it('reproduces slope, z and the published CI order statistics', () => {
    const fit = theilSen(x, v, 0.95);
    expect(fit.n).toBe(50);
    expect(fit.slope).toBeCloseTo(0.3051533, 7);
    expect(fit.mk.z).toBeCloseTo(9.8873, 4);
    expect(fit.mk.s).toBe(1183);
    expect(fit.mk.varS).toBeCloseTo((50 * 49 * 105) / 18, 9);

    const d = pairwiseSlopes(x, v);
    expect(d.length).toBe(1225);
    const c = normalQuantile(0.975) * Math.sqrt(fit.mk.varS);
    expect(c).toBeCloseTo(234.30930194741916, 9);
    const rankLo = (1225 - c) / 2;
    const rankUp = (1225 + c) / 2 + 1;
    // trend's rounded ranks give exactly the published interval.
    expect(d[Math.round(rankLo) - 1]).toBeCloseTo(0.299293, 7);
    expect(d[Math.round(rankUp) - 1]).toBeCloseTo(0.3106585, 7);
    // Our interpolated bounds (checked against R's approx()).
    expect(fit.ciLow).toBeCloseTo(0.29930056811024425, 12);
    expect(fit.ciHigh).toBeCloseTo(0.31065339006953252, 12);
    expect(fit.ciLow).toBeGreaterThanOrEqual(d[494]!);
    expect(fit.ciLow).toBeLessThanOrEqual(d[495]!);
    expect(fit.ciHigh).toBeGreaterThanOrEqual(d[729]!);
    expect(fit.ciHigh).toBeLessThanOrEqual(d[730]!);
  });
});

describe('R Nile data: Mann-Kendall and Sen slope with ties, three independent references', () => {
  // datasets::Nile (annual flow at Aswan, 1871-1970, 10^8 m^3), printed from R 4.2.2.
  // References, all run locally:
  //  - R 4.2.2 base: cor.test(seq_along(Nile), Nile, method = "kendall", exact = FALSE,
  //    continuity = TRUE) -> z = -4.1280665228441, p-value = 3.6582629216643e-05 (R's Kendall
  //    variance with ties).
  //  - pymannkendall 1.4.3: mk.original_test(nile) -> s = -1387, var_s = 112728.33333333333,
  //    z = -4.128066522844101, p = 3.658262921657496e-05, slope = -2.6.
  //  - scipy 1.17.1: scipy.stats.theilslopes(nile, range(1, 101), alpha=0.95) ->
  //    slope -2.6, low_slope -3.627906976744186, high_slope -1.4285714285714286;
  //    alpha=0.99 -> low -4.033333333333333, high -1.04 (scipy rounds the ranks, like trend).
  //  - trend::sens.slope's algorithm (re-typed in R; the package is not packaged for Debian)
  //    gives the same rounded bounds, and with approx() on the sorted slopes the interpolated
  //    bounds asserted below: 95%: ranks 2145.97 / 2805.03 -> -3.6279264778448708,
  //    -1.4284443759457544; 99%: ranks 2042.58 / 2908.42 -> -4.0338136365313551,
  //    -1.0384804953371665.
  const nile = [
    1120, 1160, 963, 1210, 1160, 1160, 813, 1230, 1370, 1140, 995, 935, 1110, 994, 1020, 960, 1180, 799, 958, 1140,
    1100, 1210, 1150, 1250, 1260, 1220, 1030, 1100, 774, 840, 874, 694, 940, 833, 701, 916, 692, 1020, 1050, 969, 831,
    726, 456, 824, 702, 1120, 1100, 832, 764, 821, 768, 845, 864, 862, 698, 845, 744, 796, 1040, 759, 781, 865, 845,
    944, 984, 897, 822, 1010, 771, 676, 649, 846, 812, 742, 801, 1040, 860, 874, 848, 890, 744, 749, 838, 1050, 918,
    986, 797, 923, 975, 815, 1020, 906, 901, 1170, 912, 746, 919, 718, 714, 740,
  ];
  const years = range(100, 1);

  it('Mann-Kendall with the tie correction', () => {
    const mk = mannKendall(nile);
    expect(mk.n).toBe(100);
    expect(mk.s).toBe(-1387);
    expect(mk.varS).toBeCloseTo(112728.33333333333, 8);
    expect(mk.z).toBeCloseTo(-4.128066522844101, 12);
    expectRelClose(mk.pTwoSided, 3.6582629216643283e-5, 1e-10);
    expect(mk.pIncreasing).toBeCloseTo(1 - 3.6582629216643283e-5 / 2, 12);
  });

  it("Sen's slope and its 95% and 99% confidence intervals", () => {
    const f95 = theilSen(years, nile, 0.95);
    expect(f95.slope).toBe(-2.6);
    expect(f95.ciLow).toBeCloseTo(-3.6279264778448708, 12);
    expect(f95.ciHigh).toBeCloseTo(-1.4284443759457544, 12);
    // Within one order statistic of scipy / trend's rounded bounds.
    expect(f95.ciLow).toBeCloseTo(-3.627906976744186, 4);
    expect(f95.ciHigh).toBeCloseTo(-1.4285714285714286, 3);
    expect(f95.mk).toEqual(mannKendall(nile));

    const f99 = theilSen(years, nile);
    expect(f99.confidence).toBe(0.99);
    expect(f99.ciLow).toBeCloseTo(-4.0338136365313551, 12);
    expect(f99.ciHigh).toBeCloseTo(-1.0384804953371665, 12);
    expect(f99.se).toBeCloseTo((f99.ciHigh - f99.ciLow) / (2 * 2.5758293035489004), 12);
  });
});

describe('ties', () => {
  it('goroutine-like integer series: varS tie correction by hand', () => {
    // y = 8 8 8 9 8 9 9 10 9 10 (n = 10). Tie groups: 8 x4, 9 x4, 10 x2.
    // sum t(t-1)(2t+5) = 4*3*13 + 4*3*13 + 2*1*9 = 156 + 156 + 18 = 330.
    // varS = (10*9*25 - 330)/18 = 1920/18 = 106.667.
    // S, later-greater minus later-smaller for each i: +6 +6 +6 +1 +5 +2 +2 -1 +1 = 28.
    // z = 27/sqrt(106.667) = 2.6142638 (pymannkendall: 2.6142637586900066, p = 0.008941997583756578).
    const y = [8, 8, 8, 9, 8, 9, 9, 10, 9, 10];
    const mk = mannKendall(y);
    expect(mk.s).toBe(28);
    expect(mk.varS).toBeCloseTo(1920 / 18, 12);
    expect(mk.z).toBeCloseTo(2.6142637586900066, 12);
    expect(mk.pTwoSided).toBeCloseTo(0.008941997583756578, 12);

    const fit = theilSen(range(10), y, 0.95);
    expect(fit.mk).toEqual(mk);
    // Most pairwise slopes are 0 or small positive; the median is a positive rational.
    expect(fit.slope).toBeGreaterThan(0);
    expect(fit.ciLow).toBeLessThanOrEqual(fit.slope);
    expect(fit.ciHigh).toBeGreaterThanOrEqual(fit.slope);
    expectNoNaN(fit);
  });

  it('a constant goroutine count: S = 0, varS = 0, p = 1, slope 0 with CI [0, 0]', () => {
    const y = new Array<number>(40).fill(12);
    const mk = mannKendall(y);
    expect(mk).toEqual({ n: 40, s: 0, varS: 0, z: 0, pTwoSided: 1, pIncreasing: 0.5 });
    const fit = theilSen(range(40, 0, 2), y);
    expect(fit.slope).toBe(0);
    expect(Object.is(fit.slope, -0)).toBe(false);
    expect(fit.ciLow).toBe(0);
    expect(fit.ciHigh).toBe(0);
    expect(fit.se).toBe(0);
    expect(fit.intercept).toBe(12);
    expect(fit.residualSd).toBe(0);
    expectNoNaN(fit);
  });

  it('one step in an otherwise flat series', () => {
    // 20 x 5 then 20 x 6: S = 20*20 = 400; groups of 20 and 20:
    // varS = (40*39*85 - 2*20*19*45)/18 = (132600 - 34200)/18 = 5466.667.
    const y = [...new Array<number>(20).fill(5), ...new Array<number>(20).fill(6)];
    const mk = mannKendall(y);
    expect(mk.s).toBe(400);
    expect(mk.varS).toBeCloseTo(98400 / 18, 9);
    expect(mk.z).toBeCloseTo(399 / Math.sqrt(98400 / 18), 12);
  });

  it('duplicated x: x-tied pairs are skipped, varS corrected for ties in x and y', () => {
    // Points (1,1) (1,2) (2,2) (2,3) (3,3) (3,5). 12 of the 15 pairs have distinct x.
    // Sorted slopes: 0 0 1/2 1 1 1 1 3/2 2 2 2 3 -> median 1.
    // S over distinct-x pairs: p1: +4, p2: +3 (one dy = 0), p3: +2, p4: +1 (one dy = 0) -> 10.
    // Kendall's variance with ties in both (x groups 2,2,2; y groups 2,2):
    //   (6*5*17 - 3*18 - 2*18)/18 + 0 + (6 * 4)/(2*6*5) = 420/18 + 0.4 = 23.7333.
    // Cross-check: scipy.stats.kendalltau(x, y, method='asymptotic') p = 0.04010390753457623 ->
    //   z = norm.isf(p/2) = 2.0526770681399 -> var = (10/z)^2 = 23.7333.
    const x = [1, 1, 2, 2, 3, 3];
    const y = [1, 2, 2, 3, 3, 5];
    expect(Array.from(pairwiseSlopes(x, y))).toEqual([0, 0, 0.5, 1, 1, 1, 1, 1.5, 2, 2, 2, 3]);
    const fit = theilSen(x, y, 0.8);
    expect(fit.slope).toBe(1);
    expect(fit.mk.s).toBe(10);
    expect(fit.mk.varS).toBeCloseTo(420 / 18 + 0.4, 12);
    expect(fit.mk.z).toBeCloseTo(9 / Math.sqrt(420 / 18 + 0.4), 12);
    // 80%: C = 1.2815516*sqrt(23.7333) = 6.243, ranks (12 - C)/2 = 2.878 and (12 + C)/2 + 1 = 10.12:
    // ciLow = d2 + 0.878*(d3 - d2) = 0.439, ciHigh = d10 + 0.12*(d11 - d10) = 2 (d10 = d11 = 2).
    const c = normalQuantile(0.9) * Math.sqrt(420 / 18 + 0.4);
    const r1 = (12 - c) / 2;
    const r2 = (12 + c) / 2 + 1;
    expect(fit.ciLow).toBeCloseTo(0 + (r1 - 2) * 0.5, 12); // between d2 = 0 and d3 = 0.5
    expect(fit.ciLow).toBeCloseTo(0.439, 3);
    expect(r2).toBeGreaterThan(10);
    expect(r2).toBeLessThan(11);
    expect(fit.ciHigh).toBe(2); // between d10 = 2 and d11 = 2
    expectNoNaN(fit);
  });

  it('unsorted x gives the same fit as sorted x', () => {
    const x = [3, 1, 4, 0, 2, 6, 5, 7, 9, 8];
    const y = x.map((t) => 2 * t + ((t * 7) % 3));
    const order = x.map((_, i) => i).sort((a, b) => x[a]! - x[b]!);
    const xs = order.map((i) => x[i]!);
    const ys = order.map((i) => y[i]!);
    const a = theilSen(x, y, 0.9);
    const b = theilSen(xs, ys, 0.9);
    expect(a).toEqual(b);
    expect(b.mk).toEqual(mannKendall(ys));
  });
});

describe('synthetic heap series: y = 5 MB + 1000 B/s * t + noise, n = 45 at 1 s', () => {
  const trueSlope = 1000;
  const noiseSd = 22_000; // ~ the post-GC heap noise measured on a steady service (GUIDE sec. 2)
  const x = range(45);
  const norm = gaussian(mulberry32(20240601));
  const y = x.map((t) => 5e6 + trueSlope * t + noiseSd * norm());

  it('the CI covers the true slope and contains the estimate', () => {
    const fit = theilSen(x, y);
    expect(fit.ciLow).toBeLessThanOrEqual(fit.slope);
    expect(fit.slope).toBeLessThanOrEqual(fit.ciHigh);
    expect(fit.ciLow).toBeLessThan(trueSlope);
    expect(fit.ciHigh).toBeGreaterThan(trueSlope);
    // The implied s.e. is of the same size as the OLS one on Gaussian noise (ARE 0.95 or so).
    const o = ols(x, y);
    expect(fit.se / o.se).toBeGreaterThan(0.7);
    expect(fit.se / o.se).toBeLessThan(1.5);
    // The robust residual s.d. estimates the noise s.d.
    expect(fit.residualSd / noiseSd).toBeGreaterThan(0.6);
    expect(fit.residualSd / noiseSd).toBeLessThan(1.5);
    // MK is a weaker test than the slope CI here (noise s.d. ~ half the total rise).
    expect(fit.mk.pIncreasing).toBeLessThan(0.05);
    expectNoNaN(fit);
  });

  it('a few huge outliers barely move Theil-Sen but throw OLS off', () => {
    const yo = y.slice();
    // Requests in flight at GC time: three +5 MB spikes late in the run.
    for (const i of [38, 41, 44]) yo[i] = yo[i]! + 5e6;
    const clean = theilSen(x, y);
    const fit = theilSen(x, yo);
    const o = ols(x, yo);
    expect(Math.abs(fit.slope - clean.slope)).toBeLessThan(300);
    expect(fit.ciLow).toBeLessThan(trueSlope);
    expect(fit.ciHigh).toBeGreaterThan(trueSlope);
    expect(Math.abs(o.slope - trueSlope)).toBeGreaterThan(20 * Math.abs(fit.slope - trueSlope));
    expect(o.slope).toBeGreaterThan(20_000); // OLS sees a 20x steeper leak
    // The robust residual s.d. ignores the spikes; the OLS one is inflated 30x or more.
    expect(fit.residualSd).toBeLessThan(2 * noiseSd);
    expect(o.residualSd).toBeGreaterThan(30 * noiseSd);
  });

  it('no trend: flat noise gives a CI around 0 and a large MK p-value', () => {
    const flat = x.map(() => 5e6 + noiseSd * norm());
    const fit = theilSen(x, flat);
    expect(fit.ciLow).toBeLessThan(0);
    expect(fit.ciHigh).toBeGreaterThan(0);
    expect(fit.mk.pTwoSided).toBeGreaterThan(0.01);
  });
});

describe('calibration of the Sen confidence interval', () => {
  // 400 seeded series, n = 45, Gaussian noise: the 95% interval should cover the true slope
  // in about 95% of them (binomial s.d. at 400 trials is 1.1 points).
  it('95% CI covers the true slope 90-98.5% of the time; 99% CI about 99%', () => {
    const trials = 400;
    const x = range(45, 0, 2);
    const rand = mulberry32(12345);
    const norm = gaussian(rand);
    let cover95 = 0;
    let cover99 = 0;
    for (let k = 0; k < trials; k++) {
      const slope = (rand() - 0.5) * 4000;
      const sd = 1000 + 50_000 * rand();
      const y = x.map((t) => 1e7 + slope * t + sd * norm());
      const f95 = theilSen(x, y, 0.95);
      const f99 = theilSen(x, y, 0.99);
      if (f95.ciLow <= slope && slope <= f95.ciHigh) cover95++;
      if (f99.ciLow <= slope && slope <= f99.ciHigh) cover99++;
    }
    const rate95 = cover95 / trials;
    const rate99 = cover99 / trials;
    expect(rate95).toBeGreaterThanOrEqual(0.9);
    expect(rate95).toBeLessThanOrEqual(0.985);
    expect(rate99).toBeGreaterThanOrEqual(0.965);
    expect(rate99).toBeLessThanOrEqual(1);
  });

  it('MK false-positive rate on pure noise is near alpha', () => {
    const rand = mulberry32(777);
    const norm = gaussian(rand);
    const trials = 400;
    let rejections = 0;
    for (let k = 0; k < trials; k++) {
      const y = Array.from({ length: 45 }, () => norm());
      if (mannKendall(y).pTwoSided < 0.05) rejections++;
    }
    expect(rejections / trials).toBeGreaterThan(0.02);
    expect(rejections / trials).toBeLessThan(0.09);
  });
});

describe('edge cases', () => {
  it('n = 0', () => {
    const fit = theilSen([], []);
    expect(fit).toMatchObject({ n: 0, slope: 0, intercept: 0, ciLow: -Infinity, ciHigh: Infinity });
    expect(fit.residualSd).toBe(0);
    expectNoNaN(fit);
    expect(mannKendall([])).toEqual({ n: 0, s: 0, varS: 0, z: 0, pTwoSided: 1, pIncreasing: 0.5 });
    expect(ols([], [])).toEqual({ n: 0, slope: 0, intercept: 0, se: Infinity, residualSd: 0 });
  });

  it('n = 1', () => {
    const fit = theilSen([3], [42]);
    expect(fit).toMatchObject({ n: 1, slope: 0, intercept: 42, ciLow: -Infinity, ciHigh: Infinity });
    expectNoNaN(fit);
    expect(mannKendall([42]).s).toBe(0);
    expect(ols([3], [42])).toEqual({ n: 1, slope: 0, intercept: 42, se: Infinity, residualSd: 0 });
  });

  it('n = 2: the slope is exact, the CI is unbounded (not a zero-width clamp)', () => {
    const fit = theilSen([0, 10], [100, 150]);
    expect(fit.slope).toBe(5);
    expect(fit.intercept).toBe(100);
    expect(fit.ciLow).toBe(-Infinity);
    expect(fit.ciHigh).toBe(Infinity);
    expect(fit.se).toBe(Infinity);
    expect(fit.mk.s).toBe(1);
    expectNoNaN(fit);
    const o = ols([0, 10], [100, 150]);
    expect(o.slope).toBeCloseTo(5, 14);
    expect(o.intercept).toBeCloseTo(100, 12);
    expect(o.se).toBe(Infinity);
  });

  it('the smallest n whose 99% / 95% CIs are bounded', () => {
    // 99%: n = 6 has M1 = (15 - 2.5758*5.3229)/2 = 0.64 < 1, n = 7 has M1 = 1.93.
    // 95%: n = 5 has M1 = (10 - 1.96*4.0825)/2 = 0.9992 < 1 (just), n = 6 has M1 = 2.28.
    const line = (n: number): [number[], number[]] => {
      const x = range(n);
      return [x, x.map((t) => 3 * t + (t % 2))];
    };
    expect(theilSen(...line(6)).ciLow).toBe(-Infinity);
    expect(Number.isFinite(theilSen(...line(7)).ciLow)).toBe(true);
    expect(Number.isFinite(theilSen(...line(7)).ciHigh)).toBe(true);
    expect(theilSen(...line(5), 0.95).ciLow).toBe(-Infinity);
    expect(Number.isFinite(theilSen(...line(6), 0.95).ciLow)).toBe(true);
  });

  it('points exactly on a line: zero-width CI at the true slope', () => {
    const x = range(20, 0, 2);
    const fit = theilSen(
      x,
      x.map((t) => 7 - 0.25 * t),
    );
    expect(fit.slope).toBe(-0.25);
    expect(fit.ciLow).toBe(-0.25);
    expect(fit.ciHigh).toBe(-0.25);
    expect(fit.se).toBe(0);
    expect(fit.intercept).toBe(7);
    expect(fit.residualSd).toBe(0);
    expect(fit.mk.s).toBe(-190);
  });

  it('all x equal: no slope information', () => {
    const fit = theilSen([5, 5, 5, 5], [1, 2, 3, 4]);
    expect(fit).toMatchObject({ slope: 0, ciLow: -Infinity, ciHigh: Infinity, intercept: 2.5 });
    expect(fit.mk.s).toBe(0);
    expectNoNaN(fit);
    const o = ols([5, 5, 5, 5], [1, 2, 3, 4]);
    expect(o.slope).toBe(0);
    expect(o.intercept).toBe(2.5);
    expect(o.se).toBe(Infinity);
  });

  it('constant y with few points still gives slope 0 and CI [0, 0]', () => {
    for (const n of [2, 3, 5]) {
      const fit = theilSen(range(n), new Array<number>(n).fill(7));
      expect(fit).toMatchObject({ slope: 0, ciLow: 0, ciHigh: 0, se: 0, intercept: 7 });
      expectNoNaN(fit);
    }
  });

  it('rejects bad input', () => {
    expect(() => theilSen([1, 2], [1])).toThrow(RangeError);
    expect(() => theilSen([1, 2], [1, NaN])).toThrow(RangeError);
    expect(() => theilSen([1, 2], [1, 2], 1)).toThrow(RangeError);
    expect(() => theilSen([1, 2], [1, 2], 0)).toThrow(RangeError);
    expect(() => theilSen([1, 2], [1, 2], NaN)).toThrow(RangeError);
    expect(() => mannKendall([1, Infinity])).toThrow(RangeError);
    expect(() => ols([1], [1, 2])).toThrow(RangeError);
  });

  it('does not mutate its inputs', () => {
    const x = [3, 1, 2, 5, 4];
    const y = [9, 1, 4, 25, 16];
    const xc = x.slice();
    const yc = y.slice();
    theilSen(x, y);
    pairwiseSlopes(x, y);
    mannKendall(y);
    ols(x, y);
    expect(x).toEqual(xc);
    expect(y).toEqual(yc);
  });
});

describe('long series', () => {
  // Speed is measured by `npm run bench`, not asserted here (no timed assertions in tests).
  it('Theil-Sen on n = 600 (179,700 slopes) recovers the slope', () => {
    const x = range(600);
    const norm = gaussian(mulberry32(600));
    const y = x.map((t) => 1e8 + 500 * t + 20_000 * norm());
    const fit = theilSen(x, y);
    expect(fit.slope).toBeGreaterThan(400);
    expect(fit.slope).toBeLessThan(600);
    expect(fit.ciLow).toBeLessThan(500);
    expect(fit.ciHigh).toBeGreaterThan(500);
  });
});
