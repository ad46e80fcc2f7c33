// Evidence: which signals, how many independent ones, how fresh, and the minimum confidence.

import type { Grant } from '../../bundle/types.js';
import { duration, list, num } from '../wording.js';
import { inAction, inActionList } from '../yaml-path.js';
import { on, same, says, who, type FieldChange } from './change.js';

function evidenceText(e: Grant['evidence']): string {
  if (!e) return 'no evidence required';
  return `${e.minIndependent} of ${list(e.signals)}, at most ${duration(e.maxAgeSeconds)} old${e.minConfidence !== undefined ? `, confidence ≥ ${e.minConfidence}` : ''}`;
}

export function evidenceChanges(b: Grant, a: Grant, out: FieldChange[]): void {
  const vb = b.evidence;
  const va = a.evidence;
  if (same(vb, va)) return;
  if (!vb || !va) {
    out.push({
      kind: 'evidence', field: 'evidence', before: vb ?? null, after: va ?? null, basis: 'decision',
      revert: (g) => { if (vb) g.evidence = structuredClone(vb); else delete g.evidence; },
      yaml: inAction('evidence'),
      say: says('evidence', evidenceText(vb), evidenceText(va),
        (s) => `${who(s)} may now run ${s.action} on ${on(s)} ${s.mode}, without citing any evidence (was: ${evidenceText(vb)}).`,
        (s) => `${who(s)} must now cite evidence for ${s.action} on ${on(s)}: ${evidenceText(va)}.`),
    });
    return;
  }
  const added = va.signals.filter((x) => !vb.signals.includes(x));
  const removed = vb.signals.filter((x) => !va.signals.includes(x));
  if (added.length) {
    out.push({
      kind: 'evidence-signals-added', field: 'evidence.signals', before: vb.signals, after: va.signals, basis: 'decision',
      revert: (g) => { g.evidence!.signals = g.evidence!.signals.filter((x) => !added.includes(x)); },
      yaml: inActionList(['evidence', 'signals'], (x) => x === added[0]),
      say: says('evidence signals', list(vb.signals), list(va.signals),
        (s) => `${who(s)} may now cite ${list(added)} as evidence for ${s.action} on ${on(s)}.`,
        (s) => `${who(s)} must now also consider ${list(added)} as evidence for ${s.action} on ${on(s)}.`),
    });
  }
  if (removed.length) {
    out.push({
      kind: 'evidence-signals-removed', field: 'evidence.signals', before: vb.signals, after: va.signals, basis: 'decision',
      revert: (g) => { g.evidence!.signals = [...g.evidence!.signals, ...removed].sort(); },
      yaml: inAction('evidence', 'signals'),
      say: says('evidence signals', list(vb.signals), list(va.signals),
        (s) => `${who(s)} needs fewer kinds of evidence for ${s.action} on ${on(s)}: ${list(removed)} no longer listed.`,
        (s) => `${who(s)} may no longer cite ${list(removed)} as evidence for ${s.action} on ${on(s)}.`),
    });
  }
  if (vb.minIndependent !== va.minIndependent) {
    out.push({
      kind: 'evidence-min-independent', field: 'evidence.minIndependent', before: vb.minIndependent, after: va.minIndependent, basis: 'decision',
      revert: (g) => { g.evidence!.minIndependent = vb.minIndependent; },
      yaml: inAction('evidence', 'minIndependent'),
      say: says('independent signals required', String(vb.minIndependent), String(va.minIndependent),
        (s) => `${who(s)} may now run ${s.action} on ${on(s)} ${s.mode}, citing only ${va.minIndependent} independent fresh signal${va.minIndependent === 1 ? '' : 's'} (was ${vb.minIndependent}).`,
        (s) => `${who(s)} now needs ${va.minIndependent} independent fresh signals for ${s.action} on ${on(s)} (was ${vb.minIndependent}).`),
    });
  }
  if (vb.maxAgeSeconds !== va.maxAgeSeconds) {
    out.push({
      kind: 'evidence-max-age', field: 'evidence.maxAgeSeconds', before: vb.maxAgeSeconds, after: va.maxAgeSeconds, basis: 'decision',
      revert: (g) => { g.evidence!.maxAgeSeconds = vb.maxAgeSeconds; },
      yaml: inAction('evidence', 'maxAge'),
      say: says('maximum telemetry age', duration(vb.maxAgeSeconds), duration(va.maxAgeSeconds),
        (s) => `${who(s)} may now run ${s.action} on ${on(s)} ${s.mode}, with telemetry up to ${duration(va.maxAgeSeconds)} old (was ${duration(vb.maxAgeSeconds)}).`,
        (s) => `${who(s)} now needs telemetry at most ${duration(va.maxAgeSeconds)} old for ${s.action} on ${on(s)} (was ${duration(vb.maxAgeSeconds)}).`),
    });
  }
  if (vb.minConfidence !== va.minConfidence) {
    out.push({
      kind: 'evidence-min-confidence', field: 'evidence.minConfidence', before: vb.minConfidence ?? null, after: va.minConfidence ?? null, basis: 'decision',
      revert: (g) => { if (vb.minConfidence === undefined) delete g.evidence!.minConfidence; else g.evidence!.minConfidence = vb.minConfidence; },
      yaml: inAction('evidence', 'minConfidence'),
      say: says('minimum confidence', num(vb.minConfidence), num(va.minConfidence),
        (s) => `${who(s)} may now run ${s.action} on ${on(s)} ${s.mode}, with model confidence ${va.minConfidence === undefined ? 'of any level' : `as low as ${va.minConfidence}`} (was ${num(vb.minConfidence)}).`,
        (s) => `${who(s)} now needs model confidence of at least ${va.minConfidence} for ${s.action} on ${on(s)} (was ${num(vb.minConfidence)}).`),
    });
  }
}
