import { describe, expect, it } from 'vitest';
import { watchParent } from '../../../kernel/protocol/parent-watch';

// The watch ending a kernel whose client was killed is test_parent_exit.py (real processes);
// here, when it must not start at all.
describe('watchParent', () => {
  const never = () => {
    throw new Error('called');
  };

  it('watches only the parent that JPY_PARENT_PID names', () => {
    const timer = watchParent(never, { JPY_PARENT_PID: String(process.ppid) });
    expect(timer).toBeDefined();
    clearInterval(timer);
  });

  it('does nothing without JPY_PARENT_PID, with a malformed one, or one naming another process (a wrapper between)', () => {
    for (const env of [{}, { JPY_PARENT_PID: 'abc' }, { JPY_PARENT_PID: '0' }, { JPY_PARENT_PID: String(process.ppid + 1) }]) expect(watchParent(never, env)).toBeUndefined();
  });
});
