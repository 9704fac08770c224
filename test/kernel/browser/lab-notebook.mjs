// The notebook lab-check.mjs opens: what a new user runs first (import, train, chart, table).

/** Cells by id; lab-check.mjs finds its checks' cells by these ids. */
export const labCells = [
  { id: 'import', source: "import { spirals, mlp, fit, lineChart, longHistory, show } from 'feedbacklab'\nimport * as aq from 'arquero'" },
  { id: 'train', source: 'const data = spirals({ perClass: 32, classes: 2, seed: 1 })\nconst model = mlp({ inputDim: 2, hidden: [8], outputDim: 2, seed: 1 })\nconst history = await fit(model, data.x, data.y, { epochs: 3, batchSize: 32, seed: 1 })\nhistory.numRows()' },
  { id: 'chart', source: "const chart = lineChart(longHistory(history, ['loss', 'accuracy']), { x: 'epoch', y: 'value', series: 'metric', title: 'Tiny model' })\nawait show(chart)" },
  { id: 'table', source: "aq.table({ name: ['a', 'b', 'c'], score: [0.5, 0.75, 1] })" },
];

/** An nbformat 4.5 notebook of `cells`, set to the feedbacklab kernel. */
export function makeNotebook(cells) {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      kernelspec: { name: 'feedbacklab', display_name: 'TypeScript (feedbacklab)', language: 'typescript' },
      language_info: { name: 'typescript' },
    },
    cells: cells.map(({ id, source }) => ({ id, cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source })),
  };
}
