import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { grantKey, ruleId, splitRuleId, type Bundle } from '../compiler/bundle/types.js';
import { grantView, grantViews } from '../compiler/bundle/view.js';
import type { CheckedRunbook } from '../compiler/check/types.js';
import { bundleDigest, checkDigest, compile, CompileError } from '../compiler/compile/index.js';
import { compileWithText } from '../compiler/compile/compile.js';
import { canonicalize } from '../compiler/util/canonical-json.js';
import { editRunbook, FIXTURES, loadDir } from './compile-fixtures.js';

const fixtures = () => loadDir(FIXTURES);
const build = (runbooks = fixtures()): Bundle => compile(runbooks, { revision: null });
const grant = (b: Bundle, actor: string, action: string, service: string) => {
  const g = grantView(b, grantKey(actor, action, service));
  if (!g) throw new Error(`no grant ${grantKey(actor, action, service)}`);
  return g;
};

/** A deep copy of a fixture with a change applied to its frontmatter. */
const edited = (file: string, change: (runbook: any) => void): CheckedRunbook[] => editRunbook(fixtures(), file, change);

describe('compile: grants', () => {
  it('makes one grant per (actor, action, service), services defaulting to the runbook’s', () => {
    expect(Object.keys(build().grants).sort()).toEqual([
      'copilot|draft-change-request|beta-edge',
      'copilot|renew-certificate|beta-edge',
      'helper|renew-certificate|beta-edge',
      'scaler|raise-ceiling|alpha-api',
      'scaler|scale-out|alpha-api',
      'scaler|scale-out|alpha-worker',
      'scaler|tune-limits|gamma-ingress',
    ]);
  });

  it('keys every grant by grantKey and names its rule <runbook>#<action>', () => {
    const b = build();
    for (const [key, g] of Object.entries(grantViews(b))) {
      expect(key).toBe(grantKey(g.actor, g.action, g.service));
      expect(g.key).toBe(key);
      expect(g.rule).toBe(`${g.runbook}#${g.action}`);
      expect(b.grants[key]).toBe(g.rule);
    }
  });

  it('stores each action once as a rule naming its actors and services, and indexes exactly their pairs', () => {
    const b = build();
    const rule = b.rules[ruleId('alpha-scale-out', 'scale-out')]!;
    expect([rule.actors, rule.services]).toEqual([['scaler'], ['alpha-api', 'alpha-worker']]);
    // No record repeats its key: the rule's runbook and action are its key's halves.
    expect(Object.keys(rule)).not.toContain('runbook');
    expect(Object.keys(rule)).not.toContain('action');
    const pairs = Object.entries(b.rules).flatMap(([id, r]) => r.actors.flatMap((a) => r.services.map((s) => [grantKey(a, splitRuleId(id)[1], s), id])));
    expect(Object.fromEntries(pairs)).toEqual(b.grants);
  });

  it('stores contacts and the escalation once per runbook, naming contacts by id', () => {
    const b = build();
    const rb = b.runbooks['alpha-scale-out']!;
    expect(Object.keys(rb.contacts).sort()).toEqual(['ada', 'alpha-oncall', 'platform']);
    expect(Object.keys(rb)).not.toContain('id');
    expect(Object.values(rb.contacts).some((c) => 'id' in c)).toBe(false);
    expect(rb.escalation.chain).toEqual([{ contact: 'alpha-oncall', ackWithinSeconds: 300 }, { contact: 'ada', ackWithinSeconds: 900 }]);
    expect(b.rules[ruleId('alpha-scale-out', 'raise-ceiling')]!.approval!.approvers).toEqual(['ada', 'platform']);
    expect(JSON.stringify(b.rules)).not.toContain('ada.lovelace@example.com');
  });

  it('keeps only the contacts the policy names: escalation, approvers, veto, rollback owner', () => {
    const b = compile(edited('alpha-scale-out.md', (r) => {
      r.contacts.push({ id: 'bystander', name: 'Nobody routes here', kind: 'person', email: 'by@example.com' });
    }), { revision: null });
    expect(Object.keys(b.runbooks['alpha-scale-out']!.contacts).sort()).toEqual(['ada', 'alpha-oncall', 'platform']);
    expect(b).toEqual(build());
  });

  it('pins each grant to the model its runbook declares for the actor', () => {
    const b = build();
    expect(grant(b, 'scaler', 'scale-out', 'alpha-api').model).toEqual({ name: 'kairos-scaler', version: '2026-08-14' });
    expect(grant(b, 'scaler', 'tune-limits', 'gamma-ingress').model).toEqual({ name: 'kairos-scaler', version: '2026-09-30' });
  });
});

describe('compile: defaults', () => {
  it('fills approval defaults: count 1, justification true, onTimeout deny, no timeout', () => {
    const a = grant(build(), 'scaler', 'raise-ceiling', 'alpha-api').approval!;
    expect(a.count).toBe(1);
    expect(a.justification).toBe(true);
    expect(a.onTimeout).toBe('deny');
    expect(a).not.toHaveProperty('timeoutSeconds');
  });

  it('keeps explicit approval settings', () => {
    expect(grant(build(), 'helper', 'renew-certificate', 'beta-edge').approval).toMatchObject({
      count: 2, justification: false, timeoutSeconds: 2 * 86400, onTimeout: 'escalate',
    });
  });

  it('fills condition defaults: id <signal>-<when>, 1 interval of 60 s', () => {
    const g = grant(build(), 'scaler', 'scale-out', 'alpha-api');
    expect(g.rollback!.triggers).toEqual([
      { id: 'api-5xx-rises-by', signal: 'api-5xx', when: 'rises-by', threshold: 0.5, intervals: 1, intervalSeconds: 60 },
    ]);
    expect(g.canary!.success).toEqual([
      { id: 'api-5xx-below', signal: 'api-5xx', when: 'below', threshold: 0.01, intervals: 1, intervalSeconds: 60 },
      { id: 'p95-holds', signal: 'api-p95', when: 'below', threshold: 450, intervals: 3, intervalSeconds: 30 },
    ]);
  });

  it('gives an action without envelope the default one: outside → approve, far outside at 50 %', () => {
    expect(grant(build(), 'copilot', 'draft-change-request', 'beta-edge').envelope).toEqual({
      numeric: {}, sets: {}, outside: 'approve', farOutsideMargin: 0.5,
    });
  });

  it('defaults evidence.minIndependent to all cited signals, rollback.automatic to false, contextChecks to []', () => {
    const g = grant(build(), 'scaler', 'scale-out', 'alpha-api');
    expect(g.evidence).toEqual({ signals: ['api-p95', 'api-rps'], minIndependent: 2, maxAgeSeconds: 90, minConfidence: 0.75 });
    expect(g.rollback!.automatic).toBe(false);
    expect(g.contextChecks).toEqual([]);
    expect(grant(build(), 'scaler', 'tune-limits', 'gamma-ingress').rollback!.automatic).toBe(true);
  });

  it('omits optional sections the runbook does not declare', () => {
    const g = grant(build(), 'copilot', 'draft-change-request', 'beta-edge');
    for (const key of ['veto', 'approval', 'evidence', 'changeWindows', 'canary', 'rollback']) expect(g).not.toHaveProperty(key);
  });

  it('fills change window defaults and sorts days Monday first', () => {
    const bundle = compile(edited('alpha-scale-out.md', (r) => {
      delete r.actions[0].changeWindows.timezone;
    }), { revision: null });
    const w = grant(bundle, 'scaler', 'scale-out', 'alpha-api').changeWindows!;
    expect(w.timezone).toBe('UTC');
    expect(w.allowed[0]!.days).toEqual(['mon', 'tue', 'wed', 'thu', 'fri']);
    const onlyFreezes = compile(edited('alpha-scale-out.md', (r) => {
      delete r.actions[0].changeWindows.allowed;
    }), { revision: null });
    expect(grant(onlyFreezes, 'scaler', 'scale-out', 'alpha-api').changeWindows!.allowed).toEqual([]);
  });
});

describe('compile: resolution', () => {
  it('resolves contact references to the contacts, sets sorted by id', () => {
    const g = grant(build(), 'scaler', 'scale-out', 'alpha-worker');
    expect(g.veto).toEqual({
      windowSeconds: 300,
      notify: [
        { id: 'alpha-oncall', name: 'Alpha on-call', kind: 'rotation', pager: 'pagerduty:alpha-primary' },
        { id: 'platform', name: 'Platform Engineering', kind: 'team', email: 'platform@example.com', chat: '#platform' },
      ],
    });
    expect(g.rollback!.owner.id).toBe('alpha-oncall');
    expect(grant(build(), 'scaler', 'raise-ceiling', 'alpha-api').approval!.approvers.map((c) => c.id)).toEqual(['ada', 'platform']);
  });

  it('keeps the escalation chain in paging order and resolves `to`', () => {
    const e = grant(build(), 'scaler', 'scale-out', 'alpha-api').escalation;
    expect(e.chain.map((l) => [l.contact.id, l.ackWithinSeconds])).toEqual([['alpha-oncall', 300], ['ada', 900]]);
    expect(e.triggers).toEqual([
      { on: 'stale-telemetry' },
      { on: 'flapping', count: 2, windowSeconds: 600 },
      { on: 'envelope-breach', to: { id: 'ada', name: 'Ada Lovelace', kind: 'person', email: 'ada.lovelace@example.com', phone: '+4915100000001' } },
    ]);
  });

  it('converts durations to seconds and percentages to fractions', () => {
    const g = grant(build(), 'scaler', 'scale-out', 'alpha-api');
    expect(g.envelope.cooldownSeconds).toBe(150);
    expect(g.envelope.farOutsideMargin).toBe(0.25);
    expect(g.canary!.durationSeconds).toBe(600);
    const t = grant(build(), 'scaler', 'tune-limits', 'gamma-ingress').rollback!.triggers[0]!;
    expect([t.threshold, t.intervals, t.intervalSeconds]).toEqual([0.02, 2, 120]);
  });

  it('keys the envelope by parameter, the strictest bound winning, sets sorted', () => {
    const env = grant(build(), 'scaler', 'scale-out', 'alpha-api').envelope;
    expect(env.numeric).toEqual({
      replicas: { min: 4, max: 32, maxStep: 6 },
      connections: { max: 2000, unit: 'connections' },
    });
    expect(env.sets).toEqual({
      region: ['eu-central-1', 'eu-west-1'],
      instanceType: ['m6i.large', 'm6i.xlarge'],
      dataClassification: ['confidential', 'internal'],
    });
    expect(env.maxSpendPerEvent).toEqual({ amount: 250, currency: 'EUR' });
    expect(grant(build(), 'scaler', 'tune-limits', 'gamma-ingress').envelope.outside).toBe('deny');
  });
});

describe('compile: runbooks and actors', () => {
  it('records owner, approval with expiry, source and actions', () => {
    const all = fixtures();
    const b = build(all);
    const alpha = all.find((c) => c.runbook.id === 'alpha-scale-out')!;
    expect(b.runbooks['alpha-scale-out']).toEqual({
      title: 'Scale out alpha-api under load',
      owner: { name: 'Ada Lovelace', email: 'ada.lovelace@example.com', chat: '@ada' },
      services: ['alpha-api', 'alpha-worker'],
      approval: {
        approvedBy: { name: 'Grace Hopper', email: 'grace.hopper@example.com' },
        approvedOn: '2026-10-01', ticket: 'CHG-1001', reviewCycleDays: 180, expiresOn: '2027-03-30',
      },
      source: { path: 'test/fixtures/compile/alpha-scale-out.md', sha256: alpha.sha256 },
      actions: ['scale-out', 'raise-ceiling'],
      audit: { recordFields: ['bundle-digest', 'decision', 'evidence', 'rule', 'runbook'], retentionDays: 400 },
      contacts: expect.any(Object),
      escalation: expect.any(Object),
    });
    // 26w = 182 days.
    expect(b.runbooks['beta-cert-renewal']!.approval).toMatchObject({ reviewCycleDays: 182, expiresOn: '2027-03-16' });
    expect(grant(b, 'helper', 'renew-certificate', 'beta-edge').expiresOn).toBe('2027-03-16');
  });

  it('lists every model pin of an actor, sorted by runbook', () => {
    expect(build().actors.scaler).toEqual({
      name: 'Alpha autoscaler',
      kind: 'autoscaler',
      owner: { name: 'Ada Lovelace', email: 'ada.lovelace@example.com' },
      pins: [
        { runbook: 'alpha-scale-out', model: { name: 'kairos-scaler', version: '2026-08-14' } },
        { runbook: 'gamma-rate-limits', model: { name: 'kairos-scaler', version: '2026-09-30' } },
      ],
    });
  });
});

describe('compile: bundle', () => {
  it('sets schemaVersion and revision, and generatedAt only with SOURCE_DATE_EPOCH', () => {
    const plain = compile(fixtures(), { revision: 'c0ffee'.padEnd(40, '0') });
    expect(plain.schemaVersion).toBe('gatebook.bundle/v3');
    expect(plain.revision).toBe('c0ffee'.padEnd(40, '0'));
    expect(plain).not.toHaveProperty('generatedAt');
    expect(compile(fixtures(), { revision: null, sourceDateEpoch: 1767225600 }).generatedAt).toBe('2026-01-01T00:00:00.000Z');
  });

  it('digests the canonical JSON of everything but the digest', () => {
    const b = build();
    const { digest, ...rest } = b;
    expect(digest).toBe(`sha256:${createHash('sha256').update(canonicalize(rest)).digest('hex')}`);
    expect(bundleDigest(b)).toBe(digest);
    expect(checkDigest(b)).toEqual({ ok: true });
    expect(checkDigest({ ...b, revision: 'x' }).ok).toBe(false);
    expect(compile(fixtures(), { revision: 'a'.repeat(40) }).digest).not.toBe(digest);
  });

  it('returns exactly what bundle.json will hold: no undefined members', () => {
    const b = build();
    expect(JSON.parse(canonicalize(b))).toEqual(b);
    expect(JSON.stringify(b)).not.toContain('undefined');
  });

  it('holds numbers as bundle.json does: a -0 in the runbook is 0', () => {
    const b = build(edited('alpha-scale-out.md', (r) => { r.actions[0].envelope.replicas.min = -0; }));
    const min = b.rules[ruleId('alpha-scale-out', 'scale-out')]!.envelope.numeric.replicas!.min;
    expect(Object.is(min, 0)).toBe(true);
  });

  it('gives the canonical JSON of the bundle with it, written once (what bundle.json holds)', () => {
    for (const [runbooks, epoch] of [[fixtures(), undefined], [[], undefined], [fixtures(), 1767225600]] as const) {
      const { bundle, text } = compileWithText(runbooks, { revision: null, sourceDateEpoch: epoch });
      expect(text).toBe(canonicalize(bundle));
      expect(bundle.digest).toBe(bundleDigest(bundle));
    }
  });

  it('compiles no runbooks to an empty bundle (which denies everything)', () => {
    const b = compile([], { revision: null });
    expect([b.runbooks, b.actors, b.rules, b.grants]).toEqual([{}, {}, {}, {}]);
  });
});

describe('compile: problems the check stage should have caught', () => {
  const problems = (runbooks: CheckedRunbook[]) => {
    try {
      compile(runbooks, { revision: null });
    } catch (error) {
      expect(error).toBeInstanceOf(CompileError);
      return (error as CompileError).problems;
    }
    throw new Error('expected a CompileError');
  };

  it('reports every unresolved reference with file and path, all at once', () => {
    const found = problems(edited('alpha-scale-out.md', (r) => {
      r.actions[0].rollback.owner = 'nobody';
      r.actions[0].veto.notify = ['ghost'];
      r.actions[1].actors = ['robot'];
    }));
    expect(found).toEqual(expect.arrayContaining([
      expect.objectContaining({ file: 'test/fixtures/compile/alpha-scale-out.md', path: 'actions[0].rollback.owner', message: expect.stringMatching(/contact 'nobody' is not declared/) }),
      expect.objectContaining({ path: 'actions[0].veto.notify', message: expect.stringMatching(/'ghost'/) }),
      expect.objectContaining({ path: 'actions[1].actors', message: expect.stringMatching(/actor 'robot' is not declared/) }),
    ]));
  });

  it('reports malformed durations and percentages', () => {
    const found = problems(edited('alpha-scale-out.md', (r) => {
      r.actions[0].envelope.cooldown = 'soon';
      r.actions[0].envelope.farOutside.margin = 'lots';
    }));
    expect(found.map((p) => p.path)).toEqual(['actions[0].envelope.cooldown', 'actions[0].envelope.farOutside.margin']);
  });

  it('refuses a grant claimed by two runbooks, and two runbooks with one id', () => {
    const dup = edited('gamma-rate-limits.md', (r) => {
      r.actions[0].id = 'scale-out';
      r.services = ['alpha-api'];
    });
    expect(problems(dup)[0]!.message).toMatch(/granted 'scale-out' on 'alpha-api' by test\/fixtures\/compile\/alpha-scale-out\.md too/);
    const sameId = edited('gamma-rate-limits.md', (r) => {
      r.id = 'alpha-scale-out';
    });
    expect(problems(sameId)[0]!.message).toMatch(/already used by/);
  });
});
