import type { CompletionEntry } from 'typescript';

/** What complete_reply needs: the span to replace (UTF-16 offsets) and the names to offer. */
export interface CompletionCandidates {
  start: number;
  end: number;
  candidates: string[];
}

/**
 * Orders TypeScript's completion entries for a Jupyter client. With a partly typed word,
 * names that start with it come first, then those that start with it ignoring case, then
 * those that contain it; other names are dropped. Without one, TypeScript's own order.
 * @param word - the identifier under the cursor, if any, with its span.
 * @param position - the cursor (UTF-16 offset), the span when there is no word.
 */
export function completionCandidates(entries: readonly CompletionEntry[], position: number, word?: { start: number; end: number; text: string }): CompletionCandidates {
  if (!word) {
    const sorted = entries.slice().sort((a, b) => a.sortText.localeCompare(b.sortText) || a.name.localeCompare(b.name));
    return { start: position, end: position, candidates: sorted.map((e) => e.name) };
  }
  const lower = word.text.toLowerCase();
  const ranked: { name: string; key: string; index: number }[] = [];
  entries.forEach((e, index) => {
    const name = e.name.toLowerCase();
    const rank = e.name.startsWith(word.text) ? '0' : name.startsWith(lower) ? '1' : name.includes(lower) ? '2' : undefined;
    if (rank !== undefined) ranked.push({ name: e.name, key: rank + e.sortText, index });
  });
  ranked.sort((a, b) => a.key.localeCompare(b.key) || a.index - b.index);
  return { start: word.start, end: word.end, candidates: ranked.map((r) => r.name) };
}
