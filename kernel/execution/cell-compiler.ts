// Compiles one cell: type-checks it against the declarations of earlier cells, emits CommonJS
// that reads earlier names from `exports`, and the declarations the next cell will see. One
// program per cell (tslab's converter built two, then re-parsed the output to convert modules).
import { relative } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type * as TS from 'typescript';
import { nextDeclarations, topLevelNames } from './cell-declarations';
import { CELL_PREFIX, CellProgram } from './cell-program';
import { cellTransformers } from './cell-transformers';
import { quickInfoAt } from '../complete/quick-info';

type Ts = typeof TS;

/** Runs one synchronous step of the warm-up (the kernel wraps each one). */
export type WarmUpStep = <T>(step: () => T) => T;

/** A compile error, positioned in the cell (or in `fileName`, a local module it imports). */
export interface CellDiagnostic {
  /** 0-based line and UTF-16 column. */
  start: { line: number; character: number };
  messageText: string;
  code: number;
  category: number;
  /** Relative to the notebook's folder; absent for the cell itself. */
  fileName?: string;
}

/** The result of compiling one cell. */
export interface CellConversion {
  diagnostics: CellDiagnostic[];
  /** CommonJS to run with `exports` and `require` in scope; absent on errors. */
  output?: string;
  /** Source map of `output` back to the cell's file (the cell after one prefix line). */
  map?: string;
  /** Declarations for the next cell. */
  declarations?: string;
  /** Whether the output awaits at top level (it must run inside an async function). */
  hasTopLevelAwait: boolean;
  /** The export that holds the cell's last expression, if it ends with one. */
  lastExpressionVar?: string;
  /** Compiled local modules the cell imports (new or changed since they were last emitted). */
  sideOutputs: { path: string; data: string }[];
}

const NEVER_CANCELLED = { isCancellationRequested: () => false, throwIfCancellationRequested: () => undefined };
// "'await' expressions are only allowed within async functions", "Top-level 'await' expressions
// are only allowed when the 'module' option is…" and the same for `for await`: the kernel runs a
// cell that awaits at top level inside an async function.
const TOP_LEVEL_AWAIT_CODES = new Set([1308, 1378, 1431, 1432]);
// The compiler's internal EmitOnly.Js, where `emit` takes a boolean: a cell that declares
// nothing needs no declarations emitted.
const JS_ONLY = 0;

/** Compiles cells; also answers type (inspect) and completion questions about a cell. */
export class CellCompiler {
  private readonly emittedModules = new Map<string, TS.SourceFile>();
  private readonly program: CellProgram;
  /** Cells compiled for the user (not the warm-up's), and whether a warm-up cell is compiling. */
  private userCells = 0;
  private warming = false;
  /** When the user last asked something of the compiler (a cell, a completion, an inspection). */
  private lastUserRequest = -Infinity;
  /** The last cell's top-level names, and its conversion with the program it was made in. */
  private lastNames?: { source: string; names: ReturnType<typeof topLevelNames> };
  private lastConversion?: { build: number; result: CellConversion };

  /**
   * @param fixedDirs - folders of typings that do not change while the kernel runs.
   * @param fallbackDir - where packages the notebook's folder lacks are resolved from.
   */
  constructor(private readonly ts: Ts, private readonly cwd: string, options: TS.CompilerOptions, fixedDirs: string[] = [], fallbackDir?: string) {
    this.program = new CellProgram(ts, cwd, options, fixedDirs, fallbackDir);
  }

  /**
   * Compiles `source` after cells whose declarations are `declarations`.
   * @returns errors, or the code to run and the declarations for the next cell.
   */
  convert(declarations: string, source: string): CellConversion {
    if (!this.warming) {
      this.userCells++;
      this.lastUserRequest = performance.now();
    }
    const ts = this.ts;
    if (this.lastNames?.source !== source) this.lastNames = { source, names: topLevelNames(ts, source, this.program.options.target ?? ts.ScriptTarget.ES2022) };
    const { toExport: names, declaresAny } = this.lastNames.names;
    // Every top-level name is exported, so later cells (and the kernel) can reach it.
    const suffix = names.length > 0 ? `\nexport { ${names.join(', ')} }` : '';
    const { program, cell, decl } = this.program.update(declarations, source + suffix);
    // A cell run again on the same program (nothing it reads has changed): the same conversion.
    // Its local modules went out with the first one.
    const build = this.program.builds;
    if (this.lastConversion?.build === build) {
      this.program.release();
      return { ...this.lastConversion.result, sideOutputs: [] };
    }
    const result = this.convertIn(program, cell, decl, names, declaresAny, declarations);
    this.lastConversion = { build, result };
    this.program.release();
    return result;
  }

  private convertIn(program: TS.Program, cell: TS.SourceFile, decl: TS.SourceFile, names: string[], declaresAny: boolean, declarations: string): CellConversion {
    const ts = this.ts;
    const modules = program.getSourceFiles().filter((f) => !f.isDeclarationFile && f !== cell && !f.fileName.includes('/node_modules/'));
    const pre = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()];
    for (const f of [cell, ...modules]) pre.push(...program.getSyntacticDiagnostics(f), ...program.getSemanticDiagnostics(f));
    const awaits = new Set(pre.filter((d) => d.file === cell && isTopLevelAwait(ts, cell, d)));
    // TypeScript reports only some of them: `await (x)`, parsed again once the cell is known to be
    // a module, carries the await context and goes unreported.
    const hasTopLevelAwait = awaits.size > 0 || awaitsAtTopLevel(ts, cell);
    const errors = pre.filter((d) => !awaits.has(d));
    if (errors.length > 0) return { diagnostics: this.describe(errors, cell), hasTopLevelAwait, sideOutputs: [] };

    const checker = program.getTypeChecker();
    const lastName = unusedName('tsLastExpr', new Set(names));
    let lastExpressionVar: string | undefined;
    let output = '';
    let map: string | undefined;
    let cellDeclarations = '';
    const transformers = cellTransformers(ts, checker, cell, decl, lastName, () => (lastExpressionVar = lastName));
    const emitted = program.emit(cell, (file, data) => {
      if (file.endsWith('.d.ts')) cellDeclarations = data;
      else if (file.endsWith('.js.map')) map = data;
      // Sloppy mode, as the cell was written; the line stays (empty) so the source map holds.
      else if (file.endsWith('.js')) output = data.replace(/^"use strict";/, '').replace(/\/\/# sourceMappingURL=\S+\s*$/, '');
    }, undefined, (declaresAny ? false : JS_ONLY) as boolean, transformers);
    // Declaration emit can fail where the checker did not (a name it cannot write down).
    if (emitted.diagnostics.length > 0) return { diagnostics: this.describe([...emitted.diagnostics], cell), hasTopLevelAwait, sideOutputs: [] };

    const sideOutputs: { path: string; data: string }[] = [];
    for (const m of modules) {
      if (this.emittedModules.get(m.fileName) === m) continue;
      program.emit(m, (file, data) => {
        if (file.endsWith('.js')) sideOutputs.push({ path: this.sourcePathOf(file), data });
      });
      this.emittedModules.set(m.fileName, m);
    }
    const next = declaresAny ? nextDeclarations(ts, checker, decl, cell, cellDeclarations) : declarations;
    return {
      diagnostics: [],
      output,
      map,
      declarations: next,
      hasTopLevelAwait,
      lastExpressionVar,
      sideOutputs,
    };
  }

  /**
   * Gets the compiler ready in the background, a small step per turn of the event loop so that
   * requests are answered in between: parses the typings the first cells need (the standard
   * library, `types`, and `preloadFiles`), then compiles throwaway cells so that the engine has
   * compiled the checker's code before the user's first cell. A cell run meanwhile is simply
   * compiled (whatever is not parsed yet is parsed then).
   * @param preloadFiles - declaration files most notebooks import (this package's typings).
   * @param step - runs each synchronous step (the kernel marks them as its own code).
   */
  async warmUp(preloadFiles: string[] = [], step: WarmUpStep = (f) => f()): Promise<void> {
    await this.program.preload(preloadFiles, step, () => this.quietTurn());
    // Throwaway cells only until the user's first: from then on the user's cells warm it.
    let declarations = '';
    const throwaway = (source: string) => {
      if (this.userCells > 0) return undefined;
      this.warming = true;
      try {
        return step(() => this.convert(declarations, source));
      } finally {
        this.warming = false;
      }
    };
    for (let i = 0; i < 8 && this.userCells === 0; i++) {
      declarations = throwaway(`function warm${i}(n: number): string { return String(n) }\nwarm${i}(1)`)?.declarations ?? declarations;
      await this.quietTurn();
      throwaway(`const w = await Promise.resolve([${i}])\nw.length`);
      await this.quietTurn();
      throwaway(`${i} + 1`);
      await this.quietTurn();
    }
  }

  /** Uses declaration files parsed and bound elsewhere (the compiler snapshot's). */
  adopt(files: Map<string, TS.SourceFile>): void {
    this.program.adopt(files);
  }

  /**
   * The next turn of the event loop once the user has left the compiler alone for QUIET_MS:
   * warm-up steps (a file's parse can take tens of ms) wait while cells come back to back.
   */
  private async quietTurn(): Promise<void> {
    let wait: number;
    while ((wait = QUIET_MS - (performance.now() - this.lastUserRequest)) > 0) await new Promise((r) => setTimeout(r, wait));
    await nextTurn();
  }

  /** Type and TSDoc of the name at `position` (UTF-16 offset in `source`). */
  quickInfo(declarations: string, source: string, position: number): TS.QuickInfo | undefined {
    this.lastUserRequest = performance.now();
    const { program, cell } = this.program.update(declarations, source);
    const info = quickInfoAt(this.ts, program.getTypeChecker(), cell, position + CELL_PREFIX.length);
    if (info?.textSpan) info.textSpan.start -= CELL_PREFIX.length;
    return info;
  }

  /**
   * Completion entries at `position`, and the identifier being typed there (its span in
   * `source`), if any.
   */
  completions(declarations: string, source: string, position: number): { entries: readonly TS.CompletionEntry[]; word?: { start: number; end: number; text: string } } {
    this.lastUserRequest = performance.now();
    const ts = this.ts;
    const { program, cell } = this.program.update(declarations, source);
    const pos = position + CELL_PREFIX.length;
    const completions = (ts as unknown as { Completions: { getCompletionsAtPosition(...a: unknown[]): TS.CompletionInfo | undefined } }).Completions;
    const info = completions.getCompletionsAtPosition({}, program, () => undefined, cell, pos, {}, undefined, ts.CompletionTriggerKind.Invoked, NEVER_CANCELLED);
    const entries = info?.entries ?? [];
    // The identifier the cursor is in or right after (findPrecedingToken may end past pos).
    const prev = (ts as unknown as { findPrecedingToken(p: number, f: TS.SourceFile): TS.Node | undefined }).findPrecedingToken(pos, cell);
    const next = prev ? (ts as unknown as { findNextToken(a: TS.Node, b: TS.Node, f: TS.SourceFile): TS.Node | undefined }).findNextToken(prev, cell, cell) : undefined;
    const id = prev && ts.isIdentifier(prev) && prev.end >= pos ? prev : next && ts.isIdentifier(next) && next.getStart(cell) <= pos && pos <= next.end ? next : undefined;
    if (!id) return { entries };
    return { entries, word: { start: id.getStart(cell) - CELL_PREFIX.length, end: id.end - CELL_PREFIX.length, text: ts.idText(id) } };
  }

  private sourcePathOf(emittedFile: string): string {
    return `${this.cwd}/${relative(this.program.outDir, emittedFile)}`;
  }

  private describe(diagnostics: readonly TS.Diagnostic[], cell: TS.SourceFile): CellDiagnostic[] {
    const out: CellDiagnostic[] = [];
    for (const d of diagnostics) {
      const file = d.file;
      let fileName: string | undefined;
      if (file && file !== cell) {
        fileName = relative(this.cwd, file.fileName);
        if (fileName.startsWith('..') || file.fileName.includes('/node_modules/')) continue; // typings the user did not write
      }
      const at = file ? this.ts.getLineAndCharacterOfPosition(file, d.start ?? 0) : { line: 0, character: 0 };
      const start = file === cell ? { line: at.line - 1, character: at.character } : at;
      // A message chain becomes one diagnostic per link, as TypeScript prints them.
      const visit = (m: string | TS.DiagnosticMessageChain, code: number, category: number) => {
        if (typeof m === 'string') return void out.push({ start, messageText: m, code, category, fileName });
        out.push({ start, messageText: m.messageText, code: m.code, category: m.category, fileName });
        for (const next of m.next ?? []) visit(next, next.code, next.category);
      };
      visit(d.messageText, d.code, d.category);
    }
    return out;
  }
}

/** How long the user must leave the compiler alone before a warm-up step runs. */
const QUIET_MS = 30;

/** Whether the cell awaits (`await`, `for await`) outside its functions and classes. */
function awaitsAtTopLevel(ts: Ts, cell: TS.SourceFile): boolean {
  const visit = (n: TS.Node): boolean => {
    if (ts.isAwaitExpression(n) || (ts.isForOfStatement(n) && n.awaitModifier !== undefined)) return true;
    if (ts.isFunctionLike(n) || ts.isClassLike(n) || ts.isModuleDeclaration(n)) return false;
    return ts.forEachChild(n, visit) ?? false;
  };
  return ts.forEachChild(cell, visit) ?? false;
}

function isTopLevelAwait(ts: Ts, cell: TS.SourceFile, d: TS.Diagnostic): boolean {
  if (!TOP_LEVEL_AWAIT_CODES.has(d.code) || d.start === undefined) return false;
  const token = (ts as unknown as { getTokenAtPosition(f: TS.SourceFile, p: number): TS.Node }).getTokenAtPosition(cell, d.start);
  for (let n: TS.Node | undefined = token.parent; n && n !== cell; n = n.parent) {
    if (ts.isFunctionLike(n) || ts.isClassLike(n) || ts.isModuleDeclaration(n)) return false;
  }
  return true;
}

function unusedName(base: string, taken: Set<string>): string {
  if (!taken.has(base)) return base;
  for (let i = 0; ; i++) if (!taken.has(`${base}${i}`)) return `${base}${i}`;
}
