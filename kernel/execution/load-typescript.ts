// Loads the TypeScript compiler with a V8 code cache: compiling its 9 MB of JavaScript is about
// half of what `require("typescript")` costs at every kernel start. The cache is written after
// the kernel's warm-up, so it also holds the parser's and checker's functions compiled then.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import vm from 'node:vm';
import type * as TS from 'typescript';
import { compilerSnapshot, type CompilerSnapshot } from './compiler-snapshot';
import { patchTypeScript, TYPESCRIPT_PATCHES } from './typescript-patches';

type Ts = typeof TS;

let loaded: { ts: Ts; script?: vm.Script; cacheFile: string; cacheUsed: boolean; patchesMissed: string[] } | undefined;

/** Where compile caches live: $XDG_CACHE_HOME/feedbacklab, else ~/.cache/feedbacklab. */
export function cacheDir(): string {
  return join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'feedbacklab');
}

/**
 * The TypeScript module: the compiler snapshot's when the process started from one, else compiled
 * from the code cache when one matches (V8 checks the source and flags); either way with its
 * garbage-collection patches (see typescript-patches).
 */
export function loadTypeScript(): Ts {
  if (loaded) return loaded.ts;
  const file = require.resolve('typescript');
  const hit = require.cache[file];
  if (hit?.loaded) return hit.exports as Ts;
  const { version } = require('typescript/package.json') as { version: string };
  const snapshot = compilerSnapshot();
  if (snapshot && snapshot.tsFile === file && snapshot.tsVersion === version) {
    loaded = { ts: register(file, snapshot.ts), cacheFile: '', cacheUsed: true, patchesMissed: patchesMissedBy(snapshot) };
    return loaded.ts;
  }
  // V8 rejects a cache made under other engine flags: one file per set of flags (the kernel's
  // kernelspec flags, tests' none), or each would overwrite the other's.
  const flags = createHash('sha256').update(process.execArgv.join(' ')).digest('hex').slice(0, 8);
  const { source, missed } = patchTypeScript(readFileSync(file, 'utf8'));
  // Patched or not, a different source: a cache file of its own.
  const patches = createHash('sha256').update(TYPESCRIPT_PATCHES.filter((p) => !missed.includes(p)).join()).digest('hex').slice(0, 6);
  const cacheFile = join(cacheDir(), `typescript-${version}-${patches}-node-${process.version}-${flags}.v8cache`);
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    // No cache yet: the kernel writes one after its warm-up.
  }
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
  const mod = new Module(file, module);
  mod.filename = file;
  mod.paths = (Module as unknown as { _nodeModulePaths(d: string): string[] })._nodeModulePaths(dirname(file));
  (script.runInThisContext() as (...a: unknown[]) => void).call(mod.exports, mod.exports, (id: string) => mod.require(id), mod, file, dirname(file));
  loaded = { ts: register(file, mod.exports as Ts, mod), script, cacheFile, cacheUsed: cachedData !== undefined && !script.cachedDataRejected, patchesMissed: missed };
  return loaded.ts;
}

/**
 * The patches (typescript-patches) the TypeScript `loadTypeScript` loaded lacks: all of them when
 * it came from elsewhere (a `require("typescript")` before it) or from an older snapshot.
 */
export function typeScriptPatchesMissed(): string[] {
  return loaded?.patchesMissed ?? TYPESCRIPT_PATCHES;
}

/** The patches a compiler snapshot's TypeScript lacks (an older snapshot, those added since). */
function patchesMissedBy(snapshot: CompilerSnapshot): string[] {
  // Snapshots of the first two patches listed which of the two they missed.
  const older = snapshot.typescriptPatchesMissed && TYPESCRIPT_PATCHES.slice(0, 2).filter((p) => !snapshot.typescriptPatchesMissed!.includes(p));
  const applied = snapshot.typescriptPatchesApplied ?? older ?? [];
  return TYPESCRIPT_PATCHES.filter((p) => !applied.includes(p));
}

/** Makes other `require("typescript")` calls get this same instance. */
function register(file: string, ts: Ts, mod: Module = new Module(file, module)): Ts {
  mod.filename = file;
  mod.exports = ts;
  mod.loaded = true;
  require.cache[file] = mod;
  return ts;
}

/**
 * Writes the code cache if the one used was missing or stale. Call once the compiler is warm.
 * @returns why it was not written, if it could not be.
 */
export function saveTypeScriptCache(): string | undefined {
  if (!loaded?.script || loaded.cacheUsed) return undefined;
  try {
    mkdirSync(dirname(loaded.cacheFile), { recursive: true });
    const tmp = `${loaded.cacheFile}.${process.pid}.tmp`;
    writeFileSync(tmp, loaded.script.createCachedData());
    renameSync(tmp, loaded.cacheFile); // atomic: kernels starting at the same time read a whole file
    loaded.cacheUsed = true;
    return undefined;
  } catch (e) {
    loaded.cacheUsed = true; // do not retry on every start of this process
    return `TypeScript code cache not written to ${loaded.cacheFile}: ${(e as Error).message}`;
  }
}
