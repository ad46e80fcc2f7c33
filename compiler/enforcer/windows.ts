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
import type { PreparedGrant } from './prepare.js';
import type { ParsedRequest } from './request.js';
import { localTime, type LocalTime } from './time.js';
import type { GateResult, Reason } from './types.js';

const WINDOW_UNRESTRICTED = fixed('WINDOW_UNRESTRICTED');

function inWindow(days: number, from: number, to: number, t: LocalTime): boolean {
  if (from === to) return false;
  const today = (days & (1 << t.weekday)) !== 0;
  if (from < to) return today && t.minute >= from && t.minute < to;
  const yesterday = (days & (1 << ((t.weekday + 6) % 7))) !== 0;
  return (today && t.minute >= from) || (yesterday && t.minute < to);
}

function open(pg: PreparedGrant, t: LocalTime): boolean {
  if (pg.windowCount === 0) return true;
  const n = pg.nums;
  const end = pg.windowsAt + 3 * pg.windowCount;
  for (let i = pg.windowsAt; i < end; i += 3) if (inWindow(n[i]!, n[i + 1]!, n[i + 2]!, t)) return true;
  return false;
}

/** The index of the freeze in force on the local date, or -1. */
function freezeOn(pg: PreparedGrant, date: number): number {
  const n = pg.nums;
  for (let k = 0; k < pg.freezeCount; k++) {
    const at = pg.freezesAt + 2 * k;
    if (date >= n[at]! && date <= n[at + 1]!) return k;
  }
  return -1;
}

export function evaluateWindows(pg: PreparedGrant, p: ParsedRequest): GateResult {
  const open_ = pg.windowOpen;
  if (open_ === null) return WINDOW_UNRESTRICTED;
  const z = pg.zone;
  const win = pg.windows!;
  if (z === null) return gateResult('change-window', [reason('WINDOW_TIMEZONE_INVALID', { timezone: win.timezone })]);
  const t = localTime(z, p.timeMs);
  const closed = !open(pg, t);
  const k = freezeOn(pg, t.date);
  if (!closed && k < 0) return open_;
  const freeze = k < 0 ? undefined : win.freezes[k]!;
  if (win.exception !== null && p.severityRank <= pg.exceptionRank) {
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
