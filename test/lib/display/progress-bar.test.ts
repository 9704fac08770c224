import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { installSink } from '../../../lib/display/display-sink';
import type { MimeBundle } from '../../../lib/display/mime-bundle';
import { progressBar } from '../../../lib/display/progress-bar';
import { etaMs, formatDuration, progressHtml, progressText, type ProgressState } from '../../../lib/display/progress-render';
import { ConfigError } from '../../../lib/errors';

/** A real writable stream that keeps what is written; `isTTY` as a terminal would set it. */
function sink(isTTY: boolean): Writable & { isTTY: boolean; writes: string[] } {
  const writes: string[] = [];
  const stream = new Writable({ write(chunk, _enc, cb) { writes.push(String(chunk)); cb(); } }) as Writable & { isTTY: boolean; writes: string[] };
  stream.isTTY = isTTY;
  stream.writes = writes;
  return stream;
}

/** A clock the test moves by hand. */
function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

const state = (over: Partial<ProgressState>): ProgressState => ({ label: 'fit', total: 10, done: 0, running: 0, failed: 0, stopped: 0, elapsedMs: 0, ...over });

describe('progressText', () => {
  it('shows the bar, percentage, counts that are non-zero, elapsed time and ETA', () => {
    expect(progressText(state({ done: 5, running: 2, elapsedMs: 3100 }), 10)).toBe('fit [█████░░░░░]  50% 5/10 done · 2 running · 3.1s elapsed · ETA 3.1s');
    expect(progressText(state({ done: 2, failed: 1, stopped: 1, elapsedMs: 4000, message: 'loss 0.5' }), 10)).toBe(
      'fit [████░░░░░░]  40% 2/10 done · 1 failed · 1 stopped · 4.0s elapsed · ETA 6.0s · loss 0.5',
    );
    expect(progressText(state({ done: 10, elapsedMs: 75_000 }), 4)).toBe('fit [████] 100% 10/10 done · 1m 15s elapsed');
  });
});

describe('etaMs', () => {
  it('is the average pace so far times the items left, and undefined before the first or after the last', () => {
    expect(etaMs(state({ done: 0, elapsedMs: 5000 }))).toBeUndefined();
    expect(etaMs(state({ done: 4, elapsedMs: 2000 }))).toBe(3000);
    // failed and stopped items are finished too: they count for the pace
    expect(etaMs(state({ done: 1, failed: 1, stopped: 2, elapsedMs: 4000 }))).toBe(6000);
    expect(etaMs(state({ done: 10, elapsedMs: 5000 }))).toBeUndefined();
  });

  it('formats durations from tenths of seconds to hours', () => {
    expect([400, 12_300, 185_000, 7_440_000].map(formatDuration)).toEqual(['0.4s', '12s', '3m 05s', '2h 04m']);
  });
});

describe('progressHtml', () => {
  it('draws done, failed and stopped as coloured shares of the bar and escapes the label', () => {
    const html = progressHtml(state({ label: 'a<b', done: 5, failed: 2, stopped: 1, running: 1, elapsedMs: 1000 }));
    expect(html).toContain('a&lt;b');
    expect(html).toMatch(/title="done" style="width:50\.00%/);
    expect(html).toMatch(/title="failed" style="width:20\.00%/);
    expect(html).toMatch(/title="stopped" style="width:10\.00%/);
    expect(html).toContain('5/10 done · 1 running · 2 failed · 1 stopped');
  });
});

describe('progressBar', () => {
  afterEach(() => {
    delete (globalThis as Record<symbol, unknown>)[Symbol.for('feedbacklab.displaySink')];
  });

  it('redraws one terminal line in place, at most once per interval, and ends it with a newline', async () => {
    const out = sink(true);
    const c = clock();
    const bar = progressBar({ total: 1000, label: 'steps', stream: out, now: c.now, minIntervalMs: 150, width: 10 });
    for (let i = 1; i <= 1000; i++) {
      c.advance(1);
      bar.update(i, { running: 1 });
    }
    await bar.done();
    // the first frame, one per 150 ms of the 1000 ms (6), and the final one
    expect(bar.draws).toBe(8);
    expect(out.writes).toHaveLength(8);
    expect(out.writes.every((w) => w.startsWith('\r') && w.includes('\x1b[K'))).toBe(true);
    expect(out.writes[0]).toContain('0/1000 done');
    expect(out.writes.at(-1)).toBe('\rsteps [██████████] 100% 1000/1000 done · 1.0s elapsed\x1b[K\n');
  });

  it('cuts a line to the terminal width, so the redraw stays on one line', async () => {
    const out = Object.assign(sink(true), { columns: 40 });
    const bar = progressBar({ total: 4, label: 'a long label for a narrow terminal', stream: out });
    await bar.done();
    expect(out.writes.every((w) => w.replace(/^\r|\x1b\[K\n?$/g, '').length === 39)).toBe(true);
    expect(out.writes[0]).toMatch(/…\x1b\[K$/);
  });

  it('writes plain lines, further apart, when the stream is not a terminal', async () => {
    const out = sink(false);
    const c = clock();
    const bar = progressBar({ total: 100, stream: out, now: c.now });
    for (let i = 1; i <= 100; i++) {
      c.advance(100);
      bar.tick();
    }
    await bar.done();
    // 10 s of work at the default 2 s between lines: first, 5 in between, final
    expect(out.writes).toHaveLength(7);
    expect(out.writes.every((w) => !w.includes('\r') && w.endsWith('\n'))).toBe(true);
    expect(out.writes[3]).toContain('60/100 done · 6.0s elapsed · ETA 4.0s');
  });

  it('draws the last state after a burst of updates even when no further update comes', async () => {
    const out = sink(false);
    const bar = progressBar({ total: 3, stream: out, minIntervalMs: 20 });
    bar.update(1);
    bar.update(2);
    await new Promise((r) => setTimeout(r, 80));
    expect(out.writes.at(-1)).toContain('2/3 done');
    await bar.done();
  });

  it('draws nothing when disabled and ignores calls after done', async () => {
    const out = sink(true);
    const bar = progressBar({ total: 3, stream: out, enabled: false });
    bar.tick();
    await bar.done();
    bar.tick();
    expect(out.writes).toEqual([]);
    expect(bar.state().done).toBe(1);
  });

  it('in the kernel, shows one HTML display and updates it in place, throttled', async () => {
    const shown: { bundle: MimeBundle; displayId?: string; update?: boolean }[] = [];
    installSink({ display: (bundle, o) => shown.push({ bundle, ...o }), clearOutput() {} });
    const c = clock();
    const bar = progressBar({ total: 10_000, label: 'trials', now: c.now });
    for (let i = 1; i <= 10_000; i++) {
      c.advance(0.1);
      bar.update(i, { running: 2, failed: 0 });
    }
    await bar.done({ failed: 0 });
    expect(shown.length).toBe(8); // first + 6 throttled + final over 1 s, not 10,000
    expect(shown[0].update).toBeUndefined();
    expect(shown.slice(1).every((s) => s.update === true && s.displayId === shown[0].displayId)).toBe(true);
    const last = shown.at(-1)!.bundle;
    expect(last['text/html']).toContain('10000/10000 done');
    expect(last['text/plain']).toContain('trials [');
  });

  it('rejects a bad total and an unknown target, listing the targets', () => {
    expect(() => progressBar({ total: -1 })).toThrow(ConfigError);
    expect(() => progressBar({ total: 2.5 })).toThrow(/total is 2.5: expected a non-negative integer/);
    expect(() => progressBar({ total: 1, target: 'gui' as never })).toThrow(/unknown target "gui": expected one of "auto", "html", "tty", "lines"/);
  });
});
