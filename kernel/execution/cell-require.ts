import Module, { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import { LIB_ENTRY, PACKAGE_ROOT } from './typescript-host';

/** JavaScript compiled from local .ts files a cell imports, by absolute path. */
export type SideOutputs = Map<string, string>;

/**
 * The `require` cells use: resolves from the notebook's folder, maps "feedbacklab" to this
 * package's library, and loads local .ts modules from their compiled side outputs.
 */
export function cellRequire(cwd: string, sideOutputs: SideOutputs): NodeJS.Require {
  const loaded = new Map<string, { code: string; mod: Module }>();
  const wrap = (base: NodeJS.Require, dir: string): NodeJS.Require => {
    const local = (id: string): unknown => {
      let file = join(dir, id);
      if (extname(file) === '') file += '.js';
      const code = sideOutputs.get(file);
      if (code === undefined) return undefined;
      const hit = loaded.get(file);
      if (hit && hit.code === code) return hit.mod.exports;
      const mod = new Module(file, module) as Module & { _compile(code: string, file: string): void };
      mod.filename = file;
      mod.paths = (Module as unknown as { _nodeModulePaths(d: string): string[] })._nodeModulePaths(dirname(file));
      mod.require = wrap(createRequire(file), dirname(file));
      loaded.set(file, { code, mod });
      mod._compile(code, file);
      return mod.exports;
    };
    const req = ((id: string) => {
      if (id === 'feedbacklab') return require(LIB_ENTRY);
      if (id.startsWith('.')) {
        const m = local(id);
        if (m !== undefined) return m;
      }
      return base(id);
    }) as NodeJS.Require;
    return Object.assign(req, { resolve: base.resolve, cache: base.cache, main: base.main, extensions: base.extensions });
  };
  // The notebook's own node_modules first; this package's for what the notebook's folder lacks.
  const fromNotebook = createRequire(join(cwd, '__cell__.js'));
  const fromPackage = createRequire(join(PACKAGE_ROOT, '__notebook__.js'));
  const resolveEither = ((id: string, options?: { paths?: string[] }) => {
    try {
      return fromNotebook.resolve(id, options);
    } catch (e) {
      if (id.startsWith('.') || options?.paths) throw e;
      try {
        return fromPackage.resolve(id);
      } catch {
        throw e; // the user's error names the notebook's folder, not ours
      }
    }
  }) as NodeJS.RequireResolve;
  resolveEither.paths = fromNotebook.resolve.paths;
  const withFallback = Object.assign((id: string): unknown => fromNotebook(resolveEither(id)), { resolve: resolveEither, cache: fromNotebook.cache, main: fromNotebook.main, extensions: fromNotebook.extensions }) as NodeJS.Require;
  return wrap(withFallback, cwd);
}
