// A realistic, deterministic mix of enforcer requests built from a compiled bundle (bundle.json
// read as plain JSON), and the same requests as Cedar authorization calls.
//
// Mix (by construction, per request):
//   50 % inside   — a granted (actor, action, service), pinned model, every envelope bound inside,
//                   fresh evidence, confidence 0.95
//   10 % outside  — as inside, but one bound just outside (max + 1, or a value not in a set)
//    5 % far      — as inside, but a numeric bound far outside (≈ 3 × max)
//   10 % stale    — as inside, but evidence two hours old and confidence 0.5
//    5 % model    — as inside, but a model version other than the pin
//   20 % miss     — unknown actor, unknown action or unknown service (fail-closed deny)
// The decision time is the most recent Wednesday, 11:00 UTC, so change windows (written in
// several time zones) are open for some grants and closed for others — as in real life.

import { rng } from './corpus.mjs';

const KIND_TABLE = [
  ...Array(50).fill('inside'), ...Array(10).fill('outside'), ...Array(5).fill('far'),
  ...Array(10).fill('stale'), ...Array(5).fill('model'), ...Array(20).fill('miss'),
];

export function decisionTime(now = Date.now()) {
  const d = new Date(now);
  d.setUTCHours(11, 0, 0, 0);
  const back = (d.getUTCDay() - 3 + 7) % 7; // 3 = Wednesday
  return new Date(d.getTime() - back * 86400000);
}

function cap(name) {
  return `${name.charAt(0).toUpperCase()}${name.slice(1)}`;
}

/**
 * The request parameter holding the current value of a stepped bound: `replicas` →
 * `currentReplicas`, `max-connections` → `currentMaxConnections` (the enforcer's spelling);
 * `currentMax-connections` is sent too, so the mix does not depend on that detail.
 */
function currentNames(name) {
  const camel = `current${name.split('-').map(cap).join('')}`;
  const plain = `current${cap(name)}`;
  return camel === plain ? [camel] : [camel, plain];
}

function insideParams(grant) {
  const params = {};
  const env = grant.envelope ?? { numeric: {}, sets: {} };
  for (const [name, b] of Object.entries(env.numeric ?? {})) {
    let value;
    if (b.min !== undefined && b.max !== undefined) value = Math.floor((b.min + b.max) / 2);
    else if (b.max !== undefined) value = Math.floor(b.max / 2);
    else if (b.min !== undefined) value = b.min + 1;
    else value = 10;
    params[name] = value;
    if (b.maxStep !== undefined) {
      let current = value - Math.floor(b.maxStep / 2);
      if (b.min !== undefined && current < b.min) current = value;
      for (const c of currentNames(name)) params[c] = current;
    }
  }
  for (const [name, allowed] of Object.entries(env.sets ?? {})) params[name] = allowed[0];
  if (env.maxSpendPerEvent) {
    params.spend = Math.floor(env.maxSpendPerEvent.amount / 2);
    params.currency = env.maxSpendPerEvent.currency;
  }
  return params;
}

/**
 * Builds `count` requests over `grants` (an array of bundle grants). Returns
 * [{ kind, request, grant }] where grant is null for misses.
 */
export function buildRequests(grants, { count, seed = 7, time = decisionTime() }) {
  const r = rng(seed);
  const timeIso = time.toISOString();
  const fresh = new Date(time.getTime() - 15_000).toISOString();
  const stale = new Date(time.getTime() - 2 * 3600_000).toISOString();
  const out = [];
  for (let n = 0; n < count; n++) {
    const kind = r.pick(KIND_TABLE);
    const g = r.pick(grants);
    const parameters = insideParams(g);
    const evidenceSignals = g.evidence?.signals ?? [];
    const request = {
      requestId: `bench-${n}`,
      actor: g.actor,
      model: { name: g.model.name, version: g.model.version },
      action: g.action,
      service: g.service,
      parameters,
      signals: evidenceSignals.map((id) => ({ id, observedAt: fresh, value: 1 })),
      confidence: 0.95,
      rationale: 'Latency and saturation are both up with traffic; adding capacity within the envelope.',
      alternatives: ['wait for the next evaluation'],
      severity: null,
      time: timeIso,
      lastActionAt: null,
      // What an agent sends for a grant whose runbook counts flapping or overrides (none lately).
      history: { directionChanges: [], overrides: [] },
    };
    let effective = kind;
    switch (kind) {
      case 'outside':
      case 'far': {
        const numeric = Object.entries(g.envelope?.numeric ?? {}).find(([, b]) => b.max !== undefined);
        const set = Object.entries(g.envelope?.sets ?? {})[0];
        if (numeric) {
          const [name, b] = numeric;
          parameters[name] = kind === 'far' ? b.max * 3 + 10 : b.max + 1;
          if (b.maxStep !== undefined) for (const c of currentNames(name)) parameters[c] = parameters[name]; // isolate the max bound
        } else if (set) {
          parameters[set[0]] = 'not-allowed-value';
          effective = 'outside';
        } else if (g.envelope?.maxSpendPerEvent) {
          parameters.spend = g.envelope.maxSpendPerEvent.amount * (kind === 'far' ? 3 : 1) + 1;
        } else {
          // Nothing bounded: the request is inside by definition; count it as such.
          effective = 'inside';
        }
        break;
      }
      case 'stale':
        request.signals = evidenceSignals.map((id) => ({ id, observedAt: stale, value: 1 }));
        request.confidence = 0.5;
        // A grant without an evidence block cites no signals and sets no minimum confidence:
        // for it this request is simply inside.
        if (g.evidence === undefined) effective = 'inside';
        break;
      case 'model':
        request.model = { name: g.model.name, version: '1999-01-01' };
        break;
      case 'miss': {
        const which = n % 3;
        if (which === 0) request.actor = `ghost-agent-${n % 97}`;
        else if (which === 1) request.action = `unknown-action-${n % 89}`;
        else request.service = `unknown-service-${n % 83}`;
        break;
      }
      default:
        break;
    }
    out.push({ kind: effective, request, grant: kind === 'miss' ? null : g });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Cedar: one permit policy per grant, stating what "allowed inside the envelope" means for it:
// scope (principal/action/resource ==), the pinned model, minimum confidence, enough fresh
// evidence, and every envelope bound. Cedar has no decision tiers, so "allow" here means "inside
// everything"; everything else is deny. Numbers are integers (Cedar Longs): confidence in
// thousandths, fresh-signal count precomputed by the caller (Cedar cannot read timestamps
// without the datetime extension) — both favour Cedar.

const q = (s) => JSON.stringify(String(s));

function attr(name) {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? `.${name}` : `[${q(name)}]`;
}

function hasAttr(name) {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : q(name);
}

export function cedarPolicy(g, index) {
  const cond = [
    `context.model.name == ${q(g.model.name)}`,
    `context.model.version == ${q(g.model.version)}`,
  ];
  if (g.evidence) {
    cond.push(`context.freshSignals >= ${g.evidence.minIndependent}`);
    if (g.evidence.minConfidence !== undefined) cond.push(`context.confidence >= ${Math.round(g.evidence.minConfidence * 1000)}`);
  }
  const env = g.envelope ?? { numeric: {}, sets: {} };
  for (const [name, b] of Object.entries(env.numeric ?? {})) {
    const p = `context.params${attr(name)}`;
    cond.push(`context.params has ${hasAttr(name)}`);
    if (b.min !== undefined) cond.push(`${p} >= ${Math.ceil(b.min)}`);
    if (b.max !== undefined) cond.push(`${p} <= ${Math.floor(b.max)}`);
    if (b.maxStep !== undefined) {
      const cur = currentNames(name)[0];
      const c = `context.params${attr(cur)}`;
      cond.push(`context.params has ${hasAttr(cur)}`, `${p} - ${c} <= ${Math.floor(b.maxStep)}`, `${c} - ${p} <= ${Math.floor(b.maxStep)}`);
    }
  }
  for (const [name, allowed] of Object.entries(env.sets ?? {})) {
    cond.push(`context.params has ${hasAttr(name)}`, `[${allowed.map(q).join(', ')}].contains(context.params${attr(name)})`);
  }
  if (env.maxSpendPerEvent) {
    cond.push('context.params has spend', `context.params.spend <= ${Math.floor(env.maxSpendPerEvent.amount)}`,
      'context.params has currency', `context.params.currency == ${q(env.maxSpendPerEvent.currency)}`);
  }
  return `@id(${q(`grant-${index}`)})\npermit (\n  principal == Gatebook::Actor::${q(g.actor)},\n  action == Gatebook::Action::${q(g.action)},\n  resource == Gatebook::Service::${q(g.service)}\n) when {\n  ${cond.join(' &&\n  ')}\n};\n`;
}

/** The Cedar call for a request (precomputed outside the timed loop). */
export function cedarCall(request, policySetId, grant) {
  const timeMs = Date.parse(request.time);
  const maxAge = grant?.evidence?.maxAgeSeconds ?? 0;
  const listed = new Set(grant?.evidence?.signals ?? []);
  const freshSignals = request.signals.filter((s) => listed.has(s.id) && (timeMs - Date.parse(s.observedAt)) / 1000 <= maxAge).length;
  const params = {};
  for (const [k, v] of Object.entries(request.parameters)) params[k] = typeof v === 'number' ? Math.round(v) : v;
  return {
    principal: { type: 'Gatebook::Actor', id: request.actor },
    action: { type: 'Gatebook::Action', id: request.action },
    resource: { type: 'Gatebook::Service', id: request.service },
    context: {
      model: { name: request.model.name, version: request.model.version },
      confidence: Math.round(request.confidence * 1000),
      freshSignals,
      params,
    },
    preparsedPolicySetId: policySetId,
    entities: [],
  };
}
