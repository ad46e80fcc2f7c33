// The conformance bundles on disk are exactly what the compiler and signer produce from the
// fixture runbooks today. UPDATE_CONFORMANCE=1 rewrites them.

import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportPKCS8, exportSPKI, generateKeyPair } from 'jose';
import { verifySignatures } from '../compiler/bundle/signature.js';
import { BUNDLES_DIR, CONFORMANCE_DIR, fixtureFiles, SIGNED_DIRS } from './conformance/fixtures.js';
import { gatebook } from './helpers/cli.js';

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
    expect(await verdict('signed-other-file')).toBe(false);
    expect(await verdict('signed-covers-nothing')).toBe(false);
  });

  // fixtures.ts compiles the runbooks without checking them (some cases need a bundle that check
  // refuses). So that nothing gets into a bundle by accident — a flow mapping once cut a context
  // question at its first comma — everything check finds must be on this list, and nothing more.
  it('fixture runbooks pass `gatebook check` but for the findings the cases rely on', () => {
    const deliberate = [
      'gates/payments-legacy.md approval-current', // the expired policy (05-policy-model.yaml)
      'gates/payments-operations.md gate-matches-role', // draft-status: a drafting AI under an autonomous gate
      'gates/payments-operations.md gate-matches-role', // tune-cache: a recommending AI under a notify gate
      'windows/web-deploys.md change-window-valid', // a time zone nobody knows (11-windows.yaml)
    ];
    const found: string[] = [];
    for (const dir of readdirSync(join(CONFORMANCE_DIR, 'runbooks')).sort()) {
      // The cases' own date, so that no approval ages out of the list.
      const r = gatebook(['check', `test/conformance/runbooks/${dir}`, '--today', '2026-11-03', '--format', 'json']);
      expect(r.stderr).toBe('');
      const out = JSON.parse(r.stdout) as { diagnostics: Array<{ file: string; rule: string }> };
      for (const d of out.diagnostics) found.push(`${d.file.split('/').slice(-2).join('/')} ${d.rule}`);
    }
    expect(found.sort()).toEqual([...deliberate].sort());
  });

  it('keeps no private key in the repository', () => {
    for (const name of readdirSync(join(CONFORMANCE_DIR, 'keys'))) {
      expect(readFileSync(join(CONFORMANCE_DIR, 'keys', name), 'utf8')).not.toMatch(/PRIVATE KEY/);
    }
  });
});
