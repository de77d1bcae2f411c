/** Deterministic synthetic series for the analysis tests. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function gaussian(rand: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

/** t = 0, interval, ... up to duration; v = base + f(t) + noise. */
export function series(opts: {
  duration: number;
  interval?: number;
  base?: number;
  f?: (t: number) => number;
  noise?: number;
  seed?: number;
  spikes?: number[];
}) {
  const { duration, interval = 1, base = 10e6, f = () => 0, noise = 0, seed = 1, spikes = [] } = opts;
  const g = gaussian(mulberry32(seed));
  const t: number[] = [];
  const v: number[] = [];
  for (let i = 0; i * interval <= duration + 1e-9; i++) {
    const x = i * interval;
    t.push(x);
    v.push(base + f(x) + noise * g() + (spikes.includes(i) ? 5e6 : 0));
  }
  return { t, v };
}
