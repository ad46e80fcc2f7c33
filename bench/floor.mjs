#!/usr/bin/env node
// The single-process floor for `gatebook check`: read every runbook, js-yaml-parse its
// frontmatter (CORE_SCHEMA) and remark-parse the Markdown (with remark-frontmatter) — nothing
// else: no schema validation, no rules, no positions, no workers.
//
//   node bench/floor.mjs DIR   →  prints {"files":N,"ms":T} on stdout

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkFrontmatter from 'remark-frontmatter';

const dir = process.argv[2];
if (!dir) {
  process.stderr.write('usage: node bench/floor.mjs DIR\n');
  process.exit(2);
}

const start = performance.now();
const processor = unified().use(remarkParse).use(remarkFrontmatter);
const FRONTMATTER = /^---\r?\n([\s\S]*?)\r?\n---(?:\r?\n|$)/;
let files = 0;
let nodes = 0; // keeps the results alive so nothing is optimised away
for (const name of readdirSync(dir).sort()) {
  if (!name.endsWith('.md')) continue;
  const text = readFileSync(join(dir, name), 'utf8');
  const m = FRONTMATTER.exec(text);
  const data = m ? yaml.load(m[1], { schema: yaml.CORE_SCHEMA }) : undefined;
  const tree = processor.parse(text);
  nodes += tree.children.length + (data ? 1 : 0);
  files++;
}
process.stdout.write(`${JSON.stringify({ files, nodes, ms: performance.now() - start })}\n`);
