import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { backendFromEnv, selectBackend } from '../../../lib/backend/select-backend';
import { ConfigError } from '../../../lib/errors';
import { BACKEND_ORDER } from '../../../lib/backend/backend-report';

describe('selectBackend', () => {
  it('picks the first backend that starts and explains every skipped better one', async () => {
    const report = await selectBackend();
    expect(BACKEND_ORDER).toContain(report.backend);
    expect(tf.getBackend()).toBe(report.tfBackend);
    const rank = BACKEND_ORDER.indexOf(report.backend);
    expect(report.skipped.map((s) => s.backend)).toEqual(BACKEND_ORDER.slice(0, rank));
    for (const s of report.skipped) expect(s.reason.length).toBeGreaterThan(10);
    expect(report.forced).toBe(false);
    expect(String(report)).toContain(`backend ${report.backend}`);
  });

  it('honours a forced backend and marks it forced', async () => {
    const report = await selectBackend({ backend: 'cpu' });
    expect(report.backend).toBe('cpu');
    expect(report.forced).toBe(true);
    expect(tf.getBackend()).toBe('cpu');
    expect(report.skipped).toEqual([]);
  });

  it('fails with the reason when a forced backend cannot start', async () => {
    let installed = true;
    try {
      require.resolve('@tensorflow/tfjs-node-gpu');
    } catch {
      installed = false;
    }
    if (installed) return; // a machine with tfjs-node-gpu: nothing to check here
    await expect(selectBackend({ backend: 'tensorflow-gpu' })).rejects.toThrow(/forced backend "tensorflow-gpu" cannot start: .+/);
  });

  it('rejects unknown names and lists the allowed ones', async () => {
    await expect(selectBackend({ backend: 'tpu' as never })).rejects.toThrow(ConfigError);
    expect(() => backendFromEnv({ FEEDBACKLAB_BACKEND: 'gpu' })).toThrow(/expected one of "tensorflow-gpu", "webgpu", "tensorflow", "wasm", "cpu"/);
    expect(backendFromEnv({ FEEDBACKLAB_BACKEND: 'wasm' })).toBe('wasm');
    expect(backendFromEnv({})).toBeUndefined();
  });

  it('shows as HTML and text in a notebook', async () => {
    const report = await selectBackend();
    const bundle = report[Symbol.for('Jupyter.display') as never as keyof typeof report] as unknown as () => Record<string, string>;
    const b = bundle.call(report);
    expect(b['text/html']).toContain(report.backend);
    expect(b['text/plain']).toContain(report.device);
  });
});
