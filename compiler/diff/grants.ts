// Grant items: added, removed, and every changed field of a grant both sides have, classified
// (README "Strictness order"):
// - a decision field is widened when undoing it in HEAD would make some request stricter, and
//   narrowed when undoing it would make some request less strict (levels.ts); a change along an
//   authority axis with neither effect is neutral, with a note saying why (the gate already
//   requires a human, or other changes offset it);
// - the grant as a whole is reconciled with the enforcer model: a grant gets a widened decision
//   item exactly when some request is decided less strictly in HEAD than in BASE;
// - other fields are classified by their own order.

import type { Grant } from '../bundle/types.js';
import { DECISIONS } from '../bundle/types.js';
import { grantChanges, type FieldChange, type Subject } from './fields/index.js';
import { compareGrants, floor, GATE_LEVEL, ROLE_LEVEL } from './levels.js';
import type { RawItem } from './raw.js';
import type { ChangeClass, Direction } from './types.js';
import { grantMode, list } from './wording.js';
import { inAction, type YamlRef } from './yaml-path.js';

function subjectOf(g: Grant): Subject {
  return { actors: [g.actor], services: [g.service], action: g.action, mode: grantMode(g) };
}

function grantItem(g: Grant, cls: ChangeClass, direction: Direction, partial: Partial<RawItem> & Pick<RawItem, 'kind' | 'field' | 'sentence'>): RawItem {
  return {
    class: cls, direction, scope: 'grant', runbook: g.runbook, actor: g.actor, action: g.action, service: g.service, key: g.key,
    before: null, after: null, note: null, say: null, subject: subjectOf(g), yaml: null, side: 'head', ...partial,
  };
}

/** Why a change along an authority axis does not change decisions in HEAD. */
function floorReason(g: Grant): string {
  const level = floor(g);
  const cause = g.aiRole !== 'execute' && ROLE_LEVEL[g.aiRole] >= GATE_LEVEL[g.gate] ? `the AI role is ${g.aiRole}` : `the gate is ${g.gate}`;
  return `No effect on decisions: ${cause}, so every request is already decided ${DECISIONS[level]} or stricter.`;
}

const OFFSET = 'No effect on decisions: other changes to this grant in HEAD offset it.';

export function addedGrant(g: Grant, newAction: boolean, newActor: boolean): RawItem {
  const prohibited = floor(g) === 5;
  const sentence = (s: Subject) => prohibited
    ? `${list(s.actors)} is named for ${s.action} on ${list(s.services)}, but prohibited from it.`
    : `${list(s.actors)} may now run ${s.action} on ${list(s.services)} ${s.mode}: a new grant${newAction ? ' (new action)' : newActor ? ' (new actor)' : ' (new service)'}.`;
  const yaml: YamlRef = newAction ? inAction() : newActor ? inAction('actors') : (ctx) => {
    const action = ctx.action === null ? undefined : ctx.runbook.actions[ctx.action];
    return action?.services ? ['actions', ctx.action!, 'services'] : ['services'];
  };
  const subject = subjectOf(g);
  return grantItem(g, prohibited ? 'neutral' : 'widened', prohibited ? 'none' : 'looser', {
    kind: 'grant-added', field: '', after: { gate: g.gate, aiRole: g.aiRole, model: g.model }, sentence: sentence(subject), say: sentence, yaml,
    note: prohibited ? 'The AI role is prohibited: every request is denied, as before.' : null,
  });
}

export function removedGrant(g: Grant, runbookInHead: boolean): RawItem {
  const prohibited = floor(g) === 5;
  const sentence = (s: Subject) => prohibited
    ? `${list(s.actors)} is no longer named for ${s.action} on ${list(s.services)} (it was prohibited from it anyway).`
    : `${list(s.actors)} may no longer run ${s.action} on ${list(s.services)}: the grant is removed, so requests are denied.`;
  return grantItem(g, prohibited ? 'neutral' : 'narrowed', prohibited ? 'none' : 'stricter', {
    kind: 'grant-removed', field: '', before: { gate: g.gate, aiRole: g.aiRole, model: g.model }, sentence: sentence(subjectOf(g)), say: sentence,
    yaml: runbookInHead ? inAction() : null, side: runbookInHead ? 'head' : 'base',
  });
}

function directionOf(effect: { widened: boolean; narrowed: boolean }): Direction {
  return effect.widened && effect.narrowed ? 'mixed' : effect.widened ? 'looser' : effect.narrowed ? 'stricter' : 'none';
}

interface Classified {
  change: FieldChange;
  classes: ChangeClass[];
  direction: Direction;
  note: string | null;
  /** Effects a `single` item does not report separately (the old model losing its pin). */
  folded: ChangeClass[];
}

/** Every item for a grant present on both sides (none when nothing changed). */
export function changedGrant(b: Grant, a: Grant): RawItem[] {
  const changes = grantChanges(b, a);
  if (changes.length === 0) return [];
  const classified: Classified[] = changes.map((change) => classify(change, a));

  // Reconcile the decision items with the grant as a whole.
  const joint = compareGrants(b, a);
  const decision = classified.filter((c) => c.change.basis === 'decision');
  reconcile(decision, 'widened', joint.widened, 'looser');
  reconcile(decision, 'narrowed', joint.narrowed, 'stricter');

  const subject = subjectOf(a);
  const items: RawItem[] = [];
  for (const c of classified) {
    for (const cls of c.classes) {
      const say = (s: Subject) => c.change.say(s, cls);
      items.push(grantItem(a, cls, c.direction, {
        kind: c.change.kindFor?.(cls) ?? c.change.kind, field: c.change.field, before: c.change.before, after: c.change.after,
        note: cls === 'neutral' ? c.note : null, sentence: say(subject), say, yaml: c.change.yaml,
      }));
    }
  }
  return items;
}

function classify(change: FieldChange, head: Grant): Classified {
  if (change.basis === 'neutral' || change.basis === 'governance') {
    return { change, classes: [change.basis], direction: 'none', note: null, folded: [] };
  }
  if (change.basis === 'order') {
    const d = change.direction ?? 'none';
    const classes: ChangeClass[] = d === 'looser' ? ['widened'] : d === 'stricter' ? ['narrowed'] : d === 'mixed' ? ['widened', 'narrowed'] : ['neutral'];
    return { change, classes, direction: d, note: null, folded: [] };
  }
  const without = structuredClone(head);
  change.revert!(without);
  const effect = compareGrants(without, head);
  const alongAxis = directionOf(compareGrants(without, head, { ignoreFloor: true }));
  const direction = change.direction ?? alongAxis;
  let classes: ChangeClass[];
  const folded: ChangeClass[] = [];
  if (change.single) {
    classes = [effect.widened ? 'widened' : effect.narrowed ? 'narrowed' : 'neutral'];
    if (effect.widened && effect.narrowed) folded.push('narrowed');
  } else {
    classes = [];
    if (effect.widened) classes.push('widened');
    if (effect.narrowed) classes.push('narrowed');
    if (classes.length === 0) classes.push('neutral');
  }
  // Neutral although it moves along an authority axis: the gate or AI role masks it, or the
  // rest of the grant makes it moot.
  const masked = change.direction !== undefined || alongAxis !== 'none';
  const note = classes[0] !== 'neutral' ? null
    : direction === 'none' && !masked ? 'No request is decided differently because of it.'
      : masked && floor(head) > 0 ? floorReason(head) : OFFSET;
  return { change, classes, direction, note, folded };
}

/**
 * Makes the items agree with the grant as a whole: no widened item when no request is decided
 * less strictly; at least one when some is.
 */
function reconcile(items: Classified[], cls: 'widened' | 'narrowed', jointly: boolean, along: Direction): void {
  const has = items.filter((c) => c.classes.includes(cls) || c.folded.includes(cls));
  if (!jointly && has.length) {
    for (const c of has) {
      c.classes = c.classes.filter((x) => x !== cls);
      if (c.classes.length === 0) {
        c.classes = ['neutral'];
        c.note = OFFSET;
      }
    }
  } else if (jointly && has.length === 0) {
    const candidates = items.filter((c) => c.direction === along || c.direction === 'mixed');
    for (const c of candidates.length ? candidates : items) {
      c.classes = [...c.classes.filter((x) => x !== 'neutral'), cls];
      c.note = null;
    }
  }
}
