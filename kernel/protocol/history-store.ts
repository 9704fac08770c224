/** One executed input of this session. */
export interface HistoryEntry {
  session: number;
  line: number;
  input: string;
  output?: string;
}

function globToRegExp(pattern: string): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 's');
}

/** The inputs executed in this kernel, for history_request (tail, range and search). */
export class HistoryStore {
  private readonly entries: HistoryEntry[] = [];
  /** This kernel's session number (1: history is kept per process). */
  readonly session = 1;

  add(line: number, input: string, output?: string): void {
    this.entries.push({ session: this.session, line, input, output });
  }

  /** The last `n` entries. */
  tail(n: number): HistoryEntry[] {
    return n > 0 ? this.entries.slice(-n) : [];
  }

  /** Entries with start ≤ line < stop of `session` (0 or this session's number means this one). */
  range(session: number, start: number, stop?: number): HistoryEntry[] {
    if (session !== 0 && session !== this.session) return [];
    return this.entries.filter((e) => e.line >= start && (stop === undefined || stop === null || e.line < stop));
  }

  /** Entries whose input matches a glob pattern (* and ?), newest `n`, optionally unique. */
  search(pattern: string, n?: number, unique = false): HistoryEntry[] {
    const re = globToRegExp(pattern || '*');
    let hits = this.entries.filter((e) => re.test(e.input));
    if (unique) {
      const seen = new Set<string>();
      hits = hits.reverse().filter((e) => (seen.has(e.input) ? false : (seen.add(e.input), true))).reverse();
    }
    return n ? hits.slice(-n) : hits;
  }
}
