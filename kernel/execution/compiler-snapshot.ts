// The compiler as a V8 startup snapshot: the kernel process starts with TypeScript loaded and the
// default typings (standard library, @types/node, feedbacklab's API and the packages it exposes,
// about 4.7 MB) parsed and bound, so its first cell is checked at once instead of after a second
// of parsing. `feedbacklab install` builds the snapshot next to the kernelspec; the kernelspec's
// launcher uses it only while it matches the Node.js binary, and a kernel started without one
// parses as before. Files changed since the build are parsed again (checked by size and mtime).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type * as TS from 'typescript';
import { patchTypeScript, TYPESCRIPT_PATCHES } from './typescript-patches';

type Ts = typeof TS;

/** The global the snapshot leaves its state in. */
const GLOBAL = '__feedbacklabCompilerSnapshot';

/** A declaration file parsed and bound when the snapshot was built. */
export interface SnapshotFile {
  file: TS.SourceFile;
  /** Size and modification time when it was parsed: a file that differs now is parsed again. */
  size: number;
  mtimeMs: number;
}

/** What a kernel started from the snapshot finds. */
export interface CompilerSnapshot {
  ts: Ts;
  /** The typescript.js it was loaded from, and its version. */
  tsFile: string;
  tsVersion: string;
  /** The compiler options the files were parsed and bound under (see `parseKey`). */
  parseKey: string;
  files: Map<string, SnapshotFile>;
  /** The patches (typescript-patches) its typescript.js was loaded with; absent in older snapshots. */
  typescriptPatchesApplied?: string[];
  /** What snapshots of the first two patches recorded instead: those of the two they missed. */
  typescriptPatchesMissed?: string[];
}

/**
 * The options that change how a declaration file is parsed or bound; a snapshot made under other
 * values is not used (a notebook's tsconfig.json may set some of them).
 */
export function parseKey(options: TS.CompilerOptions): string {
  const { target, module, moduleDetection, preserveConstEnums, isolatedModules, verbatimModuleSyntax } = options;
  return JSON.stringify([target, module, moduleDetection, preserveConstEnums, isolatedModules, verbatimModuleSyntax]);
}

/** The snapshot this process started from, if it did. */
export function compilerSnapshot(): CompilerSnapshot | undefined {
  return (globalThis as Record<string, unknown>)[GLOBAL] as CompilerSnapshot | undefined;
}

/** What the snapshot builder needs to know. */
export interface SnapshotRecipe {
  /** Absolute path of typescript.js. */
  tsFile: string;
  /** Options as the kernel uses them (JSON-safe: enums are numbers). */
  options: TS.CompilerOptions;
  /** Root declaration files besides `lib` and `types` (feedbacklab's typings). */
  roots: string[];
  /** The folder module names resolve from. */
  cwd: string;
}

// The builder runs in `node --build-snapshot`, where only built-in modules can be required:
// typescript.js is pasted into it as the body of a CommonJS wrapper. TypeScript's optional
// requires (perf_hooks, inspector, source-map-support) are refused so that none of them is
// captured half-initialised in the snapshot.
function builderSource(recipe: SnapshotRecipe, key: string): string {
  const { source: tsSource, missed } = patchTypeScript(readFileSync(recipe.tsFile, 'utf8'));
  return `'use strict';
const fs = require('fs');
const path = require('path');
const recipe = ${JSON.stringify(recipe)};
const allowed = new Set(['fs', 'path', 'os', 'crypto', 'buffer', 'util', 'events']);
const tsRequire = (id) => {
  if (!allowed.has(id)) throw new Error('not in the compiler snapshot: ' + id);
  return require(id);
};
const tsModule = { exports: {} };
(function (exports, require, module, __filename, __dirname) {
${tsSource}
})(tsModule.exports, tsRequire, tsModule, recipe.tsFile, path.dirname(recipe.tsFile));
const ts = tsModule.exports;
const options = recipe.options;
const host = ts.createCompilerHost(options);
host.getCurrentDirectory = () => recipe.cwd;
// An empty cell as the root: without a root file a program has no standard library either.
const cell = path.join(recipe.cwd, '__snapshot_cell__.ts');
const read = host.getSourceFile;
host.getSourceFile = (name, ...rest) => (name === cell ? ts.createSourceFile(name, 'export {};', rest[0]) : read(name, ...rest));
const program = ts.createProgram([cell, ...recipe.roots], options, host);
program.getTypeChecker(); // binds every file; the checker itself is dropped
const files = new Map();
for (const file of program.getSourceFiles()) {
  if (file.fileName === cell) continue;
  const st = fs.statSync(file.fileName);
  files.set(file.fileName, { file, size: st.size, mtimeMs: st.mtimeMs });
}
globalThis.${GLOBAL} = { ts, tsFile: recipe.tsFile, tsVersion: ts.version, parseKey: ${JSON.stringify(key)}, files, typescriptPatchesApplied: ${JSON.stringify(TYPESCRIPT_PATCHES.filter((p) => !missed.includes(p)))} };
`;
}

/** The file next to a blob that says which Node.js binary and which blob it was made for. */
export const stampOf = (blob: string) => `${blob}.stamp`;

/** Size, mtime in seconds and inode: what `stat -Lc %s:%Y:%i` prints (the launcher compares). */
export function fileIdentity(path: string): string {
  const st = statSync(path);
  return `${st.size}:${Math.floor(st.mtimeMs / 1000)}:${st.ino}`;
}

/**
 * Builds the snapshot blob with `node --build-snapshot` under the kernel's V8 flags (V8 refuses
 * a snapshot made under other flags), then writes its stamp. Nothing is left behind on failure.
 * @returns the number of files in it, or why it could not be built.
 */
export function buildCompilerSnapshot(recipe: SnapshotRecipe, blob: string, flags: string[]): { files: number } | { error: string } {
  const dir = dirname(blob);
  mkdirSync(dir, { recursive: true });
  const entry = join(dir, `compiler-snapshot-entry.${process.pid}.js`);
  const tmp = `${blob}.${process.pid}.tmp`;
  rmSync(stampOf(blob), { force: true });
  // A V8 flag in NODE_OPTIONS would go into the snapshot's flags and the launcher's start would not match.
  const env = { ...process.env, NODE_OPTIONS: '' };
  try {
    writeFileSync(entry, builderSource(recipe, parseKey(recipe.options)));
    const r = spawnSync(process.execPath, [...flags, '--snapshot-blob', tmp, '--build-snapshot', entry], { encoding: 'utf8', env });
    if (r.status !== 0) {
      const why = (r.stderr || r.stdout || `exit ${r.status ?? r.signal}`).split('\n').filter((l) => l.trim() && !/Warning|out-of-sync|issue tracker|trace-warnings/.test(l)).slice(0, 3).join(' ');
      return { error: `the compiler snapshot could not be built: ${why}` };
    }
    renameSync(tmp, blob);
    writeFileSync(stampOf(blob), `${fileIdentity(process.execPath)}\n${fileIdentity(blob)}\n`);
    const check = spawnSync(process.execPath, [...flags, '--snapshot-blob', blob, '-e', `process.stdout.write(String(globalThis.${GLOBAL}?.files.size ?? 0))`], { encoding: 'utf8', env });
    const files = Number(check.stdout);
    if (check.status !== 0 || !(files > 0)) {
      rmSync(stampOf(blob), { force: true });
      rmSync(blob, { force: true });
      return { error: `the compiler snapshot was built but does not start (${check.stderr.trim().split('\n')[0] || `exit ${check.status ?? check.signal}, ${files} files`})` };
    }
    return { files };
  } finally {
    rmSync(entry, { force: true });
    rmSync(tmp, { force: true });
  }
}

/**
 * The snapshot's files that still match what is on disk, for a program under `options`.
 * @returns the files to use, and how many were left out because they changed.
 */
export function usableSnapshotFiles(snapshot: CompilerSnapshot, options: TS.CompilerOptions): { files: Map<string, TS.SourceFile>; stale: number } {
  const files = new Map<string, TS.SourceFile>();
  if (snapshot.parseKey !== parseKey(options)) return { files, stale: snapshot.files.size };
  let stale = 0;
  for (const [path, f] of snapshot.files) {
    let st;
    try {
      st = statSync(path);
    } catch {
      stale++;
      continue;
    }
    if (st.size === f.size && st.mtimeMs === f.mtimeMs) files.set(path, f.file);
    else stale++;
  }
  return { files, stale };
}
