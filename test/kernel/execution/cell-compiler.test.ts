import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Executor } from '../../../kernel/execution/executor';
import { createTypeScriptHost, type TypeScriptHost } from '../../../kernel/execution/typescript-host';
import { collectGarbage } from '../../../kernel/execution/collect-garbage';

// Cells run through the real compiler and executor, in a notebook folder of their own.
const dir = mkdtempSync(join(tmpdir(), 'cells-'));
writeFileSync(join(dir, 'helper.ts'), 'export function helper(n: number): number { return n * 3 }\n');
let host: TypeScriptHost | undefined;
const ex = new Executor(() => (host ??= createTypeScriptHost(dir)), dir);
let count = 0;
const run = (code: string) => ex.execute(code, `In[${++count}]`);
const value = async (code: string) => {
  const r = await run(code);
  if (r.status !== 'ok') throw new Error(`${code}: ${r.evalue}`);
  return r.value;
};

describe('cell compiler', () => {
  it('reads and writes names of earlier cells, also in shorthand properties', async () => {
    await value('const x = 1\nlet total = 0\nconst __hidden = 7');
    expect(await value('JSON.stringify({ x, y: x + 1 })')).toBe('{"x":1,"y":2}');
    expect(await value('total += 5; total')).toBe(5);
    expect(await value('total')).toBe(5);
    expect(await value('__hidden * 2')).toBe(14);
  });

  it('lets functions see a later cell assign their cell\'s let and var bindings', async () => {
    expect(await value('let rate = 0.01\nvar [lo, hi] = [1, 2]\nfunction step() { return rate * (lo + hi) }\nstep()')).toBeCloseTo(0.03);
    await value('rate = 0.5; hi = 3');
    expect(await value('step()')).toBe(2);
    expect(await value('let n = 1\nfunction bump() { n++ }\nbump(); n')).toBe(2);
    expect(await value('n = 10; bump(); n')).toBe(11);
  });

  it('takes cells that export names themselves', async () => {
    expect(await value('export const exported = 4\nexport function twice(n: number) { return 2 * n }\ntwice(exported)')).toBe(8);
    expect(await value('twice(exported) + 1')).toBe(9);
  });

  it('shows the last expression even when type declarations follow it', async () => {
    expect(await value('6 * 7\ninterface Later { a: number }')).toBe(42);
    expect(await run('const quiet = 1')).toEqual({ status: 'ok', hasValue: false });
  });

  it('awaits at top level', async () => {
    expect(await value('const w = await new Promise<number>((r) => setTimeout(() => r(5), 5))\nw + 1')).toBe(6);
    // A parenthesised operand, which TypeScript does not report as a top-level await.
    expect(await value('const p = await (Promise.resolve(2))\np * 10')).toBe(20);
    expect(await value('await (new Promise((r) => setTimeout(r, 5)))\n"after"')).toBe('after');
    expect(await value('let sum = 0\nfor await (const v of [Promise.resolve(3), 4]) sum += v\nsum')).toBe(7);
    // An await inside a function does not make the cell async: its value is the promise.
    expect(await value('async function later() { return await (Promise.resolve(1)) }\ntypeof later')).toBe('function');
  });

  it('replaces a redeclared type and keeps the names of an import that were not redeclared', async () => {
    await value('interface Box { a: number }\nconst box: Box = { a: 3 }');
    await value('interface Box { b: string }\nconst other: Box = { b: "z" }');
    const r = await run('box.a');
    expect(r).toMatchObject({ status: 'error', ename: 'TypeScriptError' });
    if (r.status === 'error') expect(r.evalue).toMatch(/Property 'a' does not exist on type 'Box'/);
    await value('import { basename, dirname } from "node:path"');
    expect(await value('const basename = 5; basename')).toBe(5);
    expect(await value('dirname("/a/b")')).toBe('/a');
  });

  it('keeps a value whose type only was redeclared', async () => {
    await value('class Point { constructor(public x: number) {} }');
    await value('type Point = { y: number }\nconst p: Point = { y: 2 }');
    expect(await value('p.y')).toBe(2);
    expect(await value('typeof Point')).toBe('function');
  });

  it('compiles local modules again when they change', async () => {
    expect(await value('import { helper } from "./helper"\nhelper(2)')).toBe(6);
    writeFileSync(join(dir, 'helper.ts'), 'export function helper(n: number): number { return n * 4 }\n');
    expect(await value('import { helper } from "./helper"\nhelper(2)')).toBe(8);
    // The same cell, which declares nothing, after its module changed on disk.
    writeFileSync(join(dir, 'scale.ts'), 'export const scale = (n: number): number => n * 10\n');
    expect(await value('(await import("./scale")).scale(5)')).toBe(50);
    writeFileSync(join(dir, 'scale.ts'), 'export const scale = (n: number): string => `${n}!`\n');
    expect(await value('(await import("./scale")).scale(5)')).toBe('5!');
    writeFileSync(join(dir, 'broken.ts'), 'export const n: number = "text"\n');
    const r = await run('import { n } from "./broken"\nn');
    expect(r).toMatchObject({ status: 'error', ename: 'TypeScriptError' });
    if (r.status === 'error') expect(r.evalue).toMatch(/^broken\.ts:1:14 - Type 'string' is not assignable to type 'number'/);
  });
});

describe('a cell run again', () => {
  it('on the same program is not emitted again; a changed cell or one after new declarations is', () => {
    const compiler = (host ??= createTypeScriptHost(dir)).compiler;
    const program = () => (compiler as unknown as { program: { program: { emit: (...a: unknown[]) => unknown } } }).program.program;
    const first = compiler.convert('', 'Math.max(3, 4)');
    let emits = 0;
    const p = program();
    const emit = p.emit.bind(p);
    p.emit = (...a: unknown[]) => (emits++, emit(...a));
    expect(compiler.convert('', 'Math.max(3, 4)')).toEqual(first);
    expect(emits).toBe(0);
    expect(program()).toBe(p);
    expect(compiler.convert('', 'Math.max(3, 5)').output).toContain('Math.max(3, 5)');
    expect(compiler.convert('declare const k: number;', 'Math.max(3, 4)').output).toContain('Math.max(3, 4)');
    const typeError = compiler.convert('declare const k: string;', 'Math.max(k, 4)');
    expect(typeError.diagnostics.map((d) => d.code)).toEqual([2345]);
    expect(compiler.convert('declare const k: string;', 'Math.max(k, 4)').diagnostics).toEqual(typeError.diagnostics);
  });
});

describe('type checker lifetime', () => {
  it('lets the last cell\'s checker go once the kernel has been idle a moment, not between back-to-back cells', async () => {
    const compiler = (host ??= createTypeScriptHost(dir)).compiler;
    const program = () => (compiler as unknown as { program: { program: { getTypeChecker(): object } } }).program.program;
    compiler.convert('', 'const a = 1');
    const first = new WeakRef(program().getTypeChecker());
    compiler.convert('', 'const b = 2'); // at once: a new program, no rebuild in between
    const held = new WeakRef(program().getTypeChecker());
    expect(held.deref()).not.toBe(first.deref());
    await new Promise((r) => setTimeout(r, 50));
    collectGarbage();
    expect(held.deref()).toBeDefined(); // not yet: the next cell may come at once
    await new Promise((r) => setTimeout(r, 300));
    collectGarbage();
    expect(held.deref()).toBeUndefined();
  });
});
