// What happens after the AI acts: canary verification and rollback.

import type { BundleCondition, Grant } from '../../bundle/types.js';
import type { Direction } from '../types.js';
import { conditionText, contactText, duration, quote } from '../wording.js';
import { inAction, inActionList } from '../yaml-path.js';
import { cap, on, order, same, says, who, type FieldChange, type Subject } from './change.js';

/**
 * A rollback trigger fires later (looser) with a higher `above` / rises-by / falls-by threshold,
 * a lower `below` threshold, more intervals, or longer intervals. A canary success condition
 * passes more easily (looser) with a higher `below` threshold, a lower `above` one, fewer or
 * shorter intervals. A new signal or comparison is not comparable: taken as looser (reviewed).
 */
function conditionDirection(b: BundleCondition, a: BundleCondition, kind: 'trigger' | 'success'): Direction {
  if (b.signal !== a.signal || b.when !== a.when) return 'looser';
  let looser = false;
  let stricter = false;
  const mark = (isLooser: boolean) => { if (isLooser) looser = true; else stricter = true; };
  if (b.threshold !== a.threshold) {
    const up = a.threshold > b.threshold;
    if (kind === 'trigger') mark(b.when === 'below' ? !up : up);
    else if (b.when === 'below' || b.when === 'above') mark(b.when === 'below' ? up : !up);
    else looser = true;
  }
  if (b.intervals !== a.intervals) mark((a.intervals > b.intervals) === (kind === 'trigger'));
  if (b.intervalSeconds !== a.intervalSeconds) mark((a.intervalSeconds > b.intervalSeconds) === (kind === 'trigger'));
  return order(looser, stricter);
}

function conditionChanges(
  bs: BundleCondition[], as: BundleCondition[], kind: 'trigger' | 'success', field: string, listPath: string[], label: string,
  subject: (s: Subject) => string, out: FieldChange[],
): void {
  const yamlMatch = (id: string) => (x: unknown) => {
    const c = x as { id?: unknown; signal?: unknown; when?: unknown };
    return (c.id ?? `${String(c.signal)}-${String(c.when)}`) === id;
  };
  for (const c of bs) {
    const now = as.find((x) => x.id === c.id);
    if (!now) {
      out.push({
        kind: `${kind === 'trigger' ? 'rollback-trigger' : 'canary-condition'}-removed`, field, before: c, after: null, basis: 'order',
        direction: kind === 'trigger' ? 'looser' : 'looser',
        yaml: inAction(...listPath),
        say: says(`${label} ${c.id}`, conditionText(c), 'none',
          (s) => `${cap(subject(s))} no longer ${kind === 'trigger' ? 'rolls back' : 'waits for'} when ${conditionText(c)} (${label} ${c.id} removed).`),
      });
    } else if (!same(c, now)) {
      const direction = conditionDirection(c, now, kind);
      out.push({
        kind: `${kind === 'trigger' ? 'rollback-trigger' : 'canary-condition'}-changed`, field, before: c, after: now, basis: 'order', direction,
        yaml: inActionList(listPath, yamlMatch(c.id)),
        say: says(`${label} ${c.id}`, conditionText(c), conditionText(now),
          (s) => `${cap(subject(s))} now ${kind === 'trigger' ? 'rolls back only' : 'passes the canary'} when ${conditionText(now)} (was ${conditionText(c)}).`,
          (s) => `${cap(subject(s))} now ${kind === 'trigger' ? 'rolls back already' : 'passes the canary only'} when ${conditionText(now)} (was ${conditionText(c)}).`),
      });
    }
  }
  for (const c of as) {
    if (bs.some((x) => x.id === c.id)) continue;
    out.push({
      kind: `${kind === 'trigger' ? 'rollback-trigger' : 'canary-condition'}-added`, field, before: null, after: c, basis: 'order', direction: 'stricter',
      yaml: inActionList(listPath, yamlMatch(c.id)),
      say: says(`${label} ${c.id}`, 'none', conditionText(c), undefined,
        (s) => `${cap(subject(s))} now also ${kind === 'trigger' ? 'rolls back' : 'requires'} when ${conditionText(c)}.`),
    });
  }
}

export function canaryChanges(b: Grant, a: Grant, out: FieldChange[]): void {
  const cb = b.canary;
  const ca = a.canary;
  if (same(cb, ca)) return;
  const subject = (s: Subject) => `${s.action} by ${who(s)} on ${on(s)}`;
  if (!cb || !ca) {
    out.push({
      kind: 'canary', field: 'canary', before: cb ?? null, after: ca ?? null, basis: 'order', direction: cb ? 'looser' : 'stricter',
      yaml: inAction('canary'),
      say: says('canary', cb ? duration(cb.durationSeconds) : 'none', ca ? duration(ca.durationSeconds) : 'none',
        (s) => `${cap(subject(s))} is no longer verified by a canary (was ${duration(cb!.durationSeconds)}).`,
        (s) => `${cap(subject(s))} is now verified by a ${duration(ca!.durationSeconds)} canary first.`),
    });
    return;
  }
  if (cb.durationSeconds !== ca.durationSeconds) {
    out.push({
      kind: 'canary-duration', field: 'canary.durationSeconds', before: cb.durationSeconds, after: ca.durationSeconds, basis: 'order',
      direction: ca.durationSeconds < cb.durationSeconds ? 'looser' : 'stricter',
      yaml: inAction('canary', 'duration'),
      say: says('canary duration', duration(cb.durationSeconds), duration(ca.durationSeconds),
        (s) => `${cap(subject(s))} is now verified by a canary of only ${duration(ca.durationSeconds)} (was ${duration(cb.durationSeconds)}).`),
    });
  }
  if (cb.scope !== ca.scope) {
    out.push({
      kind: 'canary-scope', field: 'canary.scope', before: cb.scope ?? null, after: ca.scope ?? null, basis: 'neutral',
      yaml: inAction('canary', 'scope'), say: says('canary scope', cb.scope ?? 'none', ca.scope ?? 'none'),
    });
  }
  conditionChanges(cb.success, ca.success, 'success', 'canary.success', ['canary', 'success'], 'canary success condition', subject, out);
}

export function rollbackChanges(b: Grant, a: Grant, out: FieldChange[]): void {
  const rb = b.rollback;
  const ra = a.rollback;
  if (same(rb, ra)) return;
  const subject = (s: Subject) => `${s.action} by ${who(s)} on ${on(s)}`;
  if (!rb || !ra) {
    out.push({
      kind: 'rollback', field: 'rollback', before: rb ?? null, after: ra ?? null, basis: 'order', direction: rb ? 'looser' : 'stricter',
      yaml: inAction('rollback'),
      say: says('rollback', rb ? rb.triggers.map(conditionText).join('; ') : 'none', ra ? ra.triggers.map(conditionText).join('; ') : 'none',
        (s) => `${cap(subject(s))} no longer has rollback triggers (was: ${rb!.triggers.map(conditionText).join('; ')}).`,
        (s) => `${cap(subject(s))} now rolls back when ${ra!.triggers.map(conditionText).join('; or ')}.`),
    });
    return;
  }
  conditionChanges(rb.triggers, ra.triggers, 'trigger', 'rollback.triggers', ['rollback', 'triggers'], 'rollback trigger', subject, out);
  if (rb.automatic !== ra.automatic) {
    out.push({
      kind: 'rollback-automatic', field: 'rollback.automatic', before: rb.automatic, after: ra.automatic, basis: 'order',
      direction: ra.automatic ? 'stricter' : 'looser',
      yaml: inAction('rollback', 'automatic'),
      say: says('automatic rollback', String(rb.automatic), String(ra.automatic),
        (s) => `${cap(subject(s))} is no longer rolled back automatically when a trigger fires; ${contactText(ra.owner)} must do it.`,
        (s) => `${cap(subject(s))} is now rolled back automatically when a trigger fires.`),
    });
  }
  if (rb.action !== ra.action) {
    out.push({
      kind: 'rollback-action', field: 'rollback.action', before: rb.action, after: ra.action, basis: 'neutral',
      yaml: inAction('rollback', 'action'), say: says('rollback action', quote(rb.action), quote(ra.action)),
    });
  }
  if (rb.owner.id !== ra.owner.id) {
    out.push({
      kind: 'rollback-owner', field: 'rollback.owner', before: rb.owner.id, after: ra.owner.id, basis: 'neutral',
      yaml: inAction('rollback', 'owner'), say: says('rollback owner', contactText(rb.owner), contactText(ra.owner)),
    });
  }
}
