import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import vm from 'node:vm';
import type * as TS from 'typescript';
import { describe, expect, it } from 'vitest';
import { patchTransformHooks } from '../../../kernel/execution/transform-hooks-patch';

const tsFile = require.resolve('typescript');
const stockSource = readFileSync(tsFile, 'utf8');

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
const SOURCES: Record<string, string> = {
  exports: 'export let n = 1;\nexport function bump() { n++; return n; }\nn += bump();\nexport { n as m };\n',
  enums: 'export enum Color { Red, Green = 4, Blue }\nexport const enum Flag { A = 1, B = A << 1 }\nexport const f = Flag.B | Color.Blue;\nnamespace NS { export const x = 1; export namespace Inner { export const y = x + 1; } }\nexport const y = NS.Inner.y;\n',
  decorators: 'function log(t: any, k: string) {}\nfunction sealed(c: Function) {}\n@sealed export class A { @log m() {} static s = 1; #p = 2; q = this.#p; constructor(public r: number) {} }\n',
  asyncSuper: 'class B { async f() { return 1; } }\nexport class C extends B { async f() { const v = await super.f(); return v + (await Promise.resolve(super.f())); } }\nexport async function* g() { yield* [1, 2]; for await (const x of g()) break; }\n',
  jsx: 'declare const React: any;\nexport const el = <div className="a">{[1, 2].map((i) => <span key={i}>{i}</span>)}</div>;\n',
  imports: 'import fs from "fs";\nimport * as path from "path";\nexport const sep = path.sep + typeof fs.readFileSync;\nexport default class { x = 1 }\n',
};

function emitAll(ts: typeof TS, target: TS.ScriptTarget): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, source] of Object.entries(SOURCES)) {
    const file = name === 'jsx' ? `/${name}.tsx` : `/${name}.ts`;
    const options: TS.CompilerOptions = { target, module: ts.ModuleKind.CommonJS, experimentalDecorators: true, esModuleInterop: true, jsx: ts.JsxEmit.React, sourceMap: true, declaration: true, useDefineForClassFields: false, noLib: true, noResolve: true };
    const host = ts.createCompilerHost(options);
    host.getSourceFile = (f, v) => (f === file ? ts.createSourceFile(f, source, v, true) : undefined);
    host.fileExists = (f) => f === file;
    const program = ts.createProgram([file], options, host);
    program.emit(undefined, (f, data) => (out[`${name}:${f}`] = data));
  }
  return out;
}

describe('transform hooks patch', () => {
  it('applies to the TypeScript the kernel compiles with, inside transformNodes only', () => {
    const { source, patched } = patchTransformHooks(stockSource);
    expect(patched).toBe(true);
    const start = stockSource.indexOf('function transformNodes(');
    expect(source.slice(0, start)).toBe(stockSource.slice(0, start));
    const end = stockSource.indexOf('\nvar nullTransformationContext');
    expect(source.slice(source.length - (stockSource.length - end))).toBe(stockSource.slice(end));
    const body = source.slice(start, source.length - (stockSource.length - end));
    expect(body).not.toMatch(/get onSubstituteNode\(\)|set onEmitNode\(/);
    expect(body).toContain('onSubstituteNode: noEmitSubstitution,');
  });

  it('leaves a TypeScript that reads otherwise as it is, all or nothing', () => {
    const renamed = stockSource.replace('&& onSubstituteNode(hint, node) ||', '&& onSubstituteNode(hint, node, 0) ||');
    expect(patchTransformHooks(renamed)).toEqual({ source: renamed, patched: false });
    expect(patchTransformHooks('var x = 1;')).toEqual({ source: 'var x = 1;', patched: false });
    const twice = `${stockSource}\n${stockSource.slice(stockSource.indexOf('function transformNodes('))}`;
    expect(patchTransformHooks(twice).patched).toBe(false);
  });

  it('emits what stock TypeScript emits, JavaScript, declarations and source maps', () => {
    const stock = load(stockSource);
    const patched = load(patchTransformHooks(stockSource).source);
    for (const target of [stock.ScriptTarget.ES2015, stock.ScriptTarget.ES2022]) {
      const expected = emitAll(stock, target);
      expect(Object.keys(expected).length).toBe(3 * Object.keys(SOURCES).length);
      expect(emitAll(patched, target)).toEqual(expected);
    }
  }, 60_000);

  it('lets the young generation collect an emit: a scavenge promotes a small part of what stock TypeScript leaves', () => {
    // In a process of its own, under V8's GC trace: bytes promoted by scavenges while the same
    // file is emitted 1,500 times, by stock TypeScript and then by the patched one.
    const dir = mkdtempSync(join(tmpdir(), 'hooks-gc-'));
    const patchedFile = join(dir, 'typescript-patched.js');
    writeFileSync(patchedFile, patchTransformHooks(stockSource).source);
    const script = join(dir, 'emit.js');
    writeFileSync(script, `
      for (const [label, file] of [['stock', ${JSON.stringify(tsFile)}], ['patched', ${JSON.stringify(patchedFile)}]]) {
        const ts = require(file);
        const options = { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, sourceMap: true, noLib: true, noResolve: true };
        const host = ts.createCompilerHost(options);
        const cell = ts.createSourceFile('/cell.ts', 'export {};\\nconst a = [1, 2].map((x) => x + 1);\\na.length', ts.ScriptTarget.ES2022, true);
        host.getSourceFile = (f) => (f === '/cell.ts' ? cell : undefined);
        host.fileExists = (f) => f === '/cell.ts';
        const program = ts.createProgram(['/cell.ts'], options, host);
        for (let i = 0; i < 200; i++) program.emit(cell, () => {});
        console.log('START ' + label);
        for (let i = 0; i < 1500; i++) program.emit(cell, () => {});
        console.log('END ' + label);
      }`);
    const r = spawnSync(process.execPath, ['--max-semi-space-size=1', '--trace-gc-nvp', script], { encoding: 'utf8', maxBuffer: 64 << 20 });
    expect(r.status, r.stderr).toBe(0);
    const promoted = (label: string) => {
      const section = r.stdout.slice(r.stdout.indexOf(`START ${label}`), r.stdout.indexOf(`END ${label}`));
      const scavenges = section.split('\n').filter((l) => l.includes('gc=s '));
      expect(scavenges.length, `no scavenge traced for ${label}: V8's --trace-gc-nvp format changed?`).toBeGreaterThan(5);
      return scavenges.reduce((sum, l) => sum + Number(/ promoted=(\d+)/.exec(l)?.[1] ?? NaN), 0);
    };
    const stock = promoted('stock');
    const patched = promoted('patched');
    console.log("promoted per emit", stock / 1500, patched / 1500);
    // Bytes per emit, 45 KB and 1.6 KB when written: stock TypeScript's was the kernel's tail.
    expect(stock / 1500).toBeGreaterThan(5_000);
    expect(patched).toBeLessThan(stock / 10);
  }, 60_000);
});
