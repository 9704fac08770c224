import { CellPositionMap } from './cell-position';
import { cellRequire, type SideOutputs } from './cell-require';
import { excerpt, formatRuntimeError, type CellError, type CellRecord } from './format-error';
import type { CellDiagnostic } from './cell-compiler';
import type { TypeScriptHost } from './typescript-host';
import { completionCandidates, type CompletionCandidates } from '../complete/completion-candidates';
import { isQuiet } from '../../lib/display/quiet';
import { Phase, type InterruptState } from '../sockets/interrupt-state';
import { OUT_OF_MEMORY_HINT, type HeapGuard } from './heap-guard';
import { collectGarbage } from './collect-garbage';
import { cellRunner, wasInterrupted, type CellRunner } from './cell-runner';

/** The result of running one cell. */
export type CellOutcome = { status: 'ok'; hasValue: boolean; value?: unknown } | ({ status: 'error' } & CellError);

/** Thrown into a pending await when the user interrupts. */
export class KeyboardInterrupt extends Error {
  override name = 'KeyboardInterrupt';
}

const GLOBAL = '__feedbacklab__';

/**
 * Compiles cells with the cell compiler and runs them in this process's context, keeping
 * their declarations from cell to cell.
 */
export class Executor {
  private prevDecl = '';
  private readonly exports: Record<string, unknown> = {};
  private readonly sideOutputs: SideOutputs = new Map();
  private readonly cells = new Map<string, CellRecord>();
  private rejectPending?: (e: Error) => void;

  /**
   * @param host - the TypeScript host, created on first use (it takes about a second).
   * @param cwd - the notebook's folder, where imports resolve.
   * @param ambient - declarations every cell sees (e.g. the stdin globals).
   * @param interrupts - shared with the side-channel worker: what runs now, interrupts waiting.
   * @param heap - the heap guard: a cell stopped near the heap limit is reported as out of memory.
   * @param runner - runs the compiled cells (the side-channel worker stops them as it says).
   */
  constructor(private readonly host: () => TypeScriptHost, cwd: string, ambient = '', private readonly interrupts?: InterruptState, private readonly heap?: HeapGuard, private readonly runner: CellRunner = cellRunner()) {
    this.prevDecl = ambient;
    const target = this.exports;
    // Converted cells assign their locals with defineProperty; keep them writable across cells.
    const locals = new Proxy(target, {
      defineProperty: (_t, prop, attrs) => {
        if (prop !== '__esModule') (target as Record<string | symbol, unknown>)[prop] = attrs.get ? attrs.get() : attrs.value;
        return true;
      },
    });
    (globalThis as Record<string, unknown>)[GLOBAL] = { exports: locals, require: cellRequire(cwd, this.sideOutputs) };
  }

  /** The variables the cells have defined, by name. */
  get locals(): Readonly<Record<string, unknown>> {
    return this.exports;
  }

  /**
   * Compiles and runs one cell.
   * @param source - the cell's TypeScript.
   * @param name - its name in stack traces, e.g. "In[3]".
   */
  async execute(source: string, name: string): Promise<CellOutcome> {
    const host = this.host();
    const converted = host.compiler.convert(this.prevDecl, source);
    for (const out of converted.sideOutputs) this.sideOutputs.set(out.path, out.data);
    if (converted.diagnostics.length > 0) return this.compileError(converted.diagnostics, source, name);
    const prefix = converted.hasTopLevelAwait ? '(async function(exports, require) { ' : '(function(exports, require) { ';
    this.cells.set(name, { source, map: new CellPositionMap(converted.map, prefix.length) });
    const code = `${prefix}${converted.output}\n})(${GLOBAL}.exports, ${GLOBAL}.require)`;
    const interrupts = this.interrupts;
    // An interrupt that came while the request waited or compiled stops the cell now.
    if (interrupts?.enterCell(Phase.USER_SYNC, interrupts.receivedAt)) {
      interrupts.phase = Phase.KERNEL;
      return { status: 'error', ...this.describe(new KeyboardInterrupt('interrupted before it started')) };
    }
    let last: { value: unknown } | undefined;
    const nearLimit = this.heap?.nearLimitCount() ?? 0;
    try {
      const ret = this.runner.run(code, name);
      if (converted.hasTopLevelAwait) {
        if (interrupts) interrupts.phase = Phase.USER_ASYNC;
        await this.untilInterrupted(ret);
      }
      const key = converted.lastExpressionVar;
      if (key && key in this.exports) {
        last = { value: this.exports[key] };
        delete this.exports[key];
      }
      // Plumbing (a display handle, the promise of a display call) is not the cell's result; a
      // promise of it is awaited as part of the cell, so its output lands here and an interrupt
      // stops it like any other await.
      if (last && isQuiet(last.value) && typeof (last.value as PromiseLike<unknown>).then === 'function') {
        if (interrupts) interrupts.phase = Phase.USER_ASYNC;
        await this.untilInterrupted(last.value);
      }
    } catch (e) {
      if (wasInterrupted(e)) interrupts?.signalSeen();
      // What ran before the error stays defined, so its declarations stay typed too.
      this.prevDecl = converted.declarations ?? this.prevDecl;
      if (this.heap && this.heap.nearLimitCount() > nearLimit && isInterrupt(e)) {
        // Now, not at the engine's leisure: the heap limit comes back once the heap has shrunk.
        collectGarbage();
        return { status: 'error', ...outOfMemory(this.heap.limitMiB) };
      }
      return { status: 'error', ...this.describe(e) };
    } finally {
      this.rejectPending = undefined;
      if (interrupts) {
        interrupts.phase = Phase.KERNEL;
        interrupts.clear(); // interrupts that came during the cell were spent on it
      }
    }
    this.prevDecl = converted.declarations ?? this.prevDecl;
    if (!last || isQuiet(last.value)) return { status: 'ok', hasValue: false };
    return { status: 'ok', hasValue: last.value !== undefined, value: last.value };
  }

  /** Waits for `p` unless the user interrupts first (then rejects with KeyboardInterrupt). */
  private untilInterrupted(p: unknown): Promise<unknown> {
    return Promise.race([p, new Promise<never>((_, reject) => (this.rejectPending = reject))]);
  }

  /**
   * Defines a name every cell sees, such as `input`; its type comes from the `ambient`
   * declarations given to the constructor.
   */
  define(name: string, value: unknown): void {
    this.exports[name] = value;
  }

  /** Stops a cell waiting on a promise; a busy synchronous loop is stopped by SIGINT itself. */
  interrupt(): void {
    this.rejectPending?.(new KeyboardInterrupt('interrupted while awaiting'));
  }

  /** Type information and TSDoc at `position` (UTF-16 offset) in `source`. */
  inspect(source: string, position: number) {
    return this.host().compiler.quickInfo(this.prevDecl, source, position);
  }

  /** Completion candidates at `position` (UTF-16 offset). */
  complete(source: string, position: number): CompletionCandidates {
    const { entries, word } = this.host().compiler.completions(this.prevDecl, source, position);
    return completionCandidates(entries, position, word);
  }

  private describe(e: unknown): CellError {
    if (wasInterrupted(e)) {
      return { ename: 'KeyboardInterrupt', evalue: 'interrupted', traceback: ['KeyboardInterrupt: execution interrupted; variables defined before are kept'] };
    }
    if (e instanceof KeyboardInterrupt) return { ename: e.name, evalue: e.message, traceback: [`${e.name}: ${e.message}; variables defined before are kept`] };
    return formatRuntimeError(e, this.cells);
  }

  private compileError(diagnostics: CellDiagnostic[], source: string, name: string): CellOutcome {
    const lines: string[] = [];
    for (const d of diagnostics) {
      const line = d.start.line + 1;
      const col = d.start.character + 1;
      const where = d.fileName ? `${d.fileName}:${line}:${col}` : `${name}:${line}:${col}`;
      lines.push(`${where} - error TS${d.code}: ${d.messageText}`);
      if (!d.fileName) lines.push(...excerpt(source, line, col));
    }
    const first = diagnostics[0];
    const evalue = `${first.fileName ? first.fileName + ':' : ''}${first.start.line + 1}:${first.start.character + 1} - ${first.messageText}${diagnostics.length > 1 ? ` (and ${diagnostics.length - 1} more)` : ''}`;
    return { status: 'error', ename: 'TypeScriptError', evalue, traceback: lines };
  }
}

function isInterrupt(e: unknown): boolean {
  return e instanceof KeyboardInterrupt || wasInterrupted(e);
}

/** A cell the heap guard stopped near the heap limit; what it allocated is garbage now. */
function outOfMemory(limitMiB: number): CellError {
  const evalue = `the cell was stopped near the JavaScript heap limit (${limitMiB} MiB)`;
  return {
    ename: 'OutOfMemoryError',
    evalue,
    traceback: [`OutOfMemoryError: ${evalue}; variables defined before are kept`, OUT_OF_MEMORY_HINT],
  };
}
