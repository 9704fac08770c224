// Sets up the compiler cells are checked with: the project's own TypeScript, strict mode, the
// notebook's tsconfig.json, typings that always resolve, and `import "feedbacklab"`.
import { basename, dirname, join, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import type * as TS from 'typescript';
import { packageRoot } from '../../lib/util/package-root';
import { CellCompiler, type WarmUpStep } from './cell-compiler';
import { loadTypeScript, saveTypeScriptCache, typeScriptPatchesMissed } from './load-typescript';
import { unpatchedNote } from './typescript-patches';
import { compilerSnapshot, parseKey, usableSnapshotFiles, type SnapshotRecipe } from './compiler-snapshot';

type Ts = typeof TS;


/** This package's folder: packages a notebook's own folder lacks are taken from here. */
export const PACKAGE_ROOT = packageRoot();
/** Where the library's compiled entry point and typings are. */
export const LIB_ENTRY = resolve(__dirname, '..', '..', 'lib', 'index.js');
const LIB_TYPES = resolve(__dirname, '..', '..', 'lib', 'index.d.ts');

// Options the cell compiler depends on; a notebook's tsconfig.json cannot change them.
const FIXED = new Set(['module', 'moduleResolution', 'outDir', 'rootDir', 'declaration', 'noEmit', 'emitDeclarationOnly', 'composite', 'incremental', 'sourceMap', 'inlineSourceMap', 'inlineSources', 'target', 'isolatedModules', 'paths', 'baseUrl', 'typeRoots', 'allowJs', 'checkJs', 'tsBuildInfoFile', 'declarationMap', 'alwaysStrict']);

/** The compiler for a notebook's cells. */
export interface TypeScriptHost {
  ts: Ts;
  compiler: CellCompiler;
  /** Notes about the notebook's tsconfig.json, e.g. options that were ignored. */
  notes: string[];
  /** Whether the typings came from the compiler snapshot, and how many (for the kernel's log). */
  snapshotNote: string;
  /**
   * Gets the compiler ready in the background (typings parsed, engine warm), then writes the
   * TypeScript code cache if it was missing.
   * @param step - runs each synchronous step (the kernel marks them as its own code).
   * @returns notes to log (a cache that could not be written).
   */
  warmUp(step?: WarmUpStep): Promise<string[]>;
}

function notebookOptions(ts: Ts, cwd: string, notes: string[]): Record<string, unknown> {
  const path = join(cwd, 'tsconfig.json');
  if (!existsSync(path)) return {};
  const read = ts.readConfigFile(path, ts.sys.readFile);
  if (read.error) {
    notes.push(`tsconfig.json ignored: ${ts.flattenDiagnosticMessageText(read.error.messageText, '\n')}`);
    return {};
  }
  const parsed = ts.convertCompilerOptionsFromJson(read.config?.compilerOptions ?? {}, cwd, 'tsconfig.json');
  for (const d of parsed.errors) {
    const text = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    // "Argument for '--lib' option must be: <every accepted value>": name the option, not the list.
    const option = d.code === 6046 ? /'--?([\w.]+)'/.exec(text)?.[1] : undefined;
    notes.push(option ? `tsconfig.json: a value of "${option}" is not one TypeScript ${ts.version} accepts; it was ignored` : `tsconfig.json: ${text}`);
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(parsed.options)) {
    if (FIXED.has(k)) notes.push(`tsconfig.json: "${k}" is set by the kernel and was ignored`);
    else out[k] = v;
  }
  return out;
}

/** The node_modules folders this package's dependencies are installed in (its own, or hoisted). */
function fallbackNodeModules(): string[] {
  const dirs = [join(PACKAGE_ROOT, 'node_modules')];
  if (basename(dirname(PACKAGE_ROOT)) === 'node_modules') dirs.push(dirname(PACKAGE_ROOT));
  else if (basename(dirname(dirname(PACKAGE_ROOT))) === 'node_modules') dirs.push(dirname(dirname(PACKAGE_ROOT))); // @scope/feedbacklab
  return dirs.filter((d) => existsSync(d));
}

function typeRoots(cwd: string): string[] {
  const roots: string[] = [];
  for (let dir = cwd; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', '@types');
    if (existsSync(candidate)) roots.push(candidate);
    if (dirname(dir) === dir) break;
  }
  // Our own @types/node, so console and setTimeout are typed wherever the notebook lives.
  const ours = dirname(dirname(require.resolve('@types/node/package.json')));
  if (!roots.includes(ours)) roots.push(ours);
  return roots;
}

/** The TypeScript compiler module cells are compiled with (this package's own), from its code cache. */
export function typescript(): Ts {
  return loadTypeScript();
}

/** The options cells are compiled with in `cwd` (the notebook's tsconfig.json applied, unless `notes` is null). */
function cellCompilerOptions(ts: Ts, cwd: string, notes: string[] | null): TS.CompilerOptions {
  const fallback = fallbackNodeModules();
  return {
    strict: true,
    esModuleInterop: true,
    resolveJsonModule: true,
    experimentalDecorators: true,
    jsx: ts.JsxEmit.React,
    // Only Node's globals by default: every other @types package in node_modules would be parsed
    // into every cell's program (a notebook's tsconfig.json may list more).
    types: ['node'],
    // What Node 20 implements (ES2023); a notebook's tsconfig.json may ask for more.
    lib: ['lib.es2023.d.ts'],
    ...((notes ? notebookOptions(ts, cwd, notes) : {}) as TS.CompilerOptions),
    // What the compiler relies on:
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    target: ts.ScriptTarget.ES2022,
    declaration: true,
    sourceMap: true,
    newLine: ts.NewLineKind.LineFeed,
    // Cells run as they were written, not in strict mode (TypeScript checks them strictly):
    // the compiler drops the "use strict" that CommonJS output of a module starts with.
    alwaysStrict: false,
    // Awaits at top level are allowed by the cell compiler itself (it drops TypeScript's
    // complaint that CommonJS has none).
    // Errors in typings are not the user's to fix, and checking them costs time on every cell.
    skipLibCheck: true,
    allowJs: true,
    checkJs: true,
    rootDir: cwd,
    outDir: join(cwd, '.feedbacklab-out'),
    typeRoots: typeRoots(cwd),
    // "*": where packages the notebook's folder lacks come from, so that a cell's declarations
    // can name their types (`import("arquero").ColumnTable`) instead of failing with "cannot be
    // named without a reference to …/node_modules/arquero". Not used to resolve (cell-program).
    paths: { feedbacklab: [LIB_TYPES], ...(fallback.length > 0 ? { '*': fallback.map((d) => `${d}/*`) } : {}) },
  };
}

/**
 * What the compiler snapshot holds: the typings every cell's program has (the standard library
 * and @types/node), under the default options (no tsconfig.json read). Not feedbacklab's own
 * typings with TF.js's: 800 more files made the snapshot 61 MB, slower to start from than to
 * parse them in the background.
 */
export function compilerSnapshotRecipe(): SnapshotRecipe {
  const ts = typescript();
  const { paths, ...options } = cellCompilerOptions(ts, PACKAGE_ROOT, null);
  // As cell-program resolves: without the naming-only "*" entry.
  const { '*': _namingOnly, ...resolving } = paths ?? {};
  return { tsFile: require.resolve('typescript'), options: { ...options, paths: resolving, noEmit: true, declaration: false }, roots: [], cwd: PACKAGE_ROOT };
}

/** Hands the compiler snapshot's typings to `compiler`, if this process started from one; says what it did. */
function adoptSnapshot(ts: Ts, compiler: CellCompiler, options: TS.CompilerOptions): string {
  const snapshot = compilerSnapshot();
  if (!snapshot) return 'started without the compiler snapshot (`feedbacklab install` builds it): the first cell waits for the typings to be parsed';
  if (snapshot.ts !== ts) return `compiler snapshot not used: it holds TypeScript ${snapshot.tsVersion} from ${snapshot.tsFile}; \`feedbacklab install\` rebuilds it`;
  if (snapshot.parseKey !== parseKey(options)) return 'compiler snapshot not used: the notebook\'s tsconfig.json changes how typings are parsed';
  const { files, stale } = usableSnapshotFiles(snapshot, options);
  compiler.adopt(files);
  if (stale > 0 && stale * 2 > snapshot.files.size) return `compiler snapshot mostly stale (${stale} of ${snapshot.files.size} typings files changed since it was built; \`feedbacklab install\` rebuilds it)`;
  return `compiler snapshot: ${files.size} typings files parsed and bound${stale > 0 ? `, ${stale} changed since it was built (parsed again)` : ''}`;
}

/**
 * Creates the cell compiler. Call `warmUp()` at once: without it (and without the compiler
 * snapshot) the first cell takes about a second, TypeScript reading the standard library
 * typings and @types/node.
 * @param cwd - the notebook's folder: its tsconfig.json and node_modules are used.
 */
export function createTypeScriptHost(cwd: string = process.cwd()): TypeScriptHost {
  const ts = typescript();
  const notes: string[] = [];
  const options = cellCompilerOptions(ts, cwd, notes);
  const missed = typeScriptPatchesMissed();
  if (missed.length > 0) notes.push(unpatchedNote(ts.version, missed, compilerSnapshot()?.ts === ts));
  const compiler = new CellCompiler(ts, cwd, options, [dirname(LIB_TYPES) + '/'], PACKAGE_ROOT);
  const snapshotNote = adoptSnapshot(ts, compiler, options);
  const warmUp = async (step: WarmUpStep = (f) => f()) => {
    await compiler.warmUp([LIB_TYPES], step);
    const unsaved = saveTypeScriptCache();
    return unsaved ? [unsaved] : [];
  };
  return { ts, compiler, notes, snapshotNote, warmUp };
}
