// Change windows and freezes, in the grant's IANA time zone.
// - An allowed window {days, from, to} contains local times from `from` (inclusive) to `to`
//   (exclusive) on the listed days. When `to` is earlier than `from` the window runs past
//   midnight into the next day (fri 22:00–06:00 = Friday 22:00 to Saturday 06:00); when they
//   are equal it is empty, as the runbook language says (check rejects it; a bundle made another
//   way gets the stricter reading). No allowed windows (only freezes) means any time is allowed.
// - A freeze {from, to} contains every local date from `from` to `to`, both inclusive.
// - Request severity at or worse than severityException (sev1 is worst) lifts windows and freezes.
//   A request without a severity never does.

import { gateResult, reason } from './decisions.js';
import { fixed } from './fixed.js';
import type { PreparedGrant, PreparedWindows, WindowSpec } from './prepare.js';
import type { ParsedRequest } from './request.js';
import { localTime, type LocalTime } from './time.js';
import type { GateResult, Reason } from './types.js';

const WINDOW_UNRESTRICTED = fixed('WINDOW_UNRESTRICTED');

function inWindow(w: WindowSpec, t: LocalTime): boolean {
  if (w.from === w.to) return false;
  const today = (w.days & (1 << t.weekday)) !== 0;
  if (w.from < w.to) return today && t.minute >= w.from && t.minute < w.to;
  const yesterday = (w.days & (1 << ((t.weekday + 6) % 7))) !== 0;
  return (today && t.minute >= w.from) || (yesterday && t.minute < w.to);
}

function open(win: PreparedWindows, t: LocalTime): boolean {
  if (win.allowed.length === 0) return true;
  for (const w of win.allowed) if (inWindow(w, t)) return true;
  return false;
}

export function evaluateWindows(pg: PreparedGrant, p: ParsedRequest): GateResult {
  const win = pg.windows;
  if (win === null) return WINDOW_UNRESTRICTED;
  if (win.zone === null) return gateResult('change-window', [reason('WINDOW_TIMEZONE_INVALID', { timezone: win.timezone })]);
  const t = localTime(win.zone, p.timeMs);
  const closed = !open(win, t);
  const freeze = win.freezes.find((f) => t.date >= f.from && t.date <= f.to);
  if (!closed && freeze === undefined) return win.open;
  if (win.exception !== null && p.severityRank <= win.exceptionRank) {
    const detail = freeze !== undefined
      ? `inside the change freeze ${freeze.fromText} to ${freeze.toText}`
      : 'outside every allowed change window';
    return gateResult('change-window', [reason('WINDOW_SEVERITY_EXCEPTION', {
      local: t.text, timezone: win.timezone, detail, severity: p.req.severity!, exception: win.exception,
    })]);
  }
  const reasons: Reason[] = [];
  if (closed) reasons.push(reason('WINDOW_CLOSED', { local: t.text, timezone: win.timezone, windows: win.allowedText }));
  if (freeze !== undefined) {
    reasons.push(reason('FREEZE_ACTIVE', { local: t.text, timezone: win.timezone, from: freeze.fromText, to: freeze.toText, reason: freeze.reason }));
  }
  return gateResult('change-window', reasons);
}
