#!/usr/bin/env node
// Time one loadBundle() in a fresh process: read bundle.json and bundle.signatures.json, verify
// the signature over the exact bytes, recompute the digest, check the structure, build the index.
// The enforcer module is imported before the clock starts (that is start-up, not loading).
//
//   node bench/load-bench.mjs ENFORCER_INDEX_JS BUNDLE_JSON PUBLIC_KEY_PEM
//   → {"ms":…, "ok":true, "signature":"verified", "grants":…}

import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [enforcerPath, bundlePath, keyPath] = process.argv.slice(2);
const tImport = performance.now();
const { loadBundle } = await import(pathToFileURL(enforcerPath).href);
const importMs = performance.now() - tImport;
const publicKeyPem = readFileSync(keyPath, 'utf8');

const t0 = performance.now();
const loaded = await loadBundle({ path: bundlePath }, { publicKeyPem });
const ms = performance.now() - t0;

process.stdout.write(`${JSON.stringify({
  ms, importMs, ok: loaded.ok, signature: loaded.signature, grants: loaded.counts?.grants,
  status: loaded.ok ? undefined : loaded.status?.reasons?.map((r) => r.code),
})}\n`);
