// Parses, one file per turn of the event loop, the typings a notebook's first cells will need:
// the standard library, @types/node, and the packages the library's API exposes. Parsing them is
// most of the first cell's cost (about 2.8 MB of declarations before the first `1 + 1`, 4.7 MB
// once `feedbacklab` is imported); done while the kernel is idle, the first cell only checks.
// Each parse is short, so requests are answered in between.
import { dirname, join, resolve } from 'node:path';
import type * as TS from 'typescript';
import { setImmediate as nextTurn } from 'node:timers/promises';

type Ts = typeof TS;

/** What to parse: the program's root-level inputs. */
export interface PreloadRoots {
  /** Library file names, as in `options.lib` (lib.es2023.d.ts). */
  libs: string[];
  /** Type reference names, as in `options.types` (node). */
  types: string[];
  /** Absolute paths of other declaration files (this package's typings). */
  files: string[];
}


/**
 * Walks the files reachable from `roots` through references and imports, parsing each through
 * `host.getSourceFile` (which caches it for the programs to come).
 * @param resolveModule - the program's own module resolution, so the same files are found.
 * @param step - runs each file's parse and scan.
 * @param done - files parsed already, with everything they reference (the compiler snapshot's):
 *   not scanned again.
 * @param pause - waited for between files (default: the next turn of the event loop).
 * @returns the number of files parsed.
 */
export async function preloadTypings(ts: Ts, host: TS.CompilerHost, options: TS.CompilerOptions, roots: PreloadRoots, resolveModule: (name: string, containing: string) => string | undefined, step: <T>(f: () => T) => T = (f) => f(), done: ReadonlySet<string> = new Set(), pause: () => Promise<void> = nextTurn): Promise<number> {
  const libDir = dirname(host.getDefaultLibFileName(options));
  const parseOptions: TS.CreateSourceFileOptions = {
    languageVersion: options.target ?? ts.ScriptTarget.ES2022,
    setExternalModuleIndicator: (ts as unknown as { getSetExternalModuleIndicator(o: TS.CompilerOptions): (f: TS.SourceFile) => void }).getSetExternalModuleIndicator(options),
  };
  const typesFrom = join(host.getCurrentDirectory(), '__types__.ts');
  const typeFile = (name: string, from: string) => ts.resolveTypeReferenceDirective(name, from, options, host).resolvedTypeReferenceDirective?.resolvedFileName;
  const queue: string[] = [...roots.libs.map((l) => join(libDir, l)), ...roots.types.map((t) => typeFile(t, typesFrom)).filter((f): f is string => f !== undefined), ...roots.files];
  const seen = new Set(queue);
  const add = (file: string | undefined) => {
    if (file && /\.d\.[cm]?ts$/.test(file) && !seen.has(file)) {
      seen.add(file);
      queue.push(file);
    }
  };
  let parsed = 0;
  while (queue.length > 0) {
    const file = queue.shift()!;
    if (done.has(file)) continue;
    const found = step(() => {
      const source = host.getSourceFile(file, parseOptions);
      if (!source) return false;
      for (const lib of source.libReferenceDirectives) add(join(libDir, `lib.${lib.fileName.toLowerCase()}.d.ts`));
      for (const ref of source.referencedFiles) add(resolve(dirname(file), ref.fileName));
      for (const ref of source.typeReferenceDirectives) add(typeFile(ref.fileName, file));
      for (const imported of ts.preProcessFile(source.text, true, false).importedFiles) add(resolveModule(imported.fileName, file));
      return true;
    });
    if (found) parsed++;
    await pause();
  }
  return parsed;
}
