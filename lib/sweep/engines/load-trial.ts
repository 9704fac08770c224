import { readFileSync } from 'node:fs';
import Module from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ResolvedTrial } from '../trial-spec';

/** The signature a trial function has (see the sweep's TSDoc). */
export type TrialFunction = (config: Record<string, unknown>, context: unknown) => unknown;

type Extensions = Record<string, (mod: Module & { _compile(code: string, file: string): void }, file: string) => void>;
type Resolve = (request: string, parent: unknown, ...rest: unknown[]) => string;

let installed = false;

// Workers load trial modules themselves: .ts through TypeScript's transpiler (type checking is
// the editor's job), "feedbacklab" as this package's built library, and "./x.js" imports that
// name a .ts file (the nodenext convention) as that file.
function installTypeScriptLoader(): void {
  if (installed) return;
  installed = true;
  const libEntry = join(__dirname, '..', '..', 'index.js');
  const M = Module as unknown as { _extensions: Extensions; _resolveFilename: Resolve };
  const compileTs: Extensions[string] = (mod, file) => {
    // Loaded on first use: JavaScript trials do not pay for the compiler.
    const ts = require('typescript') as typeof import('typescript');
    const out = ts.transpileModule(readFileSync(file, 'utf8'), {
      fileName: file,
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, inlineSourceMap: true },
    });
    mod._compile(out.outputText, file);
  };
  for (const ext of ['.ts', '.mts', '.cts']) M._extensions[ext] = compileTs;
  const original = M._resolveFilename;
  M._resolveFilename = function (this: unknown, request: string, parent: unknown, ...rest: unknown[]) {
    if (request === 'feedbacklab') return libEntry;
    try {
      return original.call(this, request, parent, ...rest);
    } catch (e) {
      if (request.startsWith('.') && /\.m?js$/.test(request)) return original.call(this, request.replace(/js$/, 'ts'), parent, ...rest);
      throw e;
    }
  };
}

/** Loads a trial's module in this thread or process and returns its exported function. */
export async function loadTrial(trial: ResolvedTrial): Promise<TrialFunction> {
  installTypeScriptLoader();
  const mod = trial.module.endsWith('.mjs')
    ? ((await import(pathToFileURL(trial.module).href)) as Record<string, unknown>)
    : (require(trial.module) as Record<string, unknown>);
  const fn = mod[trial.export] ?? (trial.export === 'trial' ? mod.default : undefined);
  if (typeof fn !== 'function') {
    const names = Object.keys(mod).filter((k) => typeof mod[k] === 'function');
    throw new Error(`sweep: ${trial.module} has no exported function "${trial.export}": it exports ${names.length ? names.map((n) => `"${n}"`).join(', ') : 'no functions'}. Export the trial function, or name it with '${trial.module}#name'.`);
  }
  return fn as TrialFunction;
}
