#!/usr/bin/env node
// decide() latency and throughput, in one single-threaded process (one core), against
//   - the floor: a bare Map.get keyed by `actor|action|service` over the same bundle's grants;
//   - Cedar (@cedar-policy/cedar-wasm), with 1,000 equivalent policies parsed once.
// Run by bench/run.mjs; prints one JSON object on stdout.
//
//   node bench/decide-bench.mjs '{"enforcer":"…/lib/compiler/enforcer/index.js",
//     "publicKeyPem":"…/key.pub.pem","bundles":{"small":"…/bundle.json","large":"…/bundle.json"},
//     "quick":false}'

import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { buildRequests, cedarCall, cedarPolicy } from './lib/requests.mjs';
import { median, percentileSorted } from './lib/measure.mjs';

const opts = JSON.parse(process.argv[2]);
const QUICK = Boolean(opts.quick);
const out = { bundles: {}, cedar: null, timerOverheadNs: null, notes: [] };

const { loadBundle, decide } = await import(pathToFileURL(opts.enforcer).href);
// The joined grants (rule + runbook + model pin) the request mix and the Cedar policies are made from.
const { grantViews } = await import(new URL('../bundle/view.js', pathToFileURL(opts.enforcer)).href);
const publicKeyPem = readFileSync(opts.publicKeyPem, 'utf8');

const now = () => process.hrtime.bigint();

// The per-call timer's own cost (two hrtime.bigint() calls and a subtraction).
{
  const n = 200_000;
  const lat = new Float64Array(n);
  for (let i = 0; i < n; i++) { const t0 = now(); lat[i] = Number(now() - t0); }
  lat.sort();
  out.timerOverheadNs = percentileSorted(lat, 0.5);
}

let sink = 0; // consumed results, so nothing is optimised away

/**
 * A request as an enforcer receives it: parsed from its own JSON text, so its strings are its
 * own. Built straight from the harness's parsed bundle, a request would share its ids with a
 * 35 MB object tree spread over the heap, and reading them would cost cache misses no real
 * request has — for decide() and the floor alike.
 */
const asReceived = (request) => JSON.parse(JSON.stringify(request));

function decideOp(loaded, req) {
  const r = decide(loaded, req);
  sink += r.decision.length;
}

/** Median over batches of the mean time per operation, for decide and the floor, interleaved. */
function batchTimes(loaded, map, reqs, batches, batchSize) {
  const d = [];
  const f = [];
  let off = 0;
  for (let b = 0; b < batches; b++) {
    let t0 = now();
    for (let i = 0; i < batchSize; i++) decideOp(loaded, reqs[(off + i) % reqs.length]);
    d.push(Number(now() - t0) / batchSize);
    t0 = now();
    for (let i = 0; i < batchSize; i++) {
      const q = reqs[(off + i) % reqs.length];
      const g = map.get(`${q.actor}|${q.action}|${q.service}`);
      if (g !== undefined) sink++;
    }
    f.push(Number(now() - t0) / batchSize);
    off = (off + batchSize) % reqs.length;
  }
  return { decideNs: median(d), floorNs: median(f) };
}

/** Per-call latency (each call timed on its own) of decide() and of the floor, interleaved in chunks. */
function perCall(loaded, map, reqs, n) {
  const d = new Float64Array(n);
  const f = new Float64Array(n);
  const CHUNK = 1024;
  for (let start = 0; start < n; start += CHUNK) {
    const end = Math.min(n, start + CHUNK);
    for (let i = start; i < end; i++) {
      const q = reqs[i % reqs.length];
      const t0 = now();
      decideOp(loaded, q);
      d[i] = Number(now() - t0);
    }
    for (let i = start; i < end; i++) {
      const q = reqs[i % reqs.length];
      const t0 = now();
      const g = map.get(`${q.actor}|${q.action}|${q.service}`);
      f[i] = Number(now() - t0);
      if (g !== undefined) sink++;
    }
  }
  d.sort();
  f.sort();
  return {
    p50: percentileSorted(d, 0.5), p99: percentileSorted(d, 0.99), p999: percentileSorted(d, 0.999), max: d[d.length - 1],
    floorP50: percentileSorted(f, 0.5), floorP99: percentileSorted(f, 0.99),
  };
}

const loadedBundles = {};
for (const [name, path] of Object.entries(opts.bundles)) {
  const loaded = await loadBundle({ path }, { publicKeyPem });
  if (!loaded.ok) {
    out.bundles[name] = { error: `loadBundle failed: ${JSON.stringify(loaded.status.reasons?.map((r) => r.code))}` };
    continue;
  }
  const json = JSON.parse(readFileSync(path, 'utf8'));
  const grants = Object.values(grantViews(json));
  const mix = buildRequests(grants, { count: 4096, seed: 11 });
  const reqs = mix.map((m) => asReceived(m.request));
  loadedBundles[name] = { loaded, reqs, json, grants };
  const map = new Map(Object.entries(json.grants));
  // What the mix decides, by kind: shows the requests exercise every path.
  const tally = {};
  for (const m of mix) {
    const dec = decide(loaded, m.request).decision;
    tally[m.kind] ??= {};
    tally[m.kind][dec] = (tally[m.kind][dec] ?? 0) + 1;
  }
  // Warm up both paths.
  batchTimes(loaded, map, reqs, QUICK ? 20 : 60, 256);
  loadedBundles[name].map = map;
  out.bundles[name] = { grants: grants.length, runbooks: Object.keys(json.runbooks).length, signature: loaded.signature, tally, rounds: [] };
}

// Diagnostic: the large bundle, but requests spread over only as many grants as the small bundle
// has — separates "the index is bigger" from "the requests touch more distinct grants".
if (loadedBundles.small && loadedBundles.large) {
  const L = loadedBundles.large;
  const k = loadedBundles.small.grants.length;
  const sorted = [...L.grants].sort((a, b) => (a.key < b.key ? -1 : 1));
  const subset = Array.from({ length: k }, (_, i) => sorted[Math.floor((i * sorted.length) / k)]);
  loadedBundles.largeSameSet = { loaded: L.loaded, map: L.map, json: L.json, grants: subset, reqs: buildRequests(subset, { count: 4096, seed: 11 }).map((m) => asReceived(m.request)) };
  out.bundles.largeSameSet = { grants: L.grants.length, workingSet: k, runbooks: out.bundles.large.runbooks, rounds: [] };
  batchTimes(L.loaded, L.map, loadedBundles.largeSameSet.reqs, QUICK ? 20 : 60, 256);
}

// Rounds alternate between bundles so drift on a shared machine hits both alike.
const ROUNDS = QUICK ? 2 : 3;
const BATCHES = QUICK ? 60 : 120;
const PER_CALL = QUICK ? 20_000 : 60_000;
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, b] of Object.entries(loadedBundles)) {
    const bt = batchTimes(b.loaded, b.map, b.reqs, BATCHES, 512);
    const pc = perCall(b.loaded, b.map, b.reqs, PER_CALL);
    out.bundles[name].rounds.push({ ...bt, ...pc });
  }
}
for (const [name, b] of Object.entries(out.bundles)) {
  if (!b.rounds) continue;
  const pick = (k) => median(b.rounds.map((r) => r[k]));
  Object.assign(b, {
    decideNs: pick('decideNs'), floorNs: pick('floorNs'), p50: pick('p50'), p99: pick('p99'), p999: pick('p999'),
    floorP50: pick('floorP50'), floorP99: pick('floorP99'), max: Math.max(...b.rounds.map((r) => r.max)),
  });
  // Median latency ratio, each side corrected for the timer's own cost.
  b.ratioToFloor = (b.p50 - out.timerOverheadNs) / Math.max(1, b.floorP50 - out.timerOverheadNs);
  b.throughputRatioToFloor = b.decideNs / b.floorNs;
  void name;
}

// ---------------------------------------------------------------------------------------------
// Cedar

try {
  const cedar = await import('@cedar-policy/cedar-wasm/nodejs');
  const big = loadedBundles[opts.cedarBundle ?? 'large'] ?? Object.values(loadedBundles).at(-1);
  if (!big) throw new Error('no bundle loaded');
  const all = big.grants; // grantViews() returns them sorted by key
  const N = Math.min(1000, all.length);
  const step = all.length / N;
  const chosen = Array.from({ length: N }, (_, i) => all[Math.floor(i * step)]);
  const text = chosen.map((g, i) => cedarPolicy(g, i)).join('\n');
  const tParse = performance.now();
  const parsed = cedar.preparsePolicySet('gatebook-bench', { staticPolicies: text });
  const parseMs = performance.now() - tParse;
  if (parsed.type !== 'success') throw new Error(`Cedar could not parse the policies: ${JSON.stringify(parsed.errors?.slice(0, 2))}`);

  const mix = buildRequests(chosen, { count: 2048, seed: 13 });
  const calls = mix.map((m) => cedarCall(m.request, 'gatebook-bench', m.grant));
  const reqs = mix.map((m) => asReceived(m.request));
  // Sanity: Cedar allows exactly the requests built to be inside (and fresh, pinned); errors count.
  const tally = {};
  let errors = 0;
  for (let i = 0; i < mix.length; i++) {
    const a = cedar.statefulIsAuthorized(calls[i]);
    if (a.type !== 'success') { errors++; continue; }
    errors += a.response.diagnostics.errors.length;
    tally[mix[i].kind] ??= {};
    tally[mix[i].kind][a.response.decision] = (tally[mix[i].kind][a.response.decision] ?? 0) + 1;
  }
  const cedarOp = (c) => {
    const a = cedar.statefulIsAuthorized(c);
    sink += a.type.length;
  };
  // Warm-up.
  for (let i = 0; i < (QUICK ? 200 : 1000); i++) cedarOp(calls[i % calls.length]);
  for (let i = 0; i < 20_000; i++) decideOp(big.loaded, reqs[i % reqs.length]);

  const rounds = [];
  const cedarOps = QUICK ? 500 : 2048;
  const decideOps = QUICK ? 20_000 : 100_000;
  for (let round = 0; round < (QUICK ? 2 : 3); round++) {
    let t0 = now();
    for (let i = 0; i < cedarOps; i++) cedarOp(calls[i % calls.length]);
    const cedarNs = Number(now() - t0) / cedarOps;
    t0 = now();
    for (let i = 0; i < decideOps; i++) decideOp(big.loaded, reqs[i % reqs.length]);
    const decideNs = Number(now() - t0) / decideOps;
    rounds.push({ cedarNs, decideNs, cedarOpsPerSec: 1e9 / cedarNs, decideOpsPerSec: 1e9 / decideNs });
  }
  const cedarNs = median(rounds.map((r) => r.cedarNs));
  const decideNs = median(rounds.map((r) => r.decideNs));
  out.cedar = {
    version: cedar.getCedarVersion(), policies: N, policyBytes: text.length, parseMs, tally, errors, rounds,
    cedarNs, decideNs, cedarOpsPerSec: 1e9 / cedarNs, decideOpsPerSec: 1e9 / decideNs, ratio: cedarNs / decideNs,
  };
} catch (error) {
  out.cedar = { error: error instanceof Error ? error.message : String(error) };
}

out.sink = sink;
process.stdout.write(`${JSON.stringify(out)}\n`);
