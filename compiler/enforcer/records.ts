// What the structure check and the grant index read of a bundle, one record at a time: from
// located text (bundle-text.ts: a record parsed when asked for, nothing kept) or from a value
// parsed whole (text laid out otherwise, the tests). Both give a record as JSON.parse of the
// whole text would. Records are addressed by their place in their table.

import { parseRecord, parseSpan, type BundleText, type RecordTable } from './bundle-text.js';
import { isObj, type Obj } from './shape-vocab.js';

export interface BundleRecords {
  /** The top-level members other than the `runbooks` and `rules` tables, parsed. */
  readonly top: Obj;
  /** The tables' keys in their order; null when the member is missing or not an object. */
  readonly runbookIds: readonly string[] | null;
  readonly ruleIds: readonly string[] | null;
  /** The place of a key in its table, or -1. */
  runbookAt(id: string): number;
  ruleAt(id: string): number;
  /** The record at a place (from text: parsed afresh on every call; undefined when it is not JSON). */
  runbook(i: number): unknown;
  rule(i: number): unknown;
}

/** No prototype: a member named `__proto__` is a member like any other, as JSON.parse makes it. */
const bare = (): Obj => Object.create(null) as Obj;

function places(ids: readonly string[] | null): Map<string, number> {
  return new Map(ids?.map((id, i) => [id, i]));
}

export function objectRecords(b: Obj): BundleRecords {
  const runbooks = isObj(b.runbooks) ? b.runbooks : null;
  const rules = isObj(b.rules) ? b.rules : null;
  const top = bare();
  for (const key of Object.keys(b)) if (!(key === 'runbooks' && runbooks) && !(key === 'rules' && rules)) top[key] = b[key];
  const runbookIds = runbooks && Object.keys(runbooks);
  const ruleIds = rules && Object.keys(rules);
  const runbookPlaces = places(runbookIds);
  const rulePlaces = places(ruleIds);
  return {
    top,
    runbookIds,
    ruleIds,
    runbookAt: (id) => runbookPlaces.get(id) ?? -1,
    ruleAt: (id) => rulePlaces.get(id) ?? -1,
    runbook: (i) => runbooks![runbookIds![i]!],
    rule: (i) => rules![ruleIds![i]!],
  };
}

/** The records of located text; null when a top-level member other than a table is not JSON. */
export function textRecords(bt: BundleText): BundleRecords | null {
  const top = bare();
  for (const [key, [start, end]] of bt.members) {
    if ((key === 'runbooks' && bt.runbooks) || (key === 'rules' && bt.rules)) continue;
    const value = parseSpan(bt, start, end);
    if (value === undefined) return null;
    top[key] = value;
  }
  const at = (t: RecordTable | null, id: string): number => t?.index.get(id) ?? -1;
  return {
    top,
    runbookIds: bt.runbooks?.ids ?? null,
    ruleIds: bt.rules?.ids ?? null,
    runbookAt: (id) => at(bt.runbooks, id),
    ruleAt: (id) => at(bt.rules, id),
    runbook: (i) => parseRecord(bt, bt.runbooks!, i),
    rule: (i) => parseRecord(bt, bt.rules!, i),
  };
}
