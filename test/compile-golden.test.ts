// Golden files: the bundle compiled from test/fixtures/compile/, and the exact bytes of every
// output file. A change here is a change to what enforcers receive — review the diff, then
// refresh with: UPDATE_GOLDEN=1 npx vitest run test/compile-golden.test.ts

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderOutputs } from '../compiler/bundle/outputs.js';
import { compile } from '../compiler/compile/index.js';
import { canonicalPretty } from '../compiler/util/canonical-json.js';
import { FIXTURES, loadDir, ROOT } from './compile-fixtures.js';

const GOLDEN = join(ROOT, 'test', 'golden');
const REVISION = '0123456789abcdef0123456789abcdef01234567';
const update = process.env.UPDATE_GOLDEN === '1';

function golden(name: string, actual: string): void {
  const path = join(GOLDEN, name);
  if (update) {
    mkdirSync(GOLDEN, { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  if (!existsSync(path)) {
    throw new Error(`test/golden/${name} is missing; create it with UPDATE_GOLDEN=1 npx vitest run test/compile-golden.test.ts`);
  }
  expect(actual, `test/golden/${name} differs; if the change is intended, run UPDATE_GOLDEN=1 npx vitest run test/compile-golden.test.ts`).toBe(
    readFileSync(path, 'utf8').replace(/\r\n/g, '\n'),
  );
}

describe('golden bundle', () => {
  const bundle = compile(loadDir(FIXTURES), { revision: REVISION });

  it('compiles the fixtures to test/golden/compile-bundle.json', () => {
    golden('compile-bundle.json', canonicalPretty(bundle));
  });

  it('writes byte-for-byte the files in test/golden/compile-outputs.json', async () => {
    const files = await renderOutputs(bundle, { mtimeSeconds: 0 });
    const summary = files.map((f) => ({
      name: f.name,
      size: f.bytes.length,
      sha256: createHash('sha256').update(f.bytes).digest('hex'),
    }));
    golden('compile-outputs.json', canonicalPretty({ digest: bundle.digest, files: summary }));
  });
});
