import type { QuickInfo, SymbolDisplayPart } from 'typescript';

type Part = Pick<SymbolDisplayPart, 'text'> & { kind?: string };

/**
 * Joins display parts to text. A `{@link …}` (also `@linkcode`, `@linkplain`) comes as parts of
 * kind link ("{@link ", "}") around a linkName and/or linkText: it reads as its text when it has
 * one, else as the name; `{@link https://x.org docs}` reads "docs (https://x.org)".
 */
export function partsText(parts?: readonly Part[]): string {
  let out = '';
  let link: { name: string; text: string } | undefined;
  for (const p of parts ?? []) {
    if (p.kind === 'link') {
      if (!link) link = { name: '', text: '' };
      else { out += linkText(link); link = undefined; }
    } else if (link && p.kind === 'linkName') link.name += p.text;
    else if (link) link.text += p.text;
    else out += p.text;
  }
  return link ? out + linkText(link) : out;
}

function linkText({ name, text }: { name: string; text: string }): string {
  const label = text.trim();
  if (name) return label || name;
  const url = /^(\S+:\/\/\S+)\s+(.+)$/.exec(label);
  return url ? `${url[2]} (${url[1]})` : label;
}

/** Renders TypeScript's QuickInfo as text: signature, TSDoc, then tags (@param, @returns…). */
export function inspectText(info: QuickInfo): string {
  const out = [partsText(info.displayParts)];
  const doc = partsText(info.documentation);
  if (doc) out.push('', doc);
  for (const tag of info.tags ?? []) {
    const text = partsText(tag.text);
    out.push(`@${tag.name}${text ? ' ' + text : ''}`);
  }
  return out.join('\n');
}
