import { mkdtempSync, readFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { installKernelSpec, KERNEL_NODE_FLAGS, v8PoolSize } from '../../../kernel/cli/install';

describe('kernel process flags', () => {
  it("sizes V8's thread pool to leave the main thread a core, at most Node.js's 4", () => {
    expect([1, 2, 3, 4, 5, 16, 128].map((cores) => v8PoolSize(cores))).toEqual([1, 1, 2, 3, 4, 4, 4]);
  });

  it("puts the pool size and V8's flags on both of the launcher's starts", () => {
    const dir = installKernelSpec({ kind: 'prefix', dir: mkdtempSync(join(tmpdir(), 'install-flags-')) });
    const spec = JSON.parse(readFileSync(join(dir, 'kernel.json'), 'utf8')) as { argv: string[] };
    const flags = [`--v8-pool-size=${v8PoolSize(availableParallelism())}`, ...KERNEL_NODE_FLAGS].join(' ');
    const starts = spec.argv[2].split('\n').filter((l) => l.includes('exec "$n"'));
    expect(starts).toHaveLength(2);
    for (const start of starts) expect(start).toContain(`${flags} "$k" kernel`);
    expect(starts[0]).toContain('--snapshot-blob "$b"');
  });
});
