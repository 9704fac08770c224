import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ADDON = join(__dirname, '..', '..', '..', 'lib', 'backend', 'native', 'build', 'Release', 'feedbacklab_blas.node');

// The packed 8-float instructions each element-wise loop's AVX2 clone must contain: a loop that
// failed to vectorise compiles to their one-float forms (vaddss, vsqrtss, ...).
const EXPECTED: Record<string, string[]> = {
  adam_update: ['vmulps', 'vaddps', 'vdivps', 'vsqrtps'],
  momentum_update: ['vmulps', 'vaddps'],
  add_rows: ['vaddps'],
  bias_relu: ['vaddps'],
  relu_mask: ['vcmpltps', 'vandps'],
};

/** Mnemonics with a ymm operand, by function symbol, from objdump's disassembly. */
function packedByFunction(disassembly: string): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  let current: Set<string> | undefined;
  for (const line of disassembly.split('\n')) {
    const head = /^[0-9a-f]+ <([^>]+)>:$/.exec(line);
    if (head) {
      current = new Set();
      out.set(head[1], current);
    } else if (current && line.includes('%ymm')) {
      const mnemonic = line.split('\t')[1]?.trim().split(/\s+/)[0];
      if (mnemonic) current.add(mnemonic);
    }
  }
  return out;
}

describe('the native addon', () => {
  it("compiles its element-wise loops' AVX2 clones to packed ymm instructions", (ctx) => {
    const skip = (why: string) => {
      if (process.env.FEEDBACKLAB_REQUIRE_NATIVE === '1') throw new Error(why);
      console.warn(`native vectorisation check skipped: ${why}`);
      ctx.skip();
    };
    if (process.arch !== 'x64') return skip(`the AVX2 clones are built on x86-64 only; this is ${process.arch}`);
    if (!existsSync(ADDON)) return skip(`the addon is not built (${ADDON}); run npm run build:native`);
    const r = spawnSync('objdump', ['-d', '--no-show-raw-insn', ADDON], { encoding: 'utf8', maxBuffer: 64 << 20 });
    if (r.error || r.status !== 0) return skip(`objdump is not available (${r.error?.message ?? r.stderr.trim()}); Debian: apt-get install binutils`);
    const functions = packedByFunction(r.stdout);
    for (const [name, mnemonics] of Object.entries(EXPECTED)) {
      const clone = [...functions.keys()].find((k) => k.startsWith(`${name}.avx2`));
      expect(clone, `no AVX2 clone of ${name} in the addon`).toBeDefined();
      const found = functions.get(clone!)!;
      for (const m of mnemonics) expect(found.has(m), `${clone} has no packed ${m} (found: ${[...found].sort().join(' ') || 'none'})`).toBe(true);
    }
  });
});
