import { SourceMap } from 'node:module';
import type { CellMaps } from './typescript-host';

/** A 1-based line and column in a cell's TypeScript source. */
export interface CellPosition {
  line: number;
  column: number;
}

/**
 * Maps positions in the JavaScript that ran back to the cell's TypeScript, through the two
 * source maps of the conversion (CommonJS → ES module → TypeScript).
 */
export class CellPositionMap {
  // Parsed on the first lookup: most cells never raise, so most maps are never read.
  private parsed?: { toCommonJs?: SourceMap; toModule?: SourceMap };

  /**
   * @param maps - the maps of the conversion.
   * @param wrapperColumns - characters the executor put before the code on its first line.
   * @param prefixLines - lines the converter put before the cell (tslab adds "export {};").
   */
  constructor(private readonly maps: CellMaps, private readonly wrapperColumns: number, private readonly prefixLines = 1) {}

  /**
   * @param line - 1-based line in the executed code.
   * @param column - 1-based column.
   * @returns the position in the cell, or undefined when it maps to code the converter added.
   */
  map(line: number, column: number): CellPosition | undefined {
    this.parsed ??= {
      toCommonJs: this.maps.toCommonJs ? new SourceMap(JSON.parse(this.maps.toCommonJs)) : undefined,
      toModule: this.maps.toModule ? new SourceMap(JSON.parse(this.maps.toModule)) : undefined,
    };
    const { toCommonJs, toModule } = this.parsed;
    if (!toCommonJs || !toModule) return undefined;
    const col0 = line === 1 ? column - 1 - this.wrapperColumns : column - 1;
    const a = toCommonJs.findEntry(line - 1, Math.max(0, col0)) as { originalLine?: number; originalColumn?: number };
    if (a.originalLine === undefined) return undefined;
    const b = toModule.findEntry(a.originalLine, a.originalColumn ?? 0) as { originalLine?: number; originalColumn?: number };
    if (b.originalLine === undefined) return undefined;
    const cellLine = b.originalLine - this.prefixLines + 1;
    return cellLine >= 1 ? { line: cellLine, column: (b.originalColumn ?? 0) + 1 } : undefined;
  }
}
