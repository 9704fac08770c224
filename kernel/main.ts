import { ensureNativeKernels, installCompilerSnapshot, installKernelSpec, removeCompilerSnapshot, type InstallScope } from './cli/install';
import { runNotebooks } from './cli/run-notebooks';

const USAGE = `usage:
  feedbacklab kernel --connection-file FILE    run the Jupyter kernel (Jupyter starts it this way)
  feedbacklab install [--user | --sys-prefix | --prefix DIR] [--quiet] [--no-native] [--no-snapshot]
                                               register the "TypeScript (feedbacklab)" kernelspec (default --user);
                                               builds the native OpenBLAS kernels first if they are not built
  feedbacklab run-notebooks [DIR] [--out DIR] [--only NAME]
                                               execute notebooks headless (default notebooks/ → reports/)
  feedbacklab worker --redis URL [--concurrency N] [--queue NAME] [--lock-ms MS] [--stalled-ms MS]
                                               run sweep trials from a BullMQ queue (engine: { kind: 'bullmq' })
  feedbacklab report FILE --out DIR [--columns iteration=step,task=exp] [--first-task 0] [--window-unit iterations]
                                               continual metrics and stability-gap charts from a CSV / JSON-lines file of evaluations`;

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const value = args[i + 1];
  if (value === undefined || value.startsWith('--')) throw new Error(`${name} needs a value\n${USAGE}`);
  return value;
}

/** The `feedbacklab` command line. */
export async function main(args: string[]): Promise<number> {
  const [command, ...rest] = args;
  if (command === 'kernel') {
    const file = option(rest, '--connection-file') ?? rest.find((a) => !a.startsWith('--'));
    if (!file) throw new Error(`feedbacklab kernel: missing --connection-file\n${USAGE}`);
    const { startKernel } = await import('./kernel.js');
    await startKernel(file);
    return -1; // keep running
  }
  if (command === 'install') {
    const prefix = option(rest, '--prefix');
    const scope: InstallScope = prefix ? { kind: 'prefix', dir: prefix } : rest.includes('--sys-prefix') ? { kind: 'sys-prefix' } : { kind: 'user' };
    const dir = installKernelSpec(scope);
    const say = rest.includes('--quiet') ? () => undefined : (line: string) => console.log(line);
    if (!rest.includes('--no-native')) ensureNativeKernels(say);
    if (rest.includes('--no-snapshot') || process.platform === 'win32') removeCompilerSnapshot(dir);
    else {
      const snapshot = installCompilerSnapshot(dir);
      if (snapshot.failed) console.error(snapshot.message);
      else say(snapshot.message);
    }
    say(`installed kernelspec "feedbacklab" (TypeScript (feedbacklab)) in ${dir}`);
    return 0;
  }
  if (command === 'run-notebooks') {
    const dir = rest.find((a, i) => !a.startsWith('--') && !['--out', '--only'].includes(rest[i - 1] ?? '')) ?? 'notebooks';
    const only = rest.flatMap((a, i) => (rest[i - 1] === '--only' ? [a] : []));
    return runNotebooks(dir, option(rest, '--out') ?? 'reports', only);
  }
  if (command === 'worker') {
    const { runWorker } = await import('./cli/worker.js');
    return runWorker(rest);
  }
  if (command === 'report') {
    const file = rest.find((a, i) => !a.startsWith('--') && !['--out', '--columns', '--first-task', '--window-unit'].includes(rest[i - 1] ?? ''));
    const out = option(rest, '--out');
    if (!file || !out) throw new Error(`feedbacklab report: expected a file and --out DIR\n${USAGE}`);
    const { parseColumns, reportCommand } = await import('./cli/report.js');
    const columns = option(rest, '--columns');
    const windowUnit = option(rest, '--window-unit') as 'evaluations' | 'iterations' | undefined;
    return reportCommand(file, { out, columns: columns ? parseColumns(columns) : undefined, firstTask: option(rest, '--first-task') === '0' ? 0 : undefined, windowUnit });
  }
  console.log(USAGE);
  return command === undefined || command === '--help' || command === 'help' ? 0 : 2;
}
