#!/usr/bin/env node
// What decide() leaves in the old generation, in a fresh process used as an enforcer would be:
// load the bundle, then decide requests each parsed from its own JSON text, grants prepared on
// first use along the way. What a decision allocates should die young. When it does not — V8
// pretenures an allocation site once most of the objects it makes survive, as the prepared
// results do — a long-running enforcer pays in scavenges and major collections, which the
// per-call p50 of decide-bench.mjs hardly shows.
//
//   node --expose-gc bench/oldgen-bench.mjs ENFORCER_INDEX_JS BUNDLE_JSON PUBLIC_KEY_PEM
//   → {"bytesPerDecision":…, "windows":[…], "decisions":…}

import { readFileSync } from 'node:fs';
import v8 from 'node:v8';
import { pathToFileURL } from 'node:url';
import { buildRequests } from './lib/requests.mjs';
import { median } from './lib/measure.mjs';

const [enforcerPath, bundlePath, keyPath] = process.argv.slice(2);
const { loadBundle, decide } = await import(pathToFileURL(enforcerPath).href);
const { grantViews } = await import(new URL('../bundle/view.js', pathToFileURL(enforcerPath)).href);

// The request texts, made from the bundle's own grants (the same mix as decide-bench.mjs). The
// parsed bundle stays alive to the end: an application embedding the enforcer holds a heap of its
// own, and with only the enforcer's heap V8 happened not to pretenure the site that made it
// matter (fixed 2026-11-21: 81 bytes per decision before, ≈ 1 after, in this very flow).
const json = JSON.parse(readFileSync(bundlePath, 'utf8'));
const texts = buildRequests(Object.values(grantViews(json)), { count: 4096, seed: 11 }).map((m) => JSON.stringify(m.request));
const loaded = await loadBundle({ path: bundlePath }, { publicKeyPem: readFileSync(keyPath, 'utf8') });
if (!loaded.ok) throw new Error(`loadBundle failed: ${JSON.stringify(loaded.status.reasons.map((r) => r.code))}`);

let sink = 0;
const serve = (i) => { sink += decide(loaded, JSON.parse(texts[i % texts.length])).decision.length; };
const WARM = 30_000;
for (let i = 0; i < WARM; i++) serve(i);

// The median of several windows: a window in which V8 compiles or re-optimises code grows the old
// generation by that code's metadata, whatever decide() does.
const oldSpaceUsed = () => v8.getHeapSpaceStatistics().find((s) => s.space_name === 'old_space').space_used_size;
const PER_WINDOW = 20_000;
const windows = [];
globalThis.gc?.();
for (let w = 0; w < 7; w++) {
  const before = oldSpaceUsed();
  for (let i = 0; i < PER_WINDOW; i++) serve(WARM + w * PER_WINDOW + i);
  windows.push((oldSpaceUsed() - before) / PER_WINDOW);
}
process.stdout.write(`${JSON.stringify({ bytesPerDecision: median(windows), windows, decisions: WARM + 7 * PER_WINDOW, sink, held: Object.keys(json).length })}\n`);
