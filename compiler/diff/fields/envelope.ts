// The safe operating envelope: numeric bounds, permitted sets, spend, cooldown, and what happens outside it.

import type { Grant } from '../../bundle/types.js';
import { duration, list, num, percent } from '../wording.js';
import { inAction, inActionList, numericBound } from '../yaml-path.js';
import { numberDirection, on, same, says, union, who, type FieldChange, type Subject } from './change.js';

const SET_WORDS: Record<string, { one: string; phrase: (v: string) => string }> = {
  region: { one: 'region', phrase: (v) => `in ${v}` },
  instanceType: { one: 'instance type', phrase: (v) => `with instance type ${v}` },
  dataClassification: { one: 'data classification', phrase: (v) => `on ${v} data` },
};

function setWords(name: string) {
  return SET_WORDS[name] ?? { one: name, phrase: (v: string) => `with ${name} ${v}` };
}

function boundText(bound: Grant['envelope']['numeric'][string] | undefined): string {
  if (!bound) return 'unbounded';
  const parts: string[] = [];
  if (bound.min !== undefined || bound.max !== undefined) parts.push(`${bound.min ?? '−∞'}–${bound.max ?? '∞'}${bound.unit ? ` ${bound.unit}` : ''}`);
  if (bound.maxStep !== undefined) parts.push(`steps of at most ${bound.maxStep}`);
  return parts.join(', ') || 'bounded';
}

export function envelopeChanges(b: Grant, a: Grant, out: FieldChange[]): void {
  const eb = b.envelope;
  const ea = a.envelope;
  for (const name of union(Object.keys(eb.numeric), Object.keys(ea.numeric))) {
    const nb = Object.hasOwn(eb.numeric, name) ? eb.numeric[name] : undefined;
    const na = Object.hasOwn(ea.numeric, name) ? ea.numeric[name] : undefined;
    if (same(nb, na)) continue;
    const field = `envelope.numeric.${name}`;
    if (!nb || !na) {
      out.push({
        kind: 'envelope-parameter', field, before: nb ?? null, after: na ?? null, basis: 'decision',
        revert: (g) => { if (nb) g.envelope.numeric[name] = structuredClone(nb); else delete g.envelope.numeric[name]; },
        yaml: numericBound(name, null),
        say: says(`${name} bounds`, boundText(nb), boundText(na),
          (s) => `${who(s)} may now set ${name} on ${on(s)} to any value ${s.mode}: it is no longer bounded (was ${boundText(nb)}).`,
          (s) => `${who(s)} may now set ${name} on ${on(s)} only within ${boundText(na)} (it was not bounded).`),
      });
      continue;
    }
    const unit = na.unit ?? nb.unit;
    const replicas = name === 'replicas';
    for (const bound of ['max', 'min', 'maxStep'] as const) {
      const vb = nb[bound];
      const va = na[bound];
      if (vb === va) continue;
      const before = num(vb, unit);
      const after = num(va, unit);
      const looser = bound === 'min' ? numberDirection(vb, va, false) : numberDirection(vb, va, true);
      const gain = bound === 'max'
        ? (s: Subject) => replicas
          ? `${who(s)} may now scale ${on(s)} up to ${after === 'none' ? 'any number of' : after} replicas ${s.mode} (was ${before}).`
          : `${who(s)} may now set ${name} on ${on(s)} as high as ${after === 'none' ? 'it likes' : after} ${s.mode} (was ${before}).`
        : bound === 'min'
          ? (s: Subject) => replicas
            ? `${who(s)} may now scale ${on(s)} down to ${after === 'none' ? 'zero' : after} replicas ${s.mode} (was ${before}).`
            : `${who(s)} may now set ${name} on ${on(s)} as low as ${after === 'none' ? 'it likes' : after} ${s.mode} (was ${before}).`
          : (s: Subject) => `${who(s)} may now change ${name} on ${on(s)} by ${after === 'none' ? 'any amount' : `up to ${after}`} at a time ${s.mode} (was ${before}).`;
      const loss = bound === 'max'
        ? (s: Subject) => `${who(s)} may now take ${name} on ${on(s)} only up to ${after} (was ${before}).`
        : bound === 'min'
          ? (s: Subject) => `${who(s)} may now take ${name} on ${on(s)} only down to ${after} (was ${before}).`
          : (s: Subject) => `${who(s)} may now change ${name} on ${on(s)} by only ${after} at a time (was ${before}).`;
      out.push({
        kind: bound === 'max' ? 'envelope-max' : bound === 'min' ? 'envelope-min' : 'envelope-step',
        field: `${field}.${bound}`, before: vb ?? null, after: va ?? null, basis: 'decision', direction: looser,
        revert: (g) => {
          const target = g.envelope.numeric[name]!;
          if (vb === undefined) delete target[bound];
          else target[bound] = vb;
        },
        yaml: numericBound(name, bound),
        say: says(`${bound === 'maxStep' ? 'largest step' : bound === 'max' ? 'maximum' : 'minimum'} ${name}`, before, after, gain, loss),
      });
    }
    if (nb.unit !== na.unit) {
      out.push({
        kind: 'envelope-unit', field: `${field}.unit`, before: nb.unit ?? null, after: na.unit ?? null, basis: 'neutral',
        yaml: numericBound(name, null), say: says(`unit of ${name}`, nb.unit ?? 'none', na.unit ?? 'none'),
      });
    }
  }

  for (const name of union(Object.keys(eb.sets), Object.keys(ea.sets))) {
    const sb = Object.hasOwn(eb.sets, name) ? eb.sets[name] : undefined;
    const sa = Object.hasOwn(ea.sets, name) ? ea.sets[name] : undefined;
    if (same(sb, sa)) continue;
    const words = setWords(name);
    const yamlKey = name === 'region' ? 'regions' : name === 'instanceType' ? 'instanceTypes' : name === 'dataClassification' ? 'dataClassifications' : name;
    const field = `envelope.sets.${name}`;
    if (!sb || !sa) {
      out.push({
        kind: 'envelope-set', field, before: sb ?? null, after: sa ?? null, basis: 'decision',
        revert: (g) => { if (sb) g.envelope.sets[name] = [...sb]; else delete g.envelope.sets[name]; },
        yaml: inAction('envelope', yamlKey),
        say: says(`permitted ${words.one}s`, sb ? list(sb) : 'any', sa ? list(sa) : 'any',
          (s) => `${who(s)} may now run ${s.action} on ${on(s)} with any ${words.one} ${s.mode}: the ${words.one} is no longer restricted (was ${list(sb ?? [])}).`,
          (s) => `${who(s)} may now run ${s.action} on ${on(s)} only ${words.phrase(list(sa ?? []))} (the ${words.one} was not restricted).`),
      });
      continue;
    }
    const added = sa.filter((v) => !sb.includes(v));
    const removed = sb.filter((v) => !sa.includes(v));
    if (added.length) {
      out.push({
        kind: 'envelope-set-added', field, before: sb, after: sa, basis: 'decision',
        revert: (g) => { g.envelope.sets[name] = g.envelope.sets[name]!.filter((v) => !added.includes(v)); },
        yaml: inActionList(['envelope', yamlKey], (v) => v === added[0]),
        say: says(`permitted ${words.one}s`, list(sb), list(sa),
          (s) => `${who(s)} may now run ${s.action} on ${on(s)} ${words.phrase(list(added))} ${s.mode} (permitted before: ${list(sb)}).`),
      });
    }
    if (removed.length) {
      out.push({
        kind: 'envelope-set-removed', field, before: sb, after: sa, basis: 'decision',
        revert: (g) => { g.envelope.sets[name] = [...g.envelope.sets[name]!, ...removed].sort(); },
        yaml: inAction('envelope', yamlKey),
        say: says(`permitted ${words.one}s`, list(sb), list(sa), undefined,
          (s) => `${who(s)} may no longer run ${s.action} on ${on(s)} ${words.phrase(list(removed))} (permitted now: ${list(sa) || 'none'}).`),
      });
    }
  }

  const pb = eb.maxSpendPerEvent;
  const pa = ea.maxSpendPerEvent;
  if (!same(pb, pa)) {
    const text = (p: typeof pb) => (p ? `${p.amount} ${p.currency}` : 'no limit');
    if (pb && pa && pb.currency !== pa.currency) {
      out.push({
        kind: 'envelope-spend-currency', field: 'envelope.maxSpendPerEvent.currency', before: pb.currency, after: pa.currency, basis: 'decision',
        revert: (g) => { g.envelope.maxSpendPerEvent!.currency = pb.currency; },
        yaml: inAction('envelope', 'maxSpendPerEvent', 'currency'),
        say: says('spend currency', pb.currency, pa.currency,
          (s) => `${who(s)} may now spend in ${pa.currency} on ${s.action} for ${on(s)} ${s.mode} (was ${pb.currency}).`),
      });
    }
    if (!pb || !pa || pb.amount !== pa.amount) {
      out.push({
        kind: 'envelope-spend', field: 'envelope.maxSpendPerEvent', before: pb ?? null, after: pa ?? null, basis: 'decision',
        direction: numberDirection(pb?.amount, pa?.amount, true),
        revert: (g) => {
          if (!pb) delete g.envelope.maxSpendPerEvent;
          else g.envelope.maxSpendPerEvent = { amount: pb.amount, currency: g.envelope.maxSpendPerEvent?.currency ?? pb.currency };
        },
        yaml: inAction('envelope', 'maxSpendPerEvent', ...(pb && pa ? ['amount'] : [])),
        say: says('spend limit per event', text(pb), text(pa),
          (s) => `${who(s)} may now spend ${pa ? `up to ${text(pa)}` : 'any amount'} per ${s.action} on ${on(s)} ${s.mode} (was ${text(pb)}).`,
          (s) => `${who(s)} may now spend only ${text(pa)} per ${s.action} on ${on(s)} (was ${text(pb)}).`),
      });
    }
  }

  if (eb.cooldownSeconds !== ea.cooldownSeconds) {
    const before = eb.cooldownSeconds === undefined ? 'no cooldown' : duration(eb.cooldownSeconds);
    const after = ea.cooldownSeconds === undefined ? 'no cooldown' : duration(ea.cooldownSeconds);
    out.push({
      kind: 'envelope-cooldown', field: 'envelope.cooldownSeconds', before: eb.cooldownSeconds ?? null, after: ea.cooldownSeconds ?? null, basis: 'decision',
      revert: (g) => { if (eb.cooldownSeconds === undefined) delete g.envelope.cooldownSeconds; else g.envelope.cooldownSeconds = eb.cooldownSeconds; },
      yaml: inAction('envelope', 'cooldown'),
      say: says('cooldown', before, after,
        (s) => `${who(s)} may now repeat ${s.action} on ${on(s)} ${ea.cooldownSeconds === undefined ? 'without waiting' : `every ${after}`} ${s.mode} (cooldown was ${before}).`,
        (s) => `${who(s)} must now wait ${after} between runs of ${s.action} on ${on(s)} (was ${before}).`),
    });
  }

  if (eb.outside !== ea.outside) {
    out.push({
      kind: 'envelope-outside', field: 'envelope.outside', before: eb.outside, after: ea.outside, basis: 'decision',
      revert: (g) => { g.envelope.outside = eb.outside; },
      yaml: inAction('envelope', 'outside'),
      say: says('decision just outside the envelope', eb.outside, ea.outside,
        (s) => `Requests by ${who(s)} just outside the envelope of ${s.action} on ${on(s)} now need ${outsideWords(ea.outside)} instead of ${outsideWords(eb.outside)}.`,
        (s) => `Requests by ${who(s)} just outside the envelope of ${s.action} on ${on(s)} now need ${outsideWords(ea.outside)} instead of ${outsideWords(eb.outside)}.`),
    });
  }
  if (eb.farOutsideMargin !== ea.farOutsideMargin) {
    out.push({
      kind: 'envelope-far-margin', field: 'envelope.farOutsideMargin', before: eb.farOutsideMargin, after: ea.farOutsideMargin, basis: 'decision',
      revert: (g) => { g.envelope.farOutsideMargin = eb.farOutsideMargin; },
      yaml: inAction('envelope', 'farOutside', 'margin'),
      say: says('far-outside margin', percent(eb.farOutsideMargin), percent(ea.farOutsideMargin),
        (s) => `Requests by ${who(s)} up to ${percent(ea.farOutsideMargin)} past a bound of ${s.action} on ${on(s)} now go to ${outsideWords(ea.outside)} instead of being denied (margin was ${percent(eb.farOutsideMargin)}).`,
        (s) => `Requests by ${who(s)} more than ${percent(ea.farOutsideMargin)} past a bound of ${s.action} on ${on(s)} are now denied (margin was ${percent(eb.farOutsideMargin)}).`),
    });
  }
}

function outsideWords(outside: Grant['envelope']['outside']): string {
  return outside === 'approve' ? 'a named human\'s approval' : outside === 'human-executes' ? 'a human to carry them out'
    : outside === 'change-board' ? 'the change board' : 'a denial';
}
