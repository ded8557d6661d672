/**
 * The command-line edge: parses argv, runs a command, maps typed errors to exit codes
 * (0 ok, 1 a check or budget failed, 2 bad input or unreachable source, 70 a bug: an internal error).
 * No stack trace for a user mistake; LOKIPLAN_DEBUG=1 shows one.
 *
 * `run(argv, io)` is the whole CLI without the process: tests and the fuzzer call it in-process.
 * The process entry (src/main.ts) only wires it to process.argv, stdout, stderr and exitCode.
 */
import { Argument, Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { InputErrors, LokiplanError, ModelLimitError } from './errors.js';
import { runActuals } from './commands/actuals.js';
import { runCheck } from './commands/check.js';
import { runHelmValues } from './commands/helm-values.js';
import { runTerraform } from './commands/terraform.js';
import { DEFAULT_CHART_VERSION } from './model/helm-charts.js';
import { DEFAULT_HELM_OPTIONS } from './model/helm.js';
import { runPlan } from './commands/plan.js';
import { outPathOption } from './commands/io.js';
import { terminalOptions } from './commands/terminal.js';
import { finishHelp } from './commands/help.js';
import { CHECK_FORMATS, FORMATS, RENDERER } from './report/registry.js';
import { runPricesRefresh, runPricesShow } from './commands/prices.js';
import { registerWhatIf } from './commands/whatif.js';
import { isMonth, nextMonth } from './report/period.js';

import type { RunContext } from './commands/context.js';
import { CLEAR_LINE, terminalSafe } from './text/neutral.js';

const VERSION = '0.1.0';

/** Options shared by every command that talks to AWS. */
const awsOptions = (c: Command, o: { spot: boolean } = { spot: true }) => {
  c.option('--refresh', 'ignore cached AWS responses (fresh ones are still cached)')
    .option('--cache-ttl <hours>', 'reuse cached AWS responses younger than this (cache in $XDG_CACHE_HOME/lokiplan)', '24')
    .option('--no-cache', 'neither read nor write the response cache');
  // spot history is a price: Cost Explorer (actuals) has no use for its window
  if (o.spot) c.option('--spot-days <n>', 'spot price history window in days', '7');
  return c;
};

/**
 * Options of the commands that deploy a plan (helm-values, terraform): the plan's inputs, the
 * command's own output options (`between`), then the bucket names both take.
 */
const deployOptions = (c: Command, between: () => void) => {
  c.option('-p, --prices <source>', "'snapshot' (embedded list prices) or a price-book JSON file", 'snapshot').option('--profile <file>', 'sizing profile (YAML/JSON) instead of the embedded grafana-loki profile');
  between();
  return c.option('--chunks-bucket <name>', 'S3 bucket for chunks', DEFAULT_HELM_OPTIONS.chunksBucket).option('--ruler-bucket <name>', 'S3 bucket for ruler data', DEFAULT_HELM_OPTIONS.rulerBucket);
};

export type { RunContext };

/**
 * What `run` needs: streams and environment, and optionally the clock, working directory and
 * terminal/interrupt hooks (src/main.ts gives all of them; tests and the fuzzer the first three).
 */
export type CliIo = Pick<RunContext, 'stdout' | 'stderr' | 'env'> & Partial<RunContext>;

/** The full context from what the caller gave: a fixed default for each piece it left out. */
export function runContext(io: CliIo): RunContext {
  // every byte for stdout and stderr passes here: no string from a scenario, path, price book or
  // remote error can drive the terminal; the only control sequence kept is lokiplan's own progress clear
  const tty = io.stderrTTY ?? false;
  return {
    stdout: (s) => io.stdout(terminalSafe(s, io.stdoutTTY ?? false)),
    stderr: (s) => io.stderr(tty && s.startsWith(CLEAR_LINE) ? CLEAR_LINE + terminalSafe(s.slice(CLEAR_LINE.length)) : terminalSafe(s)),
    env: io.env,
    now: io.now ?? (() => new Date()),
    cwd: io.cwd ?? process.cwd(),
    stderrTTY: tty,
    stdoutTTY: io.stdoutTTY ?? false,
    columns: io.columns,
    ...(io.readStdin ? { readStdin: io.readStdin } : {}),
    stdinTTY: io.stdinTTY ?? false,
    ...(io.ask ? { ask: io.ask } : {}),
    onInterrupt: io.onInterrupt ?? (() => () => {}),
    pid: io.pid ?? process.pid,
    isRunning: io.isRunning ?? processRunning,
  };
}

/** Is a process with this id alive (signal 0 probes without sending)? EPERM means it is, owned by another user. */
function processRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Every command, its options and its action (which reports its exit code through `setCode`). */
export function buildProgram(io: RunContext, setCode: (code: number) => void): Command {
  const out = io;
  const program = new Command()
    .name('lokiplan')
    .description('Cost and capacity planner for Grafana Loki on AWS')
    .version(VERSION)
    .exitOverride()
    .configureOutput({
      writeOut: io.stdout,
      writeErr: io.stderr,
      // usage errors are one line too, like every other error
      outputError: (s, write) => write(`lokiplan: ${oneLine(s.replace(/^error: /, ''))} (run lokiplan --help for usage)\n`),
    });

  program
    .command('init')
    .description('write a commented scenario from a few answers (flags; on a terminal, questions for the rest)')
    .option('--volume <volume>', 'log volume ingested, e.g. "1 TB/day" (default: 100 GB/day)')
    .option('--retention <duration>', 'retention, e.g. "30 days" (default: 30 days)')
    .option('--region <region>', 'AWS region (default: us-east-1)')
    .option('--mode <mode>', 'deployment mode: auto, monolithic, ha-monolithic, simple-scalable or microservices (default: auto)')
    .option('--zones <n>', 'availability zones (default: 3)')
    .option('--name <name>', "the scenario's name (default: the file's name)")
    .option('-o, --out <file>', 'write the scenario to FILE (atomically) instead of stdout', outPathOption)
    .option('--force', 'overwrite --out FILE if it exists')
    .action(async (opts) => {
      const { runInit } = await import('./commands/init.js');
      setCode(await runInit(opts, out));
    });

  program
    .command('plan')
    .description('size and price one or more scenarios against their baseline')
    .argument('<files...>', 'scenario YAML files')
    .addOption(new Option('-f, --format <format>', `output format on stdout: ${FORMATS.map((f) => `${f} (${RENDERER[f].description})`).join(', ')}`).choices(FORMATS).default('table'))
    .option('-p, --prices <source>', "'snapshot' (embedded list prices), 'live' (AWS APIs, cached) or a price-book JSON file", 'snapshot')
    .option('-o, --out <dir>', 'write every format (json, txt, csv, html, md + png) under DIR/<scenario>/', outPathOption)
    .addOption(new Option('--period <YYYY-MM>', 'charge period for csv, html and md').argParser(month).default(nextMonth(io.now()), 'next calendar month'))
    .option('--check', 'exit 1 when a target is not met or a claim does not hold')
    .option('--fallback <source>', "with --prices live: use 'snapshot' if AWS cannot be reached (said in the report)")
    .option('--commitments <file>', 'price book with Savings Plan / RI commitments, enterprise discount or negotiated prices, laid over --prices')
    .option('--actuals <KEY=VALUE>', "show the baseline's actual monthly spend (Cost Explorer, by cost allocation tag) beside its modelled cost")
    .option('--actuals-months <n>', 'complete months averaged for --actuals', '3')
    .option('--observed <file>', 'show what a running Loki does today (lokiplan calibrate --format json) beside the plan: replicas, requests, chunks, compression, flush regime')
    .option('--profile <file>', 'sizing profile (YAML/JSON) instead of the embedded grafana-loki profile')
    .option('--alternatives', 'also price the same workload on CloudWatch Logs, OpenSearch, Grafana Cloud and Datadog (also `alternatives:` in a scenario)')
    .action(async (files: string[], opts) => {
      setCode(await runPlan(files, opts, out));
    });
  terminalOptions(program.commands.at(-1)!);
  awsOptions(program.commands.at(-1)!);

  const prices = program.command('prices').description('live AWS prices: refresh a snapshot, or show what the model will use');
  awsOptions(
    prices
      .command('refresh')
      .description('fetch prices from the AWS Price List API and spot history and write them in the snapshot format')
      .requiredOption('-r, --region <region>', 'AWS region, e.g. us-east-1')
      .option('-o, --out <file>', 'write (or merge the region into) this price-book file, atomically; default stdout', outPathOption)
      .option('--instance-types <list>', 'comma-separated instance types (default: every type the model knows)')
      .option('--scenario <files...>', "fetch the instance types these scenarios allow")
      .action(async (opts) => {
        setCode(await runPricesRefresh(opts, out));
      }),
  );
  awsOptions(
    prices
      .command('show')
      .description('print every price the model will use and where it came from')
      .requiredOption('-r, --region <region>', 'AWS region, e.g. us-east-1')
      .option('-p, --prices <source>', "'snapshot' (embedded list prices, offline), 'live' (AWS APIs, cached) or a price-book JSON file", 'snapshot')
      .option('--instance-types <list>', 'comma-separated instance types (default: every type the model knows)')
      .option('--scenario <files...>', "show the instance types these scenarios allow")
      .addOption(new Option('-f, --format <format>', 'output format').choices(['table', 'json']).default('table'))
      .action(async (opts) => {
        setCode(await runPricesShow(opts, out));
      }),
  );
  terminalOptions(prices.commands.at(-1)!);
  awsOptions(
    program
      .command('actuals')
      .description("actual monthly spend by service from AWS Cost Explorer for a cost allocation tag ($0.01 per request)")
      .requiredOption('--tag <KEY=VALUE>', 'cost allocation tag, e.g. app=loki')
      .option('--months <n>', 'complete calendar months to fetch', '3')
      .addOption(new Option('-f, --format <format>', 'output format').choices(['table', 'json']).default('table'))
      .action(async (opts) => {
        setCode(await runActuals(opts, out));
      }),
    { spot: false },
  );
  terminalOptions(program.commands.at(-1)!);

  registerWhatIf(program, out, setCode);

  program
    .command('calibrate')
    .description("measure a running Loki's workload from its Prometheus metrics and write the scenario it implies (credentials from LOKIPLAN_PROMETHEUS_TOKEN or LOKIPLAN_PROMETHEUS_USER/_PASSWORD)")
    .requiredOption('--prometheus <url>', 'Prometheus-compatible API base URL (Prometheus, Mimir, Thanos), e.g. http://127.0.0.1:9090')
    .option('--window <duration>', 'how far back to measure, 1d to 90d', '7d')
    .option('--end <time>', 'the window ends here (RFC 3339 or unix seconds; default now)')
    .option('--selector <matchers>', 'label matchers for the Loki metrics, e.g. namespace="loki"')
    .option('--tenant <id>', 'one tenant only (the chunk histograms stay all tenants: they have no tenant label)')
    .option('--namespace <ns>', 'Kubernetes namespace of the Loki workloads, for kube-state-metrics (default: workloads named *loki*)')
    .option('--replication-factor <n>', 'when Loki does not expose loki_distributor_replication_factor')
    .option('--retention <duration>', "retention to write, e.g. 30d (default: Loki's retention_hours label)")
    .option('--name <text>', 'the scenario name')
    .option('--region <region>', 'AWS region of the scenario (not measured)', 'us-east-1')
    .option('-o, --out <file>', 'write the calibrated scenario YAML (atomically; nothing is written on an error)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['table', 'json']).default('table'))
    .option('--timeout <seconds>', 'per request', '30')
    .action(async (opts) => {
      const { runCalibrate } = await import('./commands/calibrate.js');
      setCode(await runCalibrate(opts, out));
    });
  terminalOptions(program.commands.at(-1)!);

  program
    .command('check')
    .description('does the described deployment carry its target with failureTolerance replicas lost and with one zone lost? exit 1 if not')
    .argument('<files...>', 'scenario YAML files')
    .addOption(new Option('-f, --format <format>', `output format: ${CHECK_FORMATS.join(', ')}`).choices(CHECK_FORMATS).default('table'))
    .option('-p, --prices <source>', "'snapshot' (embedded list prices) or a price-book JSON file", 'snapshot')
    .option('--profile <file>', 'sizing profile (YAML/JSON) instead of the embedded grafana-loki profile')
    .action((files: string[], opts) => {
      setCode(runCheck(files, opts, out));
    });
  terminalOptions(program.commands.at(-1)!);

  program
    .command('helm-values')
    .description('values for the Loki Helm chart (community chart; --chart-version 6 for grafana/loki 6.x) that deploy the plan')
    .argument('<file>', 'scenario YAML file');
  deployOptions(program.commands.at(-1)!, () => program.commands.at(-1)!.option('-o, --out <file>', 'write the values to FILE (atomically) instead of stdout', outPathOption))
    .option('--schema-from <date>', 'first day (YYYY-MM-DD) of the v13 TSDB schema period', '2024-04-01')
    .option('--chart-version <version>', 'Loki chart to write keys for: a grafana-community/loki version (18 = the one checked) or 6 (grafana/loki 6.55.0, the 6.x keys)', DEFAULT_CHART_VERSION)
    .option('--role-arn <arn>', "IAM role for Loki's service account (IRSA: serviceAccount.annotations eks.amazonaws.com/role-arn), e.g. lokiplan terraform's role_arn output")
    .option('--check', 'exit 1 when the plan does not hold (the values are written either way; stderr says why)')
    .action((file: string, opts) => {
      setCode(runHelmValues(file, opts, out));
    });
  program
    .command('terraform')
    .description('a Terraform module (buckets, lifecycle, encryption, S3 endpoint, audit, IRSA role) that deploys what the plan priced')
    .argument('<file>', 'scenario YAML file');
  deployOptions(program.commands.at(-1)!, () =>
    program.commands
      .at(-1)!
      .requiredOption('-o, --out <dir>', 'write main.tf, variables.tf, outputs.tf and versions.tf into DIR (all or nothing)', outPathOption)
      .option('--check', 'exit 1 when the plan does not meet its target (the module is still written, with a warning)'),
  )
    .option('--audit-bucket <name>', 'S3 bucket for access logs and CloudTrail logs, when the plan prices them', 'loki-audit')
    .option('--namespace <name>', 'Kubernetes namespace of the Loki service account', 'loki')
    .option('--service-account <name>', 'the Loki service account the IAM role trusts', 'loki')
    .option('--role-name <name>', 'IAM role for the Loki service account', 'loki-s3')
    .action((file: string, opts) => {
      setCode(runTerraform(file, opts, out));
    });
  program
    .command('schema')
    .description('print the JSON Schema of scenario files, sizing profiles or price books (for editors: yaml-language-server, VS Code)')
    .addArgument(new Argument('[kind]', 'which file format').choices(['scenario', 'profile', 'prices']).default('scenario'))
    .action(async (kind: 'scenario' | 'profile' | 'prices') => {
      const { schemaText } = await import('./scenario/json-schema.js');
      io.stdout(schemaText(kind));
    });

  finishHelp(program);
  return program;
}

async function main(argv: string[], io: RunContext): Promise<number> {
  let code = 0;
  const program = buildProgram(io, (c) => (code = c));
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    throw e;
  }
  return code;
}

/** One line, and no single word (a path, a value) longer than 200 characters. */
export function oneLine(s: string): string {
  return s
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD') // half an emoji
    .replace(/\s*\n\s*/g, ' ')
    .trim()
    .replace(/\S{201,}/g, (w) => `${w.slice(0, 120)}...${w.slice(-60)}`);
}

/** The error's one stderr line (without the `lokiplan: ` prefix) and its exit code. */
export function describeError(e: unknown): { line: string; code: number } {
  if (e instanceof ModelLimitError) return { line: oneLine(e.message), code: 2 };
  if (e instanceof LokiplanError) return { line: oneLine(e.message), code: 2 };
  // a stack exhausted by input nested past what the parsers recurse through (scenario/depth.ts guards YAML)
  if (e instanceof RangeError && /call stack/i.test(e.message)) return { line: 'input is nested too deeply to process', code: 2 };
  // a system call that failed (ENOENT, EACCES, ENOSPC...): Node's own ERR_* codes are bugs, not input
  const err = e as NodeJS.ErrnoException;
  if (err && typeof err.code === 'string' && /^E[A-Z0-9]+$/.test(err.code) && typeof err.message === 'string') return { line: oneLine(err.message), code: 2 };
  // anything else (a built-in RangeError or TypeError, a thrown non-Error) is a bug in lokiplan, not the input's fault (EX_SOFTWARE)
  return { line: `internal error, please report it (with LOKIPLAN_DEBUG=1 for the stack): ${oneLine((e as Error)?.message ?? String(e))}`, code: 70 };
}

/** Run the CLI with `argv` (arguments after the program name); resolves to the exit code. */
export async function run(argv: string[], given: CliIo): Promise<number> {
  const io = runContext(given);
  try {
    return await main(argv, io);
  } catch (e) {
    if (io.stderrTTY) io.stderr('\r\x1b[K'); // a progress line on a terminal ends before the error
    if (io.env['LOKIPLAN_DEBUG']) io.stderr(`${(e as Error)?.stack ?? String(e)}\n`);
    if (e instanceof InputErrors) {
      // every error of the input at once, each one line naming file and field
      for (const x of e.errors) io.stderr(`lokiplan: ${describeError(x).line}\n`);
      if (e.more) io.stderr(`lokiplan: and ${e.more} more error${e.more === 1 ? '' : 's'} (fix these first)\n`);
      return 2;
    }
    const { line, code } = describeError(e);
    io.stderr(`lokiplan: ${line}\n`);
    return code;
  }
}

function month(v: string): string {
  if (!isMonth(v)) throw new InvalidArgumentError('expected a month as YYYY-MM, e.g. 2026-12');
  return v;
}
