// Jupyter counts cursor positions in Unicode code points; JavaScript strings in UTF-16 units.

/** UTF-16 offset of code point `cursor` in `text`. */
export function toUtf16Offset(text: string, cursor: number): number {
  let units = 0;
  let points = 0;
  for (const ch of text) {
    if (points >= cursor) break;
    units += ch.length;
    points++;
  }
  return units;
}

/** Code point index of UTF-16 offset `offset` in `text`. */
export function toCodePoint(text: string, offset: number): number {
  return [...text.slice(0, offset)].length;
}
