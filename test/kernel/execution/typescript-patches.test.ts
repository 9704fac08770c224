import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import vm from 'node:vm';
import type * as TS from 'typescript';
import { describe, expect, it } from 'vitest';
import { KERNEL_NODE_FLAGS } from '../../../kernel/cli/install';
import { patchTypeScript, TYPESCRIPT_PATCHES } from '../../../kernel/execution/typescript-patches';

const tsFile = require.resolve('typescript');
const stockSource = readFileSync(tsFile, 'utf8');
const patchedSource = patchTypeScript(stockSource).source;

/** A TypeScript module of its own, from `source`, as load-typescript runs it. */
function load(source: string): typeof TS {
  const mod = { exports: {} as typeof TS };
  const run = new vm.Script(Module.wrap(source), { filename: tsFile }).runInThisContext() as (...a: unknown[]) => void;
  run.call(mod.exports, mod.exports, require, mod, tsFile, dirname(tsFile));
  return mod.exports;
}

// Sources whose emit goes through the substitution and emit-notification hooks: exported names
// rewritten by the CommonJS transform, enums and namespaces, decorators, class fields, `super`
// in async methods (ES2015), JSX, default imports under esModuleInterop.
const EMITTED: Record<string, string> = {
  exports: 'export let n = 1;\nexport function bump() { n++; return n; }\nn += bump();\nexport { n as m };\n',
  enums: 'export enum Color { Red, Green = 4, Blue }\nexport const enum Flag { A = 1, B = A << 1 }\nexport const f = Flag.B | Color.Blue;\nnamespace NS { export const x = 1; export namespace Inner { export const y = x + 1; } }\nexport const y = NS.Inner.y;\n',
  decorators: 'function log(t: any, k: string) {}\nfunction sealed(c: Function) {}\n@sealed export class A { @log m() {} static s = 1; #p = 2; q = this.#p; constructor(public r: number) {} }\n',
  asyncSuper: 'class B { async f() { return 1; } }\nexport class C extends B { async f() { const v = await super.f(); return v + (await Promise.resolve(super.f())); } }\nexport async function* g() { yield* [1, 2]; for await (const x of g()) break; }\n',
  jsx: 'declare const React: any;\nexport const el = <div className="a">{[1, 2].map((i) => <span key={i}>{i}</span>)}</div>;\n',
  imports: 'import fs from "fs";\nimport * as path from "path";\nexport const sep = path.sep + typeof fs.readFileSync;\nexport default class { x = 1 }\n',
};

// Code the checker answers with iteration types, or with their absence (noIterationTypes).
const CHECKED = `
for (const x of 5) {}
const [a, b] = 7;
function* gen(): Generator<number, string, boolean> { const sent: boolean = yield 1; return String(sent); }
async function* agen() { yield* gen(); for await (const y of [Promise.resolve(1)]) {} for await (const z of 3) {} }
const spread = [...gen(), ...{}];
declare const weird: { [Symbol.iterator](): { next(): number } };
for (const w of weird) {}
const r: string = gen().next(true).value;
`;

function emitAll(ts: typeof TS, target: TS.ScriptTarget): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, source] of Object.entries(EMITTED)) {
    const file = name === 'jsx' ? `/${name}.tsx` : `/${name}.ts`;
    const options: TS.CompilerOptions = { target, module: ts.ModuleKind.CommonJS, experimentalDecorators: true, esModuleInterop: true, jsx: ts.JsxEmit.React, sourceMap: true, declaration: true, useDefineForClassFields: false, noLib: true, noResolve: true };
    const host = ts.createCompilerHost(options);
    host.getSourceFile = (f, v) => (f === file ? ts.createSourceFile(f, source, v, true) : undefined);
    host.fileExists = (f) => f === file;
    ts.createProgram([file], options, host).emit(undefined, (f, data) => (out[`${name}:${f}`] = data));
  }
  return out;
}

function diagnosticsOf(ts: typeof TS): string[] {
  const options: TS.CompilerOptions = { target: ts.ScriptTarget.ES2022, lib: ['lib.es2022.d.ts'], types: [], strict: true, noEmit: true };
  const host = ts.createCompilerHost(options);
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (f, v) => (f === '/cell.ts' ? ts.createSourceFile(f, CHECKED, v, true) : read(f, v));
  const program = ts.createProgram(['/cell.ts'], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => `${d.start}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
}

/** A compiler host that resolves modules through `cache` and hands it to the program, as the kernel's does. */
function hostWith(ts: typeof TS, options: TS.CompilerOptions, cache: TS.ModuleResolutionCache): TS.CompilerHost {
  const host = ts.createCompilerHost(options);
  host.resolveModuleNames = (names, containing) => names.map((name) => ts.resolveModuleName(name, containing, options, host, cache).resolvedModule);
  host.getModuleResolutionCache = () => cache;
  return host;
}

describe('TypeScript patches', () => {
  it('all apply to the TypeScript the kernel compiles with, inside their functions only', () => {
    expect(patchTypeScript(stockSource).missed).toEqual([]);
    expect(TYPESCRIPT_PATCHES).toHaveLength(3);
    const transform = (s: string) => s.slice(s.indexOf('function transformNodes('), s.indexOf('\nvar nullTransformationContext'));
    const checkerHead = (s: string) => s.slice(s.indexOf('function createTypeChecker(host) {'), s.indexOf('  var anyIterationTypes = createIterationTypes('));
    const programHead = (s: string) => s.slice(s.indexOf('function createProgram(_rootNamesOrOptions'), s.indexOf('  function findSourceFileWorker('));
    expect(transform(stockSource)).toMatch(/get onSubstituteNode\(\)/);
    expect(transform(patchedSource)).not.toMatch(/get onSubstituteNode\(\)|set onEmitNode\(/);
    expect(checkerHead(stockSource)).toMatch(/get yieldType\(\)/);
    expect(checkerHead(patchedSource)).not.toMatch(/get yieldType\(\)/);
    expect(checkerHead(patchedSource)).toContain('var noIterationTypes = sharedNoIterationTypes;');
    expect(programHead(patchedSource)).toContain('const known = memo && memo.get(fileName);');
    // Outside the three functions (and what is put before the checker and the program), nothing moved.
    const outside = (s: string) => s.replace(transform(s), '').replace(checkerHead(s), '').replace(programHead(s), '').replace(/var sharedNoIterationTypes = \{[^]*?\n\};\n/, '').replace(/var sourceFileOptionsMemos = [^]*?\n\}\n/, '');
    expect(outside(patchedSource)).toBe(outside(stockSource));
  });

  it('leaves each part of a TypeScript that reads otherwise as it is, all or nothing', () => {
    const renamed = stockSource.replace('&& onSubstituteNode(hint, node) ||', '&& onSubstituteNode(hint, node, 0) ||');
    const r = patchTypeScript(renamed);
    expect(r.missed).toEqual(['transformation hooks']);
    expect(r.source).toContain('get onSubstituteNode()'); // none of its edits made
    expect(r.source).toContain('var noIterationTypes = sharedNoIterationTypes;'); // the other applied
    expect(patchTypeScript('var x = 1;')).toEqual({ source: 'var x = 1;', missed: TYPESCRIPT_PATCHES });
    const checkerStart = stockSource.indexOf('function createTypeChecker(host) {');
    const twice = `${stockSource}\n${stockSource.slice(checkerStart, checkerStart + 200)}`;
    expect(patchTypeScript(twice).missed).toEqual(["checker's noIterationTypes"]);
  });

  it('emits and checks what stock TypeScript does: JavaScript, declarations, source maps, diagnostics', () => {
    const stock = load(stockSource);
    const patched = load(patchedSource);
    for (const target of [stock.ScriptTarget.ES2015, stock.ScriptTarget.ES2022]) {
      const expected = emitAll(stock, target);
      expect(Object.keys(expected).length).toBe(3 * Object.keys(EMITTED).length);
      expect(emitAll(patched, target)).toEqual(expected);
    }
    const diagnostics = diagnosticsOf(stock);
    expect(diagnostics.length).toBeGreaterThanOrEqual(5);
    expect(diagnostics.join('\n')).toMatch(/Symbol\.iterator|not an array type/);
    expect(diagnosticsOf(patched)).toEqual(diagnostics);
  }, 60_000);

  it('parses each file of a program with the options stock TypeScript gives it, and a rebuilt program reuses them', () => {
    // Packages of both module formats, in node_modules where the format comes from package.json.
    const dir = mkdtempSync(join(tmpdir(), 'ts-patches-options-'));
    const pkg = (name: string, type: string) => {
      mkdirSync(join(dir, 'node_modules', name), { recursive: true });
      writeFileSync(join(dir, 'node_modules', name, 'package.json'), JSON.stringify({ name, version: '1.0.0', type, types: 'index.d.ts' }));
      writeFileSync(join(dir, 'node_modules', name, 'index.d.ts'), `export declare const ${name}: number;\n`);
    };
    pkg('esm', 'module');
    pkg('cjs', 'commonjs');
    const main = join(dir, 'main.ts');
    // As the kernel builds a cell's program: one options object, one cache, parsed files kept.
    const build = (ts: typeof TS, options: TS.CompilerOptions, cache: TS.ModuleResolutionCache, files: Map<string, TS.SourceFile | undefined>, old?: TS.Program) => {
      const host = hostWith(ts, options, cache);
      const read = host.getSourceFile.bind(host);
      host.getSourceFile = (f, v) => (files.has(f) ? files.get(f) : (files.set(f, read(f, v)), files.get(f)));
      writeFileSync(main, `import { esm } from "esm";\nimport { cjs } from "cjs";\nexport const n = esm + cjs + ${old ? 2 : 1};\n`);
      files.delete(main);
      return ts.createProgram({ rootNames: [main], options, host, oldProgram: old });
    };
    const describe = (program: TS.Program) =>
      program.getSourceFiles().map((f) => {
        const meta = f as TS.SourceFile & { packageJsonLocations?: readonly string[]; packageJsonScope?: { packageDirectory: string } };
        return { file: f.fileName.slice(dir.length), format: f.impliedNodeFormat, scope: meta.packageJsonScope?.packageDirectory.slice(dir.length), looked: meta.packageJsonLocations?.map((l) => l.slice(dir.length)) };
      });
    const run = (ts: typeof TS) => {
      const options: TS.CompilerOptions = { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, types: [], noLib: true };
      const cache = ts.createModuleResolutionCache(dir, (f) => f, options);
      const files = new Map<string, TS.SourceFile | undefined>();
      const first = build(ts, options, cache, files);
      const locations = (p: TS.Program) => p.getSourceFiles().map((f) => (f as { packageJsonLocations?: unknown }).packageJsonLocations);
      const before = locations(first);
      const second = build(ts, options, cache, files, first);
      // The two packages' files, reused: the same lookups, not new ones.
      const sameLocations = before.slice(0, 2).every((l, i) => l !== undefined && l === locations(second)[i]);
      return { first: describe(first), second: describe(second), sameLocations, diagnostics: ts.getPreEmitDiagnostics(second).map((d) => d.messageText) };
    };
    const stock = run(load(stockSource));
    const patched = run(load(patchedSource));
    expect(stock.first.map((f) => [f.file, f.format])).toEqual([
      ['/node_modules/esm/index.d.ts', 99],
      ['/node_modules/cjs/index.d.ts', 1],
      ['/main.ts', 1],
    ]);
    expect(patched.first).toEqual(stock.first);
    expect(patched.second).toEqual(stock.second);
    expect(patched.diagnostics).toEqual(stock.diagnostics);
    expect(stock.sameLocations).toBe(false); // each program looked its package.json files up again
    expect(patched.sameLocations).toBe(true);
  });

  it('reads package.json files again once the module resolution cache is cleared', () => {
    const patched = load(patchedSource);
    const dir = mkdtempSync(join(tmpdir(), 'ts-patches-clear-'));
    mkdirSync(join(dir, 'node_modules', 'flip'), { recursive: true });
    const typeIs = (type: string) => writeFileSync(join(dir, 'node_modules', 'flip', 'package.json'), JSON.stringify({ name: 'flip', type, types: 'index.d.ts' }));
    writeFileSync(join(dir, 'node_modules', 'flip', 'index.d.ts'), 'export declare const flip: number;\n');
    writeFileSync(join(dir, 'main.ts'), 'import { flip } from "flip";\nexport const n = flip;\n');
    const options: TS.CompilerOptions = { module: patched.ModuleKind.NodeNext, moduleResolution: patched.ModuleResolutionKind.NodeNext, types: [], noLib: true };
    const cache = patched.createModuleResolutionCache(dir, (f) => f, options);
    const formatOfFlip = () => {
      const host = hostWith(patched, options, cache);
      return patched.createProgram({ rootNames: [join(dir, 'main.ts')], options, host }).getSourceFiles().find((f) => f.fileName.includes('flip'))?.impliedNodeFormat;
    };
    typeIs('module');
    expect(formatOfFlip()).toBe(patched.ModuleKind.ESNext);
    typeIs('commonjs');
    expect(formatOfFlip()).toBe(patched.ModuleKind.ESNext); // as stock TypeScript: the cache still holds it
    cache.clear();
    expect(formatOfFlip()).toBe(patched.ModuleKind.CommonJS);
  });

  it('lets the young generation collect an emit and a checker: scavenges promote a small part of what stock TypeScript leaves', () => {
    // In a process of its own, under V8's GC trace: bytes promoted by scavenges while the same
    // file is emitted 1,500 times, then while 150 cells are each checked in a new program, by
    // stock TypeScript and by the patched one.
    const dir = mkdtempSync(join(tmpdir(), 'ts-patches-gc-'));
    const patchedFile = join(dir, 'typescript-patched.js');
    writeFileSync(patchedFile, patchedSource);
    const script = join(dir, 'gc.js');
    writeFileSync(script, `
      for (const [label, file] of [['stock', ${JSON.stringify(tsFile)}], ['patched', ${JSON.stringify(patchedFile)}]]) {
        const ts = require(file);
        const options = { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, sourceMap: true, lib: ['lib.es2022.d.ts'], types: [], skipLibCheck: true };
        const host = ts.createCompilerHost(options);
        const read = host.getSourceFile.bind(host);
        const libs = new Map();
        let cell = '';
        host.getSourceFile = (f, v) => f === '/cell.ts' ? ts.createSourceFile(f, cell, v, true) : libs.get(f) ?? (libs.set(f, read(f, v)), libs.get(f));
        let program;
        const check = (i) => { cell = 'export {};\\nconst a' + i + ' = [1, 2].map((x) => x + ' + i + ');\\na' + i + '.length'; program = ts.createProgram({ rootNames: ['/cell.ts'], options, host, oldProgram: program }); program.getSemanticDiagnostics(program.getSourceFile('/cell.ts')); };
        for (let i = 0; i < 30; i++) check(i);
        const emitted = program.getSourceFile('/cell.ts');
        for (let i = 0; i < 200; i++) program.emit(emitted, () => {});
        console.log('START emit ' + label);
        for (let i = 0; i < 1500; i++) program.emit(emitted, () => {});
        console.log('END emit ' + label);
        console.log('START check ' + label);
        for (let i = 0; i < 150; i++) check(100 + i);
        console.log('END check ' + label);
      }`);
    // The kernel's flags, with a small young generation for more scavenges to count.
    const r = spawnSync(process.execPath, [...KERNEL_NODE_FLAGS, '--max-semi-space-size=1', '--trace-gc-nvp', script], { encoding: 'utf8', maxBuffer: 64 << 20 });
    expect(r.status, r.stderr).toBe(0);
    const promoted = (what: string) => {
      const section = r.stdout.slice(r.stdout.indexOf(`START ${what}`), r.stdout.indexOf(`END ${what}`));
      const scavenges = section.split('\n').filter((l) => l.includes('gc=s '));
      expect(scavenges.length, `no scavenge traced for ${what}: V8's --trace-gc-nvp format changed?`).toBeGreaterThan(5);
      return scavenges.reduce((sum, l) => sum + Number(/ promoted=(\d+)/.exec(l)?.[1] ?? NaN), 0);
    };
    const figures = { emit: [promoted('emit stock') / 1500, promoted('emit patched') / 1500], check: [promoted('check stock') / 150, promoted('check patched') / 150] };
    // Bytes per emit and per checked cell when written: 45-50 KB → 1.5 KB and 460 KB → 240 KB (the
    // rest of a checked cell's is what the program itself keeps for a few cells).
    expect(figures.emit[0], JSON.stringify(figures)).toBeGreaterThan(5_000);
    expect(figures.emit[1], JSON.stringify(figures)).toBeLessThan(figures.emit[0] / 10);
    expect(figures.check[0], JSON.stringify(figures)).toBeGreaterThan(200_000);
    expect(figures.check[1], JSON.stringify(figures)).toBeLessThan(figures.check[0] / 1.5);
  }, 60_000);
});
