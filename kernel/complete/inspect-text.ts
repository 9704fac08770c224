import type { QuickInfo } from 'typescript';

type Part = { text: string };
const join = (parts?: readonly Part[]) => (parts ?? []).map((p) => p.text).join('');

/** Renders TypeScript's QuickInfo as text: signature, TSDoc, then tags (@param, @returns…). */
export function inspectText(info: QuickInfo): string {
  const out = [join(info.displayParts)];
  const doc = join(info.documentation);
  if (doc) out.push('', doc);
  for (const tag of info.tags ?? []) {
    const text = join(tag.text as Part[] | undefined);
    out.push(`@${tag.name}${text ? ' ' + text : ''}`);
  }
  return out.join('\n');
}
