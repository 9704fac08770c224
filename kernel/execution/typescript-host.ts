// Loads tslab's TypeScript (5.0.4) and its cell converter, with our compiler options layered in:
// strict mode, the notebook's tsconfig.json, typings that always resolve, `import "feedbacklab"`,
// and source maps so runtime errors point at the cell's own lines.
import { dirname, join, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import type { Converter } from 'tslab/dist/converter';

type Ts = typeof import('@tslab/typescript-for-tslab');

const tslabDir = dirname(require.resolve('tslab/package.json'));
const tsPath = require.resolve('@tslab/typescript-for-tslab', { paths: [tslabDir] });

/** Where the library's compiled entry point and typings are. */
export const LIB_ENTRY = resolve(__dirname, '..', '..', 'lib', 'index.js');
const LIB_TYPES = resolve(__dirname, '..', '..', 'lib', 'index.d.ts');

// Options the converter depends on; a notebook's tsconfig.json cannot change them.
const FIXED = new Set(['module', 'moduleResolution', 'outDir', 'rootDir', 'declaration', 'noEmit', 'emitDeclarationOnly', 'composite', 'incremental', 'sourceMap', 'inlineSourceMap', 'inlineSources', 'target', 'isolatedModules', 'paths', 'baseUrl', 'typeRoots', 'allowJs', 'checkJs', 'tsBuildInfoFile', 'declarationMap']);

/** The two source maps of the last converted cell (TS → ES module → CommonJS). */
export interface CellMaps {
  toModule?: string;
  toCommonJs?: string;
}

/** A tslab converter built with our options, plus the maps of its last conversion. */
export interface TypeScriptHost {
  ts: Ts;
  converter: Converter;
  lastMaps: CellMaps;
  /** Notes about the notebook's tsconfig.json, e.g. options that were ignored. */
  notes: string[];
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
  for (const d of parsed.errors) notes.push(`tsconfig.json: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(parsed.options)) {
    if (FIXED.has(k)) notes.push(`tsconfig.json: "${k}" is set by the kernel and was ignored`);
    else out[k] = v;
  }
  return out;
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

/** tslab's TypeScript compiler module (the version cells are compiled with). */
export function typescript(): Ts {
  return require(tsPath) as Ts;
}

// The builder program tslab's converter gets. tslab's default (the emit-and-semantic-diagnostics
// builder) computes a declaration "signature" of every changed file on every rebuild, which
// creates a type checker twice per cell. The abstract builder does no such bookkeeping; the cell
// file is bound here because the converter reads its locals before asking for diagnostics.
function createCellProgram(...args: unknown[]) {
  const ts = typescript();
  const builder = (ts.createAbstractBuilder as (...a: unknown[]) => import('@tslab/typescript-for-tslab').BuilderProgram)(...args);
  const program = builder.getProgram();
  for (const file of program.getSourceFiles()) {
    if (!file.isDeclarationFile && file.fileName.endsWith('__tslab__.ts')) {
      (ts as unknown as { bindSourceFile(f: unknown, o: unknown): void }).bindSourceFile(file, program.getCompilerOptions());
    }
  }
  // Local .ts/.js modules the cell imports (declaration files are left out by the converter anyway).
  (builder as { getAllDependencies: (f: unknown) => readonly string[] }).getAllDependencies = () =>
    program.getSourceFiles().filter((f) => !f.isDeclarationFile && !f.fileName.includes('/node_modules/')).map((f) => f.fileName);
  return builder;
}

const lastMaps: CellMaps = {};
let hostOptions: Record<string, unknown> = {};
let converterModule: typeof import('tslab/dist/converter') | undefined;

/** tslab's converter module, loaded once against our patched TypeScript (cheap next to createConverter). */
export function loadConverterModule(): typeof import('tslab/dist/converter') {
  if (converterModule) return converterModule;
  const ts = require(tsPath) as Ts;
  const patched: Record<string, unknown> = {};
  for (const key of Object.keys(ts)) {
    Object.defineProperty(patched, key, { enumerable: true, configurable: true, get: () => (ts as unknown as Record<string, unknown>)[key] });
  }
  const override = (key: string, value: unknown) => Object.defineProperty(patched, key, { enumerable: true, value });
  override('createWatchCompilerHost', (roots: string[], options: Record<string, unknown>, system: unknown, _createProgram: unknown, ...rest: unknown[]) =>
    (ts.createWatchCompilerHost as (...a: unknown[]) => unknown)(roots, { ...options, ...hostOptions }, system, createCellProgram, ...rest));
  override('transpileModule', (input: string, options: import('@tslab/typescript-for-tslab').TranspileOptions) => {
    if (options.fileName !== 'custom.js') return ts.transpileModule(input, options);
    // tslab's ES module → CommonJS step: keep the first map, emit a second one.
    const m = /\/\/# sourceMappingURL=data:application\/json;base64,([A-Za-z0-9+/=]+)\s*$/.exec(input);
    lastMaps.toModule = m ? Buffer.from(m[1], 'base64').toString('utf8') : undefined;
    const out = ts.transpileModule(m ? input.slice(0, m.index) : input, { ...options, compilerOptions: { ...options.compilerOptions, sourceMap: true } });
    lastMaps.toCommonJs = out.sourceMapText;
    return { ...out, outputText: out.outputText.replace(/\n\/\/# sourceMappingURL=.*\s*$/, '\n') };
  });
  const cached = require.cache[tsPath]!;
  const original = cached.exports;
  cached.exports = patched;
  try {
    converterModule = require('tslab/dist/converter') as typeof import('tslab/dist/converter');
  } finally {
    cached.exports = original;
  }
  return converterModule;
}

/**
 * Creates the converter (about a second: TypeScript reads the standard library typings).
 * @param cwd - the notebook's folder: its tsconfig.json and node_modules are used.
 */
export function createTypeScriptHost(cwd: string = process.cwd()): TypeScriptHost {
  const mod = loadConverterModule();
  const ts = require(tsPath) as Ts;
  const notes: string[] = [];
  hostOptions = {
    strict: true,
    // Only Node's globals by default: every other @types package in node_modules would be parsed
    // into every cell's program (a notebook's tsconfig.json may list more).
    types: ['node'],
    ...notebookOptions(ts, cwd, notes),
    inlineSourceMap: true,
    typeRoots: typeRoots(cwd),
    paths: { feedbacklab: [LIB_TYPES] },
  };
  return { ts, converter: mod.createConverter(), lastMaps, notes };
}
