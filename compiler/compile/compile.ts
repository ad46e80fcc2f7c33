// compile(): checked runbooks → the policy bundle. A pure function: the same runbooks (in any
// order) and options give a deep-equal bundle, and so the same canonical bytes and digest.

import { BUNDLE_SCHEMA_VERSION, grantKey, type Bundle, type BundleActor, type BundleRule, type BundleRunbook } from '../bundle/types.js';
import type { CheckedRunbook } from '../check/types.js';
import { canonicalize } from '../util/canonical-json.js';
import { digestOfCanonical } from './digest.js';
import { compileEscalation, compileRule } from './rule.js';
import { compareStrings, sortedBy } from './order.js';
import { CompileError, Problems } from './problems.js';
import { person, RunbookScope } from './resolve.js';
import { compileRunbookMeta, expiry } from './runbook.js';

export interface CompileOptions {
  /** The git commit the runbooks came from, or null. */
  revision: string | null;
  /** Seconds since the epoch; when set, `generatedAt` records it (reproducible-builds.org convention). */
  sourceDateEpoch?: number;
}

function compileBody(runbooks: readonly CheckedRunbook[], options: CompileOptions): { bundle: Bundle; text: string } {
  const problems = new Problems();
  const runbookRecords: Record<string, BundleRunbook> = {};
  const rules: Record<string, BundleRule> = {};
  const grants: Record<string, string> = {};
  const grantSource = new Map<string, string>();
  const actors = new Map<string, BundleActor>();

  // Sorted by id (then file) so that everything "first wins" below is independent of input order.
  const ordered = [...runbooks].sort((a, b) => compareStrings(a.runbook.id, b.runbook.id) || compareStrings(a.file, b.file));
  const fileOf = new Map<string, string>();

  for (const checked of ordered) {
    const scope = new RunbookScope(checked, problems);
    const earlier = fileOf.get(scope.id);
    if (earlier !== undefined) {
      scope.problem('id', `runbook id '${scope.id}' is already used by ${earlier}; runbook ids must be unique`);
      continue;
    }
    fileOf.set(scope.id, scope.file);

    const expires = expiry(scope);
    runbookRecords[scope.id] = {
      ...compileRunbookMeta(scope, expires),
      contacts: scope.bundleContacts(),
      escalation: compileEscalation(scope, checked.runbook.escalation),
    };

    checked.runbook.actions.forEach((action, index) => {
      const { id, rule } = compileRule(scope, action, index, expires.expiresOn);
      if (Object.hasOwn(rules, id)) {
        scope.problem(`actions[${index}].id`, `action id '${action.id}' is used by an earlier action of this runbook too; action ids must be unique in a runbook`);
        return;
      }
      rules[id] = rule;
      for (const actor of rule.actors) {
        for (const service of rule.services) {
          const key = grantKey(actor, rule.action, service);
          const claimedBy = grantSource.get(key);
          if (claimedBy !== undefined) {
            scope.problem(
              `actions[${index}]`,
              `actor '${actor}' is granted '${rule.action}' on '${service}' by ${claimedBy} too; ` +
                'each (actor, action, service) must be granted by one runbook only — rename the action or narrow its services',
            );
            continue;
          }
          grantSource.set(key, scope.file);
          grants[key] = id;
          addPin(actors, scope, actor);
        }
      }
    });
  }

  if (problems.list.length > 0) throw new CompileError(problems.list);

  const body: Omit<Bundle, 'digest'> = {
    schemaVersion: BUNDLE_SCHEMA_VERSION,
    revision: options.revision,
    generatedAt: options.sourceDateEpoch === undefined ? undefined : new Date(options.sourceDateEpoch * 1000).toISOString(),
    runbooks: runbookRecords,
    actors: Object.fromEntries([...actors].map(([id, a]) => [id, { ...a, pins: sortedPins(a.pins) }])),
    rules,
    grants,
  };
  // Without undefined members, the returned object is exactly what bundle.json holds, so
  // in-memory and on-disk bundles agree. Canonical JSON is written once: the digest is its hash,
  // and the text with the digest inserted is bundle.json (35 MB at 10,000 runbooks).
  const normalized = withoutUndefined(body) as Omit<Bundle, 'digest'>;
  const bare = canonicalize(normalized);
  const digest = digestOfCanonical(bare);
  return { bundle: { ...normalized, digest }, text: withMember(bare, normalized, 'digest', digest) };
}

/** compile(), plus canonicalize(bundle) — what bundle.json and the OPA data.json hold. */
export function compileWithText(runbooks: readonly CheckedRunbook[], options: CompileOptions): { bundle: Bundle; text: string } {
  return compileBody(runbooks, options);
}

export function compile(runbooks: readonly CheckedRunbook[], options: CompileOptions): Bundle {
  return compileBody(runbooks, options).bundle;
}

/** A deep copy as JSON holds it: no undefined object members (in arrays, null), and -0 as 0. */
function withoutUndefined(value: unknown): unknown {
  if (Object.is(value, -0)) return 0;
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : withoutUndefined(v)));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = withoutUndefined(v);
  return out;
}

/**
 * canonicalize({ ...obj, [key]: value }) from bare = canonicalize(obj), without writing it again:
 * the members sorting before `key` are a prefix of `bare` (canonical JSON of a value is a substring
 * of any canonical JSON holding it), so the new member goes right after them.
 */
function withMember(bare: string, obj: Record<string, unknown>, key: string, value: unknown): string {
  const before = Object.keys(obj).filter((k) => obj[k] !== undefined && k < key).sort();
  const prefix = `{${before.map((k) => `${JSON.stringify(k)}:${canonicalize(obj[k])}`).join(',')}`;
  if (!bare.startsWith(prefix) || key in obj) throw new Error('internal error: canonical JSON prefix mismatch');
  const member = `${JSON.stringify(key)}:${canonicalize(value)}`;
  const rest = bare.slice(prefix.length);
  const joined = before.length === 0 ? (rest === '}' ? member : `${member},`) : `,${member}`;
  return `${prefix}${joined}${rest}`;
}

/**
 * An actor may appear in several runbooks. Its name, kind and owner come from the first runbook
 * by id that grants it something; every runbook contributes its own model pin.
 */
function addPin(actors: Map<string, BundleActor>, scope: RunbookScope, actorId: string): void {
  const declared = scope.actors.get(actorId)!;
  const model = { name: declared.model.name, version: declared.model.version };
  let record = actors.get(actorId);
  if (!record) {
    record = { id: actorId, name: declared.name, kind: declared.kind, owner: person(declared.owner), pins: [] };
    actors.set(actorId, record);
  }
  if (!record.pins.some((p) => p.runbook === scope.id)) record.pins.push({ runbook: scope.id, model });
}

function sortedPins(pins: BundleActor['pins']): BundleActor['pins'] {
  return sortedBy(pins, (p) => `${p.runbook}\u0000${p.model.name}\u0000${p.model.version}`);
}
