/** What a progress bar shows at one moment. */
export interface ProgressState {
  /** What is being counted, e.g. "fit" or "sweep". */
  label: string;
  /** Items in all. */
  total: number;
  /** Items finished successfully. */
  done: number;
  /** Items in progress now. */
  running: number;
  /** Items that ended with an error. */
  failed: number;
  /** Items stopped early (e.g. by a scheduler). */
  stopped: number;
  /** Milliseconds since the bar started. */
  elapsedMs: number;
  /** Free text after the counts, e.g. "loss 0.213". */
  message?: string;
}

/** Items that will not run again: done, failed or stopped. */
export function finishedCount(s: ProgressState): number {
  return s.done + s.failed + s.stopped;
}

/**
 * Estimated milliseconds left at the average pace so far, or undefined before the first item
 * finishes (no pace yet) and after the last.
 */
export function etaMs(s: ProgressState): number | undefined {
  const finished = finishedCount(s);
  if (finished <= 0 || finished >= s.total) return undefined;
  return (s.elapsedMs / finished) * (s.total - finished);
}

/** Short duration: "0.4s", "12s", "3m 05s", "2h 04m". */
export function formatDuration(ms: number): string {
  const s = ms / 1000;
  if (s < 10) return `${s.toFixed(1)}s`;
  if (s < 60) return `${Math.floor(s)}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(Math.floor(s % 60)).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}

// Only the counts that say something: running/failed/stopped appear once non-zero.
function countsText(s: ProgressState): string {
  const parts = [`${s.done}/${s.total} done`];
  if (s.running > 0) parts.push(`${s.running} running`);
  if (s.failed > 0) parts.push(`${s.failed} failed`);
  if (s.stopped > 0) parts.push(`${s.stopped} stopped`);
  return parts.join(' · ');
}

function timeText(s: ProgressState): string {
  const eta = etaMs(s);
  return `${formatDuration(s.elapsedMs)} elapsed${eta === undefined ? '' : ` · ETA ${formatDuration(eta)}`}`;
}

/** Share of the bar to fill, in [0, 1]. */
function fraction(s: ProgressState): number {
  return s.total > 0 ? Math.min(1, Math.max(0, finishedCount(s) / s.total)) : 1;
}

/**
 * One line of text: `fit [██████░░░░░░] 50% 5/10 done · 2 running · 3.1s elapsed · ETA 3.1s`.
 * @param width - characters of the bar itself.
 */
export function progressText(s: ProgressState, width = 24): string {
  const f = fraction(s);
  const filled = Math.round(f * width);
  const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
  const pct = `${Math.floor(f * 100)}%`.padStart(4);
  return `${s.label ? `${s.label} ` : ''}[${bar}] ${pct} ${countsText(s)} · ${timeText(s)}${s.message ? ` · ${s.message}` : ''}`;
}

const escapeHtml = (t: string) => t.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/** The bar as an HTML fragment: stacked segments for done (green), failed (red), stopped (grey). */
export function progressHtml(s: ProgressState): string {
  const pct = (v: number) => (s.total > 0 ? (100 * v) / s.total : 0).toFixed(2);
  const seg = (v: number, colour: string, title: string) =>
    v > 0 ? `<div title="${title}" style="width:${pct(v)}%;background:${colour};height:100%"></div>` : '';
  return (
    `<div class="feedbacklab-progress" style="font-family:sans-serif;font-size:13px;margin:2px 0">` +
    `<div style="display:flex;align-items:center;gap:8px">` +
    (s.label ? `<span style="font-weight:600">${escapeHtml(s.label)}</span>` : '') +
    `<div style="flex:0 0 260px;height:12px;background:#e5e7eb;border-radius:3px;overflow:hidden;display:flex">` +
    seg(s.done, '#16a34a', 'done') + seg(s.failed, '#dc2626', 'failed') + seg(s.stopped, '#9ca3af', 'stopped') +
    `</div>` +
    `<span>${Math.floor(fraction(s) * 100)}%</span>` +
    `</div>` +
    `<div style="color:#374151">${escapeHtml(countsText(s))} · ${escapeHtml(timeText(s))}${s.message ? ` · ${escapeHtml(s.message)}` : ''}</div>` +
    `</div>`
  );
}
