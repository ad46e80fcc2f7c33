// The diff and the reference enforcer never disagree (fast-check). For a random runbook and a
// random edit of one or two of its authority axes, compile both, diff them, and ask the enforcer:
//
//   the diff reports a widened (narrowed) decision item for a grant
//     ⇔ some request is decided less (more) strictly after the edit than before.
//
// How the requests are chosen so that "some request" is exact rather than sampled: the decision
// is the strictest of the enforcer's gates (DESIGN.md), and each gate reads its own part of the
// request (model; signals; confidence; time and severity; history; last action time; the
// parameters). So each part is swept over values at every boundary of both grants (bounds, far
// bounds, ±1, window edges, freeze edges, every weekday), the *enforcer's own* per-gate decisions
// are read from `result.gates`, and the gates are combined by taking maxima. The envelope gate
// reads all parameters at once, so the parameters whose bounds differ are swept jointly.
//
// Axes where only one direction can be asserted, and why:
// - rollback triggers, the escalation chain's ack times, approval counts: the enforcer's decision
//   does not depend on them (they govern what happens after a decision), so the diff classifies
//   them by their own order (README). Asserted: they never change a decision, and the diff
//   reports the documented class.
// - the flapping trigger (count, window) feeds the enforcer's history gate, but the diff classifies
//   escalation triggers by their order, even when the gate or AI role masks the effect. Asserted:
//   a request decided less strictly ⇒ a widened item (decision or escalation); a widened decision
//   item ⇒ such a request.
// - policy expiry is not generated: renewing an approval is a governance change (README), and all
//   request times are before both sides' expiry.

import fc from 'fast-check';
import YAML from 'yaml';
import { grantView } from '../compiler/bundle/view.js';
import { describe, expect, it } from 'vitest';
import { DECISIONS, type Bundle, type Grant } from '../compiler/bundle/types.js';
import { diffSides } from '../compiler/diff/diff.js';
import type { DiffItem } from '../compiler/diff/types.js';
import { decide, loadBundle, RANK, type DecisionResult, type LoadedBundle } from '../compiler/enforcer/index.js';
import { FIXTURE_FILE, sideOf } from './diff-helpers.js';

// --- runbook configurations -----------------------------------------------------------------

const SIGNALS = ['p95-latency', 'rps', 'cpu', 'errors'];
const WINDOWS = [
  { days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '08:00', to: '18:00' },
  { days: ['sat'], from: '09:00', to: '12:00' },
  { days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '07:00', to: '20:00' },
  { days: ['fri'], from: '22:00', to: '06:00' },
];
const FREEZES = [
  { from: '2026-12-20', to: '2027-01-03', reason: 'Year-end freeze' },
  { from: '2027-02-01', to: '2027-02-07', reason: 'Data-centre move' },
];
const PINS = ['2026-10-01', '2026-11-15'];

const ROLE_GATES: Array<[string, string]> = [
  ['execute', 'autonomous'], ['execute', 'notify'], ['execute', 'approve'], ['execute', 'change-board'],
  ['recommend', 'approve'], ['recommend', 'human-executes'], ['draft', 'change-board'],
  ['prohibited', 'approve'], ['prohibited', 'human-executes'],
];

const AXES = {
  actors: fc.constantFrom(['autoscaler-agent'], ['ops-copilot'], ['autoscaler-agent', 'ops-copilot']),
  roleGate: fc.constantFrom(...ROLE_GATES),
  replicas: fc.tuple(fc.integer({ min: 0, max: 10 }), fc.integer({ min: 1, max: 30 }), fc.option(fc.integer({ min: 1, max: 30 }), { nil: undefined }))
    .map(([min, span, step]) => ({ min, max: min + span, maxStep: step === undefined ? undefined : Math.min(step, span) })),
  maxConnections: fc.option(fc.constantFrom(300, 500, 800), { nil: undefined }),
  regions: fc.option(fc.subarray(['eu-central-1', 'eu-west-1', 'us-east-1'], { minLength: 1 }), { nil: undefined }),
  instanceTypes: fc.option(fc.subarray(['m6i.large', 'm6i.xlarge'], { minLength: 1 }), { nil: undefined }),
  dataClassifications: fc.option(fc.subarray(['public', 'internal', 'confidential'], { minLength: 1 }), { nil: undefined }),
  spend: fc.option(fc.record({ amount: fc.constantFrom(100, 200, 500), currency: fc.constantFrom('EUR', 'USD') }), { nil: undefined }),
  cooldown: fc.option(fc.constantFrom('1m', '3m', '10m'), { nil: undefined }),
  outside: fc.constantFrom('approve', 'human-executes', 'change-board', 'deny'),
  margin: fc.constantFrom('0%', '25%', '50%', '100%'),
  evidence: fc.option(fc.subarray(SIGNALS, { minLength: 1 }).chain((signals) => fc.record({
    signals: fc.constant(signals),
    minIndependent: fc.integer({ min: 1, max: signals.length }),
    maxAge: fc.constantFrom('1m', '2m', '10m'),
  })), { nil: undefined }),
  minConfidence: fc.option(fc.constantFrom(0.6, 0.8), { nil: undefined }),
  windows: fc.option(fc.record({
    allowed: fc.subarray(WINDOWS),
    freezes: fc.subarray(FREEZES),
    severityException: fc.option(fc.constantFrom('sev1', 'sev2', 'sev3'), { nil: undefined }),
  }), { nil: undefined }),
  pin: fc.constantFrom(...PINS),
  flapping: fc.option(fc.record({ count: fc.constantFrom(2, 3, 5), window: fc.constantFrom('5m', '10m') }), { nil: undefined }),
  rollbackThreshold: fc.constantFrom('20%', '50%'),
  approvalCount: fc.constantFrom(1, 2),
  ackWithin: fc.constantFrom('5m', '30m'),
};
type Axis = keyof typeof AXES;
type Config = { [K in Axis]: (typeof AXES)[K] extends fc.Arbitrary<infer T> ? T : never };
const AXIS_NAMES = Object.keys(AXES) as Axis[];
/** Axes the enforcer's decision does not read (asserted in one direction only; see the header). */
const ORDER_AXES: ReadonlySet<Axis> = new Set(['rollbackThreshold', 'approvalCount', 'ackWithin']);

function runbookText(c: Config): string {
  const envelope: Record<string, unknown> = {
    replicas: { min: c.replicas.min, max: c.replicas.max },
    ...(c.replicas.maxStep === undefined ? {} : { maxStep: c.replicas.maxStep }),
    ...(c.cooldown ? { cooldown: c.cooldown } : {}),
    ...(c.regions ? { regions: c.regions } : {}),
    ...(c.instanceTypes ? { instanceTypes: c.instanceTypes } : {}),
    ...(c.dataClassifications ? { dataClassifications: c.dataClassifications } : {}),
    ...(c.spend ? { maxSpendPerEvent: c.spend } : {}),
    ...(c.maxConnections ? { limits: [{ parameter: 'max-connections', max: c.maxConnections }] } : {}),
    outside: c.outside,
    farOutside: { margin: c.margin },
  };
  const evidence = c.evidence || c.minConfidence !== undefined
    ? { ...(c.evidence ?? { signals: ['rps'], minIndependent: 1, maxAge: '1h' }), ...(c.minConfidence === undefined ? {} : { minConfidence: c.minConfidence }) }
    : undefined;
  // A changeWindows block needs windows or freezes; without either it means "any time" anyway.
  const windows = c.windows && (c.windows.allowed.length || c.windows.freezes.length) && {
    timezone: 'Europe/Berlin',
    ...(c.windows.allowed.length ? { allowed: c.windows.allowed } : {}),
    ...(c.windows.freezes.length ? { freezes: c.windows.freezes } : {}),
    ...(c.windows.severityException ? { severityException: c.windows.severityException } : {}),
  };
  const frontmatter = {
    apiVersion: 'gatebook/v1',
    id: 'fixture-scale',
    title: 'Scale example-api',
    services: ['example-api'],
    owner: { name: 'Dana Whitfield', email: 'dana.whitfield@example.com' },
    approval: { approvedBy: { name: 'Lee Okafor', email: 'lee.okafor@example.com' }, approvedOn: '2026-10-06', ticket: 'CHG-1001', reviewCycle: '365d' },
    contacts: [
      { id: 'example-oncall', name: 'Example primary on-call', kind: 'rotation', pager: 'pagerduty:example-primary' },
      { id: 'dana', name: 'Dana Whitfield', kind: 'person', email: 'dana.whitfield@example.com' },
    ],
    actors: [
      { id: 'autoscaler-agent', name: 'Autoscaling agent', kind: 'autoscaler', owner: { name: 'Sam Ortiz', email: 'sam.ortiz@example.com' }, model: { name: 'scaler-model', version: c.pin } },
      { id: 'ops-copilot', name: 'Ops Copilot', kind: 'llm-agent', owner: { name: 'Marcus Lindqvist', email: 'marcus.lindqvist@example.com' }, model: { name: 'claude-ops', version: '2026-09-15' } },
    ],
    signals: SIGNALS.map((id) => ({ id, name: id, kind: 'latency', source: `prometheus: ${id}`, unit: 'ms' })),
    actions: [{
      id: 'scale-out',
      title: 'Add replicas',
      category: 'scaling',
      blastRadius: 'low',
      actors: c.actors,
      aiRole: c.roleGate[0],
      gate: c.roleGate[1],
      ...(c.roleGate[1] === 'notify' ? { veto: { window: '10m', notify: ['example-oncall'] } } : {}),
      envelope,
      approval: { approvers: ['example-oncall', 'dana'], count: c.approvalCount },
      ...(evidence ? { evidence } : {}),
      ...(windows ? { changeWindows: windows } : {}),
      rollback: {
        triggers: [{ id: 'p95-up', signal: 'p95-latency', when: 'rises-by', threshold: c.rollbackThreshold, intervals: 2 }],
        action: 'Scale back to the previous replica count.',
        owner: 'example-oncall',
      },
    }],
    escalation: {
      triggers: [{ on: 'stale-telemetry' }, ...(c.flapping ? [{ on: 'flapping', count: c.flapping.count, window: c.flapping.window }] : [])],
      chain: [{ contact: 'example-oncall', ackWithin: c.ackWithin }, { contact: 'dana', ackWithin: '15m' }],
    },
  };
  return `---\n${YAML.stringify(frontmatter)}---\n\n# Scale example-api\n\n## Steps\n\n1. Scale.\n\n## Rollback\n\nScale back.\n`;
}

const edit = fc.record(AXES).chain((base) => fc.subarray(AXIS_NAMES, { minLength: 1, maxLength: 2 }).chain((axes) =>
  fc.tuple(...axes.map((a) => AXES[a] as fc.Arbitrary<unknown>)).map((values) => {
    const head = { ...base } as Record<string, unknown>;
    axes.forEach((a, i) => { head[a] = values[i]; });
    return { base: base as Config, head: head as Config, axes };
  })));

// --- requests -------------------------------------------------------------------------------

const DEFAULT_TIME = '2026-11-25T10:00:00+01:00';
const msOf = (iso: string) => Date.parse(iso);
const isoAt = (ms: number) => new Date(ms).toISOString();

interface Part { [field: string]: unknown }

function request(actor: string, part: Part): Record<string, unknown> {
  const time = (part.time as string | undefined) ?? DEFAULT_TIME;
  return {
    actor,
    model: part.model ?? { name: 'scaler-model', version: PINS[0] },
    action: 'scale-out',
    service: 'example-api',
    parameters: part.parameters ?? {},
    signals: ((part.signalAges as Array<[string, number]> | undefined) ?? []).map(([id, age]) => ({ id, observedAt: isoAt(msOf(time) - age * 1000) })),
    confidence: part.confidence ?? 1,
    rationale: 'property test',
    time,
    ...(part.severity ? { severity: part.severity } : {}),
    ...('lastAction' in part ? { lastActionAt: part.lastAction === null ? null : isoAt(msOf(time) - (part.lastAction as number) * 1000) } : {}),
    ...(part.history ? { history: { directionChanges: (part.history as number[]).map((age) => isoAt(msOf(time) - age * 1000)) } } : {}),
  };
}

const around = (xs: number[]) => [...new Set(xs.flatMap((x) => (Number.isInteger(x) ? [x - 1, x, x + 1] : [x, Math.floor(x), Math.ceil(x)])))];

/** Every boundary value of one parameter of the envelope, in both grants. */
function parameterValues(name: string, grants: Grant[]): Array<Record<string, unknown>> {
  const numeric = grants.map((g) => ({ b: g.envelope.numeric[name], m: g.envelope.farOutsideMargin })).filter((x) => x.b);
  if (name === 'replicas') {
    const vs = around([0, 100, ...numeric.flatMap(({ b, m }) => [b!.min, b!.max, b!.max! * (1 + m), b!.min! * (1 - m)].filter((x): x is number => x !== undefined))]).filter((v) => v >= 0 && Number.isInteger(v));
    const steps = around([0, ...numeric.flatMap(({ b, m }) => (b!.maxStep === undefined ? [] : [b!.maxStep, b!.maxStep * (1 + m)]))]).filter((s) => s >= 0 && Number.isInteger(s));
    const out: Array<Record<string, unknown>> = [{}];
    for (const v of vs) {
      out.push({ replicas: v });
      for (const s of steps) out.push({ replicas: v, currentReplicas: v + s });
    }
    return out;
  }
  if (name === 'max-connections') {
    const vs = around([0, ...numeric.flatMap(({ b, m }) => [b!.max!, b!.max! * (1 + m)])]);
    return [{}, { 'max-connections': 'many' }, ...vs.map((v) => ({ 'max-connections': v }))];
  }
  if (name === 'spend') {
    const spends = grants.flatMap((g) => (g.envelope.maxSpendPerEvent ? [{ s: g.envelope.maxSpendPerEvent, m: g.envelope.farOutsideMargin }] : []));
    const amounts = around([0, ...spends.flatMap(({ s, m }) => [s.amount, s.amount * (1 + m)])]).filter((a) => a >= 0);
    const out: Array<Record<string, unknown>> = [{}];
    for (const spend of amounts) for (const currency of [undefined, 'EUR', 'USD']) out.push(currency ? { spend, currency } : { spend });
    return out;
  }
  const pools: Record<string, string[]> = {
    region: ['eu-central-1', 'eu-west-1', 'us-east-1', 'ap-south-1'],
    instanceType: ['m6i.large', 'm6i.xlarge', 'c7g.large'],
    dataClassification: ['public', 'internal', 'confidential', 'restricted'],
  };
  return [{}, ...pools[name]!.map((v) => ({ [name]: v }))];
}

/** A value of a parameter that is inside both grants' envelopes (the parameter's bounds are equal). */
function insideValue(name: string, g: Grant): Record<string, unknown> {
  const b = g.envelope.numeric[name];
  if (name === 'replicas') return b ? { replicas: b.min ?? 0, currentReplicas: b.min ?? 0 } : {};
  if (name === 'max-connections') return b ? { 'max-connections': 0 } : {};
  if (name === 'spend') return g.envelope.maxSpendPerEvent ? { spend: 0 } : {};
  const allowed = g.envelope.sets[name];
  return allowed ? { [name]: allowed[0] } : {};
}

const PARAMETERS = ['replicas', 'max-connections', 'spend', 'region', 'instanceType', 'dataClassification'];

function boundOf(name: string, g: Grant | undefined): unknown {
  if (!g) return null;
  if (name === 'spend') return g.envelope.maxSpendPerEvent ?? null;
  return g.envelope.numeric[name] ?? g.envelope.sets[name] ?? null;
}

/**
 * Local Berlin times (UTC+1 from November to March) at every edge of the windows and freezes the
 * two grants use, on every weekday, at each severity that matters.
 */
function timeParts(grants: Grant[]): Part[] {
  const windows = grants.flatMap((g) => g.changeWindows?.allowed ?? []);
  const freezes = grants.flatMap((g) => g.changeWindows?.freezes ?? []);
  const exception = grants.some((g) => g.changeWindows?.severityException);
  const dates: string[] = [];
  const addDays = (start: string, n: number) => {
    for (let i = 0; i < n; i++) dates.push(new Date(Date.parse(`${start}T00:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10));
  };
  addDays('2026-11-23', 7); // an ordinary week, Monday to Sunday
  if (freezes.some((f) => f.from === '2026-12-20')) {
    addDays('2026-12-21', 7); // a week inside the first freeze
    dates.push('2026-12-19', '2026-12-20', '2027-01-03', '2027-01-04');
  }
  if (freezes.some((f) => f.from === '2027-02-01')) {
    addDays('2027-02-01', 7); // the whole second freeze
    dates.push('2027-01-31', '2027-02-08');
  }
  const minutes = new Set(['00:00', '23:59']);
  for (const w of windows) for (const t of [w.from, w.to]) {
    minutes.add(t);
    const m = (Number(t.slice(0, 2)) * 60 + Number(t.slice(3)) + 1439) % 1440;
    minutes.add(`${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`);
  }
  const severities = exception ? [undefined, 'sev1', 'sev2', 'sev3', 'sev4'] : [undefined];
  const out: Part[] = [];
  for (const d of dates) for (const hm of minutes) for (const severity of severities) {
    out.push({ time: `${d}T${hm}:00+01:00`, ...(severity ? { severity } : {}) });
  }
  return out;
}

const SUBSETS = Array.from({ length: 1 << SIGNALS.length }, (_, mask) => SIGNALS.filter((_s, i) => mask & (1 << i)));

/** For each gate: the request parts to sweep it with. */
function sweeps(gb: Grant | undefined, ga: Grant | undefined): Array<{ gate: string; parts: Part[] }> {
  const grants = [gb, ga].filter((g): g is Grant => g !== undefined);
  const ages = [...new Set([0, ...grants.flatMap((g) => (g.evidence ? [g.evidence.maxAgeSeconds, g.evidence.maxAgeSeconds + 1] : []))])];
  const confidences = [...new Set([0, 0.59, 0.6, 0.61, 0.79, 0.8, 0.81, 1])];
  const histories: Part[] = [{}];
  for (let n1 = 0; n1 <= 6; n1++) for (let n2 = 0; n2 <= 6; n2++) histories.push({ history: [...Array(n1).fill(0), ...Array(n2).fill(450)] });
  const cooldowns: Part[] = [{}, { lastAction: null }, ...[0, 59, 60, 61, 179, 180, 181, 599, 600, 601, 100_000].map((s) => ({ lastAction: s }))];

  // The envelope: sweep jointly the parameters whose bounds differ; hold the rest inside both.
  // (A grant on one side only: the other side denies everything, so no product is needed.)
  const changed = gb && ga ? PARAMETERS.filter((p) => JSON.stringify(boundOf(p, gb)) !== JSON.stringify(boundOf(p, ga))) : [];
  // The outside decision and the far margin apply to every numeric bound and the spend limit:
  // when they change, those parameters are swept jointly too (their own bounds are equal).
  const shared = (g: Grant | undefined) => g && [g.envelope.outside, g.envelope.farOutsideMargin];
  if (gb && ga && JSON.stringify(shared(gb)) !== JSON.stringify(shared(ga))) {
    for (const p of ['replicas', 'max-connections', 'spend']) if (!changed.includes(p) && boundOf(p, gb) !== null) changed.push(p);
  }
  if (changed.length === 0) changed.push('replicas');
  const fixed = Object.assign({}, ...PARAMETERS.filter((p) => !changed.includes(p)).map((p) => insideValue(p, grants[0]!))) as Record<string, unknown>;
  let envelope: Array<Record<string, unknown>> = [fixed];
  for (const p of changed) {
    const values = parameterValues(p, grants);
    envelope = envelope.flatMap((e) => values.map((v) => ({ ...e, ...v })));
  }
  return [
    { gate: 'model', parts: [PINS[0], PINS[1], 'other'].map((v) => ({ model: { name: 'scaler-model', version: v } })).concat([{ model: { name: 'claude-ops', version: '2026-09-15' } }]) },
    { gate: 'evidence', parts: SUBSETS.flatMap((s) => ages.map((age) => ({ signalAges: s.map((id) => [id, age]) }))) },
    { gate: 'confidence', parts: confidences.map((confidence) => ({ confidence })) },
    { gate: 'change-window', parts: timeParts(grants) },
    { gate: 'history', parts: histories },
    { gate: 'cooldown', parts: cooldowns },
    { gate: 'envelope', parts: envelope.map((parameters) => ({ parameters })) },
  ];
}

/** The gate's decision in a result; a gate the result does not list (no grant) allows, the grant gate then denies. */
function gateLevel(r: DecisionResult, gate: string): number {
  const g = r.gates.find((x) => x.gate === gate);
  return g ? RANK[g.decision] : 0;
}

const CONSTANT_GATES = ['bundle', 'request', 'grant', 'gate', 'ai-role', 'policy', 'uncertainty'];

/** Whether some request is decided less (more) strictly by `after` than by `before`, for one actor. */
async function enforcerCompare(before: LoadedBundle, after: LoadedBundle, actor: string, gb: Grant | undefined, ga: Grant | undefined): Promise<{ widened: boolean; narrowed: boolean }> {
  const pairs: Array<Set<number>> = [];
  const baseline = [decide(before, request(actor, {})), decide(after, request(actor, {}))];
  for (const gate of CONSTANT_GATES) pairs.push(new Set([gateLevel(baseline[0]!, gate) * 6 + gateLevel(baseline[1]!, gate)]));
  for (const { gate, parts } of sweeps(gb, ga)) {
    const set = new Set<number>();
    let n = 0;
    for (const part of parts) {
      // Let vitest's worker talk to its parent during long sweeps.
      if (++n % 2000 === 0) await new Promise((r) => setImmediate(r));
      const req = request(actor, part);
      const rb = decide(before, req);
      const ra = decide(after, req);
      for (const r of [rb, ra]) {
        // The documented combination (the decision is the strictest gate), and a well-formed request.
        if (r.decision !== DECISIONS[Math.max(...r.gates.map((g) => RANK[g.decision]))] || r.gates.find((g) => g.gate === 'request')?.decision !== 'allow') {
          expect.fail(`unexpected result for ${JSON.stringify(req)}: ${r.decision} ${JSON.stringify(r.gates.map((g) => [g.gate, g.decision]))}`);
        }
      }
      set.add(gateLevel(rb, gate) * 6 + gateLevel(ra, gate));
    }
    pairs.push(set);
  }
  let states = new Set([0]);
  for (const set of pairs) {
    const next = new Set<number>();
    for (const s of states) for (const p of set) next.add(Math.max(Math.floor(s / 6), Math.floor(p / 6)) * 6 + Math.max(s % 6, p % 6));
    states = next;
  }
  return {
    widened: [...states].some((s) => Math.floor(s / 6) > s % 6),
    narrowed: [...states].some((s) => Math.floor(s / 6) < s % 6),
  };
}

const DECISION_KIND = /^(grant-added|grant-removed|gate|ai-role|model-pin|envelope-|evidence|change-window|freeze-|severity-exception)/;

async function load(bundle: Bundle): Promise<LoadedBundle> {
  const loaded = await loadBundle({ bytes: Buffer.from(JSON.stringify(bundle)) });
  expect(loaded.ok).toBe(true);
  return loaded;
}

describe('diff ⇔ enforcer', () => {
  it('a grant has a widened (narrowed) decision item exactly when some request is decided less (more) strictly', { timeout: 600_000 }, async () => {
    await fc.assert(fc.asyncProperty(edit, async ({ base, head, axes }) => {
      const before = sideOf({ [FIXTURE_FILE]: runbookText(base) }, 'base');
      const after = sideOf({ [FIXTURE_FILE]: runbookText(head) }, 'head');
      const { result } = diffSides(before, after);
      const lb = await load(before.bundle);
      const la = await load(after.bundle);
      const keys = new Set([...Object.keys(before.bundle.grants), ...Object.keys(after.bundle.grants)]);
      for (const key of keys) {
        const gb = grantView(before.bundle, key);
        const ga = grantView(after.bundle, key);
        const actor = key.split('|')[0]!;
        const enforcer = await enforcerCompare(lb, la, actor, gb, ga);
        const of = (cls: string, decisionOnly: boolean) => result.items.filter((i: DiffItem) => i.key === key && i.class === cls && (!decisionOnly || DECISION_KIND.test(i.kind)));
        const context = `axes ${axes.join(', ')}: ${key}\n${result.items.filter((i) => i.key === key).map((i) => `${i.class} ${i.kind} ${JSON.stringify(i.before)} → ${JSON.stringify(i.after)} ${i.note ?? ''}`).join('\n')}\nenforcer ${JSON.stringify(enforcer)}\nbase ${JSON.stringify(base)}\nhead ${JSON.stringify(head)}`;
        const diffWidened = of('widened', true).length > 0;
        const diffNarrowed = of('narrowed', true).length > 0;
        if (axes.includes('flapping')) {
          // One direction only for escalation triggers (header).
          expect(!diffWidened || enforcer.widened, context).toBe(true);
          expect(!enforcer.widened || of('widened', false).length > 0, context).toBe(true);
          expect(!diffNarrowed || enforcer.narrowed, context).toBe(true);
          expect(!enforcer.narrowed || of('narrowed', false).length > 0, context).toBe(true);
        } else {
          expect(diffWidened, context).toBe(enforcer.widened);
          expect(diffNarrowed, context).toBe(enforcer.narrowed);
        }
      }
      // The axes the decision does not read: classified by their order, never changing a decision.
      for (const axis of axes.filter((a) => ORDER_AXES.has(a))) {
        const kinds: Record<string, string> = { rollbackThreshold: 'rollback-trigger-changed', approvalCount: 'approval-count', ackWithin: 'escalation-ack' };
        const changed = JSON.stringify(base[axis]) !== JSON.stringify(head[axis]);
        const looser = axis === 'rollbackThreshold' ? head[axis] === '50%' : axis === 'approvalCount' ? head[axis] === 1 : head[axis] === '30m';
        const items = result.items.filter((i) => i.kind === kinds[axis]);
        if (!changed) expect(items).toEqual([]);
        else if (Object.keys(after.bundle.grants).length) for (const i of items) expect(i.class).toBe(looser ? 'widened' : 'narrowed');
      }
    }), {
      numRuns: Number(process.env.DIFF_PROPERTY_RUNS ?? 200),
      ...(process.env.DIFF_PROPERTY_SEED ? { seed: Number(process.env.DIFF_PROPERTY_SEED) } : {}),
      endOnFailure: true,
    });
  });
});
