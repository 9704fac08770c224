import { SourceMap } from 'node:module';

/** A 1-based line and column in a cell's TypeScript source. */
export interface CellPosition {
  line: number;
  column: number;
}

/** Maps positions in the JavaScript that ran back to the cell's TypeScript (a source map). */
export class CellPositionMap {
  // Parsed on the first lookup: most cells never raise, so most maps are never read.
  private parsed?: SourceMap | null;

  /**
   * @param map - the source map of the compiled cell (JSON).
   * @param wrapperColumns - characters the executor put before the code on its first line.
   * @param prefixLines - lines the compiler put before the cell ("export {};").
   */
  constructor(private readonly map: string | undefined, private readonly wrapperColumns: number, private readonly prefixLines = 1) {}

  /**
   * @param line - 1-based line in the executed code.
   * @param column - 1-based column.
   * @returns the position in the cell, or undefined when it maps to code the converter added.
   */
  lookup(line: number, column: number): CellPosition | undefined {
    if (this.parsed === undefined) this.parsed = this.map ? new SourceMap(JSON.parse(this.map)) : null;
    if (!this.parsed) return undefined;
    const col0 = line === 1 ? column - 1 - this.wrapperColumns : column - 1;
    const e = this.parsed.findEntry(line - 1, Math.max(0, col0)) as { originalLine?: number; originalColumn?: number };
    if (e.originalLine === undefined) return undefined;
    const cellLine = e.originalLine - this.prefixLines + 1;
    return cellLine >= 1 ? { line: cellLine, column: (e.originalColumn ?? 0) + 1 } : undefined;
  }
}
