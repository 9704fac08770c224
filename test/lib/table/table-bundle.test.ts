import * as aq from 'arquero';
import { describe, expect, it } from 'vitest';
import { toBundle } from '../../../lib/display/to-bundle';
import { tableBundle } from '../../../lib/table/table-bundle';

describe('tableBundle', () => {
  const t = aq.table({ epoch: [1, 2, 3], loss: [0.91234567, 0.5, 0.25], split: ['train', 'train', 'val'] });

  it('renders the first rows as HTML with the shape', () => {
    const b = tableBundle(t, { limit: 2 });
    const html = b['text/html'] as string;
    expect(html.match(/<tr>/g)?.length).toBe(3); // header + 2 rows
    expect(html).toContain('<th style="text-align:right">loss</th>');
    expect(html).toContain('3 rows × 3 columns, showing the first 2');
    expect(html).not.toContain('val');
  });

  it('has an aligned text fallback', () => {
    const lines = (tableBundle(t)['text/plain'] as string).split('\n');
    expect(lines[0]).toBe('epoch      loss  split');
    expect(lines[2]).toBe('    1  0.912346  train');
    expect(lines.at(-1)).toBe('(3 rows × 3 columns)');
  });

  it('escapes HTML in cells and is what a notebook shows for a table', async () => {
    const b = await toBundle(aq.table({ name: ['<b>x</b>'] }));
    expect(b['text/html']).toContain('&lt;b&gt;x&lt;/b&gt;');
    expect(b['text/plain']).toContain('(1 row × 1 column)');
  });
});
