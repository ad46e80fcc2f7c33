// Change windows, freezes and the severity exception.

import type { Grant } from '../../bundle/types.js';
import { dayRanges } from '../wording.js';
import { inAction, inActionList } from '../yaml-path.js';
import { on, same, says, who, type FieldChange } from './change.js';

type Windows = NonNullable<Grant['changeWindows']>;
const windowText = (w: Windows['allowed'][number]) => `${dayRanges(w.days)} ${w.from}–${w.to}`;

const freezeText = (f: Windows['freezes'][number]) => `${f.from} to ${f.to} (${f.reason})`;

function windowsText(w: Grant['changeWindows']): string {
  if (!w) return 'any time';
  const parts = [w.allowed.length ? w.allowed.map(windowText).join('; ') : 'any time'];
  if (w.freezes.length) parts.push(`freezes ${w.freezes.map((f) => `${f.from}–${f.to}`).join(', ')}`);
  if (w.severityException) parts.push(`${w.severityException} or worse exempt`);
  return `${parts.join(', ')} (${w.timezone})`;
}

export function windowChanges(b: Grant, a: Grant, out: FieldChange[]): void {
  const wb = b.changeWindows;
  const wa = a.changeWindows;
  if (same(wb, wa)) return;
  if (!wb || !wa) {
    out.push({
      kind: 'change-windows', field: 'changeWindows', before: wb ?? null, after: wa ?? null, basis: 'decision',
      revert: (g) => { if (wb) g.changeWindows = structuredClone(wb); else delete g.changeWindows; },
      yaml: inAction('changeWindows'),
      say: says('change windows', windowsText(wb), windowsText(wa),
        (s) => `${who(s)} may now run ${s.action} on ${on(s)} ${s.mode}, at any time: change windows and freezes removed (was ${windowsText(wb)}).`,
        (s) => `${who(s)} may now run ${s.action} on ${on(s)} without approval only ${windowsText(wa)}.`),
    });
    return;
  }
  if (wb.timezone !== wa.timezone) {
    out.push({
      kind: 'change-window-timezone', field: 'changeWindows.timezone', before: wb.timezone, after: wa.timezone, basis: 'decision',
      revert: (g) => { g.changeWindows!.timezone = wb.timezone; },
      yaml: inAction('changeWindows', 'timezone'),
      say: says('change-window time zone', wb.timezone, wa.timezone,
        (s) => `${who(s)} may now run ${s.action} on ${on(s)} at other hours: its change windows are now read in ${wa.timezone} (was ${wb.timezone}).`,
        (s) => `${who(s)} loses hours for ${s.action} on ${on(s)}: its change windows are now read in ${wa.timezone} (was ${wb.timezone}).`),
    });
  }
  // The allowed windows are one change: an empty list means "any time", so adding or removing
  // one window means nothing on its own. Classified by its effect, worded by what it does.
  const keyOf = (w: Windows['allowed'][number]) => windowText(w);
  const addedW = wa.allowed.filter((w) => !wb.allowed.some((x) => keyOf(x) === keyOf(w)));
  const removedW = wb.allowed.filter((w) => !wa.allowed.some((x) => keyOf(x) === keyOf(w)));
  if (addedW.length || removedW.length) {
    const first = addedW[0];
    const anyTimeNow = wa.allowed.length === 0;
    const anyTimeBefore = wb.allowed.length === 0;
    const gained = anyTimeNow ? 'at any hour' : addedW.length ? `also ${addedW.map(windowText).join('; ')}` : 'at more hours';
    const lost = anyTimeBefore ? `outside ${wa.allowed.map(windowText).join('; ')}` : removedW.length ? removedW.map(windowText).join('; ') : 'at some hours';
    out.push({
      kind: 'change-window', field: 'changeWindows.allowed', before: wb.allowed, after: wa.allowed, basis: 'decision',
      kindFor: (cls) => (cls === 'widened' ? 'change-window-added' : cls === 'narrowed' ? 'change-window-removed' : addedW.length ? 'change-window-added' : 'change-window-removed'),
      revert: (g) => { g.changeWindows!.allowed = structuredClone(wb.allowed); },
      yaml: first ? inActionList(['changeWindows', 'allowed'], (w) => isWindow(w, first)) : inAction('changeWindows', 'allowed'),
      say: says('change windows', windowsText(wb), windowsText(wa),
        (s) => `${who(s)} may now run ${s.action} on ${on(s)} ${s.mode}, ${gained} (${wa.timezone})${removedW.length && !anyTimeNow ? `; no longer ${removedW.map(windowText).join('; ')}` : ''}.`,
        (s) => `${who(s)} may no longer run ${s.action} on ${on(s)} without approval ${lost} (${wa.timezone}).`),
    });
  }
  const fKey = (f: Windows['freezes'][number]) => `${f.from}..${f.to}`;
  const addedF = wa.freezes.filter((f) => !wb.freezes.some((x) => fKey(x) === fKey(f)));
  const removedF = wb.freezes.filter((f) => !wa.freezes.some((x) => fKey(x) === fKey(f)));
  if (removedF.length) {
    out.push({
      kind: 'freeze-removed', field: 'changeWindows.freezes', before: wb.freezes, after: wa.freezes, basis: 'decision',
      revert: (g) => { g.changeWindows!.freezes = [...g.changeWindows!.freezes, ...removedF]; },
      yaml: inAction('changeWindows', 'freezes'),
      say: says('change freezes', wb.freezes.map(freezeText).join('; ') || 'none', wa.freezes.map(freezeText).join('; ') || 'none',
        (s) => `${who(s)} may now run ${s.action} on ${on(s)} ${s.mode}, also during ${removedF.map(freezeText).join('; ')}: the freeze is removed.`),
    });
  }
  if (addedF.length) {
    const first = addedF[0]!;
    out.push({
      kind: 'freeze-added', field: 'changeWindows.freezes', before: wb.freezes, after: wa.freezes, basis: 'decision',
      revert: (g) => { g.changeWindows!.freezes = g.changeWindows!.freezes.filter((f) => !addedF.some((x) => fKey(x) === fKey(f))); },
      yaml: inActionList(['changeWindows', 'freezes'], (f) => (f as { from?: unknown }).from === first.from && (f as { to?: unknown }).to === first.to),
      say: says('change freezes', wb.freezes.map(freezeText).join('; ') || 'none', wa.freezes.map(freezeText).join('; ') || 'none', undefined,
        (s) => `${who(s)} may not run ${s.action} on ${on(s)} without approval during ${addedF.map(freezeText).join('; ')}.`),
    });
  }
  const reasonsChanged = wa.freezes.filter((f) => wb.freezes.some((x) => fKey(x) === fKey(f) && x.reason !== f.reason));
  if (reasonsChanged.length) {
    out.push({
      kind: 'freeze-reason', field: 'changeWindows.freezes', before: wb.freezes, after: wa.freezes, basis: 'neutral',
      yaml: inAction('changeWindows', 'freezes'),
      say: says('reason for the freeze', 'the old wording', reasonsChanged.map(freezeText).join('; ')),
    });
  }
  if (wb.severityException !== wa.severityException) {
    out.push({
      kind: 'severity-exception', field: 'changeWindows.severityException', before: wb.severityException ?? null, after: wa.severityException ?? null, basis: 'decision',
      revert: (g) => { if (wb.severityException) g.changeWindows!.severityException = wb.severityException; else delete g.changeWindows!.severityException; },
      yaml: inAction('changeWindows', 'severityException'),
      say: says('severity exception', wb.severityException ?? 'none', wa.severityException ?? 'none',
        (s) => `${who(s)} may now run ${s.action} on ${on(s)} ${s.mode}, outside the change windows during a ${wa.severityException} incident or worse (was ${wb.severityException ?? 'no exception'}).`,
        (s) => `Incidents lift the change windows of ${s.action} for ${who(s)} on ${on(s)} ${wa.severityException ? `only at ${wa.severityException} or worse` : 'no longer'} (was ${wb.severityException}).`),
    });
  }
}

function isWindow(w: unknown, x: Windows['allowed'][number]): boolean {
  const y = w as { days?: unknown; from?: unknown; to?: unknown };
  return y.from === x.from && y.to === x.to && Array.isArray(y.days) && [...y.days].sort().join() === [...x.days].sort().join();
}
