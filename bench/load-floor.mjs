#!/usr/bin/env node
// B3's same-run reference: what any JavaScript reader of the bundle pays before it checks anything
// — read bundle.json and JSON.parse it whole, in a fresh process. Run alternately with
// load-bench.mjs, so that both meet the same host: the ratio of the two is what the loader's own
// work costs on this machine, whatever its neighbours do to the milliseconds.
//
//   node bench/load-floor.mjs BUNDLE_JSON   →  {"ms":…, "keys":…}

import { readFileSync } from 'node:fs';

const path = process.argv[2];
if (!path) {
  process.stderr.write('usage: node bench/load-floor.mjs BUNDLE_JSON\n');
  process.exit(2);
}
const t0 = performance.now();
const bundle = JSON.parse(readFileSync(path, 'utf8'));
const ms = performance.now() - t0;
// Reading a member keeps the parse from being optimised away.
process.stdout.write(`${JSON.stringify({ ms, keys: Object.keys(bundle.grants).length })}\n`);
