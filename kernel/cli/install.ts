import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { packageRoot } from '../../lib/util/package-root';
import { findPython, JUPYTER_MISSING } from './python';

/** Where `feedbacklab install` puts the kernelspec. */
export type InstallScope = { kind: 'user' } | { kind: 'sys-prefix' } | { kind: 'prefix'; dir: string };

/** The kernelspec folder for a scope (Jupyter's data-dir rules). */
export function kernelsDir(scope: InstallScope): string {
  if (scope.kind === 'prefix') return join(resolve(scope.dir), 'share', 'jupyter', 'kernels');
  if (scope.kind === 'user') {
    const data = process.env.JUPYTER_DATA_DIR ?? join(process.env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'jupyter');
    return join(data, 'kernels');
  }
  const python = findPython(['jupyter_client']);
  if (!python) throw new Error(`feedbacklab install --sys-prefix: ${JUPYTER_MISSING}`);
  const prefix = spawnSync(python, ['-c', 'import sys; print(sys.prefix)'], { encoding: 'utf8' }).stdout.trim();
  return join(prefix, 'share', 'jupyter', 'kernels');
}

/**
 * V8 settings for the kernel process. Each cell's compile leaves garbage behind; with V8's
 * defaults the heap grows to twice what is live before a full collection, and the young
 * generation alone may hold 48 MiB. The first two keep the kernel near 190 MiB after 100 cells
 * (from 226-240) for about half a millisecond more per cell. Without allocation-site
 * pretenuring: V8 learns to allocate the objects of TypeScript's program and checker, which
 * survive a few cells, in the old generation, where each pins what it points to through every
 * young collection until the next full one; off, a cell checked in a new program promotes half
 * as much and full collections come half as often (bench/kernel_bench.py).
 */
export const KERNEL_NODE_FLAGS = ['--heap-growing-percent=30', '--max-semi-space-size=8', '--no-allocation-site-pretenuring'];

/** The compiler snapshot's file in the kernelspec folder. */
export const COMPILER_BLOB = 'compiler.blob';

/**
 * Threads in V8's pool (parallel scavenges, concurrent marking and compiling): one fewer than the
 * machine's cores, at most the 4 Node.js starts anywhere. With more helpers than the cores left
 * beside the main thread, a parallel scavenge waits for one the OS has descheduled: on 2 cores,
 * 1 cell in 70 took one or two of the scheduler's 4 ms slices longer (bench/kernel_bench.py).
 */
export function v8PoolSize(cores = availableParallelism()): number {
  return Math.max(1, Math.min(4, cores - 1));
}

/** The kernel process's flags: V8's (as the snapshot was built under) and Node.js's pool size. */
function kernelFlags(): string[] {
  return [`--v8-pool-size=${v8PoolSize()}`, ...KERNEL_NODE_FLAGS];
}

// Starts the kernel from the compiler snapshot while its stamp still names this Node.js binary
// and this blob (Node.js refuses, or crashes on, a snapshot of another build or a damaged one)
// and NODE_OPTIONS is empty (a V8 flag there, such as --max-old-space-size, makes Node.js refuse
// it too), else without it. `exec`: Jupyter's signals and kills reach the kernel itself.
function launcher(flags: string): string {
  return [
    'n="$1" b="$2" k="$3" c="$4"',
    `if [ -z "$NODE_OPTIONS" ] && [ -r "$b" ] && [ "$(stat -Lc %s:%Y:%i "$n" "$b" 2>/dev/null)" = "$(cat "$b.stamp" 2>/dev/null)" ]; then exec "$n" --snapshot-blob "$b" ${flags} "$k" kernel --connection-file "$c"; fi`,
    `exec "$n" ${flags} "$k" kernel --connection-file "$c"`,
  ].join('\n');
}

/**
 * Builds the compiler snapshot into a kernelspec folder (see compiler-snapshot; a few seconds).
 * @returns what to tell the user, and whether it is a failure (said even with --quiet).
 */
export function installCompilerSnapshot(dir: string): { failed: boolean; message: string } {
  // Loaded only here: the rest of `install` does not need the compiler.
  const { compilerSnapshotRecipe } = require('../execution/typescript-host') as typeof import('../execution/typescript-host');
  const { buildCompilerSnapshot } = require('../execution/compiler-snapshot') as typeof import('../execution/compiler-snapshot');
  const t0 = Date.now();
  const built = buildCompilerSnapshot(compilerSnapshotRecipe(), join(dir, COMPILER_BLOB), KERNEL_NODE_FLAGS);
  if ('error' in built) return { failed: true, message: `feedbacklab: ${built.error}; the kernel starts without it (its first cell then waits about a second for the compiler)` };
  return { failed: false, message: `compiler snapshot: ${built.files} typings files parsed and bound, in ${((Date.now() - t0) / 1000).toFixed(1)} s` };
}

/** Removes a compiler snapshot left by an earlier install (`--no-snapshot`): the launcher would use it. */
export function removeCompilerSnapshot(dir: string): void {
  for (const f of [COMPILER_BLOB, `${COMPILER_BLOB}.stamp`]) rmSync(join(dir, f), { force: true });
}

/** The kernelspec's logos (Jupyter's names; the launcher and the About dialog show them). */
const LOGO_DIR = join(packageRoot(), 'kernel', 'kernelspec');
export const LOGO_FILES = ['logo-32x32.png', 'logo-64x64.png'];

/**
 * Writes the kernelspec "feedbacklab" (display name "TypeScript (feedbacklab)") with its logos.
 * @returns the folder written.
 */
export function installKernelSpec(scope: InstallScope): string {
  const dir = join(kernelsDir(scope), 'feedbacklab');
  mkdirSync(dir, { recursive: true });
  const bin = join(packageRoot(), 'kernel', 'bin', 'feedbacklab.js');
  const spec = {
    // No POSIX shell on Windows: a plain start there (no compiler snapshot).
    argv: process.platform === 'win32' ? [process.execPath, ...kernelFlags(), bin, 'kernel', '--connection-file', '{connection_file}'] : ['/bin/sh', '-c', launcher(kernelFlags().join(' ')), 'feedbacklab-kernel', process.execPath, join(dir, COMPILER_BLOB), bin, '{connection_file}'],
    display_name: 'TypeScript (feedbacklab)',
    language: 'typescript',
    interrupt_mode: 'message',
    // glibc gives each thread that allocates its own malloc arena; V8's helper threads then
    // keep 15-30 MiB of freed memory resident. Two arenas are plenty for a kernel.
    env: { MALLOC_ARENA_MAX: '2' },
    metadata: { debugger: false },
  };
  writeFileSync(join(dir, 'kernel.json'), JSON.stringify(spec, null, 2) + '\n');
  for (const logo of LOGO_FILES) copyFileSync(join(LOGO_DIR, logo), join(dir, logo));
  return dir;
}

const PACKAGE_DIR = packageRoot();
const BUILD_ADDON = join(PACKAGE_DIR, 'lib', 'backend', 'native', 'build-addon.js');
const NATIVE_ADDONS = [
  { dir: join(PACKAGE_DIR, 'lib', 'backend', 'native'), file: 'feedbacklab_blas.node', what: 'the native OpenBLAS kernels', seconds: 20 },
  { dir: join(PACKAGE_DIR, 'kernel', 'native'), file: 'feedbacklab_kernel.node', what: "the kernel's native guards", seconds: 5 },
];

/**
 * Builds the native addons (the OpenBLAS kernels, the kernel's heap guard and cell interrupt) that are not built
 * yet: an `npm install -g` runs no install script of the package (npm 11's script policy), so
 * `feedbacklab install` does it once. The build script never fails; it says what is missing.
 * @returns whether every addon is there afterwards.
 */
export function ensureNativeKernels(log: (line: string) => void): boolean {
  let all = true;
  for (const addon of NATIVE_ADDONS) {
    const built = join(addon.dir, 'build', 'Release', addon.file);
    if (existsSync(built)) continue;
    log(`feedbacklab: building ${addon.what} once (about ${addon.seconds} s)…`);
    const r = spawnSync(process.execPath, [BUILD_ADDON, addon.dir], { encoding: 'utf8' });
    for (const line of `${r.stdout ?? ''}${r.stderr ?? ''}`.split('\n')) if (line.trim()) log(line);
    all &&= existsSync(built);
  }
  return all;
}
