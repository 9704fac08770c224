// The TypeScript program a cell is checked and emitted in: two virtual files (the declarations
// of earlier cells, the cell itself) plus whatever they import. One program per cell, built
// from the previous one so that the standard library and @types files are parsed only once.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type * as TS from 'typescript';
import { preloadTypings } from './typings-preload';

type Ts = typeof TS;

/** How long the kernel waits, idle after a cell, before it lets the cell's type checker go. */
const RELEASE_AFTER_MS = 200;

/** Put before every cell so that TypeScript treats it as a module (its names stay local). */
export const CELL_PREFIX = 'export {};\n';

interface CachedFile {
  file: TS.SourceFile;
  /** Modification time, for files that may change while the kernel runs (the user's own). */
  mtimeMs?: number;
}

/** Builds the program of each cell; keeps parsed files between cells. */
export class CellProgram {
  /** Absolute path of the virtual file with the declarations of earlier cells. */
  readonly declPath: string;
  /** Absolute path of the virtual file holding the cell. */
  readonly cellPath: string;
  /** Where emitted files would go (nothing is written). */
  readonly outDir: string;
  private program?: TS.Program;
  /** Programs built so far: the same count means the same program (and the same cell). */
  builds = 0;
  private pendingRelease?: NodeJS.Timeout;
  private readonly files = new Map<string, CachedFile>();
  private readonly adopted = new Set<string>();
  private readonly virtual = new Map<string, TS.SourceFile | string>();
  private readonly host: TS.CompilerHost;

  /**
   * @param fixedDirs - folders whose files do not change while the kernel runs (this package's
   *   typings); with node_modules and the standard library they are read once, not checked for
   *   changes before every cell.
   * @param fallbackDir - where packages the notebook's folder lacks are resolved from.
   */
  constructor(private readonly ts: Ts, private readonly cwd: string, readonly options: TS.CompilerOptions, fixedDirs: string[] = [], fallbackDir?: string) {
    this.declPath = join(cwd, '__prev__.d.ts');
    this.cellPath = join(cwd, '__cell__.ts');
    this.outDir = join(cwd, '.feedbacklab-out');
    const host = ts.createCompilerHost(options);
    const read = host.getSourceFile.bind(host);
    const fixed = [host.getDefaultLibLocation?.() ?? '', ...fixedDirs].filter((d) => d !== '');
    host.getSourceFile = (path, languageVersion, onError) => {
      const v = this.virtual.get(path);
      if (v !== undefined) {
        if (typeof v !== 'string') return v;
        // Parent pointers: completions walk up from tokens before the checker binds the file.
        const file = ts.createSourceFile(path, v, languageVersion, true);
        this.virtual.set(path, file);
        return file;
      }
      const mutable = !path.includes('/node_modules/') && !fixed.some((d) => path.startsWith(d));
      const hit = this.files.get(path);
      const mtimeMs = mutable ? mtime(path) : undefined;
      if (hit && hit.mtimeMs === mtimeMs) return hit.file;
      const file = read(path, languageVersion, onError);
      if (file) this.files.set(path, { file, mtimeMs });
      return file;
    };
    host.fileExists = (path) => this.virtual.has(path) || ts.sys.fileExists(path);
    host.readFile = (path) => {
      const v = this.virtual.get(path);
      return v === undefined ? ts.sys.readFile(path) : typeof v === 'string' ? v : v.text;
    };
    host.getCurrentDirectory = () => cwd;
    host.writeFile = () => {
      throw new Error('the kernel never writes compiled files');
    };
    // Module resolution is repeated for every file of every program: cache it.
    const moduleCache = ts.createModuleResolutionCache(cwd, (s) => s, options);
    // ...and the package.json lookups behind each file's module format: without the cache,
    // TypeScript 5.9 reads a package.json for every file of every program (6 ms a cell).
    host.getModuleResolutionCache = () => moduleCache;
    // A package the notebook's folder lacks resolves from this package's own node_modules (what
    // its API exposes: @tensorflow/tfjs, arquero, vega-lite), for the user's files only: a
    // package's own imports resolve from where it is installed.
    const fallbackFrom = fallbackDir && join(fallbackDir, '__notebook__.ts');
    // A "*" entry of `paths` is there only so that a cell's declarations can name such a
    // package's types by its name (see typescript-host); resolution goes without it, or it
    // would come before the notebook's own node_modules.
    const { '*': _namingOnly, ...paths } = options.paths ?? {};
    const resolveOptions = { ...options, paths };
    host.resolveModuleNames = (names, containing, _reused, redirected) =>
      names.map((name) => {
        const found = ts.resolveModuleName(name, containing, resolveOptions, host, moduleCache, redirected).resolvedModule;
        if (found || !fallbackFrom || name.startsWith('.') || containing.includes('/node_modules/')) return found;
        return ts.resolveModuleName(name, fallbackFrom, resolveOptions, host, moduleCache, redirected).resolvedModule;
      });
    this.host = host;
  }

  /**
   * Takes declaration files parsed elsewhere (the compiler snapshot's) as if read here; the
   * preload does not walk them again.
   */
  adopt(files: Map<string, TS.SourceFile>): void {
    for (const [path, file] of files) {
      this.files.set(path, { file });
      this.adopted.add(path);
    }
  }

  /**
   * Parses, in the background, the typings the first cells will need (see typings-preload).
   * @param files - declaration files to parse besides the standard library and `types`.
   * @param step - runs each file's parse (the kernel marks them as its own code).
   * @param pause - waited for between files.
   * @returns the number of files parsed.
   */
  preload(files: string[], step: <T>(f: () => T) => T = (f) => f(), pause?: () => Promise<void>): Promise<number> {
    const o = this.options;
    const resolveModule = (name: string, containing: string) => this.host.resolveModuleNames!([name], containing, undefined, undefined, o)[0]?.resolvedFileName;
    return preloadTypings(this.ts, this.host, o, { libs: o.lib ?? [], types: o.types ?? [], files }, resolveModule, step, this.adopted, pause);
  }

  /**
   * The program with `declarations` (earlier cells) and `source` (the cell, without prefix).
   * The cell file's parent is set to the declarations file, so names from earlier cells
   * resolve in the cell (the scope lookup walks up through it).
   */
  update(declarations: string, source: string): { program: TS.Program; cell: TS.SourceFile; decl: TS.SourceFile } {
    clearTimeout(this.pendingRelease);
    const changed = [this.setVirtual(this.declPath, declarations), this.setVirtual(this.cellPath, CELL_PREFIX + source)].includes(true);
    // A cell run again after cells that declared nothing: the same program, unless a file of the
    // user's changed on disk.
    if (changed || !this.program || this.userFileChanged()) this.program = this.build();
    const cell = this.program.getSourceFile(this.cellPath)!;
    const decl = this.program.getSourceFile(this.declPath)!;
    (cell as { parent?: TS.Node }).parent = decl;
    return { program: this.program, cell, decl };
  }

  /**
   * Lets the last cell's type checker go once the kernel has been idle a moment: the program is
   * rebuilt as it is (all files reused), without one. The checker holds most of what a cell
   * allocates; kept through a long pause, it would be copied by every garbage collection in
   * between. Not at once: cells sent back to back each build a new program anyway, and a
   * rebuild per cell left half a MiB more garbage each, promoted to the old generation.
   */
  release(): void {
    clearTimeout(this.pendingRelease);
    this.pendingRelease = setTimeout(() => {
      if (this.program) this.program = this.build();
    }, RELEASE_AFTER_MS);
    this.pendingRelease.unref();
  }

  /** A new program on the current files, reusing what the last one parsed and resolved. */
  private build(): TS.Program {
    this.builds++;
    return this.ts.createProgram({ rootNames: [this.declPath, this.cellPath], options: this.options, host: this.host, oldProgram: this.program });
  }

  /** Sets a virtual file's text; whether it changed. */
  private setVirtual(path: string, text: string): boolean {
    const v = this.virtual.get(path);
    const current = v === undefined ? undefined : typeof v === 'string' ? v : v.text;
    if (current === text) return false;
    this.virtual.set(path, text);
    return true;
  }

  private userFileChanged(): boolean {
    for (const file of this.program!.getSourceFiles()) {
      const hit = this.files.get(file.fileName);
      if (hit?.mtimeMs !== undefined && mtime(file.fileName) !== hit.mtimeMs) return true;
    }
    return false;
  }
}

function mtime(path: string): number | undefined {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
}
