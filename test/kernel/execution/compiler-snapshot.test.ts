import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCompilerSnapshot, fileIdentity, parseKey, stampOf, usableSnapshotFiles, type CompilerSnapshot } from '../../../kernel/execution/compiler-snapshot';
import { typescript } from '../../../kernel/execution/typescript-host';
import { TYPESCRIPT_PATCHES } from '../../../kernel/execution/typescript-patches';

const ts = typescript();
const options = { lib: ['lib.es5.d.ts'], types: [], target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10, skipLibCheck: true, noEmit: true };

function folderWith(text: string) {
  const dir = mkdtempSync(join(tmpdir(), 'compiler-snapshot-'));
  const extra = join(dir, 'extra.d.ts');
  writeFileSync(extra, text);
  return { dir, extra };
}

describe('compiler snapshot', () => {
  it('holds TypeScript and its files parsed and bound, readable by a process started from it', () => {
    const { dir, extra } = folderWith('declare const fromSnapshot: number;\n');
    const blob = join(dir, 'compiler.blob');
    const built = buildCompilerSnapshot({ tsFile: require.resolve('typescript'), options, roots: [extra], cwd: dir }, blob, []);
    expect(built).toEqual({ files: expect.any(Number) });
    expect(readdirSync(dir).sort()).toEqual(['compiler.blob', 'compiler.blob.stamp', 'extra.d.ts']); // no entry or temp file left
    expect(spawnSync('cat', [stampOf(blob)], { encoding: 'utf8' }).stdout).toBe(`${fileIdentity(process.execPath)}\n${fileIdentity(blob)}\n`);
    // What the kernelspec's launcher compares the stamp with.
    expect(spawnSync('stat', ['-Lc', '%s:%Y:%i', process.execPath, blob], { encoding: 'utf8' }).stdout).toBe(`${fileIdentity(process.execPath)}\n${fileIdentity(blob)}\n`);
    const probe = `const s = globalThis.__feedbacklabCompilerSnapshot;
      const f = s.files.get(${JSON.stringify(extra)});
      console.log(JSON.stringify({ version: s.ts.version, files: s.files.size, es5: [...s.files.keys()].some((k) => k.endsWith('lib.es5.d.ts')), bound: f.file.locals?.has('fromSnapshot') ?? false, key: s.parseKey, patchesApplied: s.typescriptPatchesApplied }));`;
    const r = spawnSync(process.execPath, ['--snapshot-blob', blob, '-e', probe], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ version: ts.version, files: (built as { files: number }).files, es5: true, bound: true, key: parseKey(options), patchesApplied: TYPESCRIPT_PATCHES });
  }, 60_000);

  it('says why when it cannot be built, and leaves nothing behind', () => {
    const { dir, extra } = folderWith('declare const x: number;\n');
    const blob = join(dir, 'compiler.blob');
    const built = buildCompilerSnapshot({ tsFile: require.resolve('typescript'), options, roots: [extra], cwd: dir }, blob, ['--no-such-v8-flag-here']);
    expect(built).toEqual({ error: expect.stringMatching(/could not be built: .*no-such-v8-flag-here/) });
    expect(readdirSync(dir)).toEqual(['extra.d.ts']);
  });

  it('gives back only the files unchanged since the build, and none under other parse options', () => {
    const { extra } = folderWith('declare const a: number;\n');
    const gone = join(folderWith('').dir, 'gone.d.ts');
    const st = statSync(extra);
    const file = ts.createSourceFile(extra, 'declare const a: number;\n', ts.ScriptTarget.ES2022);
    const snapshot: CompilerSnapshot = { ts, tsFile: '', tsVersion: ts.version, parseKey: parseKey(options), files: new Map([[extra, { file, size: st.size, mtimeMs: st.mtimeMs }], [gone, { file, size: 1, mtimeMs: 1 }]]) };
    expect(usableSnapshotFiles(snapshot, options)).toEqual({ files: new Map([[extra, file]]), stale: 1 });
    expect(usableSnapshotFiles(snapshot, { ...options, moduleDetection: ts.ModuleDetectionKind.Force }).files.size).toBe(0);
    utimesSync(extra, st.atime, new Date(st.mtimeMs + 5000)); // edited after the build
    expect(usableSnapshotFiles(snapshot, options)).toEqual({ files: new Map(), stale: 2 });
    expect(existsSync(extra)).toBe(true);
  });
});
