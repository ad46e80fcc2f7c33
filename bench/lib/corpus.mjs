// Deterministic generator of synthetic, valid Gatebook runbooks for the benchmarks.
//
// Same (seed, count, today) → byte-identical files. Every runbook is meant to pass both the
// JSON Schema and the semantic rules (see BENCHMARKS.md, "Corpus"):
//   - unique runbook ids (file name = id + ".md"), unique ids inside a runbook;
//   - every actor / signal / contact reference resolves, action services ⊆ runbook services;
//   - (actor, action, service) triples are unique across the whole corpus;
//   - danger-zone categories are never autonomous/notify; high ≥ approve; critical = change-board;
//   - autonomous/notify ⇒ aiRole execute; human-executes ⇒ aiRole ≠ execute;
//     aiRole execute ⇒ rollback triggers;
//   - envelope min ≤ max, maxStep ≤ max − min; evidence minIndependent ≤ signals;
//   - approval 5–200 days before `today`, reviewCycle 365d (never expired or expiring soon);
//   - body has `## Steps` and `## Rollback`; relative links point at runbooks in the same block
//     of 100 files, so any prefix of the corpus whose size is a multiple of 100 is closed.

import { mkdir, writeFile, readFile, rm, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';

// ---------------------------------------------------------------------------------------------
// PRNG (sfc32 seeded through splitmix32) — tiny, fast, deterministic.

function splitmix32(a) {
  return () => {
    a |= 0;
    a = (a + 0x9e3779b9) | 0;
    let t = a ^ (a >>> 16);
    t = Math.imul(t, 0x21f0aaad);
    t ^= t >>> 15;
    t = Math.imul(t, 0x735a2d97);
    return (t ^ (t >>> 15)) >>> 0;
  };
}

export function rng(seed) {
  const s = splitmix32(seed);
  let a = s(), b = s(), c = s(), d = s();
  const next = () => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  const r = {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (arr) => arr[Math.floor(next() * arr.length)],
    chance: (p) => next() < p,
    sample(arr, n) {
      const copy = arr.slice();
      for (let i = copy.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [copy[i], copy[j]] = [copy[j], copy[i]];
      }
      return copy.slice(0, n);
    },
  };
  return r;
}

// ---------------------------------------------------------------------------------------------
// Vocabulary

const FIRST = ['Priya', 'Jonas', 'Kenji', 'Thomas', 'Marcus', 'Amara', 'Lucia', 'Tomasz', 'Ingrid', 'Rahul',
  'Mei', 'Oluwaseun', 'Sofia', 'Diego', 'Hannah', 'Yusuf', 'Elena', 'Mateo', 'Aisha', 'Noah', 'Freya',
  'Kwame', 'Lena', 'Arjun', 'Chloe', 'Ravi', 'Nadia', 'Oskar', 'Zanele', 'Hiro', 'Camila', 'Emeka',
  'Astrid', 'Farid', 'Greta', 'Ilse', 'Jamal', 'Keiko', 'Lars', 'Maya'];
const LAST = ['Raman', 'Weber', 'Watanabe', 'Brandt', 'Lindqvist', 'Okafor', 'Fernandes', 'Kowalski',
  'Haugen', 'Mehta', 'Chen', 'Adeyemi', 'Rossi', 'Alvarez', 'Schmidt', 'Demir', 'Petrova', 'Garcia',
  'Bello', 'Jensen', 'Nilsson', 'Mensah', 'Vogel', 'Iyer', 'Dubois', 'Nair', 'Haddad', 'Berg',
  'Dlamini', 'Tanaka', 'Moreno', 'Eze', 'Larsen', 'Karimi', 'Hoffmann', 'Novak', 'Wright', 'Sato',
  'Andersen', 'Kapoor'];

const DOMAINS = ['checkout', 'cart', 'payments', 'search', 'catalog', 'orders', 'inventory', 'shipping',
  'billing', 'identity', 'auth', 'notifications', 'ledger', 'pricing', 'recommendations', 'reviews',
  'media', 'gateway', 'ingest', 'analytics', 'fraud', 'loyalty', 'returns', 'tax', 'warehouse'];
const COMPONENTS = ['api', 'worker', 'db', 'cache', 'queue', 'frontend', 'scheduler', 'indexer', 'stream', 'edge'];
const REGIONS = ['eu-west-1', 'eu-central-1', 'eu-north-1', 'us-east-1', 'us-east-2', 'us-west-2', 'ap-southeast-1', 'ap-northeast-1'];
const INSTANCE_TYPES = ['m6i.large', 'm6i.xlarge', 'm6i.2xlarge', 'c6i.large', 'c6i.xlarge', 'r6i.large', 'r6i.xlarge', 'm7g.large', 'm7g.xlarge'];
const TIMEZONES = ['UTC', 'Europe/Berlin', 'Europe/London', 'America/New_York', 'America/Los_Angeles', 'Asia/Tokyo', 'Asia/Singapore'];
const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** Shared AI actors: the same definition wherever they appear (consistent owners and pins). */
const ACTORS = (() => {
  const kinds = [
    ['autoscaler', 'Kairos predictive autoscaler', 'kairos-scaler', 'Writes replica counts through the scaling API; runs in the platform cluster.'],
    ['llm-agent', 'Ops Copilot', 'claude-ops', 'LLM agent in the incident channel; proposes changes as pull requests or API calls.'],
    ['aiops', 'Sentinel AIOps', 'sentinel-correlator', 'Correlates alerts and proposes remediations from runbook history.'],
    ['security-remediation', 'Aegis remediation bot', 'aegis-detector', 'Quarantines hosts and revokes credentials flagged by detection rules.'],
    ['assistant', 'Runbook assistant', 'rb-assist', 'Drafts status updates and change requests for responders.'],
    ['optimizer', 'Cost optimizer', 'rightsizer', 'Recommends and applies instance right-sizing within budget.'],
  ];
  const out = [];
  for (let i = 0; i < 48; i++) {
    const [kind, name, model, description] = kinds[i % kinds.length];
    const fleet = Math.floor(i / kinds.length);
    const first = FIRST[(i * 7) % FIRST.length];
    const last = LAST[(i * 11 + 3) % LAST.length];
    out.push({
      id: `${model.split('-')[0]}-${kind === 'llm-agent' ? 'agent' : kind.split('-')[0]}-f${fleet}`,
      name: `${name} (fleet ${fleet})`,
      kind,
      ...(i % 2 === 0 ? { description } : {}),
      owner: { name: `${first} ${last}`, email: `${first.toLowerCase()}.${last.toLowerCase()}@example.com` },
      model: { name: model, version: `2026-0${1 + (i % 9)}-${String(10 + (i % 18)).padStart(2, '0')}` },
    });
  }
  return out;
})();
const ACTORS_BY_KIND = {};
for (const a of ACTORS) (ACTORS_BY_KIND[a.kind] ??= []).push(a);

export const ACTOR_POOL = ACTORS;

// ---------------------------------------------------------------------------------------------
// Action templates. Each returns an action given the runbook context. Gates and roles are
// chosen so that every rule holds.

const ACTION_TEMPLATES = [
  { id: 'scale-out', category: 'scaling', kinds: ['autoscaler', 'aiops'], weight: 5, make: scaleOut },
  { id: 'scale-in', category: 'scaling', kinds: ['autoscaler', 'optimizer'], weight: 4, make: scaleIn },
  { id: 'raise-ceiling', category: 'config', kinds: ['llm-agent', 'aiops'], weight: 3, make: raiseCeiling },
  { id: 'shift-traffic', category: 'routing', kinds: ['llm-agent', 'aiops'], weight: 3, make: shiftTraffic },
  { id: 'tune-pool', category: 'database', kinds: ['llm-agent', 'aiops'], weight: 3, make: tuneDb },
  { id: 'rotate-credentials', category: 'secrets', kinds: ['security-remediation', 'llm-agent'], weight: 2, make: rotateSecret },
  { id: 'revoke-access', category: 'iam', kinds: ['security-remediation'], weight: 2, make: revokeIam },
  { id: 'update-netpol', category: 'network', kinds: ['llm-agent', 'security-remediation'], weight: 2, make: networkPolicy },
  { id: 'renew-certificate', category: 'certificates', kinds: ['aiops', 'llm-agent'], weight: 2, make: renewCert },
  { id: 'rightsize', category: 'cost', kinds: ['optimizer'], weight: 3, make: rightsize },
  { id: 'quarantine-host', category: 'security-remediation', kinds: ['security-remediation'], weight: 2, make: quarantine },
  { id: 'draft-status', category: 'incident-communication', kinds: ['assistant', 'llm-agent'], weight: 2, make: draftStatus },
  { id: 'rollback-deploy', category: 'deployment', kinds: ['aiops', 'llm-agent'], weight: 3, make: rollbackDeploy },
  { id: 'purge-expired', category: 'data-retention', kinds: ['llm-agent', 'assistant'], weight: 1, make: purgeData },
  { id: 'pin-region', category: 'data-residency', kinds: ['llm-agent', 'aiops'], weight: 1, make: pinRegion },
];
const WEIGHTED = ACTION_TEMPLATES.flatMap((t) => Array(t.weight).fill(t));

function cond(ctx, signalKinds, id) {
  const r = ctx.r;
  const sig = ctx.signals.find((s) => signalKinds.includes(s.kind)) ?? ctx.signals[0];
  const relative = r.chance(0.5);
  const c = { id, signal: sig.id };
  if (relative) {
    c.when = sig.kind === 'traffic' ? 'falls-by' : 'rises-by';
    c.threshold = `${r.pick([10, 15, 20, 25, 30, 50])}%`;
  } else {
    c.when = sig.kind === 'traffic' ? 'below' : 'above';
    c.threshold = sig.unit === 'ratio' ? r.pick([0.01, 0.02, 0.05]) : sig.unit === 'ms' ? r.pick([300, 450, 800]) : r.int(100, 5000);
  }
  if (r.chance(0.6)) {
    c.intervals = r.int(2, 5);
    c.interval = r.pick(['30s', '1m', '2m', '5m']);
  }
  return c;
}

function rollbackFor(ctx, what) {
  const r = ctx.r;
  return {
    triggers: [cond(ctx, ['errors', 'latency'], `${what}-regression`), ...(r.chance(0.25) ? [cond(ctx, ['saturation', 'queue-depth', 'availability'], `${what}-saturation`)] : [])],
    action: r.pick([
      'Restore the values in the decision record and pause the actor.',
      'Revert to the previous revision, then page the owner.',
      'Undo the change and hold proposals until the owner has looked.',
    ]),
    owner: ctx.rotation,
    automatic: r.chance(0.6),
  };
}

function evidenceFor(ctx) {
  const r = ctx.r;
  const n = Math.min(ctx.signals.length, r.int(2, 4));
  const signals = r.sample(ctx.signals, n).map((s) => s.id);
  const e = { signals, minIndependent: r.int(1, n), maxAge: r.pick(['1m', '2m', '5m', '10m']) };
  if (r.chance(0.7)) e.minConfidence = r.pick([0.7, 0.75, 0.8, 0.85, 0.9]);
  return e;
}

function approvalFor(ctx, extra = []) {
  const r = ctx.r;
  const approvers = [...new Set([ctx.rotation, ctx.ownerContact, ...extra])];
  const a = { approvers };
  if (approvers.length > 1 && r.chance(0.3)) a.count = 2;
  if (r.chance(0.4)) a.justification = true;
  if (r.chance(0.5)) Object.assign(a, { timeout: r.pick(['10m', '15m', '30m', '1h']), onTimeout: r.pick(['deny', 'escalate']) });
  return a;
}

function windowsFor(ctx) {
  const r = ctx.r;
  const w = { timezone: r.pick(TIMEZONES) };
  const from = r.int(6, 10);
  w.allowed = [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'].slice(0, r.int(3, 5)), from: `${String(from).padStart(2, '0')}:00`, to: `${from + r.int(6, 9)}:30` }];
  if (r.chance(0.5)) {
    const start = ctx.today + r.int(20, 300);
    w.freezes = [{ from: isoDay(start), to: isoDay(start + r.int(0, 6)), reason: r.pick(['Peak sales event', 'Quarter-end close', 'Datacenter migration', 'Holiday freeze']) }];
  }
  w.severityException = r.pick(['sev1', 'sev2']);
  return w;
}

function replicasEnvelope(ctx) {
  const r = ctx.r;
  const min = r.int(2, 8);
  const max = min + r.int(8, 60);
  return {
    replicas: { min, max },
    maxStep: r.int(1, Math.max(1, Math.floor((max - min) / 3))),
    cooldown: r.pick(['2m', '3m', '5m', '10m']),
    outside: 'approve',
    farOutside: { margin: r.pick(['25%', '50%', '100%']) },
  };
}

function scaleOut(ctx) {
  const r = ctx.r;
  const low = r.chance(0.6);
  return {
    title: `Add replicas to ${ctx.primary}`,
    description: 'Instantly reversible; acts on its own inside the envelope, anything bigger waits for a human.',
    blastRadius: low ? 'low' : 'medium',
    aiRole: 'execute',
    gate: low ? 'autonomous' : 'notify',
    ...(low ? {} : { veto: { window: r.pick(['2m', '5m']), notify: [ctx.rotation] } }),
    envelope: replicasEnvelope(ctx),
    approval: approvalFor(ctx),
    evidence: evidenceFor(ctx),
    rollback: rollbackFor(ctx, 'scale-out'),
  };
}

function scaleIn(ctx) {
  const r = ctx.r;
  return {
    title: `Remove idle replicas from ${ctx.primary}`,
    description: 'Saves cost when traffic falls; the on-call may veto before it happens.',
    blastRadius: 'medium',
    aiRole: 'execute',
    gate: 'notify',
    veto: { window: r.pick(['5m', '10m', '15m']), notify: [ctx.rotation, ctx.channel].filter(Boolean) },
    envelope: replicasEnvelope(ctx),
    evidence: evidenceFor(ctx),
    ...(r.chance(0.5) ? { changeWindows: windowsFor(ctx) } : {}),
    rollback: rollbackFor(ctx, 'scale-in'),
  };
}

function raiseCeiling(ctx) {
  const r = ctx.r;
  return {
    title: 'Raise the autoscaling ceiling',
    description: 'Changes the envelope the autoscaler works in, so a human approves it.',
    blastRadius: 'medium',
    aiRole: 'recommend',
    gate: 'approve',
    approval: approvalFor(ctx, [ctx.team]),
    contextChecks: [
      { id: 'known-event', question: 'Is this a known event (campaign, sale, load test) with a confirmed end time?' },
      ...(r.chance(0.5) ? [{ id: 'db-headroom', question: 'Does the database have connection headroom for the extra pods?' }] : []),
    ],
  };
}

function shiftTraffic(ctx) {
  const r = ctx.r;
  const regions = r.sample(REGIONS, r.int(2, 3));
  return {
    title: 'Shift traffic away from a degraded region',
    description: 'Moves a share of traffic between regions; high blast radius, so approval first.',
    blastRadius: 'high',
    aiRole: 'execute',
    gate: 'approve',
    approval: approvalFor(ctx, [ctx.team]),
    envelope: {
      regions,
      limits: [{ parameter: 'weight-shift', min: 0, max: 50, maxStep: r.pick([10, 20, 25]), unit: 'percent' }],
      outside: r.pick(['approve', 'change-board']),
    },
    evidence: evidenceFor(ctx),
    changeWindows: windowsFor(ctx),
    rollback: rollbackFor(ctx, 'shift'),
  };
}

function tuneDb(ctx) {
  const r = ctx.r;
  const max = r.pick([200, 400, 800]);
  return {
    title: 'Tune the connection pool size',
    description: 'Database parameters are a danger zone: the AI drafts, a human approves and applies.',
    blastRadius: r.pick(['medium', 'high']),
    aiRole: 'draft',
    gate: r.pick(['approve', 'human-executes']),
    approval: approvalFor(ctx, [ctx.team]),
    envelope: { limits: [{ parameter: 'max-connections', min: 50, max, maxStep: r.pick([25, 50]), unit: 'connections' }], outside: 'deny' },
    contextChecks: [{ id: 'replica-lag-ok', question: 'Is replica lag below 5 seconds on every replica?' }],
    changeWindows: windowsFor(ctx),
  };
}

function rotateSecret(ctx) {
  const r = ctx.r;
  return {
    title: 'Rotate leaked or ageing credentials',
    description: 'Secrets are a danger zone; the AI drafts the rotation, a human runs it.',
    blastRadius: 'high',
    aiRole: r.pick(['recommend', 'draft']),
    gate: 'human-executes',
    approval: approvalFor(ctx),
    contextChecks: [{ id: 'consumers-known', question: 'Are all consumers of this secret known and ready to reload it?' }],
  };
}

function revokeIam(ctx) {
  const r = ctx.r;
  return {
    title: 'Revoke a compromised access key',
    description: 'IAM is a danger zone: approval by the on-call and the owner before anything changes.',
    blastRadius: r.pick(['high', 'critical']),
    aiRole: 'recommend',
    gate: 'change-board',
    approval: { ...approvalFor(ctx, [ctx.board]), count: 2 },
    contextChecks: [{ id: 'break-glass', question: 'Is a break-glass path available if the revocation locks out operators?' }],
  };
}

function networkPolicy(ctx) {
  return {
    title: 'Tighten a network policy',
    description: 'Network changes can cut off whole services; the change board decides.',
    blastRadius: 'critical',
    aiRole: 'recommend',
    gate: 'change-board',
    approval: { ...approvalFor(ctx, [ctx.board]), count: 2 },
    contextChecks: [{ id: 'flows-mapped', question: 'Have the allowed flows been checked against the service map?' }],
    changeWindows: windowsFor(ctx),
  };
}

function renewCert(ctx) {
  const r = ctx.r;
  return {
    title: 'Renew an expiring TLS certificate',
    description: 'Routine and reversible; autonomous inside business hours.',
    blastRadius: 'low',
    aiRole: 'execute',
    gate: 'autonomous',
    evidence: { signals: [ctx.signals[0].id], maxAge: r.pick(['5m', '10m']) },
    changeWindows: windowsFor(ctx),
    rollback: rollbackFor(ctx, 'cert'),
  };
}

function rightsize(ctx) {
  const r = ctx.r;
  return {
    title: `Right-size ${ctx.primary} instances`,
    description: 'Moves to a cheaper instance type within budget; the on-call may veto.',
    blastRadius: 'medium',
    aiRole: 'execute',
    gate: 'notify',
    veto: { window: r.pick(['15m', '30m']), notify: [ctx.rotation] },
    envelope: {
      instanceTypes: r.sample(INSTANCE_TYPES, r.int(2, 4)),
      maxSpendPerEvent: { amount: r.pick([50, 100, 250, 500]), currency: r.pick(['USD', 'EUR']) },
      cooldown: r.pick(['1h', '6h', '1d']),
    },
    evidence: evidenceFor(ctx),
    canary: { duration: r.pick(['10m', '30m']), scope: '1 replica', success: [cond(ctx, ['latency', 'errors'], 'canary-healthy')] },
    rollback: rollbackFor(ctx, 'rightsize'),
  };
}

function quarantine(ctx) {
  const r = ctx.r;
  return {
    title: 'Quarantine a compromised host',
    description: 'Isolates a host flagged by detection; approval first because it removes capacity.',
    blastRadius: 'high',
    aiRole: 'execute',
    gate: 'approve',
    approval: { ...approvalFor(ctx), timeout: '5m', onTimeout: 'escalate' },
    evidence: evidenceFor(ctx),
    envelope: { limits: [{ parameter: 'hosts', min: 1, max: r.int(2, 5) }], outside: 'deny' },
    rollback: rollbackFor(ctx, 'quarantine'),
  };
}

function draftStatus(ctx) {
  return {
    title: 'Draft a customer status update',
    description: 'The AI drafts, the communications lead approves before anything is published.',
    blastRadius: 'low',
    aiRole: 'draft',
    gate: 'approve',
    approval: approvalFor(ctx),
  };
}

function rollbackDeploy(ctx) {
  const r = ctx.r;
  return {
    title: `Roll back a bad ${ctx.primary} deploy`,
    description: 'Reverting to the last good release is the safest remediation; the on-call may veto.',
    blastRadius: 'medium',
    aiRole: 'execute',
    gate: 'notify',
    veto: { window: r.pick(['2m', '5m']), notify: [ctx.rotation] },
    evidence: evidenceFor(ctx),
    canary: { duration: r.pick(['5m', '10m']), scope: '5% of traffic', success: [cond(ctx, ['errors', 'latency'], 'canary-errors')] },
    rollback: rollbackFor(ctx, 'deploy'),
  };
}

function purgeData(ctx) {
  return {
    title: 'Purge records past their retention period',
    description: 'Deleting customer data is irreversible; the change board decides.',
    blastRadius: 'critical',
    aiRole: 'recommend',
    gate: 'change-board',
    approval: { ...approvalFor(ctx, [ctx.board]), count: 2 },
    envelope: { dataClassifications: ['internal', 'confidential'], outside: 'deny' },
    contextChecks: [{ id: 'legal-hold', question: 'Has legal confirmed that no hold applies to these records?' }],
  };
}

function pinRegion(ctx) {
  const r = ctx.r;
  return {
    title: 'Pin data processing to a region',
    description: 'Data residency: approval by the owner, never outside the permitted regions.',
    blastRadius: 'high',
    aiRole: 'draft',
    gate: 'approve',
    approval: approvalFor(ctx),
    envelope: { regions: r.sample(REGIONS.filter((x) => x.startsWith('eu')), 2), dataClassifications: ['internal', 'confidential', 'restricted'], outside: 'deny' },
  };
}

// ---------------------------------------------------------------------------------------------
// Runbooks

function isoDay(days) {
  return new Date(days * 86400000).toISOString().slice(0, 10);
}

export function todayEpochDays(now = Date.now()) {
  return Math.floor(now / 86400000);
}

function person(r) {
  const first = r.pick(FIRST);
  const last = r.pick(LAST);
  return { name: `${first} ${last}`, email: `${first.toLowerCase()}.${last.toLowerCase()}@example.com` };
}

function idFor(i) {
  // The domain matches the runbook's services (see servicesFor), so ids read naturally.
  const domain = DOMAINS[Math.floor(i / 4) % DOMAINS.length];
  return `${domain}-${['ops', 'capacity', 'recovery', 'hardening'][i % 4]}-r${String(i).padStart(5, '0')}`;
}

export function fileNameFor(i) {
  return `${idFor(i)}.md`;
}

function servicesFor(i, seed, r) {
  // A "system" of 4 consecutive runbooks shares three services; each runbook covers 1–3.
  const sys = Math.floor(i / 4);
  const domain = DOMAINS[sys % DOMAINS.length];
  const cell = sys.toString(36);
  const comps = rng((seed ^ Math.imul(sys + 7, 0x27d4eb2f)) >>> 0).sample(COMPONENTS, 3);
  return r.sample(comps, r.int(1, 3)).map((c) => `${domain}-${c}-${cell}`);
}

const SIGNAL_DEFS = [
  { id: 'p95-latency', kind: 'latency', unit: 'ms', name: (s) => `${s} p95 latency`, source: (s) => `prometheus: histogram_quantile(0.95, rate(http_request_duration_seconds_bucket{service="${s}"}[5m]))` },
  { id: 'request-rate', kind: 'traffic', unit: 'req/s', name: (s) => `${s} requests per second`, source: (s) => `prometheus: sum(rate(http_requests_total{service="${s}"}[2m]))` },
  { id: 'error-ratio', kind: 'errors', unit: 'ratio', name: (s) => `${s} 5xx ratio`, source: (s) => `prometheus: job:http_5xx_ratio:rate5m{service="${s}"}` },
  { id: 'cpu-saturation', kind: 'saturation', unit: 'ratio', name: (s) => `${s} CPU vs request`, source: (s) => `prometheus: avg(rate(container_cpu_usage_seconds_total{container="${s}"}[2m]))` },
  { id: 'queue-depth', kind: 'queue-depth', unit: 'messages', name: (s) => `${s} ready messages`, source: (s) => `prometheus: sum(rabbitmq_queue_messages_ready{queue="${s}"})` },
  { id: 'replica-lag', kind: 'replica-lag', unit: 's', name: (s) => `${s} replica lag`, source: (s) => `prometheus: max(pg_replication_lag_seconds{cluster="${s}"})` },
  { id: 'availability', kind: 'availability', unit: 'ratio', name: (s) => `${s} availability`, source: (s) => `slo: ${s}/availability-30d` },
];

/**
 * Generate runbook i. `claimed` is the corpus-wide set of actor|action|service triples.
 * Returns { file, id, text, grants } where grants lists the triples it adds.
 */
export function generateRunbook(i, opts) {
  // Retry with a derived seed until the frontmatter leaves room for a body within 4–5 KB;
  // fall back to the smallest attempt. Claims are committed only for the accepted attempt.
  // JSON length is a cheap lower bound for the YAML size (YAML/JSON ≈ 1.04–1.10 here), so
  // hopeless attempts are dropped before the (slow) YAML rendering.
  let best;
  for (let attempt = 0; attempt < 40; attempt++) {
    const a = generateAttempt(i, attempt, opts);
    const jsonLen = JSON.stringify(a.runbook).length;
    if (best && jsonLen >= best.jsonLen) continue;
    if (jsonLen * 1.03 > FRONTMATTER_MAX && attempt < 39) {
      if (!best || jsonLen < best.jsonLen) best = { ...a, jsonLen };
      continue;
    }
    const done = a.finish();
    if (done.frontmatterBytes <= FRONTMATTER_MAX) { best = { ...done, jsonLen }; break; }
    best = { ...a, jsonLen };
  }
  const rb = best.text ? best : best.finish();
  for (const g of rb.grants) opts.claimed.add(`${g.actor}|${g.action}|${g.service}`);
  return rb;
}

const FRONTMATTER_MAX = 3700;

function generateAttempt(i, attempt, { seed, today, claimed, count }) {
  const r = rng((seed ^ Math.imul(i + 1, 0x9e3779b1) ^ Math.imul(attempt, 0x85ebca6b)) >>> 0);
  const mine = new Set();
  const id = idFor(i);
  const services = servicesFor(i, seed, r);
  const primary = services[0];
  const domain = primary.split('-')[0];
  const owner = person(r);
  const ownerFirst = owner.name.split(' ')[0].toLowerCase();

  const contacts = [
    { id: `${domain}-primary`, name: `${domain[0].toUpperCase()}${domain.slice(1)} primary on-call`, kind: 'rotation', pager: `pagerduty:${domain}-primary`, chat: `#oncall-${domain}` },
    { id: ownerFirst, name: owner.name, kind: 'person', email: owner.email, ...(r.chance(0.5) ? { phone: `+49151${String(r.int(10000000, 99999999))}` } : {}) },
    { id: 'platform-eng', name: 'Platform Engineering', kind: 'team', chat: '#platform-eng' },
    { id: `inc-${domain}`, name: `${domain} incident channel`, kind: 'channel', chat: `#inc-${domain}` },
  ];
  const signals = r.sample(SIGNAL_DEFS, r.int(2, 3)).map((d) => ({ id: d.id, name: d.name(primary), kind: d.kind, source: d.source(primary), unit: d.unit }));

  const ctx = {
    r, today, signals, primary,
    rotation: contacts[0].id, ownerContact: ownerFirst, team: 'platform-eng', channel: contacts[3].id, board: undefined,
  };

  // Actions: 2–3 distinct templates.
  const nActions = r.chance(0.2) ? 3 : 2;
  const templates = [];
  while (templates.length < nActions) {
    const t = r.pick(WEIGHTED);
    if (!templates.includes(t)) templates.push(t);
  }
  if (templates.some((t) => ['revoke-access', 'update-netpol', 'purge-expired'].includes(t.id))) {
    contacts.push({ id: 'change-board', name: 'Change advisory board', kind: 'board', email: 'cab@example.com', chat: '#change-board' });
    ctx.board = 'change-board';
  }

  const actorsUsed = new Map();
  const actions = [];
  const grants = [];
  // One or two AI actors per runbook, suited to its first action; every action grants to them.
  const runbookActors = r.sample(templates[0].kinds.flatMap((k) => ACTORS_BY_KIND[k]), r.chance(0.35) ? 2 : 1);
  for (const t of templates) {
    const actorList = runbookActors.length > 1 && r.chance(0.5) ? r.sample(runbookActors, 1) : runbookActors;
    const actionServices = services.length > 1 && r.chance(0.35) ? r.sample(services, 1) : undefined;
    const covered = actionServices ?? services;
    let actionId = t.id;
    let k = 1;
    const taken = (aid) => actorList.some((a) => covered.some((s) => claimed.has(`${a.id}|${aid}|${s}`) || mine.has(`${a.id}|${aid}|${s}`))) || actions.some((x) => x.id === aid);
    while (taken(actionId)) actionId = `${t.id}-${++k}`;
    for (const a of actorList) for (const s of covered) { mine.add(`${a.id}|${actionId}|${s}`); grants.push({ actor: a.id, action: actionId, service: s }); }
    for (const a of actorList) actorsUsed.set(a.id, a);
    const body = t.make(ctx);
    actions.push({
      id: actionId,
      title: body.title,
      ...(r.chance(0.4) ? { description: body.description } : {}),
      category: t.category,
      blastRadius: body.blastRadius,
      actors: actorList.map((a) => a.id),
      ...(actionServices ? { services: actionServices } : {}),
      ...Object.fromEntries(Object.entries(body).filter(([key]) => !['title', 'description', 'blastRadius'].includes(key))),
    });
  }

  const approvedOn = isoDay(today - r.int(5, 200));
  const block = Math.floor(i / 100) * 100;
  const blockSize = Math.min(100, count - block);
  const relatedIdx = blockSize > 1 ? [...new Set([1, 2, 3].map((d) => block + ((i - block + d * r.int(1, 30)) % blockSize)))].filter((j) => j !== i).slice(0, r.int(1, 2)) : [];

  const fm = {
    apiVersion: 'gatebook/v1',
    id,
    title: `${actions[0].title} (${primary})`.slice(0, 120),
    ...(r.chance(0.5) ? { summary: `${actions.map((a) => a.title.toLowerCase()).join('; ')}.`.slice(0, 400) } : {}),
    services,
    owner: { ...owner, ...(r.chance(0.5) ? { chat: `@${ownerFirst}` } : {}) },
    ...(r.chance(0.6) ? { reviewers: [person(r)].filter((p) => p.email !== owner.email) } : {}),
    tags: [...new Set([domain, ...actions.map((a) => a.category)])],
    ...(relatedIdx.length ? { related: relatedIdx.map(idFor) } : {}),
    approval: { approvedBy: person(r), approvedOn, ticket: `CHG-${r.int(1000, 99999)}`, reviewCycle: '365d' },
    contacts,
    actors: [...actorsUsed.values()],
    signals,
    actions,
    escalation: {
      triggers: [
        { on: 'stale-telemetry' },
        ...(r.chance(0.4) ? [{ on: 'flapping', count: 2, window: '10m' }] : []),
        ...(r.chance(0.3) ? [{ on: 'repeated-overrides', count: r.int(2, 4), window: '1h', to: ownerFirst }] : []),
        { on: 'envelope-breach', to: ownerFirst },
      ],
      chain: [
        { contact: contacts[0].id, ackWithin: '5m' },
        { contact: ownerFirst, ackWithin: '10m' },
        { contact: 'platform-eng', ackWithin: '20m' },
      ],
    },
    ...(r.chance(0.6) ? { communication: { updates: contacts[0].id, approvesStatusMessages: ownerFirst, channels: [`#inc-${domain}`, '#status-internal'], cadence: '30m' } } : {}),
    ...(r.chance(0.5) ? { audit: { recordFields: ['recommendation', 'rationale', 'evidence', 'confidence', 'model', 'decision', 'gates', 'outcome', 'bundle-digest', 'runbook', 'rule'], retention: '400d' } } : {}),
  };
  if (fm.reviewers && fm.reviewers.length === 0) delete fm.reviewers;

  const target = r.int(4200, 5000);
  const finish = () => {
    const head = `---\n# yaml-language-server: $schema=../schemas/runbook.schema.json\n${toYaml(fm)}---\n`;
    const text = renderBody(head, fm, r, i, block, blockSize, target);
    return { file: fileNameFor(i), id, text, grants, runbook: fm, frontmatterBytes: Buffer.byteLength(head) };
  };
  return { runbook: fm, grants, finish };
}

function toYaml(obj) {
  const doc = new YAML.Document(obj);
  YAML.visit(doc, {
    Scalar(key, node, path) {
      // Quote what a YAML 1.1 reader would misread (times of day as sexagesimal numbers) and
      // model versions, like hand-written runbooks do.
      if (key !== 'value' || typeof node.value !== 'string') return;
      const parent = path[path.length - 1];
      const name = YAML.isPair(parent) ? String(parent.key?.value ?? parent.key) : '';
      if (/^[0-9]{2}:[0-9]{2}$/.test(node.value) || name === 'version') node.type = 'QUOTE_DOUBLE';
    },
    Seq(_, node) {
      if (node.items.every((it) => YAML.isScalar(it)) && node.items.length <= 12) node.flow = true;
    },
    Map(_, node, path) {
      // Small leaf maps inline, like hand-written runbooks do: { min: 6, max: 48 }.
      const parent = path[path.length - 1];
      if (YAML.isPair(parent) && ['replicas', 'farOutside', 'maxSpendPerEvent'].includes(String(parent.key?.value ?? parent.key))) node.flow = true;
    },
  });
  return doc.toString({ lineWidth: 0 });
}

const STEP_TEMPLATES = [
  (c) => `Confirm the symptom on the *${c.primary} / Golden signals* dashboard and compare it with the same hour last week.`,
  (c) => `Check what the agent already did:\n   \`\`\`sh\n   gatebook decisions --runbook ${c.id} --since 1h\n   kubectl -n ${c.ns} get events --sort-by=.lastTimestamp | tail -20\n   \`\`\``,
  (c) => `Check the pods are serving:\n   \`\`\`sh\n   kubectl -n ${c.ns} get pods -l app=${c.primary} -o wide | grep -v Running\n   kubectl -n ${c.ns} rollout status deploy/${c.primary} --timeout=5m\n   \`\`\``,
  (c) => `If the database is involved, check pool usage (\`SHOW POOLS;\` on pgbouncer); above 70 % do **not** approve more capacity.`,
  (c) => `If traffic looks abusive (one ASN or client dominating), scaling is the wrong tool; see [${c.linkTitle}](./${c.link}).`,
  (c) => `Answer the context checks in the approval request and write a justification a reviewer can follow later.`,
  (c) => `Record the decision id and the values before and after in the incident notes.`,
  (c) => `If the AI proposal is outside the envelope, page ${c.ownerName} before approving anything.`,
  (c) => `Cross-check with [${c.linkTitle2}](./${c.link2}) when the same service shows both symptoms.`,
  (c) => `Watch the error ratio for ten minutes after the change; it should stay flat or fall.`,
];

const FILLER = [
  'Stale or inconsistent telemetry downgrades the agent to recommending only; treat its proposal as a hint until the data is fresh again.',
  'The envelope is deliberately conservative. Raising it is a policy change and goes through review like any other edit to this file.',
  'Every decision carries the bundle digest and the rule that authorized it, so the audit trail survives even if this page changes.',
  'If the model version differs from the pinned one, the grant does not carry over: approve by hand and tell the actor owner.',
  'When in doubt, stop and escalate. A slow, correct response beats a fast one that multiplies the damage.',
];

function renderBody(head, fm, r, i, block, blockSize, target) {
  const link = (d) => {
    const j = blockSize > 1 ? block + ((i - block + d) % blockSize) : i;
    return j === i ? block + ((i - block + 1) % Math.max(blockSize, 1)) : j;
  };
  const l1 = link(r.int(1, 97));
  const l2 = link(r.int(1, 97));
  const c = {
    id: fm.id, primary: fm.services[0], ns: fm.services[0].split('-')[0], ownerName: fm.owner.name,
    link: fileNameFor(l1), linkTitle: `runbook ${idFor(l1)}`, link2: fileNameFor(l2), linkTitle2: `runbook ${idFor(l2)}`,
  };
  const intro = [
    `# ${fm.title}`,
    '',
    '## When to use',
    '',
    `- \`${fm.signals[0].id}\` on ${c.primary} is outside its usual range for more than 5 minutes.`,
    `- An AI actor has proposed one of: ${fm.actions.map((a) => `\`${a.id}\``).join(', ')}.`,
    '',
    '## What the AI may do on its own',
    '',
    fm.actions.map((a) => `- **${a.id}** (${a.category}, ${a.blastRadius} blast radius): gate \`${a.gate}\`, AI role \`${a.aiRole}\`.`).join('\n'),
    '',
  ];
  const rollback = [
    '## Rollback',
    '',
    'Rollback triggers are listed per action in the frontmatter; when one fires the change is undone and the owner is paged. Manually:',
    '',
    '```sh',
    `kubectl -n ${c.ns} rollout undo deploy/${c.primary}`,
    `kubectl -n ${c.ns} annotate deploy/${c.primary} gatebook.dev/paused="true" --overwrite`,
    '```',
    '',
    '## Escalation',
    '',
    `Page the ${fm.contacts[0].name}, then ${fm.owner.name}, then Platform Engineering.`,
    '',
  ];
  const steps = STEP_TEMPLATES.map((s) => s(c));
  const order = r.sample(steps.map((_, k) => k), steps.length);
  const build = (nSteps, nFill) => {
    const chosen = order.slice(0, nSteps).sort((a, b) => a - b).map((k, n) => `${n + 1}. ${steps[k]}`);
    const fill = FILLER.slice(0, nFill);
    return head + '\n' + [...intro, '## Steps', '', chosen.join('\n'), '', ...(fill.length ? [fill.join(' '), ''] : []), ...rollback].join('\n');
  };
  // Grow until the file reaches the target size, then stop (never past 5 KB if avoidable).
  let best = build(2, 0);
  for (let nSteps = 2; nSteps <= steps.length; nSteps++) {
    for (let nFill = 0; nFill <= FILLER.length; nFill++) {
      const t = build(nSteps, nFill);
      const len = Buffer.byteLength(t);
      if (len > 5120) return best;
      best = t;
      if (len >= target) return best;
    }
  }
  return best;
}

// ---------------------------------------------------------------------------------------------
// Corpus on disk

/**
 * Write `count` runbooks into `dir` (wiped first). Cached: if dir/.manifest.json matches
 * (seed, count, today, generator version), nothing is rewritten.
 */
export async function writeCorpus(dir, { count, seed = 20261121, today = todayEpochDays() } = {}) {
  // The generator's own source is part of the key: edit it and the corpus is rebuilt.
  const generator = createHash('sha256').update(await readFile(fileURLToPath(import.meta.url))).digest('hex').slice(0, 16);
  const manifest = { generator, seed, count, today: isoDay(today) };
  try {
    const old = JSON.parse(await readFile(join(dir, '.manifest.json'), 'utf8'));
    if (JSON.stringify(old) === JSON.stringify(manifest)) return { dir, ...manifest, cached: true };
  } catch { /* regenerate */ }
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const claimed = new Set();
  let bytes = 0;
  const batch = [];
  for (let i = 0; i < count; i++) {
    const rb = generateRunbook(i, { seed, today, claimed, count });
    bytes += Buffer.byteLength(rb.text);
    batch.push(writeFile(join(dir, rb.file), rb.text));
    if (batch.length >= 256) await Promise.all(batch.splice(0));
  }
  await Promise.all(batch);
  await writeFile(join(dir, '.manifest.json'), JSON.stringify(manifest));
  return { dir, ...manifest, bytes, cached: false };
}

export async function listMarkdown(dir) {
  return (await readdir(dir)).filter((f) => f.endsWith('.md')).sort().map((f) => join(dir, f));
}
