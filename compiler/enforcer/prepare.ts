// The index decide() reads. Loading only builds the key → grant map; each grant is prepared the
// first time a request names it (bounds, sets, time zone, the gate results of passing checks,
// the record's constant parts) and kept, so a decision is a Map lookup plus arithmetic and a
// 10,000-runbook bundle loads without preparing grants nobody asks about. Escalation routes and
// approval requirements are built on first need: only stricter decisions use them.

import type { Bundle, BundleActor, BundleContact, BundleRunbook, Decision, Grant } from '../bundle/types.js';
import { resolveGrant, splitGrantKey } from '../bundle/view.js';
import { deepFreeze } from './decisions.js';
import { type Route, routeFor } from './escalation.js';
import { fixed, frozen } from './fixed.js';
import { severityRank } from './request.js';
import { dateNumber, parseDate, WEEKDAYS, zone, type Zone } from './time.js';
import type { ApprovalRequirement, DecisionRecord, EscalationOn, GateResult, Severity, VetoWindow } from './types.js';

export interface NumericCheck {
  name: string;
  /** `current` + PascalCase(name): the parameter holding the value before the change. */
  currentName: string;
  min?: number; max?: number; maxStep?: number;
  farMin: number; farMax: number; farStep: number;
}
export interface SetCheck { name: string; plural: string; allowed: ReadonlySet<string>; allowedText: string }
export interface WindowSpec { days: number; from: number; to: number }
export interface FreezeSpec { from: number; to: number; fromText: string; toText: string; reason: string }
export interface PreparedWindows {
  timezone: string;
  zone: Zone | null;
  allowed: WindowSpec[];
  allowedText: string;
  freezes: FreezeSpec[];
  /** 1 … 5 for sev1 … sev5; 0 without an exception. */
  exceptionRank: number;
  exception: Severity | null;
  open: GateResult;
}
export interface Trackable { count: number; windowMs: number; windowSeconds: number }

type Policy = NonNullable<DecisionRecord['authority']['policy']>;
type ApprovalKind = ApprovalRequirement['kind'];

const GATE_CODES = {
  autonomous: 'GATE_AUTONOMOUS', notify: 'GATE_NOTIFY', approve: 'GATE_APPROVE',
  'human-executes': 'GATE_HUMAN_EXECUTES', 'change-board': 'GATE_CHANGE_BOARD',
} as const;
const ROLE_CODES = {
  execute: 'AI_ROLE_EXECUTE', recommend: 'AI_ROLE_RECOMMEND_ONLY', draft: 'AI_ROLE_DRAFT_ONLY', prohibited: 'AI_ROLE_PROHIBITED',
} as const;

/** The parameter holding a bounded parameter's value before the change: `current` + its words
 * capitalized (replicas → currentReplicas, max-connections → currentMaxConnections). */
export function currentName(name: string): string {
  return `current${name.split('-').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('')}`;
}

const minutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export class PreparedGrant {
  readonly found: GateResult;
  readonly gate: GateResult;
  readonly aiRole: GateResult;
  readonly expiresAtMs: number;
  readonly policyCurrent: GateResult;
  readonly policyExpired: GateResult;
  readonly modelPinned: GateResult;
  /** `signals`: each listed signal's position in the grant's list. */
  readonly evidence: { signals: ReadonlyMap<string, number>; signalsText: string; min: number; maxAgeSeconds: number; ok: GateResult } | null;
  readonly minConfidence: number | null;
  readonly confidenceOk: GateResult | null;
  readonly numeric: NumericCheck[];
  readonly sets: SetCheck[];
  readonly spend: { amount: number; currency: string; far: number } | null;
  readonly bounded: boolean;
  readonly outside: Decision;
  readonly cooldownMs: number | null;
  readonly cooldownSeconds: number;
  readonly cooldownClear: GateResult;
  readonly windows: PreparedWindows | null;
  readonly flapping: Trackable | null;
  readonly overrides: Trackable | null;
  readonly policy: Policy;
  readonly actorOwner: { name: string; email: string; chat?: string } | null;
  readonly rollback: DecisionRecord['outcome']['rollback'];
  readonly canary: DecisionRecord['outcome']['canary'];
  readonly required: DecisionRecord['evidence']['required'];
  readonly retentionDays: number | null;
  #routes: Map<EscalationOn, Route> | null = null;
  #approvals: Map<ApprovalKind, ApprovalRequirement> | null = null;
  #veto: VetoWindow | null = null;
  #ids = new WeakMap<readonly BundleContact[], readonly string[]>();

  constructor(readonly grant: Grant, readonly runbook: BundleRunbook, actor: Bundle['actors'][string] | undefined) {
    const env = grant.envelope;
    const margin = env.farOutsideMargin;
    this.found = frozen('GRANT_FOUND', { rule: grant.rule, actor: grant.actor, action: grant.action, service: grant.service });
    this.gate = fixed(GATE_CODES[grant.gate]);
    this.aiRole = fixed(ROLE_CODES[grant.aiRole]);
    this.expiresAtMs = parseDate(grant.expiresOn);
    this.policyCurrent = frozen('POLICY_CURRENT', { expiresOn: grant.expiresOn });
    this.policyExpired = frozen('POLICY_EXPIRED', { expiresOn: grant.expiresOn });
    this.modelPinned = frozen('MODEL_PINNED', { name: grant.model.name, version: grant.model.version });
    const ev = grant.evidence;
    this.evidence = ev
      ? {
          signals: new Map(ev.signals.map((s, i) => [s, i])), signalsText: ev.signals.join(', '), min: ev.minIndependent, maxAgeSeconds: ev.maxAgeSeconds,
          ok: frozen('EVIDENCE_SUFFICIENT', { min: ev.minIndependent, signals: ev.signals.join(', '), maxAge: ev.maxAgeSeconds }),
        }
      : null;
    this.minConfidence = ev?.minConfidence ?? null;
    this.confidenceOk = this.minConfidence === null ? null : frozen('CONFIDENCE_SUFFICIENT', { minConfidence: this.minConfidence });
    this.numeric = Object.entries(env.numeric).map(([name, b]) => ({
      name,
      currentName: currentName(name),
      min: b.min, max: b.max, maxStep: b.maxStep,
      farMin: b.min === undefined ? -Infinity : b.min - margin * Math.abs(b.min),
      farMax: b.max === undefined ? Infinity : b.max + margin * Math.abs(b.max),
      farStep: b.maxStep === undefined ? Infinity : b.maxStep + margin * Math.abs(b.maxStep),
    }));
    this.sets = Object.entries(env.sets).map(([name, allowed]) => ({ name, plural: `${name}s`, allowed: new Set(allowed), allowedText: allowed.join(', ') }));
    this.spend = env.maxSpendPerEvent
      ? { amount: env.maxSpendPerEvent.amount, currency: env.maxSpendPerEvent.currency, far: env.maxSpendPerEvent.amount * (1 + margin) }
      : null;
    this.bounded = this.numeric.length > 0 || this.sets.length > 0 || this.spend !== null;
    this.outside = env.outside;
    this.cooldownSeconds = env.cooldownSeconds ?? 0;
    this.cooldownMs = env.cooldownSeconds === undefined ? null : this.cooldownSeconds * 1000;
    this.cooldownClear = frozen('COOLDOWN_CLEAR', { cooldown: this.cooldownSeconds });
    this.windows = prepareWindows(grant);
    this.flapping = trackable(grant, 'flapping');
    this.overrides = trackable(grant, 'repeated-overrides');
    this.policy = deepFreeze({
      runbook: runbook.id, title: runbook.title, owner: runbook.owner, approvedBy: runbook.approval.approvedBy,
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
  }

  /** Where an escalation of this kind goes (built on first use). */
  route(on: EscalationOn): Route {
    this.#routes ??= new Map();
    let r = this.#routes.get(on);
    if (r === undefined) {
      r = routeFor(this.grant, on);
      this.#routes.set(on, r);
    }
    return r;
  }

  /** Who signs off a decision of this kind: the grant's approval block, else the escalation chain. */
  approval(kind: ApprovalKind): ApprovalRequirement {
    this.#approvals ??= new Map();
    let a = this.#approvals.get(kind);
    if (a === undefined) {
      const g = this.grant;
      const base = g.approval
        ? { approvers: g.approval.approvers, count: g.approval.count, justification: g.approval.justification, timeoutSeconds: g.approval.timeoutSeconds ?? null, onTimeout: g.approval.onTimeout, source: 'grant' as const }
        : { approvers: chainContacts(g), count: 1, justification: true, timeoutSeconds: null, onTimeout: 'deny' as const, source: 'escalation-chain' as const };
      a = deepFreeze({ kind, ...base, contextChecks: g.contextChecks });
      this.#approvals.set(kind, a);
    }
    return a;
  }

  /** The ids of a contact list this grant hands out (approvers, veto), computed once per list. */
  ids(contacts: readonly BundleContact[]): readonly string[] {
    let ids = this.#ids.get(contacts);
    if (ids === undefined) {
      ids = Object.freeze(contacts.map((c) => c.id));
      this.#ids.set(contacts, ids);
    }
    return ids;
  }

  /** Who may veto a notify decision: the grant's veto block, else the escalation chain. */
  veto(): VetoWindow {
    const v = this.grant.veto;
    this.#veto ??= deepFreeze(v ? { windowSeconds: v.windowSeconds, notify: v.notify } : { windowSeconds: null, notify: chainContacts(this.grant) });
    return this.#veto;
  }
}

function chainContacts(g: Grant): BundleContact[] {
  return g.escalation.chain.map((l) => l.contact);
}

function prepareWindows(grant: Grant): PreparedWindows | null {
  const w = grant.changeWindows;
  if (!w) return null;
  return {
    timezone: w.timezone,
    zone: zone(w.timezone),
    allowed: w.allowed.map((a) => ({
      days: a.days.reduce((mask, d) => mask | (1 << WEEKDAYS.indexOf(d as (typeof WEEKDAYS)[number])), 0),
      from: minutes(a.from),
      to: minutes(a.to),
    })),
    allowedText: w.allowed.map((a) => `${a.days.join(',')} ${a.from}-${a.to}`).join('; '),
    freezes: w.freezes.map((f) => ({ from: dateNumber(f.from), to: dateNumber(f.to), fromText: f.from, toText: f.to, reason: f.reason })),
    exceptionRank: w.severityException ? severityRank(w.severityException) : 0,
    exception: w.severityException ?? null,
    open: frozen('WINDOW_OPEN', { timezone: w.timezone }),
  };
}

function trackable(grant: Grant, on: string): Trackable | null {
  const t = grant.escalation.triggers.find((x) => x.on === on && x.count !== undefined && x.windowSeconds !== undefined);
  return t ? { count: t.count!, windowMs: t.windowSeconds! * 1000, windowSeconds: t.windowSeconds! } : null;
}

/** The grants of a verified bundle by key, prepared on first use. */
export class BundleIndex {
  readonly #bundle: Bundle;
  readonly #prepared = new Map<string, PreparedGrant>();
  /** actor → (runbook → model), built the first time one of the actor's grants is prepared. */
  readonly #pins = new Map<string, Map<string, Grant['model']>>();
  #actions: Set<string> | null = null;
  #services: Set<string> | null = null;

  constructor(bundle: Bundle) {
    this.#bundle = bundle;
  }

  grant(key: string): PreparedGrant | undefined {
    let p = this.#prepared.get(key);
    if (p !== undefined) return p;
    const b = this.#bundle;
    if (!Object.hasOwn(b.grants, key)) return undefined;
    const ruleId = b.grants[key]!;
    const rule = b.rules[ruleId]!;
    const runbook = b.runbooks[rule.runbook]!;
    const actorId = splitGrantKey(key)[0];
    // The structure check guarantees both; a lookup that still misses is no grant, never a throw.
    const actor = Object.hasOwn(b.actors, actorId) ? b.actors[actorId] : undefined;
    const model = actor && this.#pinsOf(actorId, actor).get(rule.runbook);
    if (actor === undefined || model === undefined) return undefined;
    p = new PreparedGrant(resolveGrant(key, ruleId, rule, runbook, model), runbook, actor);
    this.#prepared.set(key, p);
    return p;
  }

  #pinsOf(id: string, actor: BundleActor): Map<string, Grant['model']> {
    let pins = this.#pins.get(id);
    if (pins === undefined) {
      pins = new Map(actor.pins.map((x) => [x.runbook, x.model]));
      this.#pins.set(id, pins);
    }
    return pins;
  }

  hasActor(id: string): boolean {
    return Object.hasOwn(this.#bundle.actors, id);
  }

  hasAction(id: string): boolean {
    if (this.#actions === null) this.#actions = new Set(Object.values(this.#bundle.rules).map((r) => r.action));
    return this.#actions.has(id);
  }

  hasService(id: string): boolean {
    if (this.#services === null) {
      const s = new Set<string>();
      for (const rb of Object.values(this.#bundle.runbooks)) for (const x of rb.services) s.add(x);
      for (const r of Object.values(this.#bundle.rules)) for (const x of r.services) s.add(x);
      this.#services = s;
    }
    return this.#services.has(id);
  }

  get counts(): { runbooks: number; actors: number; grants: number } {
    const b = this.#bundle;
    return { runbooks: Object.keys(b.runbooks).length, actors: Object.keys(b.actors).length, grants: Object.keys(b.grants).length };
  }
}
