// TypeScript's emit builds, for every file it emits, a transformation context whose two hooks
// (onSubstituteNode, onEmitNode) are getter/setter pairs closing over the whole emit's state.
// V8 11 (Node.js 20) keeps what a per-object accessor reaches alive through every young-
// generation collection until the next full one, so each cell's entire emit (75 KB for `1+1`)
// was copied twice and promoted: scavenges took 4-6 ms instead of under 1, a full collection
// came every ~600 cells, and together they made the kernel's latency tail. Made plain data
// properties, the hooks behave the same for transformers that set them while the context is
// being set up, as TypeScript's own and the kernel's do; what is lost is the assertion against
// setting them later.

/** The edits, each of which must match exactly once inside `transformNodes`. */
const EDITS: [from: string, to: string][] = [
  [
    `    get onSubstituteNode() {
      return onSubstituteNode;
    },
    set onSubstituteNode(value) {
      Debug.assert(state < 1 /* Initialized */, "Cannot modify transformation hooks after initialization has completed.");
      Debug.assert(value !== void 0, "Value must not be 'undefined'");
      onSubstituteNode = value;
    },
    get onEmitNode() {
      return onEmitNode;
    },
    set onEmitNode(value) {
      Debug.assert(state < 1 /* Initialized */, "Cannot modify transformation hooks after initialization has completed.");
      Debug.assert(value !== void 0, "Value must not be 'undefined'");
      onEmitNode = value;
    },
`,
    `    onSubstituteNode: noEmitSubstitution,
    onEmitNode: noEmitNotification,
`,
  ],
  ['&& onSubstituteNode(hint, node) ||', '&& context.onSubstituteNode(hint, node) ||'],
  ['        onEmitNode(hint, node, emitCallback);', '        context.onEmitNode(hint, node, emitCallback);'],
  ['      onSubstituteNode = void 0;\n      onEmitNode = void 0;', '      context.onSubstituteNode = void 0;\n      context.onEmitNode = void 0;'],
];

const START = 'function transformNodes(';
const END = '\nvar nullTransformationContext';

/**
 * typescript.js with the emit's transformation hooks as data properties (see above).
 * @returns the source, and whether it was patched: a TypeScript whose `transformNodes` does not
 *   read as expected is returned as it is (cells then compile the same, with more garbage).
 */
export function patchTransformHooks(source: string): { source: string; patched: boolean } {
  const start = source.indexOf(START);
  const end = start < 0 ? -1 : source.indexOf(END, start);
  if (end < 0 || source.indexOf(START, start + 1) >= 0) return { source, patched: false };
  let body = source.slice(start, end);
  for (const [from, to] of EDITS) {
    const at = body.indexOf(from);
    if (at < 0 || body.indexOf(from, at + 1) >= 0) return { source, patched: false };
    body = body.slice(0, at) + to + body.slice(at + from.length);
  }
  return { source: source.slice(0, start) + body + source.slice(end), patched: true };
}

/**
 * What the kernel logs when its TypeScript is not patched.
 * @param fromSnapshot - whether it came from a compiler snapshot (one built before the patch).
 */
export function unpatchedNote(version: string, fromSnapshot: boolean): string {
  const effect = 'cells compile the same, with more garbage to collect (a slower tail of round trips)';
  if (fromSnapshot) return `compiler snapshot built by an older feedbacklab, its TypeScript unpatched: ${effect}; \`feedbacklab install\` rebuilds it`;
  return `TypeScript ${version}: its emit's transformation context is not the one feedbacklab patches (transform-hooks-patch): ${effect}`;
}
