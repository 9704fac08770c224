import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataFormatError } from '../../../lib/errors';
import { readPreferences } from '../../../lib/reward/preference-files';

describe('readPreferences', () => {
  const dir = mkdtempSync(join(tmpdir(), 'feedbacklab-prefs-'));

  it('names an empty CSV or JSON file instead of failing inside the CSV reader', async () => {
    for (const [name, text] of [['empty.csv', ''], ['blank.csv', '\n  \n'], ['empty.json', '']]) {
      const path = join(dir, name);
      writeFileSync(path, text);
      await expect(readPreferences(path)).rejects.toThrow(DataFormatError);
      await expect(readPreferences(path)).rejects.toThrow(`readPreferences: ${path} is empty (${text.length} bytes)`);
    }
  });

  it('reads a header and rows', async () => {
    const path = join(dir, 'ok.csv');
    writeFileSync(path, 'a,b,label\n0,1,1\n2,1,0\n');
    expect((await readPreferences(path)).objects()).toEqual([{ a: 0, b: 1, label: 1 }, { a: 2, b: 1, label: 0 }]);
  });
});
