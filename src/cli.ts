#!/usr/bin/env node
/**
 * go-mem-gate CLI: `go-mem-gate run ...`. A thin front end over the engine: parse flags, run, print, exit.
 * Exit status: 0 pass, 1 regression or budget breached, 2 could not measure (also on SIGINT/SIGTERM).
 */
import { buildConfig, parseRunArgs, USAGE } from './config.js';
import { runGate } from './engine.js';
import { GateError, UsageError } from './errors.js';
import { JUDGE_USAGE, judgeDir, parseJudgeArgs } from './judge.js';
import { renderConsole } from './report/console.js';
import { type Report, TOOL_VERSION } from './report/report.js';
import { SUMMARIZE_USAGE, summarize } from './summarize.js';

function fail(message: string): number {
  process.stderr.write(`go-mem-gate: error: ${message}\n`);
  return 2;
}

export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  if (cmd === '--version' || cmd === 'version') {
    process.stdout.write(`go-mem-gate ${TOOL_VERSION}\n`);
    return 0;
  }
  if (cmd === undefined || cmd === '--help' || cmd === '-h' || cmd === 'help') {
    process.stdout.write(`${USAGE}\n${JUDGE_USAGE}\n`);
    return cmd === undefined ? 2 : 0;
  }
  if (cmd === 'judge') return judgeMain(rest);
  if (cmd === 'summarize') {
    if (rest.includes('--help') || rest.includes('-h')) {
      process.stdout.write(`${SUMMARIZE_USAGE}\n`);
      return 0;
    }
    try {
      const { body, exitCode } = summarize(rest);
      process.stdout.write(body);
      return exitCode;
    } catch (err) {
      if (err instanceof UsageError) return fail(err.message);
      return fail(`internal error: ${(err as Error).message ?? String(err)} (please report it)`);
    }
  }
  if (cmd !== 'run') {
    const commands = '"run" (go-mem-gate run --start CMD ...), "judge" (go-mem-gate judge DIR) and "summarize"';
    return fail(`unknown command "${cmd}"; the commands are ${commands}`);
  }

  return guarded(
    (sig) => {
      process.stderr.write(`go-mem-gate: ${sig}: stopping the service and the load, writing partial results\n`);
      return `interrupted by ${sig}: the run was cancelled before it finished`;
    },
    async (signal) => {
      const raw = parseRunArgs(rest);
      if (raw.help) {
        process.stdout.write(`${USAGE}\n`);
        return 0;
      }
      const cfg = buildConfig(raw, argv);
      const log = (line: string) => process.stdout.write(`${line}\n`);
      return report(await runGate(cfg, { signal, log }));
    },
  );
}

/** Print a finished run's console summary (and its error line), and give its exit status. */
function report(result: { report: Report; outDir: string; exitCode: number }): number {
  process.stdout.write(renderConsole(result.report, result.outDir));
  if (result.report.verdict === 'error') process.stderr.write(`go-mem-gate: error: ${result.report.error}\n`);
  return result.exitCode;
}

/**
 * Run `body` with SIGINT, SIGTERM and SIGHUP aborting its signal (`stop` says why; SIGHUP too: a closed terminal
 * must not leave the service, in its own session, holding the port), and every error as one line: a usage or
 * gate error as itself (exit 2), anything else as an internal error.
 */
async function guarded(
  stop: (sig: NodeJS.Signals) => string,
  body: (signal: AbortSignal) => Promise<number>,
): Promise<number> {
  const controller = new AbortController();
  const onSignal = (sig: NodeJS.Signals) => controller.abort(stop(sig));
  const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const sig of SIGNALS) process.on(sig, onSignal);
  try {
    return await body(controller.signal);
  } catch (err) {
    if (err instanceof UsageError || err instanceof GateError) return fail(err.message);
    const e = err as Error;
    if (process.env.GO_MEM_GATE_DEBUG) process.stderr.write(`${e.stack}\n`);
    const why = e.message ?? String(err);
    return fail(`internal error: ${why} (set GO_MEM_GATE_DEBUG=1 for the stack, and please report it)`);
  } finally {
    for (const sig of SIGNALS) process.off(sig, onSignal);
  }
}

/**
 * `go-mem-gate judge DIR ...`: no service, but a signal stops the decoding in flight (one line, exit 2, as `run`);
 * the same exit statuses as `run`.
 */
async function judgeMain(argv: string[]): Promise<number> {
  return guarded(
    (sig) => `interrupted by ${sig}: judge stopped before it finished`,
    async (signal) => {
      const args = parseJudgeArgs(argv);
      if (args.help) {
        process.stdout.write(`${JUDGE_USAGE}\n`);
        return 0;
      }
      return report(await judgeDir(args, { signal }));
    },
  );
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
