/** Runs that cannot measure end with exit 2, one clear line, the evidence kept, and no process left. */

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorLine, keptFiles, processesLeft, processesMatching, runCli, serviceArgs } from '../helpers/gate.js';

describe('could not measure', () => {
  it('a service that exits mid-run: exit 2, its status, time and last log lines; samples kept', async () => {
    const { args } = await serviceArgs('exitmid', { rate: 50, duration: '30s', flags: '-exit-after 8s' });
    const r = await runCli(args);
    expect(r.leftovers).toEqual([]);
    expect(r.code).toBe(2);
    const lines = errorLine(r.stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /service exited with status 3 after \d+\.\ds; last lines of service\.log: .*simulated fatal error/,
    );
    expect(r.report!.verdict).toBe('error');
    expect(r.report!.error).toMatch(/exited with status 3/);
    expect(r.report!.run.samples).toBeGreaterThanOrEqual(5);
    expect(keptFiles(r.out)).toEqual(
      expect.arrayContaining(['samples.json', 'service.log', 'report.md', 'profiles/heap-0000.pb.gz']),
    );
    expect(readFileSync(join(r.out, 'report.md'), 'utf8')).toMatch(
      /^### ⚠️ go-mem-gate: could not measure: service exited with status 3/,
    );
  });

  it('no pprof where we look: says to import net/http/pprof', async () => {
    const { args, port } = await serviceArgs('steady', { duration: '20s' });
    const i = args.indexOf('--pprof-url');
    args[i + 1] = `http://127.0.0.1:${port}/not-pprof`;
    const r = await runCli(args);
    expect(r.leftovers).toEqual([]);
    expect(r.code).toBe(2);
    expect(errorLine(r.stderr)[0]).toBe(
      `go-mem-gate: error: no pprof at http://127.0.0.1:${port}/not-pprof/ (404): import _ "net/http/pprof" and serve it, or point --pprof-url at the port that does`,
    );
    expect(existsSync(join(r.out, 'service.log'))).toBe(true);
  });

  it('a service that never becomes ready: timeout, and it is stopped', async () => {
    const { port } = await serviceArgs('steady');
    const r = await runCli([
      'run',
      '--start',
      'sleep 30.5',
      '--pprof-url',
      `http://127.0.0.1:${port}`,
      '--ready-timeout',
      '2s',
      '--duration',
      '20s',
    ]);
    expect(r.leftovers).toEqual([]);
    expect(r.code).toBe(2);
    expect(errorLine(r.stderr)[0]).toBe(
      `go-mem-gate: error: service did not answer 2xx at http://127.0.0.1:${port}/debug/pprof/ within 2s (last: connection refused); check --start and --ready-url, or raise --ready-timeout`,
    );
    expect(processesMatching('sleep 30.5')).toEqual([]);
  });

  it('a service that exits before it is ready', async () => {
    const { port } = await serviceArgs('steady');
    const r = await runCli([
      'run',
      '--start',
      'echo "listen tcp: address already in use" >&2; exit 1',
      '--pprof-url',
      `http://127.0.0.1:${port}`,
      '--duration',
      '20s',
    ]);
    expect(r.leftovers).toEqual([]);
    expect(r.code).toBe(2);
    expect(errorLine(r.stderr)[0]).toMatch(
      /service exited with status 1 after \d+\.\ds, before it was ready; last lines of service\.log: listen tcp: address already in use$/,
    );
  });

  it('a load command that fails: its status and output', async () => {
    const { args } = await serviceArgs('steady', { duration: '20s' });
    const r = await runCli([...args, '--load', 'echo "load: cannot connect" >&2; sleep 1; exit 4']);
    expect(r.leftovers).toEqual([]);
    expect(r.code).toBe(2);
    expect(errorLine(r.stderr)[0]).toMatch(
      /load command exited with status 4 after \d+\.\ds; last lines of load\.log: load: cannot connect$/,
    );
  });

  it('SIGTERM to the gate stops the service and the load (and its children), writes partial results, exits 2', async () => {
    const { args } = await serviceArgs('steady', { duration: '60s' });
    let pid = 0;
    // Sleepers unique to this run, so that no other run's processes can be taken for them.
    const tag = Math.floor(Math.random() * 1e6);
    const [a, b] = [`sleep 300.${tag}`, `sleep 301.${tag}`];
    const running = runCli([...args, '--load', `${a} & ${b} & wait`], { onSpawn: (p) => (pid = p) });
    await new Promise((r) => setTimeout(r, 6000));
    process.kill(pid, 'SIGTERM');
    const r = await running;
    expect(r.leftovers).toEqual([]);
    expect(r.code).toBe(2);
    expect(errorLine(r.stderr)[0]).toMatch(/interrupted by SIGTERM/);
    expect(r.report!.verdict).toBe('error');
    expect(r.report!.run.samples).toBeGreaterThanOrEqual(3);
    expect([...(await processesLeft(a)), ...(await processesLeft(b))]).toEqual([]);
  });

  it('a port already taken by another process: refused before starting the service', async () => {
    const { createServer } = await import('node:http');
    const squatter = createServer((_, res) => res.end('not your service'));
    await new Promise<void>((r) => squatter.listen(0, '127.0.0.1', () => r()));
    const port = (squatter.address() as { port: number }).port;
    try {
      const r = await runCli([
        'run',
        '--start',
        `sleep 30.7 # 127.0.0.1:${port}`,
        '--pprof-url',
        `http://127.0.0.1:${port}`,
        '--duration',
        '20s',
      ]);
      expect(r.leftovers).toEqual([]);
      expect(r.code).toBe(2);
      expect(errorLine(r.stderr)[0]).toBe(
        `go-mem-gate: error: something already listens on 127.0.0.1:${port} before the service started: stop it, or run the service on a free port and set --pprof-url`,
      );
      expect(processesMatching('sleep 30.7')).toEqual([]);
    } finally {
      squatter.close();
    }
  });
});
