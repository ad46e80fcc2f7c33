// The single-pass compile() as it was before it was split into compile units and a link step,
// kept verbatim (less comments; and since bundle v3 with contacts kept only when named, and no
// record repeating its key) as the reference the split must equal: same bundle object
// (member order included), same canonical text, same problems in the same order. (The runbook
// record's members are put in key order by the same helper as the units', since the compiler
// builds every record in key order.)

import { BUNDLE_SCHEMA_VERSION, grantKey, type Bundle, type BundleActor, type BundleRule, type BundleRunbook } from '../../compiler/bundle/types.js';
import type { CheckedRunbook } from '../../compiler/check/types.js';
import type { CompileOptions } from '../../compiler/compile/compile.js';
import { digestOfCanonical } from '../../compiler/compile/digest.js';
import { compareStrings, sortedBy } from '../../compiler/compile/order.js';
import { CompileError, Problems } from '../../compiler/compile/problems.js';
import { person, RunbookScope } from '../../compiler/compile/resolve.js';
import { compileEscalation, compileRule } from '../../compiler/compile/rule.js';
import { compileRunbookMeta, expiry } from '../../compiler/compile/runbook.js';
import { runbookRecord, withoutUndefined } from '../../compiler/compile/unit.js';
import { canonicalize } from '../../compiler/util/canonical-json.js';

export function referenceCompile(runbooks: readonly CheckedRunbook[], options: CompileOptions): { bundle: Bundle; text: string } {
  const problems = new Problems();
  const runbookRecords: Record<string, BundleRunbook> = {};
  const rules: Record<string, BundleRule> = {};
  const grants: Record<string, string> = {};
  const grantSource = new Map<string, string>();
  const actors = new Map<string, BundleActor>();
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
    const meta = compileRunbookMeta(scope, expires, scope.file);
    const escalation = compileEscalation(scope, checked.runbook.escalation);
    checked.runbook.actions.forEach((action, index) => {
      const { id, rule } = compileRule(scope, action, index, expires.expiresOn);
      if (Object.hasOwn(rules, id)) {
        scope.problem(`actions[${index}].id`, `action id '${action.id}' is used by an earlier action of this runbook too; action ids must be unique in a runbook`);
        return;
      }
      rules[id] = rule;
      for (const actor of rule.actors) {
        for (const service of rule.services) {
          const key = grantKey(actor, action.id, service);
          const claimedBy = grantSource.get(key);
          if (claimedBy !== undefined) {
            scope.problem(
              `actions[${index}]`,
              `actor '${actor}' is granted '${action.id}' on '${service}' by ${claimedBy} too; ` +
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
    runbookRecords[scope.id] = runbookRecord(meta, scope.bundleContacts(), escalation);
  }
  if (problems.list.length > 0) throw new CompileError(problems.list);

  const body: Omit<Bundle, 'digest'> = {
    schemaVersion: BUNDLE_SCHEMA_VERSION,
    revision: options.revision,
    generatedAt: options.sourceDateEpoch === undefined ? undefined : new Date(options.sourceDateEpoch * 1000).toISOString(),
    runbooks: runbookRecords,
    actors: Object.fromEntries([...actors].map(([id, a]) => [id, { ...a, pins: sortedBy(a.pins, (p) => `${p.runbook}\u0000${p.model.name}\u0000${p.model.version}`) }])),
    rules,
    grants,
  };
  const normalized = withoutUndefined(body) as Omit<Bundle, 'digest'>;
  const digest = digestOfCanonical(canonicalize(normalized));
  const bundle = { ...normalized, digest };
  return { bundle, text: canonicalize(bundle) };
}

function addPin(actors: Map<string, BundleActor>, scope: RunbookScope, actorId: string): void {
  const declared = scope.actors.get(actorId)!;
  const model = { name: declared.model.name, version: declared.model.version };
  let record = actors.get(actorId);
  if (!record) {
    record = { name: declared.name, kind: declared.kind, owner: person(declared.owner), pins: [] };
    actors.set(actorId, record);
  }
  if (!record.pins.some((p) => p.runbook === scope.id)) record.pins.push({ runbook: scope.id, model });
}
