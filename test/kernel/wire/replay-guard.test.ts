import { describe, expect, it } from 'vitest';
import { ReplayGuard } from '../../../kernel/wire/replay-guard';

describe('ReplayGuard', () => {
  const sig = (i: number) => i.toString(16).padStart(64, '0');

  it('refuses a signature seen by another guard on the same memory', () => {
    const shell = new ReplayGuard(undefined, 8);
    const control = new ReplayGuard(shell.memory);
    expect(shell.admit(sig(1))).toBe(true);
    expect(control.admit(sig(1))).toBe(false);
    expect(control.admit(sig(2))).toBe(true);
    expect(shell.admit(sig(2))).toBe(false);
    expect(shell.admit('not hex, unsigned connections')).toBe(true);
    expect(control.admit('not hex, unsigned connections')).toBe(false);
  });

  it('forgets the oldest signatures past its capacity', () => {
    const a = new ReplayGuard(undefined, 4);
    const b = new ReplayGuard(a.memory);
    for (let i = 0; i < 6; i++) expect(a.admit(sig(i))).toBe(true);
    expect(b.admit(sig(0))).toBe(true);
    expect(b.admit(sig(5))).toBe(false);
  });
});
