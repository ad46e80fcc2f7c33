// The structure check over a bundle's records (records.ts), with shape-fast.ts's predicates: the
// top-level members, then the rules in their order, each rule's runbook when the first of its
// rules comes, then runbooks no rule named, and last that the grant index holds exactly the
// (actor, service) pairs the rules name. Located text has its rules in ascending order
// (bundle-text.ts), so a runbook's rules are neighbours: each record parsed from text is parsed
// once, checked while still in cache, and dropped. (Were they not neighbours, a runbook would be
// parsed again for each group of its rules.)

import { grantKey, splitRuleId } from '../bundle/types.js';
import { objectRecords, type BundleRecords } from './records.js';
import { optStr, person, rule, runbook, str } from './shape-fast.js';
import { isId, isObj, type Obj } from './shape-vocab.js';

/** actor → the runbooks it holds a model pin for. */
type Pinned = ReadonlyMap<string, ReadonlySet<unknown>>;

/** What checking gathers: grants the rules name, services named, runbooks checked (by place). */
interface Tally {
  named: number;
  readonly services: Set<string>;
  readonly checked: Uint8Array;
}

const newTally = (runbooks: number): Tally => ({ named: 0, services: new Set(), checked: new Uint8Array(runbooks) });

/** The model pins of sound `actors`, or null (no keys built: 35,000 lookups at 10,000 runbooks). */
function pinsOf(src: BundleRecords): Pinned | null {
  const { actors } = src.top;
  if (!isObj(actors)) return null;
  const pinned = new Map<string, Set<unknown>>();
  for (const id of Object.keys(actors)) {
    const a = actors[id];
    if (!isObj(a) || !isId(id) || !person(a.owner) || !Array.isArray(a.pins) || a.pins.length === 0) return null;
    const runbooksPinned = new Set<unknown>();
    pinned.set(id, runbooksPinned);
    for (const p of a.pins as unknown[]) {
      if (!(isObj(p) && typeof p.runbook === 'string' && src.runbookAt(p.runbook) >= 0 && isObj(p.model) && str(p.model.name) && str(p.model.version))) return null;
      if (runbooksPinned.has(p.runbook)) return null; // one model pin per runbook
      runbooksPinned.add(p.runbook);
    }
  }
  return pinned;
}

function checkRunbook(src: BundleRecords, i: number, rb: unknown, tally: Tally): boolean {
  if (!runbook(src.runbookIds![i]!, rb)) return false;
  tally.checked[i] = 1;
  for (const s of (rb as { services: string[] }).services) tally.services.add(s);
  return true;
}

/** Whether the rules and their runbooks are sound and filed in the grant index. */
function rulesOk(src: BundleRecords, pinned: Pinned, tally: Tally): boolean {
  const ruleIds = src.ruleIds!;
  const grants = src.top.grants as Obj;
  let lastId: string | null = null;
  let known: Obj = {};
  for (let i = 0; i < ruleIds.length; i++) {
    const id = ruleIds[i]!;
    const [runbookId, action] = splitRuleId(id);
    if (!isId(runbookId) || !isId(action)) return false;
    if (runbookId !== lastId) {
      const at = src.runbookAt(runbookId);
      if (at < 0) return false;
      const rb = src.runbook(at);
      if (!isObj(rb) || (tally.checked[at] === 0 && !checkRunbook(src, at, rb, tally))) return false;
      lastId = runbookId;
      known = isObj(rb.contacts) ? rb.contacts : {};
    }
    const r = src.rule(i);
    if (!rule(runbookId, r, known, pinned)) return false;
    const { actors: names, services } = r as { actors: string[]; services: string[] };
    for (const service of services) tally.services.add(service);
    for (const actor of names) {
      for (const service of services) {
        tally.named++;
        if (grants[grantKey(actor, action, service)] !== id) return false;
      }
    }
  }
  return true;
}

/** Whether the top-level members are sound (the tables and actors are checked with their records). */
function topOk(src: BundleRecords): boolean {
  const { top } = src;
  return (top.revision === null || str(top.revision)) && optStr(top.generatedAt)
    && src.runbookIds !== null && src.ruleIds !== null && isObj(top.actors) && isObj(top.grants);
}

/** After every rule: the runbooks no rule named, and a grant index holding nothing else. */
function restOk(src: BundleRecords, tally: Tally): boolean {
  const n = src.runbookIds!.length;
  for (let i = 0; i < n; i++) if (tally.checked[i] === 0 && !checkRunbook(src, i, src.runbook(i), tally)) return false;
  return Object.keys(src.top.grants as Obj).length === tally.named;
}

/** The services a sound bundle names, or null when checkBundleShape would find something wrong. */
export function recordsOk(src: BundleRecords): Set<string> | null {
  if (!topOk(src)) return null;
  const pinned = pinsOf(src);
  if (pinned === null) return null;
  const tally = newTally(src.runbookIds!.length);
  return rulesOk(src, pinned, tally) && restOk(src, tally) ? tally.services : null;
}

/** Whether checkBundleShape(b) would find nothing wrong. */
export function shapeOk(b: Obj): boolean {
  return recordsOk(objectRecords(b)) !== null;
}
