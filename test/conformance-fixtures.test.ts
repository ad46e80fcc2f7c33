// The conformance bundles on disk are exactly what the compiler and signer produce from the
// fixture runbooks today. UPDATE_CONFORMANCE=1 rewrites them.

import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportPKCS8, exportSPKI, generateKeyPair } from 'jose';
import { verifySignatures } from '../compiler/bundle/signature.js';
import { BUNDLES_DIR, CONFORMANCE_DIR, fixtureFiles, SIGNED_DIRS } from './conformance/fixtures.js';

const PUBLIC_KEY = join(CONFORMANCE_DIR, 'keys', 'conformance.public.pem');

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [relative(BUNDLES_DIR, path).split('\\').join('/')];
  });
}

describe('conformance fixtures', () => {
  it('are current (regenerate with UPDATE_CONFORMANCE=1)', async () => {
    let privateKeyPem: string | undefined;
    if (process.env.UPDATE_CONFORMANCE === '1') {
      // A fresh key each time: only its public half is kept.
      const pair = await generateKeyPair('RS256', { extractable: true });
      privateKeyPem = await exportPKCS8(pair.privateKey);
      writeFileSync(PUBLIC_KEY, await exportSPKI(pair.publicKey));
    }
    const files = await fixtureFiles(privateKeyPem);
    if (privateKeyPem !== undefined) {
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

  it('signatures verify with the committed public key only where they should', async () => {
    const key = readFileSync(PUBLIC_KEY, 'utf8');
    const verdict = async (dir: (typeof SIGNED_DIRS)[number]) => (await verifySignatures(
      readFileSync(join(BUNDLES_DIR, dir, 'bundle.signatures.json'), 'utf8'),
      [{ name: 'bundle.json', bytes: readFileSync(join(BUNDLES_DIR, dir, 'bundle.json')) }],
      key,
    )).ok;
    expect(await verdict('signed')).toBe(true);
    expect(await verdict('signed-tampered')).toBe(false);
    expect(await verdict('signed-bad-signature')).toBe(false);
  });

  it('keeps no private key in the repository', () => {
    for (const name of readdirSync(join(CONFORMANCE_DIR, 'keys'))) {
      expect(readFileSync(join(CONFORMANCE_DIR, 'keys', name), 'utf8')).not.toMatch(/PRIVATE KEY/);
    }
  });
});
