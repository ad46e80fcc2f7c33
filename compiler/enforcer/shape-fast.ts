// The structure check's fast path, record by record: the same rules as shape.ts, as a yes/no
// answer in straight code (direct property reads, no closures, no paths). check-records.ts walks
// a bundle's records through it on every load — a 10,000-runbook bundle has half a million values
// to look at, once, before the JIT has warmed up — and the explaining checker runs only when it
// says no. test/enforcer-shape.test.ts holds the two to the same answer on every fixture bundle
// and thousands of mutations of them.

import {
  AI_ROLES, CONTACT_KINDS, DAYS, GATES, isDate, isId, isObj, nonEmptyString, ON, ON_TIMEOUT, OUTSIDE, SEVERITIES, TIME, WHEN, type Obj,
} from './shape-vocab.js';

export const str = nonEmptyString;
export const optStr = (v: unknown): boolean => v === undefined || (typeof v === 'string' && v.length > 0);
const num = (v: unknown, min: number, max = Infinity): boolean => typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max;
const optNum = (v: unknown, min: number, max = Infinity): boolean => v === undefined || num(v, min, max);
const int = (v: unknown, min: number): boolean => Number.isInteger(v) && (v as number) >= min;
const oneOf = (v: unknown, set: ReadonlySet<string>): boolean => typeof v === 'string' && set.has(v);
const date = (v: unknown): boolean => typeof v === 'string' && isDate(v);
const time = (v: unknown): boolean => typeof v === 'string' && TIME.test(v);
const ref = (v: unknown, table: Obj): boolean => typeof v === 'string' && Object.hasOwn(table, v);

/** An array of at least `min` non-empty strings. */
function strings(v: unknown, min = 0): boolean {
  if (!Array.isArray(v) || v.length < min) return false;
  for (let i = 0; i < v.length; i++) if (!str(v[i])) return false;
  return true;
}

function ids(v: unknown, min = 0): boolean {
  if (!Array.isArray(v) || v.length < min) return false;
  for (let i = 0; i < v.length; i++) if (!isId(v[i])) return false;
  return true;
}

/** A non-empty array of contact ids of the runbook. */
function refs(v: unknown, table: Obj): boolean {
  if (!Array.isArray(v) || v.length === 0) return false;
  for (let i = 0; i < v.length; i++) if (!ref(v[i], table)) return false;
  return true;
}

export function person(p: unknown): boolean {
  return isObj(p) && str(p.name) && str(p.email) && optStr(p.chat);
}

/** A non-empty array of conditions. */
function conditions(v: unknown): boolean {
  if (!Array.isArray(v) || v.length === 0) return false;
  for (let i = 0; i < v.length; i++) {
    const c: unknown = v[i];
    if (!(isObj(c) && str(c.id) && str(c.signal) && oneOf(c.when, WHEN) && num(c.threshold, -Infinity) && int(c.intervals, 1) && num(c.intervalSeconds, 0))) return false;
  }
  return true;
}

export function runbook(id: string, rb: unknown): boolean {
  if (!isObj(rb) || !isId(id) || !str(rb.title) || !person(rb.owner) || !ids(rb.services, 1) || !ids(rb.actions)) return false;
  const a = rb.approval;
  if (!(isObj(a) && person(a.approvedBy) && date(a.approvedOn) && str(a.ticket) && date(a.expiresOn))) return false;
  if (rb.audit !== undefined && !(isObj(rb.audit) && num(rb.audit.retentionDays, 0))) return false;
  const contacts = rb.contacts;
  if (!isObj(contacts)) return false;
  for (const cid of Object.keys(contacts)) {
    const c = contacts[cid];
    if (!(isId(cid) && isObj(c) && str(c.name) && oneOf(c.kind, CONTACT_KINDS) && optStr(c.email) && optStr(c.pager) && optStr(c.chat) && optStr(c.phone))) return false;
  }
  const e = rb.escalation;
  if (!isObj(e) || !Array.isArray(e.triggers) || !Array.isArray(e.chain) || e.chain.length === 0) return false;
  for (const t of e.triggers as unknown[]) {
    if (!(isObj(t) && oneOf(t.on, ON) && (t.count === undefined || int(t.count, 1)) && optNum(t.windowSeconds, 0) && (t.to === undefined || ref(t.to, contacts)))) return false;
  }
  for (const l of e.chain as unknown[]) if (!(isObj(l) && ref(l.contact, contacts) && num(l.ackWithinSeconds, 0))) return false;
  return true;
}

function envelope(e: unknown): boolean {
  if (!isObj(e) || !isObj(e.numeric) || !isObj(e.sets)) return false;
  const numeric = e.numeric;
  for (const name of Object.keys(numeric)) {
    const b = numeric[name];
    if (!(isObj(b) && optNum(b.min, -Infinity) && optNum(b.max, -Infinity) && optNum(b.maxStep, 0) && optStr(b.unit))) return false;
  }
  const sets = e.sets;
  for (const name of Object.keys(sets)) if (!strings(sets[name], 1)) return false;
  const spend = e.maxSpendPerEvent;
  if (spend !== undefined && !(isObj(spend) && num(spend.amount, 0) && str(spend.currency))) return false;
  return optNum(e.cooldownSeconds, 0) && oneOf(e.outside, OUTSIDE) && num(e.farOutsideMargin, 0);
}

function windows(w: unknown): boolean {
  if (!isObj(w) || !str(w.timezone) || !Array.isArray(w.allowed) || !Array.isArray(w.freezes)) return false;
  for (const a of w.allowed as unknown[]) {
    if (!isObj(a) || !Array.isArray(a.days) || a.days.length === 0 || !time(a.from) || !time(a.to)) return false;
    for (const d of a.days as unknown[]) if (!oneOf(d, DAYS)) return false;
  }
  for (const f of w.freezes as unknown[]) if (!(isObj(f) && date(f.from) && date(f.to) && str(f.reason))) return false;
  return w.severityException === undefined || oneOf(w.severityException, SEVERITIES);
}

/** A rule of runbook `runbookId`, whose contacts are `known`. */
export function rule(runbookId: string, r: unknown, known: Obj, pinned: ReadonlyMap<string, ReadonlySet<unknown>>): boolean {
  if (!isObj(r) || !str(r.title) || !str(r.category) || !str(r.blastRadius)) return false;
  if (!oneOf(r.aiRole, AI_ROLES) || !oneOf(r.gate, GATES) || !Array.isArray(r.actors) || !ids(r.services, 1) || !date(r.expiresOn)) return false;
  for (const a of r.actors as unknown[]) if (!(typeof a === 'string' && pinned.get(a)?.has(runbookId) === true)) return false;
  const v = r.veto;
  if (v !== undefined && !(isObj(v) && num(v.windowSeconds, 0) && refs(v.notify, known))) return false;
  const ap = r.approval;
  if (ap !== undefined && !(isObj(ap) && refs(ap.approvers, known) && int(ap.count, 1) && typeof ap.justification === 'boolean' && optNum(ap.timeoutSeconds, 0) && oneOf(ap.onTimeout, ON_TIMEOUT))) return false;
  if (!envelope(r.envelope)) return false;
  const ev = r.evidence;
  if (ev !== undefined && !(isObj(ev) && strings(ev.signals, 1) && int(ev.minIndependent, 1) && num(ev.maxAgeSeconds, 0) && optNum(ev.minConfidence, 0, 1))) return false;
  if (!Array.isArray(r.contextChecks)) return false;
  for (const q of r.contextChecks as unknown[]) if (!(isObj(q) && str(q.id) && str(q.question))) return false;
  if (r.changeWindows !== undefined && !windows(r.changeWindows)) return false;
  const k = r.canary;
  if (k !== undefined && !(isObj(k) && num(k.durationSeconds, 0) && conditions(k.success))) return false;
  const rb2 = r.rollback;
  if (rb2 !== undefined && !(isObj(rb2) && conditions(rb2.triggers) && str(rb2.action) && ref(rb2.owner, known) && typeof rb2.automatic === 'boolean')) return false;
  return true;
}
