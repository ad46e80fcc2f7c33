// The authority diff: `gatebook diff BASE HEAD`. See compiler/diff/README.md for the strictness
// order each field is classified by.
export { diffSides, type DiffInput, type DiffOutput } from './diff.js';
export { compareGrants, floor, type AuthorityChange } from './levels.js';
export { loadSides, resolveSide, loadBundleFile, SideUsageError, NOT_FAILING_RULES, type LoadedSide, type SideFailure, type SideSpec } from './sides.js';
export { CLASSES, DIFF_SCHEMA_VERSION } from './types.js';
export type { ChangeClass, DiffItem, DiffResult, DiffSummary, Direction, Location, ReviewEntry, SideInfo, SideKind } from './types.js';
export { renderDiff, DIFF_FORMATS, MARKDOWN_MARKER, groupItems, type DiffFormat, type RenderOptions, type Group } from './render/index.js';
