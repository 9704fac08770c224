// TypeScript's source, patched where it gives a short-lived object accessors of its own. V8 11
// (Node.js 20) keeps whatever such per-object getters and setters reach alive through every
// young-generation collection until the next full one. Two of TypeScript's reach everything:
// - the emit's transformation context (`onSubstituteNode`, `onEmitNode`) closes over the whole
//   emit: each cell's emit (45 KB for `1+1`) was copied twice and promoted;
// - the type checker's `noIterationTypes` closes over the whole checker: a cell checked in a new
//   program kept its checker alive until a full collection (with the kernel's flags, this patch
//   halves what such a cell promotes, and the full collections).
// So scavenges took 4-6 ms instead of 1 and full collections came often: the kernel's latency
// tail. Patched, the code does the same: the hooks become data properties (transformers set them
// while the context is set up, as TypeScript's own and the kernel's do; what is lost is the
// assertion against setting them later), and `noIterationTypes` one object for all checkers
// (it is only compared by identity, and its getters only throw).
// A third patch keeps each file's parse options between programs (see SOURCE_FILE_OPTIONS_MEMO):
// every program of a cell computed them again for all 170 files it reused, 0.9 ms a cell, and
// hung the new lookups on those old files.

/** Edits, each of which must match exactly once between `start` and `end`. */
interface Patch {
  name: string;
  start: string;
  end: string;
  edits: [from: string, to: string][];
}

const NO_ITERATION_TYPES = `  var noIterationTypes = {
    get yieldType() {
      return Debug.fail("Not supported");
    },
    get returnType() {
      return Debug.fail("Not supported");
    },
    get nextType() {
      return Debug.fail("Not supported");
    }
  };
`;

const SOURCE_FILE_OPTIONS = `  function getCreateSourceFileOptions(fileName, moduleResolutionCache2, host2, options2) {
    const result = getImpliedNodeFormatForFileWorker(getNormalizedAbsolutePath(fileName, currentDirectory), moduleResolutionCache2 == null ? void 0 : moduleResolutionCache2.getPackageJsonInfoCache(), host2, options2);
    const languageVersion = getEmitScriptTarget(options2);
    const setExternalModuleIndicator2 = getSetExternalModuleIndicator(options2);
    return typeof result === "object" ? { ...result, languageVersion, setExternalModuleIndicator: setExternalModuleIndicator2, jsDocParsingMode: host2.jsDocParsingMode } : { languageVersion, impliedNodeFormat: result, setExternalModuleIndicator: setExternalModuleIndicator2, jsDocParsingMode: host2.jsDocParsingMode };
  }
`;

// The options a file is parsed with follow from its name and the package.json files the module
// resolution cache has read (kept until the cache is cleared): one program computes them as the
// last did. Without the memo each program gave every file it reused new package.json lookups,
// stored on the file (`packageJsonLocations`): young objects hung on old ones, 0.9 ms a cell.
const SOURCE_FILE_OPTIONS_MEMO = `var sourceFileOptionsMemos = /* @__PURE__ */ new WeakMap();
function sourceFileOptionsMemo(moduleResolutionCache, host, options, currentDirectory) {
  const packageJsonInfoCache = moduleResolutionCache.getPackageJsonInfoCache && moduleResolutionCache.getPackageJsonInfoCache();
  if (!packageJsonInfoCache || !packageJsonInfoCache.getInternalMap) return void 0;
  const packageJsons = packageJsonInfoCache.getInternalMap();
  let memo = sourceFileOptionsMemos.get(moduleResolutionCache);
  if (!memo || memo.options !== options || memo.jsDocParsingMode !== host.jsDocParsingMode || memo.currentDirectory !== currentDirectory || memo.packageJsons !== packageJsons) {
    memo = { options, jsDocParsingMode: host.jsDocParsingMode, currentDirectory, packageJsons, files: /* @__PURE__ */ new Map() };
    sourceFileOptionsMemos.set(moduleResolutionCache, memo);
  }
  return memo.files;
}
`;

const PATCHES: Patch[] = [
  {
    name: 'transformation hooks',
    start: 'function transformNodes(',
    end: '\nvar nullTransformationContext',
    edits: [
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
    ],
  },
  {
    name: "checker's noIterationTypes",
    start: 'function createTypeChecker(host) {',
    end: '  var anyIterationTypes = createIterationTypes(',
    edits: [
      ['function createTypeChecker(host) {', `var sharedNoIterationTypes = {\n${NO_ITERATION_TYPES.split('\n').slice(1, -2).join('\n')}\n};\nfunction createTypeChecker(host) {`],
      [NO_ITERATION_TYPES, '  var noIterationTypes = sharedNoIterationTypes;\n'],
    ],
  },
  {
    name: 'source file options',
    start: 'function createProgram(_rootNamesOrOptions, _options, _host, _oldProgram, _configFileParsingDiagnostics) {',
    end: '  function findSourceFileWorker(',
    edits: [
      ['function createProgram(_rootNamesOrOptions, _options, _host, _oldProgram, _configFileParsingDiagnostics) {', `${SOURCE_FILE_OPTIONS_MEMO}function createProgram(_rootNamesOrOptions, _options, _host, _oldProgram, _configFileParsingDiagnostics) {`],
      [
        SOURCE_FILE_OPTIONS,
        `  function getCreateSourceFileOptions(fileName, moduleResolutionCache2, host2, options2) {
    const memo = moduleResolutionCache2 && sourceFileOptionsMemo(moduleResolutionCache2, host2, options2, currentDirectory);
    const known = memo && memo.get(fileName);
    if (known) return known;
    const created = createSourceFileOptions(fileName, moduleResolutionCache2, host2, options2);
    if (memo) memo.set(fileName, created);
    return created;
  }
${SOURCE_FILE_OPTIONS.replace('function getCreateSourceFileOptions(', 'function createSourceFileOptions(')}`,
      ],
    ],
  },
];

/** The names of the patches, in the order they are applied. */
export const TYPESCRIPT_PATCHES = PATCHES.map((p) => p.name);

/**
 * typescript.js with the patches above applied, each whole or not at all: a TypeScript whose
 * code reads otherwise keeps it (cells compile the same, with more garbage to collect).
 * @returns the source and the names of the patches that did not apply.
 */
export function patchTypeScript(source: string): { source: string; missed: string[] } {
  const missed: string[] = [];
  for (const patch of PATCHES) {
    const patched = applyPatch(source, patch);
    if (patched === undefined) missed.push(patch.name);
    else source = patched;
  }
  return { source, missed };
}

function applyPatch(source: string, { start: startText, end: endText, edits }: Patch): string | undefined {
  const start = source.indexOf(startText);
  const end = start < 0 ? -1 : source.indexOf(endText, start);
  if (end < 0 || source.indexOf(startText, start + 1) >= 0) return undefined;
  let body = source.slice(start, end);
  for (const [from, to] of edits) {
    const at = body.indexOf(from);
    if (at < 0 || body.indexOf(from, at + 1) >= 0) return undefined;
    body = body.slice(0, at) + to + body.slice(at + from.length);
  }
  return source.slice(0, start) + body + source.slice(end);
}

/**
 * What the kernel logs when patches are missing from its TypeScript.
 * @param fromSnapshot - whether it came from a compiler snapshot (one built before them).
 */
export function unpatchedNote(version: string, missed: string[], fromSnapshot: boolean): string {
  const effect = 'cells compile the same, with more garbage to collect (a slower tail of round trips)';
  if (fromSnapshot) return `compiler snapshot built by an older feedbacklab, its TypeScript without the patch for the ${missed.join(' and ')}: ${effect}; \`feedbacklab install\` rebuilds it`;
  return `TypeScript ${version} reads otherwise than feedbacklab's patch for the ${missed.join(' and ')} expects (typescript-patches): ${effect}`;
}
