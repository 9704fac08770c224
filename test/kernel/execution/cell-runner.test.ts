import { readdirSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { cellRunner } from '../../../kernel/execution/cell-runner';
import { KERNEL_ADDON_PATH, loadKernelAddon } from '../../../kernel/execution/kernel-addon';

const loaded = loadKernelAddon();
// A thread like the side-channel worker: it loads the addon itself and interrupts on request.
const interrupter = new Worker(
  `const addon = require(${JSON.stringify(KERNEL_ADDON_PATH)});
   const { parentPort } = require('node:worker_threads');
   parentPort.on('message', (afterMs) => setTimeout(() => parentPort.postMessage(addon.interrupt()), afterMs));`,
  { eval: true },
);
const interruptIn = (afterMs: number) => new Promise<boolean>((resolve) => {
  interrupter.once('message', resolve);
  interrupter.postMessage(afterMs);
});
afterAll(() => interrupter.terminate());

describe('the cell runner of the kernel addon', () => {
  it('is built (npm ci builds it; without it cells fall back to a signal)', () => {
    expect(loaded.reason).toBeUndefined();
  });
  const runner = cellRunner(loaded.addon);

  it('is stopped from another thread, as an ordinary error, and this thread goes on', async () => {
    expect(runner.stoppedBy).toBe('addon');
    const answer = interruptIn(100);
    const t0 = Date.now();
    let error: unknown;
    try {
      runner.run('let i = 0\nwhile (true) { i++ }', 'In[1]');
    } catch (e) {
      error = e;
    }
    expect((error as { code?: string }).code).toBe('ERR_SCRIPT_EXECUTION_INTERRUPTED');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(90);
    expect(await answer).toBe(true);
    // No termination left over for the kernel's own code.
    let sum = 0;
    for (let i = 0; i < 1e6; i++) sum += i;
    expect(sum).toBe(499999500000);
    expect(runner.run('6 * 7', 'In[2]')).toBe(42);
  });

  it('says when nothing runs, and such an interrupt reaches no later cell', async () => {
    expect(await interruptIn(0)).toBe(false);
    expect(runner.run('let n = 0\nfor (let i = 0; i < 1e6; i++) n++\nn', 'In[3]')).toBe(1e6);
  });

  it("passes the cell's own errors through, with its frames named", () => {
    let error: Error | undefined;
    try {
      runner.run('(function boom() { throw new RangeError("mine") })()', 'In[4]');
    } catch (e) {
      error = e as Error;
    }
    expect(error).toBeInstanceOf(RangeError);
    expect(error?.stack).toContain('at boom (In[4]:1:26)');
  });

  it('starts no thread per cell (vm breakOnSigint starts and joins a watchdog each time)', () => {
    const threads = () => readdirSync('/proc/self/task').length;
    (globalThis as { threads?: () => number }).threads = threads;
    const before = threads();
    expect(runner.run('threads()', 'In[5]')).toBe(before);
    expect(cellRunner().run('threads()', 'In[6]')).toBe(before + 1);
  });
});
