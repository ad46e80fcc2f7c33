// diffBundles(): two compiled bundles (and, for runbook sides, their sources) → the authority
// diff. Grants whose runbook source is byte-identical on both sides are skipped without a look
// (a grant is a function of its runbook's source), so a pull request touching 50 of 10,000
// runbooks compares 50 runbooks' grants.

import { posix } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { splitGrantKey, splitRuleId, type Bundle } from '../bundle/types.js';
import { grantView } from '../bundle/view.js';
import type { Span } from '../diagnostics/diagnostic.js';
import { decodeSource } from '../parse/source.js';
import { splitFrontmatter } from '../parse/frontmatter.js';
import { createLocator, type Locator } from '../parse/locate.js';
import { addedGrant, changedGrant, removedGrant } from './grants.js';
import type { RawItem } from './raw.js';
import { actorItems, addedRunbook, changedRunbook, removedRunbook, renamedRunbook, sourceChangedItem } from './runbooks.js';
import type { LoadedSide } from './sides.js';
import {
  CLASSES, DIFF_SCHEMA_VERSION, type DiffItem, type DiffResult, type DiffSummary, type Location, type ReviewEntry,
} from './types.js';
import { pathText, type YamlContext } from './yaml-path.js';

export interface DiffInput {
  bundle: Bundle;
  sources: LoadedSide['sources'];
  info: LoadedSide['info'];
}

/** The raw items, before they are placed in files: exported for the renderers' grouping. */
export interface DiffOutput {
  result: DiffResult;
  raw: RawItem[];
}

export function diffSides(base: DiffInput, head: DiffInput): DiffOutput {
  const b = base.bundle;
  const a = head.bundle;
  const raw: RawItem[] = [];
  // A grant is a function of its runbook's bytes (the path does not enter it).
  const sameSource = (id: string) => {
    const rb = Object.hasOwn(b.runbooks, id) ? b.runbooks[id] : undefined;
    const ra = Object.hasOwn(a.runbooks, id) ? a.runbooks[id] : undefined;
    return rb !== undefined && ra !== undefined && rb.source.sha256 === ra.source.sha256;
  };
  const rootB = sourceRoot(base);
  const rootA = sourceRoot(head);
  const grants = { added: 0, removed: 0, changed: 0, unchanged: 0 };

  // Which (runbook, action) and (runbook, action, actor) exist in BASE, to word new grants.
  const baseActions = new Set<string>();
  const baseActors = new Set<string>();
  for (const [key, rule] of Object.entries(b.grants)) {
    baseActions.add(rule);
    baseActors.add(`${rule}#${splitGrantKey(key)[0]}`);
  }

  for (const [key, ruleA] of Object.entries(a.grants)) {
    const ruleB = Object.hasOwn(b.grants, key) ? b.grants[key] : undefined;
    const runbookA = splitRuleId(ruleA)[0];
    if (ruleB === undefined) {
      grants.added++;
      raw.push(addedGrant(grantView(a, key)!, !baseActions.has(ruleA), !baseActors.has(`${ruleA}#${splitGrantKey(key)[0]}`)));
      continue;
    }
    if (ruleB === ruleA && sameSource(runbookA)) {
      grants.unchanged++;
      continue;
    }
    const gb = grantView(b, key)!;
    const ga = grantView(a, key)!;
    if (isDeepStrictEqual(gb, ga)) {
      grants.unchanged++;
      continue;
    }
    const items = changedGrant(gb, ga);
    if (items.length) grants.changed++;
    else grants.unchanged++;
    raw.push(...items);
  }
  for (const key of Object.keys(b.grants)) {
    if (Object.hasOwn(a.grants, key)) continue;
    grants.removed++;
    const gb = grantView(b, key)!;
    raw.push(removedGrant(gb, Object.hasOwn(a.runbooks, gb.runbook)));
  }

  const withGrantItems = new Set(raw.map((x) => x.runbook));
  let runbooksChanged = 0;
  for (const [id, ra] of Object.entries(a.runbooks)) {
    const rb = Object.hasOwn(b.runbooks, id) ? b.runbooks[id] : undefined;
    if (!rb) {
      runbooksChanged++;
      raw.push(addedRunbook(id, ra));
      continue;
    }
    // The same path is never a move, whatever the roots: a bundle whose runbooks all sit in one
    // subdirectory would otherwise be rooted there, and every file seen as moved.
    const moved = rb.source.path !== ra.source.path
      && posix.relative(rootB, rb.source.path) !== posix.relative(rootA, ra.source.path);
    if (moved) raw.push(renamedRunbook(id, rb, ra));
    if (sameSource(id)) continue;
    runbooksChanged++;
    const sb = base.sources?.get(id);
    const sa = head.sources?.get(id);
    const items = changedRunbook(id, rb, ra, sb, sa);
    raw.push(...items);
    const anyOther = items.length > 0 || withGrantItems.has(id);
    if ((!sb || !sa) && !anyOther) raw.push(sourceChangedItem(id, rb, ra));
  }
  for (const [id, rb] of Object.entries(b.runbooks)) {
    if (Object.hasOwn(a.runbooks, id)) continue;
    runbooksChanged++;
    raw.push(removedRunbook(id, rb));
  }
  for (const [id, actor] of Object.entries(a.actors)) {
    const before = Object.hasOwn(b.actors, id) ? b.actors[id] : undefined;
    if (before) raw.push(...actorItems(id, before, actor));
  }

  const items = place(raw, base, head);
  const reviews = reviewsOf(items, b, a);
  const summary: DiffSummary = {
    widened: 0, narrowed: 0, governance: 0, neutral: 0, grants, runbooksChanged,
    approvalNotRenewed: reviews.filter((r) => r.approvalNotRenewed).length,
  };
  for (const item of items) summary[item.class]++;
  return {
    result: { schemaVersion: DIFF_SCHEMA_VERSION, base: base.info, head: head.info, summary, items, reviews },
    raw,
  };
}

/**
 * The directory source paths are compared relative to: the runbook directory of a runbook side,
 * the deepest directory holding every source of a bundle side. Comparing `old/` with `new/` (or a
 * bundle built elsewhere) is then not a rename of every file.
 */
function sourceRoot(side: DiffInput): string {
  if (side.info.runbooks) return side.info.runbooks;
  const dirs = Object.values(side.bundle.runbooks).map((r) => posix.dirname(r.source.path).split('/'));
  if (dirs.length === 0) return '.';
  let common = dirs[0]!;
  for (const d of dirs) {
    let i = 0;
    while (i < common.length && i < d.length && common[i] === d[i]) i++;
    common = common.slice(0, i);
  }
  return common.join('/') || '.';
}

const CLASS_RANK = Object.fromEntries(CLASSES.map((c, i) => [c, i])) as Record<string, number>;

/** Within a runbook: whole grants, then the fields in the order a runbook declares them, escalation last. */
const KIND_ORDER = ['grant-', 'gate', 'ai-role', 'model-pin', 'envelope', 'evidence', 'change-window', 'freeze', 'severity', 'approval', 'approvers',
  'veto', 'context-check', 'canary', 'rollback', 'escalation'];
function kindRank(kind: string): number {
  const i = KIND_ORDER.findIndex((k) => kind.startsWith(k));
  return i < 0 ? KIND_ORDER.length : i;
}

function compareItems(x: RawItem, y: RawItem): number {
  return CLASS_RANK[x.class]! - CLASS_RANK[y.class]! || cmp(x.runbook, y.runbook) || cmp(x.scope, y.scope) ||
    kindRank(x.kind) - kindRank(y.kind) || cmp(x.action ?? '', y.action ?? '') || cmp(x.key ?? '', y.key ?? '') ||
    cmp(x.field, y.field) || cmp(x.kind, y.kind);
}

function cmp(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Sorts, numbers and places the items: file, line and YAML path in HEAD (or BASE when gone from HEAD). */
function place(raw: RawItem[], base: DiffInput, head: DiffInput): DiffItem[] {
  raw.sort(compareItems);
  const locators = new Map<string, Locator | null>();
  const locatorFor = (file: string, text: string): Locator | null => {
    if (!locators.has(file)) {
      const source = decodeSource(file, Buffer.from(text));
      const split = source.ok ? splitFrontmatter(file, source.text) : null;
      locators.set(file, split?.ok ? createLocator(split.frontmatter) : null);
    }
    return locators.get(file)!;
  };
  const seen = new Map<string, number>();
  return raw.map((r) => {
    const baseId = `${r.class}:${r.runbook}:${r.key ?? r.actor ?? r.scope}:${r.kind}${r.field ? `:${r.field}` : ''}`;
    const n = seen.get(baseId) ?? 0;
    seen.set(baseId, n + 1);
    const owner = (r.side === 'head' && Object.hasOwn(head.bundle.runbooks, r.runbook) ? head.bundle.runbooks[r.runbook] : base.bundle.runbooks[r.runbook])?.owner ?? null;
    return {
      id: n === 0 ? baseId : `${baseId}:${n + 1}`,
      class: r.class, direction: r.direction, kind: r.kind, scope: r.scope, runbook: r.runbook,
      actor: r.actor, action: r.action, service: r.service, key: r.key, field: r.field,
      before: r.before ?? null, after: r.after ?? null, sentence: r.sentence, note: r.note,
      location: locate(r, base, head, locatorFor), owner,
    };
  });
}

function locate(r: RawItem, base: DiffInput, head: DiffInput, locatorFor: (file: string, text: string) => Locator | null): Location {
  const side = r.side === 'head' && Object.hasOwn(head.bundle.runbooks, r.runbook) ? head : base;
  const record = side.bundle.runbooks[r.runbook];
  const file = record?.source.path ?? '';
  const source = side === head ? head.sources?.get(r.runbook) : undefined;
  if (!source) return { file, line: null, column: null, path: null };
  if (r.line !== undefined && r.line !== null) return { file: source.file, line: r.line, column: 1, path: null };
  if (!r.yaml) return { file: source.file, line: null, column: null, path: null };
  const rb = source.checked.runbook;
  const ctx: YamlContext = {
    runbook: rb,
    action: r.action === null ? null : indexOrNull(rb.actions.findIndex((x) => x.id === r.action)),
    actor: r.actor === null ? null : indexOrNull((rb.actors ?? []).findIndex((x) => x.id === r.actor)),
  };
  const path = r.yaml(ctx);
  const locator = locatorFor(source.file, source.text);
  if (!locator) return { file: source.file, line: null, column: null, path: pathText(path) };
  const last = path[path.length - 1];
  const span: Span = locator.locate(path, typeof last === 'number' ? 'value' : 'key');
  return { file: source.file, line: span.start.line, column: span.start.column, path: pathText(path) };
}

function indexOrNull(i: number): number | null {
  return i < 0 ? null : i;
}

/** One entry per runbook with widened authority: its owner must approve; flag an approval left as it was. */
function reviewsOf(items: DiffItem[], b: Bundle, a: Bundle): ReviewEntry[] {
  const widened = new Map<string, number>();
  for (const item of items) if (item.class === 'widened') widened.set(item.runbook, (widened.get(item.runbook) ?? 0) + 1);
  const out: ReviewEntry[] = [];
  for (const [id, count] of [...widened].sort((x, y) => cmp(x[0], y[0]))) {
    const ra = a.runbooks[id];
    if (!ra) continue;
    const rb = Object.hasOwn(b.runbooks, id) ? b.runbooks[id] : undefined;
    out.push({
      runbook: id,
      file: ra.source.path,
      owner: ra.owner,
      widened: count,
      approvedOn: { before: rb?.approval.approvedOn ?? null, after: ra.approval.approvedOn },
      approvalNotRenewed: rb !== undefined && rb.approval.approvedOn === ra.approval.approvedOn,
    });
  }
  return out;
}

