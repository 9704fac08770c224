import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { installKernelSpec, LOGO_FILES } from '../../../kernel/cli/install';

// Lab's launcher and its About-the-kernel dialog show the kernelspec's logo-64x64.png (a broken
// image without one); lab-check.mjs checks them in a browser, this test without one.
describe('installKernelSpec logos', () => {
  const prefix = mkdtempSync(join(tmpdir(), 'fbl-logo-'));
  afterAll(() => rmSync(prefix, { recursive: true, force: true }));

  it('writes logo-32x32.png and logo-64x64.png next to kernel.json, PNGs of those sizes', () => {
    const dir = installKernelSpec({ kind: 'prefix', dir: prefix });
    expect(dir).toBe(join(prefix, 'share', 'jupyter', 'kernels', 'feedbacklab'));
    expect(LOGO_FILES).toEqual(['logo-32x32.png', 'logo-64x64.png']);
    for (const [name, size] of [['logo-32x32.png', 32], ['logo-64x64.png', 64]] as const) {
      const png = readFileSync(join(dir, name));
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
      // IHDR: width and height, big-endian, at bytes 16 and 20.
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([size, size]);
    }
  });
});
