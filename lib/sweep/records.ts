import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalJson, configHash } from './config-hash';
import type { TrialConfig } from './space';
import type { EncodedMetrics } from './trial-values';

/** How a trial ended. */
export type TrialStatus = 'ok' | 'failed' | 'stopped';

/** One finished trial, as kept in the sweep folder (trials/<id>.json). */
export interface TrialRecord {
  id: string;
  config: TrialConfig;
  status: TrialStatus;
  /** Final metrics (for a stopped trial, what it returned, if anything). */
  metrics: EncodedMetrics;
  /** Intermediate reports in step order. */
  reports: { step: number; metrics: Record<string, number> }[];
  seconds: number;
  worker: string;
  error?: string;
  /** Why and when a scheduler stopped the trial. */
  stop?: { step: number; reason: string };
}

const FORMAT = 'feedbacklab-sweep-trial/1';

/** A record file that cannot be used, and why. */
export interface CorruptRecord {
  file: string;
  problem: string;
}

function digest(record: TrialRecord): string {
  return createHash('sha256').update(canonicalJson(record)).digest('hex');
}

/** The message for a corrupt record: it is reported and its trial runs again. */
export function corruptRecordMessage(c: CorruptRecord): string {
  return `sweep: record ${c.file} cannot be used: ${c.problem}. Its trial runs again and the record is rewritten.`;
}

// Checks one record file; returns the record or the problem.
function parseRecord(file: string, id: string): TrialRecord | string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return `it cannot be read (${(e as Error).message})`;
  }
  let doc: { format?: unknown; sha256?: unknown; record?: TrialRecord };
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return `it is not valid JSON (${text.length} bytes; truncated or overwritten?): ${(e as Error).message}`;
  }
  if (doc?.format !== FORMAT) return `its format is ${JSON.stringify(doc?.format)}: expected "${FORMAT}"`;
  const r = doc.record;
  if (!r || typeof r !== 'object' || typeof r.config !== 'object' || !Array.isArray(r.reports)) return 'it has no record with a config and reports';
  const sum = digest(r);
  if (sum !== doc.sha256) return `its checksum is ${String(doc.sha256).slice(0, 12)}… but its content hashes to ${sum.slice(0, 12)}… (edited or partly written)`;
  if (r.id !== id || configHash(r.config) !== id) return `it holds trial ${r.id} with a config that hashes to ${configHash(r.config)}, but its name says ${id}`;
  return r;
}

/** The trial records of one sweep folder: one JSON file per trial, each written atomically. */
export class SweepStore {
  readonly trialsDir: string;

  constructor(readonly dir: string) {
    this.trialsDir = join(dir, 'trials');
    mkdirSync(this.trialsDir, { recursive: true });
  }

  /** Reads every record; corrupt ones are returned apart, never used. */
  readAll(): { records: Map<string, TrialRecord>; corrupt: CorruptRecord[] } {
    const records = new Map<string, TrialRecord>();
    const corrupt: CorruptRecord[] = [];
    for (const name of readdirSync(this.trialsDir)) {
      if (!name.endsWith('.json')) continue;
      const file = join(this.trialsDir, name);
      const r = parseRecord(file, name.slice(0, -5));
      if (typeof r === 'string') corrupt.push({ file, problem: r });
      else records.set(r.id, r);
    }
    return { records, corrupt };
  }

  /** Writes a record: to a temporary file first, then renamed, so a crash never leaves half a record. */
  write(record: TrialRecord): void {
    const file = join(this.trialsDir, `${record.id}.json`);
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ format: FORMAT, sha256: digest(record), record }, null, 1));
    renameSync(tmp, file);
  }

  /** Writes a small description of the sweep for people browsing the folder. */
  writeManifest(manifest: Record<string, unknown>): void {
    writeFileSync(join(this.dir, 'sweep.json'), JSON.stringify(manifest, null, 1));
  }
}
