// Renders logo.svg to the kernelspec's logo-32x32.png and logo-64x64.png (committed; rerun after
// editing the SVG): node kernel/kernelspec/render-logo.mjs
import { Resvg } from '@resvg/resvg-js';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const svg = readFileSync(join(here, 'logo.svg'), 'utf8');
for (const size of [32, 64]) {
  const png = new Resvg(svg, { fitTo: { mode: 'width', value: size } }).render().asPng();
  writeFileSync(join(here, `logo-${size}x${size}.png`), png);
}
