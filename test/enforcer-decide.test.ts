// decide(): every gate listed in order and evaluated even after a deny, total (never throws),
// pure (deterministic, does not touch its input), and a record that answers the audit questions.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { bundleDigest } from '../compiler/compile/index.js';
import { decide, decideJson, GATE_ORDER, loadBundle, type LoadedBundle } from '../compiler/enforcer/index.js';
import { readCases } from './conformance/cases.js';

const BUNDLES = join(import.meta.dirname, 'conformance', 'bundles');
let scaling: LoadedBundle;
let gates: LoadedBundle;
beforeAll(async () => {
  scaling = await loadBundle({ path: join(BUNDLES, 'scaling.json') });
  gates = await loadBundle({ path: join(BUNDLES, 'gates.json') });
});

const scaleOut = () => ({
  requestId: 'req-42',
  actor: 'autoscaler-agent',
  model: { name: 'kairos-scaler', version: '2026-08-14' },
  action: 'scale-out',
  service: 'checkout-api',
  parameters: { replicas: 16, currentReplicas: 12 },
  signals: [{ id: 'checkout-p95', observedAt: '2026-11-03T09:59:30Z', value: 512 }, { id: 'checkout-rps', observedAt: '2026-11-03T09:57:00Z' }],
  confidence: 0.92,
  rationale: 'p95 and RPS climb together',
  alternatives: ['wait for the HPA'],
  severity: 'sev3',
  lastActionAt: null,
  history: { directionChanges: [] },
  time: '2026-11-03T10:00:00Z',
});

describe('decide', () => {
  it('lists every gate in order for a matched grant', () => {
    const r = decide(scaling, scaleOut());
    expect(r.gates.map((g) => g.gate)).toEqual([...GATE_ORDER]);
    expect(r.decision).toBe('approve'); // checkout-rps is 180 s old: only one fresh signal
    expect(r.reasons.map((x) => x.code)).toEqual(['EVIDENCE_STALE']);
  });

  it('evaluates every gate after one denies', () => {
    const r = decide(gates, {
      actor: 'ops-agent', model: { name: 'claude-ops', version: '2099-01-01' }, action: 'purge-customer-data', service: 'payments-api',
      parameters: {}, signals: [], confidence: 0.1, rationale: 'x', uncertainty: ['out-of-distribution'], history: { overrides: [] }, time: '2026-11-03T10:00:00Z',
    });
    expect(r.decision).toBe('deny');
    expect(r.gates.map((g) => g.gate)).toEqual([...GATE_ORDER]);
    expect(r.reasons.map((x) => x.code)).toEqual(['GATE_CHANGE_BOARD', 'AI_ROLE_PROHIBITED', 'MODEL_VERSION_MISMATCH', 'OUT_OF_DISTRIBUTION']);
    expect(r.escalations.map((e) => e.on).sort()).toEqual(['model-version-mismatch', 'out-of-distribution', 'policy-boundary']);
  });

  it('looks a grant up exactly: a request whose ids hold `|` matches nothing, however it is split', () => {
    // decide() trusts the index key alone (the structure check keeps `|` out of every id); moving
    // a `|` between the request's actor, action and service must never reach the grant.
    const base = scaleOut();
    const joined = `${base.actor}|${base.action}|${base.service}`;
    for (const [actor, action, service] of [
      [`${base.actor}|${base.action}`, base.service, 'x'], [base.actor, `${base.action}|${base.service}`, 'x'],
      ['x', base.actor, `${base.action}|${base.service}`], [joined, 'x', 'y'], [`${base.actor}|`, base.action, base.service],
    ]) {
      const r = decide(scaling, { ...base, actor, action, service });
      expect(r.decision).toBe('deny');
      expect(r.record.rule).toBeNull();
      expect(r.gates.find((g) => g.gate === 'grant')?.reasons.map((x) => x.code)).not.toContain('GRANT_FOUND');
    }
    expect(decide(scaling, base).record.rule).not.toBeNull();
  });

  it('is total: any input gets an answer, malformed ones deny with reasons', () => {
    fc.assert(fc.property(fc.anything(), (input) => {
      const r = decide(scaling, input);
      expect(r.decision).toBe('deny');
      expect(r.reasons.every((x) => x.code === 'REQUEST_INVALID')).toBe(true);
    }), { numRuns: 500 });
    fc.assert(fc.property(fc.jsonValue(), (v) => {
      const r = decideJson(scaling, JSON.stringify(v));
      expect(['deny']).toContain(r.decision);
    }), { numRuns: 300 });
  });

  it('answers text that is not JSON with deny', () => {
    const r = decideJson(scaling, '{"actor": ');
    expect(r.decision).toBe('deny');
    expect(r.reasons[0]!.code).toBe('REQUEST_INVALID');
    expect(r.reasons[0]!.message).toMatch(/not JSON/);
  });

  it('is pure: deterministic, and its input is not modified', () => {
    const req = scaleOut();
    const before = JSON.stringify(req);
    const frozen = structuredClone(req);
    const deepFreeze = (o: unknown): void => {
      if (o && typeof o === 'object') { Object.freeze(o); Object.values(o).forEach(deepFreeze); }
    };
    deepFreeze(frozen);
    const a = JSON.stringify(decide(scaling, req));
    const b = JSON.stringify(decide(scaling, frozen));
    expect(JSON.stringify(req)).toBe(before);
    expect(b).toBe(a);
    expect(JSON.stringify(decide(scaling, req))).toBe(a);
  });

  it('cannot be changed by a caller mutating a result', () => {
    const r = decide(gates, {
      actor: 'ops-agent', model: { name: 'claude-ops', version: '2026-09-15' }, action: 'flip-flag', service: 'payments-api',
      parameters: {}, signals: [], confidence: 0.9, rationale: 'x', time: '2026-11-03T10:00:00Z',
    });
    expect(() => { (r.approval!.approvers[0] as { name: string }).name = 'Mallory'; }).toThrow(TypeError);
    expect(() => { (r.gates[0]!.reasons as unknown[]).push({}); }).toThrow(TypeError);
    expect(() => { (r.record.authority.policy as { approvedBy: { name: string } }).approvedBy.name = 'Mallory'; }).toThrow(TypeError);
  });

  it('writes a record that answers the four audit questions', () => {
    const req = { ...scaleOut(), signals: [...scaleOut().signals, { id: 'checkout-5xx', observedAt: '2026-11-03T09:59:59Z' }] };
    const { record } = decide(scaling, req);
    expect(record).toMatchObject({
      recordVersion: 'gatebook.decision/v1',
      requestId: 'req-42',
      time: '2026-11-03T10:00:00Z',
      decision: 'approve',
      runbook: 'checkout-scale-out',
      rule: 'checkout-scale-out#scale-out',
      bundle: { status: 'loaded', digest: scaling.digest, revision: '0123456789abcdef0123456789abcdef01234567', signature: 'none' },
      recommendation: {
        actor: 'autoscaler-agent', model: { name: 'kairos-scaler', version: '2026-08-14' }, action: 'scale-out',
        service: 'checkout-api', parameters: { replicas: 16, currentReplicas: 12 }, rationale: 'p95 and RPS climb together',
        alternatives: ['wait for the HPA'], confidence: 0.92, severity: 'sev3',
      },
      authority: {
        decidedBy: 'gatebook-reference-enforcer',
        policy: { runbook: 'checkout-scale-out', approvedBy: { name: 'Thomas Brandt' }, approvedOn: '2026-10-06', ticket: 'CHG-5102', expiresOn: '2027-04-04' },
        actorOwner: { name: 'Priya Raman' },
        requires: 'approval',
        approvers: ['checkout-primary', 'priya'],
        approvalsNeeded: 1,
        approvals: [],
      },
      evidence: {
        signals: [
          { id: 'checkout-p95', ageSeconds: 30, listed: true, fresh: true, value: 512 },
          { id: 'checkout-rps', ageSeconds: 180, listed: true, fresh: false },
          { id: 'checkout-5xx', ageSeconds: 1, listed: false, fresh: true },
        ],
        freshIndependent: 1,
        required: { minIndependent: 2, maxAgeSeconds: 120, minConfidence: 0.8 },
        confidence: 0.92,
      },
      outcome: {
        next: 'await-approval',
        escalations: [{ on: 'stale-telemetry', to: ['checkout-primary', 'priya', 'platform-eng'] }],
        rollback: { triggers: ['errors-after-scale'], owner: 'checkout-primary', automatic: true },
        canary: null,
        events: [],
      },
      retentionDays: 400,
    });
  });

  it('keeps what it can of a malformed request in the record', () => {
    const { record } = decide(scaling, { requestId: 'r-9', actor: 'autoscaler-agent' });
    expect(record).toMatchObject({ requestId: 'r-9', decision: 'deny', recommendation: null, runbook: null, time: null });
  });

  it('gives notify decisions their veto window and no approval', () => {
    const r = decide(gates, {
      actor: 'ops-agent', model: { name: 'claude-ops', version: '2026-09-15' }, action: 'scale-in', service: 'payments-api',
      parameters: {}, signals: [], confidence: 0.9, rationale: 'x', history: { overrides: [] }, time: '2026-11-03T10:00:00Z',
    });
    expect(r.decision).toBe('notify');
    expect(r.veto).toMatchObject({ windowSeconds: 900, notify: [{ id: 'payments-oncall' }] });
    expect(r.approval).toBeNull();
    expect(r.record.authority).toMatchObject({ requires: 'veto-window', approvers: ['payments-oncall'], approvalsNeeded: 0 });
    expect(r.record.outcome.next).toBe('execute-unless-vetoed');
  });
});

describe('decide never throws', () => {
  const changeInstance = (parameters: Record<string, unknown>) => ({
    actor: 'capacity-bot', model: { name: 'capa', version: '3.1' }, action: 'change-instance', service: 'batch-workers',
    parameters, signals: [], confidence: 0.9, rationale: 'jobs are CPU bound', time: '2026-11-03T10:00:00Z',
  });
  /** envelope.json with change-instance's sets replaced, digest recomputed: a bundle that loads. */
  async function withSets(sets: Record<string, string[]>): Promise<LoadedBundle> {
    const b = JSON.parse(readFileSync(join(BUNDLES, 'envelope.json'), 'utf8')) as Record<string, any>;
    b.rules['capacity-tuning#change-instance'].envelope.sets = sets;
    delete b.digest;
    b.digest = bundleDigest(b as Parameters<typeof bundleDigest>[0]);
    const loaded = await loadBundle({ bytes: Buffer.from(JSON.stringify(b)), name: 'sets.json' });
    expect(loaded.status.reasons[0]!.code).toBe('BUNDLE_OK');
    return loaded;
  }

  it('decides on a grant whose allowed set is very large (no argument spread to overflow the stack)', async () => {
    const many = Array.from({ length: 300_000 }, (_, i) => `t${i}.large`);
    const loaded = await withSets({ instanceType: ['m6i.large', ...many] });
    expect(decide(loaded, changeInstance({ instanceType: 'm6i.large', spend: 10 })).decision).toBe('allow');
    expect(decide(loaded, changeInstance({ instanceType: 'p5.48xlarge', spend: 10 })).reasons.map((r) => r.code)).toEqual(['ENVELOPE_VALUE_NOT_ALLOWED']);
  });

  it('answers a very long list for a set the request check does not cap, naming each value once', async () => {
    const loaded = await withSets({ instanceType: ['m6i.large'], zone: ['a', 'b'] });
    const zones = [...Array.from({ length: 300_000 }, (_, i) => `z${i}`), 'z1', 'a'];
    const r = decide(loaded, changeInstance({ instanceType: 'm6i.large', spend: 10, zones }));
    expect(r.decision).toBe('change-board');
    const message = r.reasons.find((x) => x.code === 'ENVELOPE_VALUE_NOT_ALLOWED')!.message;
    expect(message.match(/\bz1\b/g)).toHaveLength(1);
    expect(message).toContain('z299999');
  });

  it('denies a request whose members cannot be read (a getter that throws, a revoked proxy)', () => {
    const throwing = { ...scaleOut(), get parameters(): never { throw new Error('boom'); } };
    const revoked = Proxy.revocable({}, {});
    revoked.revoke();
    for (const request of [throwing, revoked.proxy, { ...scaleOut(), signals: revoked.proxy }]) {
      const r = decide(scaling, request);
      expect(r.decision).toBe('deny');
      expect(r.reasons.map((x) => x.code)).toEqual(['REQUEST_INVALID']);
      expect(r.reasons[0]!.message).toMatch(/cannot be read as JSON data/);
    }
  });

  it('decides a request read through getters from one copy of it', () => {
    let reads = 0;
    const shifty = { ...scaleOut(), get parameters() { reads++; if (reads === 1) throw new Error('first read fails'); return { replicas: 16, currentReplicas: 12 }; } };
    const r = decide(scaling, shifty);
    expect(r.decision).toBe(decide(scaling, scaleOut()).decision);
  });

  it('denies when what it is given is not a loaded bundle (undefined, a promise not awaited)', () => {
    const pending = loadBundle({ path: join(BUNDLES, 'scaling.json') });
    const shaped = { status: { gate: 'bundle', decision: 'allow', reasons: [] }, ok: true }; // shaped like one, allowing
    for (const bundle of [undefined, null, pending, {}, { status: {} }, { status: null }, shaped, { ...scaling }, new Response('{}')]) {
      for (const r of [decide(bundle as unknown as LoadedBundle, scaleOut()), decideJson(bundle as unknown as LoadedBundle, '{')]) {
        expect(r.decision).toBe('deny');
        expect(r.reasons.map((x) => x.code)[0]).toBe('BUNDLE_NOT_LOADED');
      }
    }
  });

  it('denies with DECISION_FAILED when the enforcer itself fails', () => {
    const fault = vi.spyOn(scaling.index!, 'grant').mockImplementation(() => { throw new Error('index fault'); });
    try {
      const r = decide(scaling, scaleOut());
      expect(r.decision).toBe('deny');
      expect(r.reasons.map((x) => x.code)).toEqual(['DECISION_FAILED']);
      expect(r.reasons[0]!.message).toMatch(/index fault/);
    } finally {
      fault.mockRestore();
    }
    expect(decide(scaling, scaleOut()).reasons.map((x) => x.code)).not.toContain('DECISION_FAILED');
  });
});

describe('sentences a responder reads', () => {
  const gatesRequest = (action: string, parameters: Record<string, unknown>) => ({
    actor: 'ops-agent', model: { name: 'claude-ops', version: '2026-09-15' }, action, service: 'payments-api', parameters,
    signals: [], confidence: 0.9, rationale: 'r', history: { overrides: [] }, time: '2026-11-03T10:00:00Z',
  });
  const message = (r: ReturnType<typeof decide>, code: string) => r.gates.flatMap((g) => g.reasons).find((x) => x.code === code)!.message;

  it('name who approves, how many, and whether a justification is needed', async () => {
    expect(message(decide(gates, gatesRequest('flip-flag', { flag: 'x' })), 'GATE_APPROVE'))
      .toBe('The gate is approve: 2 of Dana Okafor; Payments on-call must approve before the AI acts, with a written justification.');
    const b = JSON.parse(readFileSync(join(BUNDLES, 'gates.json'), 'utf8')) as Record<string, any>;
    b.rules['payments-operations#flip-flag'].approval = { ...b.rules['payments-operations#flip-flag'].approval, approvers: ['dana'], count: 1, justification: false };
    delete b.digest;
    b.digest = bundleDigest(b as Parameters<typeof bundleDigest>[0]);
    const loaded = await loadBundle({ bytes: Buffer.from(JSON.stringify(b)), name: 'gates' });
    expect(message(decide(loaded, gatesRequest('flip-flag', { flag: 'x' })), 'GATE_APPROVE'))
      .toBe('The gate is approve: Dana Okafor must approve before the AI acts, no written justification needed.');
  });

  it('name who is notified to veto, and for how long', () => {
    expect(message(decide(gates, gatesRequest('scale-in', { replicas: 8, currentReplicas: 10 })), 'GATE_NOTIFY'))
      .toBe('The gate is notify: the AI may act unless someone notified (Payments on-call) vetoes within 15m.');
  });

  it('end a finding outside the envelope with what the grant makes of it', async () => {
    const over = decide(scaling, { ...scaleOut(), parameters: { replicas: 50, currentReplicas: 44 } });
    expect(message(over, 'ENVELOPE_ABOVE_MAX')).toBe('replicas 50 is above the maximum 48, outside the envelope, so a human must approve.');
    const envelope = await loadBundle({ path: join(BUNDLES, 'envelope.json') });
    const r = decide(envelope, {
      actor: 'capacity-bot', model: { name: 'capa', version: '3.1' }, action: 'change-instance', service: 'batch-workers',
      parameters: { instanceType: 'p5.48xlarge', spend: 10 }, signals: [], confidence: 0.9, rationale: 'r', time: '2026-11-03T10:00:00Z',
    });
    expect(r.decision).toBe('change-board');
    expect(message(r, 'ENVELOPE_VALUE_NOT_ALLOWED')).toMatch(/outside the envelope, so the change review board decides\.$/);
  });

  it('sum up why in the findings that set the decision, and name where a human turns for a prohibited action', () => {
    const r = decide(gates, {
      actor: 'ops-agent', model: { name: 'claude-ops', version: '2099-01-01' }, action: 'purge-customer-data', service: 'payments-api',
      parameters: {}, signals: [], confidence: 0.1, rationale: 'x', uncertainty: ['out-of-distribution'], history: { overrides: [] }, time: '2026-11-03T10:00:00Z',
    });
    expect(r.decision).toBe('deny');
    expect(r.reasons.length).toBeGreaterThan(1); // the change-board gate and the rest are still listed
    expect(r.summary).toMatch(/^The AI is prohibited from this action; only a human may do it, under runbook payments-operations \(owner: [^)]+\)\.$/);
    const allowed = decide(scaling, { ...scaleOut(), signals: [{ id: 'checkout-p95', observedAt: '2026-11-03T09:59:30Z' }, { id: 'checkout-rps', observedAt: '2026-11-03T09:59:00Z' }] });
    expect(allowed.decision).toBe('allow');
    expect(allowed.summary).toBe(allowed.reasons[0]!.message);
    const two = decide(scaling, { ...scaleOut(), confidence: 0.5, parameters: { replicas: 50, currentReplicas: 44 } });
    expect(two.summary).toBe(two.reasons.filter((x) => x.decision === 'approve').map((x) => x.message).join(' '));
    expect(decide(scaling, null).summary).toMatch(/^The request is malformed/);
  });

  it('keep a freeze reason inside its parentheses, without its own full stop', async () => {
    const b = JSON.parse(readFileSync(join(BUNDLES, 'windows.json'), 'utf8')) as Record<string, any>;
    b.rules['web-deploys#deploy'].changeWindows.freezes[0].reason = 'Year-end freeze: the campaign ends on 3 January.';
    delete b.digest;
    b.digest = bundleDigest(b as Parameters<typeof bundleDigest>[0]);
    const loaded = await loadBundle({ bytes: Buffer.from(JSON.stringify(b)), name: 'windows' });
    const r = decide(loaded, {
      actor: 'deploy-bot', model: { name: 'shipit', version: '2.0' }, action: 'deploy', service: 'web-frontend', parameters: { release: '2026.11.3' },
      signals: [], confidence: 0.95, rationale: 'r', time: '2026-12-21T10:00:00Z',
    });
    expect(message(r, 'FREEZE_ACTIVE')).toContain('(Year-end freeze: the campaign ends on 3 January), so a human must approve.');
  });

  it('say when the last action is dated after the request, rather than a negative time', () => {
    const r = decide(scaling, { ...scaleOut(), lastActionAt: '2026-11-03T10:05:00Z' });
    expect(message(r, 'COOLDOWN_ACTIVE')).toBe('The last action was dated 5m after the request, within the cooldown of 3m, so a human must approve.');
  });

  it('say there is no veto window when the runbook sets none, and list a name with a comma once, apart', async () => {
    const b = JSON.parse(readFileSync(join(BUNDLES, 'gates.json'), 'utf8')) as Record<string, any>;
    delete b.rules['payments-operations#scale-in'].veto;
    b.runbooks['payments-operations'].contacts.dana.name = 'Okafor, Dana';
    delete b.digest;
    b.digest = bundleDigest(b as Parameters<typeof bundleDigest>[0]);
    const loaded = await loadBundle({ bytes: Buffer.from(JSON.stringify(b)), name: 'gates' });
    expect(loaded.ok).toBe(true);
    const notify = message(decide(loaded, gatesRequest('scale-in', { replicas: 8, currentReplicas: 10 })), 'GATE_NOTIFY');
    expect(notify).toMatch(/^The gate is notify: the AI may act unless someone notified \(.*Okafor, Dana.*\) vetoes before it acts \(the runbook sets no veto window\)\.$/);
    expect(notify.split('; ').length).toBe(new Set(notify.split('; ')).size);
  });

  it('write durations as runbooks do, and say when a signal is dated after the request', () => {
    const r = decide(scaling, {
      ...scaleOut(), lastActionAt: '2026-11-03T09:58:30Z',
      signals: [{ id: 'checkout-p95', observedAt: '2026-11-03T10:03:00Z' }, { id: 'checkout-rps', observedAt: '2026-11-03T09:50:00Z' }],
    });
    expect(message(r, 'COOLDOWN_ACTIVE')).toBe('The last action was 1m30s ago, within the cooldown of 3m, so a human must approve.');
    expect(message(r, 'EVIDENCE_STALE')).toBe('Fresh signals cited: 0, fewer than the 2 needed (at most 2m old; not fresh: checkout-p95 (dated 3m after the request), checkout-rps), so a human must approve.');
  });
});

describe('the record keeps the claims an answer rests on', () => {
  it('says what the request gave for the cooldown, history and uncertainty gates, and what it left out', () => {
    const given = decide(scaling, { ...scaleOut(), lastActionAt: '2026-11-03T09:50:00Z', history: { directionChanges: ['2026-11-03T09:55:00Z'] }, uncertainty: ['model-disagreement'] });
    expect(given.record.evidence.context).toEqual({
      lastActionAt: '2026-11-03T09:50:00Z', lastActionGiven: true, directionChanges: ['2026-11-03T09:55:00Z'], overrides: null, uncertainty: ['model-disagreement'],
    });
    const { lastActionAt: _l, history: _h, ...bare } = scaleOut();
    expect(decide(scaling, bare).record.evidence.context).toEqual({
      lastActionAt: null, lastActionGiven: false, directionChanges: null, overrides: null, uncertainty: null,
    });
    expect(decide(scaling, scaleOut()).record.evidence.context).toMatchObject({ lastActionAt: null, lastActionGiven: true, directionChanges: [] });
    expect(decide(scaling, null).record.evidence.context).toBeNull();
  });
});

describe('a member whose value is undefined', () => {
  // The request is read as the JSON it stands for: JSON has no undefined, and JSON.stringify (the
  // audit log's too) drops such a member. Were it read otherwise, a tool mapper's optional argument
  // left undefined could be denied while the logged request would have been approved.
  const variants = (value: unknown): unknown[] => {
    if (typeof value !== 'object' || value === null) return [];
    const out: unknown[] = [];
    if (Array.isArray(value)) {
      value.forEach((v, i) => { for (const w of variants(v)) out.push(value.map((x, j) => (j === i ? w : x))); });
      return out;
    }
    const obj = value as Record<string, unknown>;
    out.push({ ...obj, addedByAMapper: undefined });
    for (const k of Object.keys(obj)) {
      out.push({ ...obj, [k]: undefined });
      for (const w of variants(obj[k])) out.push({ ...obj, [k]: w });
    }
    return out;
  };
  const outcome = (r: ReturnType<typeof decide>) => ({ decision: r.decision, gates: r.gates, escalations: r.escalations, approval: r.approval, veto: r.veto });

  it('is absent, at every depth: every conformance request decides as its JSON does', async () => {
    const bundles = new Map<string, LoadedBundle>();
    let checked = 0;
    for (const { cases } of readCases()) {
      for (const c of cases) {
        if (c.key !== undefined || c.requireSignature !== undefined || typeof c.request !== 'object' || c.request === null) continue;
        if (!bundles.has(c.bundle)) bundles.set(c.bundle, await loadBundle({ path: join(BUNDLES, c.bundle) }));
        const bundle = bundles.get(c.bundle)!;
        for (const v of variants(c.request)) {
          expect(outcome(decide(bundle, v)), `${c.note}: ${JSON.stringify(v)}`).toEqual(outcome(decide(bundle, JSON.parse(JSON.stringify(v)))));
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(4000);
  });
});

describe('a request that is not plain data', () => {
  // What decide() reads and what JSON.stringify (the audit log) writes must be one request, or an
  // executor that serializes it could act on what was never decided.
  const outcome = (r: ReturnType<typeof decide>) => ({ decision: r.decision, gates: r.gates, escalations: r.escalations });
  const asJson = (v: unknown) => JSON.parse(JSON.stringify(v)) as unknown;

  it('is decided as its JSON: a toJSON method, inherited members, Dates, Array subclasses', () => {
    class Params {
      replicas = 16;
      currentReplicas = 12;
      toJSON() { return { replicas: 400, currentReplicas: 12 }; }
    }
    class Signals extends Array<unknown> {}
    const signals = Signals.from(scaleOut().signals);
    const variants: unknown[] = [
      { ...scaleOut(), parameters: new Params() },
      { ...scaleOut(), parameters: Object.create({ replicas: 16, currentReplicas: 12 }) },
      Object.assign(Object.create({ lastActionAt: null }), (({ lastActionAt: _l, ...rest }) => rest)(scaleOut())),
      { ...scaleOut(), time: new Date('2026-11-03T10:00:00Z') },
      { ...scaleOut(), signals },
    ];
    for (const v of variants) {
      const r = decide(scaling, v);
      expect(outcome(r), JSON.stringify(v)).toEqual(outcome(decide(scaling, asJson(v))));
      expect(asJson(r.record.recommendation), JSON.stringify(v)).toEqual(asJson(decide(scaling, asJson(v)).record.recommendation));
    }
    expect(decide(scaling, variants[0]).decision).toBe('deny'); // toJSON's 400 replicas: far above the maximum
    expect(decide(scaling, variants[3]).decision).toBe(decide(scaling, scaleOut()).decision);
  });
});
