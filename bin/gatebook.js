#!/usr/bin/env node
// Thin launcher: the CLI lives in compiler/cli (compiled to lib/ by `npm ci` / `npm run compile`).
import { main } from '../lib/compiler/cli/main.js';

await main(process.argv.slice(2));
