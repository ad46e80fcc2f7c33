// The conformance bundles on disk are exactly what the compiler and signer produce from the
// fixture runbooks today. UPDATE_CONFORMANCE=1 rewrites them.

import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUNDLES_DIR, fixtureFiles } from './conformance/fixtures.js';

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [relative(BUNDLES_DIR, path).split('\\').join('/')];
  });
}

describe('conformance fixtures', () => {
  it('are current (regenerate with UPDATE_CONFORMANCE=1)', async () => {
    const files = await fixtureFiles();
    if (process.env.UPDATE_CONFORMANCE === '1') {
      for (const [name, bytes] of files) {
        mkdirSync(dirname(join(BUNDLES_DIR, name)), { recursive: true });
        writeFileSync(join(BUNDLES_DIR, name), bytes);
      }
    }
    expect(listFiles(BUNDLES_DIR).sort()).toEqual([...files.keys()].sort());
    for (const [name, bytes] of files) {
      expect(Buffer.from(readFileSync(join(BUNDLES_DIR, name))).equals(Buffer.from(bytes)), `${name} is stale`).toBe(true);
    }
  });
});
