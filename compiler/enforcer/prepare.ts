// A grant prepared for decide(): bounds, sets, time zone, the gate results of passing checks and
// the record's constant parts, computed the first time a request names the grant and kept.
// Escalation routes and approval requirements are built on first need (only stricter decisions
// use them).
//
// Layout is part of the budget (about two microseconds a decision). With requests spread over a
// 10,000-runbook bundle, prepared grants do not stay in the CPU caches, and every separate object
// a decision reads is a likely cache miss. So what every decision reads is packed: the numbers in
// doubles (a number kept in an object field is a separate boxed object) and the strings in an
// array, both shared by the bundle's grants (arena.ts), names and ids as strings shared across
// grants (`intern`), and the hot fields declared first. The gate
// results of passing checks are never read on the way to a decision (decide() knows them by
// identity, `passes`), only handed out.

import type { Bundle, BundleRunbook, Decision, Grant } from '../bundle/types.js';
import type { GrantArena } from './arena.js';
import { deepFreeze } from './decisions.js';
import { type Route, routeFor } from './escalation.js';
import { formatDuration } from '../util/duration.js';
import { frozen } from './fixed.js';
import { chainContacts, gateFinding, roleFinding } from './gate-finding.js';
import { severityRank } from './request.js';
import { dateNumber, parseDate, WEEKDAYS, zone, type Zone } from './time.js';
import type { ApprovalRequirement, DecisionRecord, EscalationOn, GateResult, Severity, VetoWindow } from './types.js';

/**
 * Where things live in PreparedGrant.nums (doubles; NaN: the grant has no such bound), from numsAt:
 *   [EXPIRES_AT_MS … EVIDENCE_MAX_AGE]  the scalars below;
 *   NUMERIC + BOUND × i                 numeric bound i: min, max, maxStep (NaN: none), then the
 *                                       "far outside" points farMin, farMax, farStep (∓Infinity: none);
 *   windowsAt + 3 × j                   allowed change window j: day mask (bit k = WEEKDAYS[k]), from, to (minutes);
 *   freezesAt + 2 × k                   freeze k: first and last local date (dateNumber);
 *   setSizesAt + m                      how many values set bound m allows.
 * And in PreparedGrant.strs (strings shared across grants), from strsAt:
 *   MODEL_NAME, MODEL_VERSION;
 *   NAMES + 2 × i                       numeric bound i: its parameter, and the parameter of its current value;
 *   signalsAt + j                       the signals the grant lists (a cited one is found by position);
 *   setsAt …                            per set bound: its parameter, its plural, then its allowed values.
 * windowsAt, freezesAt, setSizesAt, signalsAt and setsAt are absolute: numsAt or strsAt is added in.
 */
export const EXPIRES_AT_MS = 0;
export const MIN_CONFIDENCE = 1;
export const COOLDOWN_MS = 2;
export const SPEND_MAX = 3;
export const SPEND_FAR = 4;
export const EVIDENCE_MIN = 5;
export const EVIDENCE_MAX_AGE = 6;
export const NUMERIC = 7;
export const BOUND = 6;
export const MODEL_NAME = 0;
export const MODEL_VERSION = 1;
export const NAMES = 2;

/** A history trigger: its count, its window (and the window as runbooks write it, for sentences). */
export interface Trackable { count: number; windowMs: number; windowText: string }

type Policy = NonNullable<DecisionRecord['authority']['policy']>;
type ApprovalKind = ApprovalRequirement['kind'];


const ON_INDEX: Readonly<Record<EscalationOn, number>> = {
  'stale-telemetry': 0, 'inconsistent-telemetry': 1, 'model-disagreement': 2, 'out-of-distribution': 3, 'low-confidence': 4,
  'model-version-mismatch': 5, 'policy-boundary': 6, 'policy-expired': 7, 'repeated-overrides': 8, flapping: 9, 'envelope-breach': 10,
};

/** The parameter holding a bounded parameter's value before the change: `current` + its words
 * capitalized (replicas → currentReplicas, max-connections → currentMaxConnections). */
export function currentName(name: string): string {
  return `current${name.split('-').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('')}`;
}

const orNaN = (n: number | undefined): number => (n === undefined ? NaN : n);
const minutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const dayMask = (days: readonly string[]): number =>
  days.reduce((mask, d) => mask | (1 << WEEKDAYS.indexOf(d as (typeof WEEKDAYS)[number])), 0);

/** What the change-window findings say: texts only, read when a window is closed. */
export interface WindowTexts {
  timezone: string;
  allowedText: string;
  freezes: Array<{ fromText: string; toText: string; reason: string }>;
  exception: Severity | null;
  open: GateResult;
}

function windowTexts(w: NonNullable<Grant['changeWindows']>): WindowTexts {
  return {
    timezone: w.timezone,
    allowedText: w.allowed.map((a) => `${a.days.join(',')} ${a.from}-${a.to}`).join('; '),
    // The reason sits in parentheses mid-sentence: its own final full stop would end it there.
    freezes: w.freezes.map((f) => ({ fromText: f.from, toText: f.to, reason: f.reason.replace(/[.\s]+$/, '') })),
    exception: w.severityException ?? null,
    open: frozen('WINDOW_OPEN', { timezone: w.timezone }),
  };
}

export class PreparedGrant {
  // Read by (nearly) every decision.
  /** The arena's chunk holding this grant's numbers, from numsAt. */
  readonly nums: Float64Array;
  readonly numsAt: number;
  /** The arena's strings; this grant's start at strsAt. */
  readonly strs: readonly string[];
  readonly strsAt: number;
  readonly numericCount: number;
  readonly signalsAt: number;
  readonly signalsCount: number;
  readonly setsAt: number;
  readonly setSizesAt: number;
  readonly setCount: number;
  readonly windowsAt: number;
  readonly windowCount: number;
  readonly freezesAt: number;
  readonly freezeCount: number;
  /** The change windows' zone; null: the grant has no change windows, or (windows.zone null) an unknown zone. */
  readonly zone: Zone | null;
  /** 1 … 5 for sev1 … sev5 (sev1 is worst); 0 without a severity exception. */
  readonly exceptionRank: number;
  readonly evidenceRequired: boolean;
  readonly spendCurrency: string | null;
  readonly bounded: boolean;
  readonly outside: Decision;
  readonly flapping: Trackable | null;
  readonly overrides: Trackable | null;
  readonly gate: GateResult;
  readonly aiRole: GateResult;
  readonly rule: string;
  readonly runbookId: string;
  /** How many approvals every approval(kind) asks for. */
  readonly approvalCount: number;
  readonly policy: Policy;
  readonly actorOwner: { name: string; email: string; chat?: string } | null;
  readonly rollback: DecisionRecord['outcome']['rollback'];
  readonly canary: DecisionRecord['outcome']['canary'];
  readonly required: DecisionRecord['evidence']['required'];
  readonly retentionDays: number | null;
  // Known by identity (passes()), handed out, never read on the way to a decision.
  readonly found: GateResult;
  readonly policyCurrent: GateResult;
  readonly policyExpired: GateResult;
  readonly modelPinned: GateResult;
  readonly evidenceOk: GateResult | null;
  readonly confidenceOk: GateResult | null;
  readonly cooldownClear: GateResult;
  readonly windowOpen: GateResult | null;
  #approve: ApprovalRequirement | null = null;
  #humanExecutes: ApprovalRequirement | null = null;
  #changeBoard: ApprovalRequirement | null = null;
  #approverIds: readonly string[] | null = null;
  #veto: VetoWindow | null = null;
  #vetoIds: readonly string[] | null = null;
  /** route(on) by ON_INDEX, built on first use. */
  #routes: Array<Route | undefined> | null = null;
  // Read only by findings and messages.
  readonly windows: WindowTexts | null;
  /** Per set bound, its allowed values as a message lists them. */
  readonly setTexts: readonly string[];
  /** The cooldown as runbooks write it (3m), for sentences; durations are formatted once per grant. */
  readonly cooldownText: string;
  readonly maxAgeText: string;
  readonly signalsText: string;
  readonly grant: Grant;

  /** `intern`: one instance per distinct string across the bundle's prepared grants, so the names,
   * signal ids and model pins decide() compares stay in cache however many grants are in use.
   * `arena`: where the bundle's grants keep their numbers and strings. */
  constructor(
    grant: Grant, runbook: BundleRunbook, actor: Bundle['actors'][string] | undefined,
    intern: (s: string) => string, arena: GrantArena,
  ) {
    const env = grant.envelope;
    const margin = env.farOutsideMargin;
    const ev = grant.evidence;
    const spend = env.maxSpendPerEvent;
    const numeric = Object.entries(env.numeric);
    const sets = Object.entries(env.sets);
    const cw = grant.changeWindows;
    const nums = [
      parseDate(grant.expiresOn), orNaN(ev?.minConfidence), env.cooldownSeconds === undefined ? NaN : env.cooldownSeconds * 1000,
      spend ? spend.amount : NaN, spend ? spend.amount * (1 + margin) : NaN, ev ? ev.minIndependent : NaN, ev ? ev.maxAgeSeconds : NaN,
    ];
    const strs = [intern(grant.model.name), intern(grant.model.version)];
    for (const [name, b] of numeric) {
      nums.push(
        orNaN(b.min), orNaN(b.max), orNaN(b.maxStep),
        b.min === undefined ? -Infinity : b.min - margin * Math.abs(b.min),
        b.max === undefined ? Infinity : b.max + margin * Math.abs(b.max),
        b.maxStep === undefined ? Infinity : b.maxStep + margin * Math.abs(b.maxStep),
      );
      strs.push(intern(name), intern(currentName(name)));
    }
    this.numericCount = numeric.length;
    this.windowsAt = nums.length;
    this.windowCount = cw ? cw.allowed.length : 0;
    for (const a of cw?.allowed ?? []) nums.push(dayMask(a.days), minutes(a.from), minutes(a.to));
    this.freezesAt = nums.length;
    this.freezeCount = cw ? cw.freezes.length : 0;
    for (const f of cw?.freezes ?? []) nums.push(dateNumber(f.from), dateNumber(f.to));
    this.setSizesAt = nums.length;
    this.setCount = sets.length;
    for (const [, allowed] of sets) nums.push(allowed.length);
    this.signalsAt = strs.length;
    this.signalsCount = ev ? ev.signals.length : 0;
    for (const id of ev?.signals ?? []) strs.push(intern(id));
    this.setsAt = strs.length;
    for (const [name, allowed] of sets) {
      strs.push(intern(name), intern(`${name}s`));
      for (const value of allowed) strs.push(intern(value)); // not push(...allowed): a large set would overflow the stack
    }
    this.zone = cw ? zone(cw.timezone) : null;
    this.exceptionRank = cw?.severityException ? severityRank(cw.severityException) : 0;
    this.evidenceRequired = ev !== undefined;
    this.spendCurrency = spend ? intern(spend.currency) : null;
    this.bounded = numeric.length > 0 || sets.length > 0 || spend !== undefined;
    this.outside = env.outside;
    this.flapping = trackable(grant, 'flapping');
    this.overrides = trackable(grant, 'repeated-overrides');
    this.gate = gateFinding(grant);
    this.aiRole = roleFinding(grant, runbook.owner.name);
    this.rule = grant.rule;
    this.runbookId = grant.runbook;
    this.approvalCount = grant.approval?.count ?? 1;
    this.policy = deepFreeze({
      runbook: grant.runbook, title: runbook.title, owner: runbook.owner, approvedBy: runbook.approval.approvedBy,
      approvedOn: runbook.approval.approvedOn, ticket: runbook.approval.ticket, expiresOn: grant.expiresOn,
    });
    this.actorOwner = actor ? deepFreeze(actor.owner) : null;
    const rb = grant.rollback;
    this.rollback = rb ? deepFreeze({ triggers: rb.triggers.map((t) => t.id), action: rb.action, owner: rb.owner.id, automatic: rb.automatic }) : null;
    this.canary = grant.canary ? deepFreeze({ durationSeconds: grant.canary.durationSeconds, success: grant.canary.success.map((c) => c.id) }) : null;
    this.required = ev
      ? deepFreeze({ signals: ev.signals, minIndependent: ev.minIndependent, maxAgeSeconds: ev.maxAgeSeconds, minConfidence: ev.minConfidence ?? null })
      : null;
    this.retentionDays = runbook.audit?.retentionDays ?? null;

    this.found = frozen('GRANT_FOUND', { rule: grant.rule, actor: grant.actor, action: grant.action, service: grant.service });
    this.policyCurrent = frozen('POLICY_CURRENT', { expiresOn: grant.expiresOn });
    this.policyExpired = frozen('POLICY_EXPIRED', { expiresOn: grant.expiresOn });
    this.modelPinned = frozen('MODEL_PINNED', { name: grant.model.name, version: grant.model.version });
    this.signalsText = ev ? ev.signals.join(', ') : '';
    this.maxAgeText = ev ? formatDuration(ev.maxAgeSeconds) : '';
    this.evidenceOk = ev ? frozen('EVIDENCE_SUFFICIENT', { min: ev.minIndependent, signals: this.signalsText, maxAge: this.maxAgeText }) : null;
    this.confidenceOk = ev?.minConfidence === undefined ? null : frozen('CONFIDENCE_SUFFICIENT', { minConfidence: ev.minConfidence });
    this.cooldownText = formatDuration(env.cooldownSeconds ?? 0);
    this.cooldownClear = frozen('COOLDOWN_CLEAR', { cooldown: this.cooldownText });
    this.windows = cw ? windowTexts(cw) : null;
    this.windowOpen = this.windows === null ? null : this.windows.open;
    this.setTexts = sets.map(([, allowed]) => allowed.join(', '));
    this.grant = grant;
    // Last, so that nothing above can leave the arena holding a grant that was never made.
    const placed = arena.placeNums(nums);
    this.nums = placed.chunk;
    this.numsAt = placed.at;
    this.strs = arena.strs;
    this.strsAt = arena.placeStrs(strs);
    this.windowsAt += this.numsAt;
    this.freezesAt += this.numsAt;
    this.setSizesAt += this.numsAt;
    this.signalsAt += this.strsAt;
    this.setsAt += this.strsAt;
  }

  /** Whether `g` is one of this grant's prepared passing results (always allow), known without reading it. */
  passes(g: GateResult): boolean {
    return g === this.found || g === this.policyCurrent || g === this.modelPinned || g === this.evidenceOk ||
      g === this.confidenceOk || g === this.cooldownClear || g === this.windowOpen;
  }

  /** Where an escalation of this kind goes (built on first use). */
  route(on: EscalationOn): Route {
    const routes = (this.#routes ??= []);
    return (routes[ON_INDEX[on]] ??= routeFor(this.grant, on));
  }

  /** Who signs off a decision of this kind: the grant's approval block, else the escalation chain. */
  approval(kind: ApprovalKind): ApprovalRequirement {
    switch (kind) {
      case 'approve': return (this.#approve ??= this.#requirement(kind));
      case 'human-executes': return (this.#humanExecutes ??= this.#requirement(kind));
      default: return (this.#changeBoard ??= this.#requirement(kind));
    }
  }

  #requirement(kind: ApprovalKind): ApprovalRequirement {
    const g = this.grant;
    const base = g.approval
      ? { approvers: g.approval.approvers, count: g.approval.count, justification: g.approval.justification, timeoutSeconds: g.approval.timeoutSeconds ?? null, onTimeout: g.approval.onTimeout, source: 'grant' as const }
      : { approvers: chainContacts(g), count: 1, justification: true, timeoutSeconds: null, onTimeout: 'deny' as const, source: 'escalation-chain' as const };
    return deepFreeze({ kind, ...base, contextChecks: g.contextChecks });
  }

  /** The ids of the approvers every approval(kind) names (the same list for each kind). */
  approverIds(): readonly string[] {
    return (this.#approverIds ??= Object.freeze((this.grant.approval?.approvers ?? chainContacts(this.grant)).map((c) => c.id)));
  }

  /** Who may veto a notify decision: the grant's veto block, else the escalation chain. */
  veto(): VetoWindow {
    const v = this.grant.veto;
    this.#veto ??= deepFreeze(v ? { windowSeconds: v.windowSeconds, notify: v.notify } : { windowSeconds: null, notify: chainContacts(this.grant) });
    return this.#veto;
  }

  /** The ids of the contacts veto() names. */
  vetoIds(): readonly string[] {
    return (this.#vetoIds ??= Object.freeze(this.veto().notify.map((c) => c.id)));
  }
}


function trackable(grant: Grant, on: string): Trackable | null {
  const t = grant.escalation.triggers.find((x) => x.on === on && x.count !== undefined && x.windowSeconds !== undefined);
  return t ? { count: t.count!, windowMs: t.windowSeconds! * 1000, windowText: formatDuration(t.windowSeconds!) } : null;
}
