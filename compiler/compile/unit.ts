// The per-runbook half of compile: everything that depends on one runbook only, as plain data
// (a "compile unit"). Units are computed where the runbook is — in the check workers for
// `gatebook build` — and sent to the main thread, which only links them (link.ts). So a unit
// holds canonical JSON, ids and keys, never the runbook itself.
// The JSON is UTF-8 bytes, ready-made members of the bundle's maps (`"<id>":{…}`) back to back
// in one buffer per runbook: a worker hands the buffer over without copying it (transfer), it
// lives outside the JavaScript heap, so the main thread's garbage collector never copies or
// scans 35 MB of text, and assembling bundle.json is copying byte ranges.

import type { BundleRule, BundleRunbook } from '../bundle/types.js';
import type { CheckedRunbook } from '../check/types.js';
import type { Person } from '../language/runbook.js';
import { canonicalize } from '../util/canonical-json.js';
import { Problems, type CompileProblem } from './problems.js';
import { person, RunbookScope } from './resolve.js';
import { compileEscalation, compileRule } from './rule.js';
import { compileRunbookMeta, expiry } from './runbook.js';

/** One action of the runbook, compiled. Its grants are `actors` × `services`. */
export interface UnitRule {
  /** `<runbook>#<action>`. */
  id: string;
  action: string;
  /** The declared actors it names, sorted (an undeclared one is a problem instead). */
  actors: string[];
  /** Its services, sorted. */
  services: string[];
  /** Where in the unit's `json` its member of the bundle's `rules` is: `"<id>":` and the record. */
  start: number;
  end: number;
  /**
   * How many of the unit's problems were found up to and including compiling this rule. link()
   * reports the rule's cross-runbook problems (grant conflicts) right after them, so problems
   * come out in the order a single pass over the runbooks finds them.
   */
  problemsThrough: number;
}

/** An actor as the runbook declares it: what the bundle's `actors` entry and pin are made of. */
export interface UnitActor {
  id: string;
  name: string;
  kind: string;
  owner: Person;
  model: { name: string; version: string };
}

export interface CompileUnit {
  /** The runbook id (link() sorts by it, then by file). */
  id: string;
  file: string;
  /**
   * UTF-8 canonical JSON: the runbook's member of the bundle's `runbooks` (`"<id>":` and the
   * record) in bytes 0 to `runbookEnd`, then each rule's member (`UnitRule.start`/`end`).
   */
  json: Uint8Array<ArrayBuffer>;
  runbookEnd: number;
  /** One per action, in document order, duplicates included (link() refuses those). */
  rules: UnitRule[];
  /** The declared actors its rules name: first-wins actor records and one pin per runbook. */
  actors: UnitActor[];
  /**
   * `gatebook build` only: the git blob ids (SHA-1) the exact bytes compiled may have in a commit,
   * so the revision is checked without reading the files again (bundle/revision.ts).
   */
  gitBlobs?: string[];
  /** This runbook's own problems, in the order they were found. */
  problems: CompileProblem[];
  /**
   * With `{ objects: true }` only (compile(), which returns the bundle as an object): the records
   * the texts were written from, as JSON holds them, in the member order they were built with.
   */
  objects?: { runbook: BundleRunbook; rules: BundleRule[] };
}

export interface UnitOptions {
  /** Keep the record objects too (compile()); `gatebook build` needs the texts only. */
  objects?: boolean;
  /** The runbook's `source.path` in the bundle; default its file as checked (relative to cwd). */
  sourcePath?: string;
}

export function compileUnit(checked: CheckedRunbook, options: UnitOptions = {}): CompileUnit {
  const problems = new Problems();
  const scope = new RunbookScope(checked, problems);
  const expires = expiry(scope);
  // The canonical text is the same with or without the copy asJson() makes (canonicalize drops
  // undefined members and writes -0 as 0), so only compile(), which returns objects, pays for it.
  const shape: <T>(value: T) => T = options.objects ? asJson : (value) => value;
  // Records are built with their members in key order, so canonicalize() copies none of them;
  // the maps keyed by the runbook's own names (envelope bounds and sets, contacts) keep the
  // runbook's order, which callers that list them (the site's envelope lines) show.
  const meta = compileRunbookMeta(scope, expires, options.sourcePath ?? scope.file);
  const escalation = compileEscalation(scope, checked.runbook.escalation);
  const ruleMembers: string[] = [];
  const rules: Array<Omit<UnitRule, 'start' | 'end'>> = [];
  const ruleObjects: BundleRule[] = [];
  const actors = new Map<string, UnitActor>();
  checked.runbook.actions.forEach((action, index) => {
    const compiled = compileRule(scope, action, index, expires.expiresOn);
    const rule = shape(compiled.rule);
    ruleMembers.push(`${JSON.stringify(compiled.id)}:${canonicalize(rule)}`);
    rules.push({
      id: compiled.id,
      action: action.id,
      actors: rule.actors,
      services: rule.services,
      problemsThrough: problems.list.length,
    });
    if (options.objects) ruleObjects.push(rule);
    for (const id of rule.actors) if (!actors.has(id)) actors.set(id, declaredActor(scope, id));
  });
  // Contacts last: the record keeps only those the escalation and the rules name.
  const record = shape<BundleRunbook>(runbookRecord(meta, scope.bundleContacts(), escalation));
  const { json, ends } = encodeMembers([`${JSON.stringify(scope.id)}:${canonicalize(record)}`, ...ruleMembers]);
  return {
    id: scope.id,
    file: scope.file,
    json,
    runbookEnd: ends[0]!,
    rules: rules.map((rule, i) => ({ ...rule, start: ends[i]!, end: ends[i + 1]! })),
    actors: [...actors.values()],
    problems: problems.list,
    ...(options.objects ? { objects: { runbook: record, rules: ruleObjects } } : {}),
  };
}

/** The runbook's record, its members in key order (canonical JSON then copies none of it). */
export function runbookRecord(meta: Omit<BundleRunbook, 'contacts' | 'escalation'>, contacts: BundleRunbook['contacts'], escalation: BundleRunbook['escalation']): BundleRunbook {
  const { actions, approval, audit, owner, services, source, title } = meta;
  return { actions, approval, audit, contacts, escalation, owner, services, source, title };
}

/** The members back to back as UTF-8, and the offset where each one ends. */
function encodeMembers(members: readonly string[]): { json: Uint8Array<ArrayBuffer>; ends: number[] } {
  let at = 0;
  return { json: new TextEncoder().encode(members.join('')), ends: members.map((m) => (at += Buffer.byteLength(m, 'utf8'))) };
}

function declaredActor(scope: RunbookScope, id: string): UnitActor {
  const declared = scope.actors.get(id)!;
  return asJson<UnitActor>({
    id,
    name: declared.name,
    kind: declared.kind,
    owner: person(declared.owner),
    model: { name: declared.model.name, version: declared.model.version },
  });
}

/**
 * A record as bundle.json holds it: without undefined members, -0 as 0. canonicalize() writes
 * the same text either way; the object form matters to compile()'s callers, which must see
 * exactly what a reader of bundle.json sees.
 */
function asJson<T>(value: T): T {
  return withoutUndefined(value) as T;
}

/** A deep copy as JSON holds it: no undefined object members (in arrays, null), and -0 as 0. */
export function withoutUndefined(value: unknown): unknown {
  if (Object.is(value, -0)) return 0;
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : withoutUndefined(v)));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = withoutUndefined(v);
  return out;
}
