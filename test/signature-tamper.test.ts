// Any flipped byte in a signed file must fail verification: bundle.json is hashed as bytes;
// data.json as OPA does it (parsed, keys sorted) — which still catches every flip, because we
// write it as compact canonical JSON, where no byte is insignificant.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { exportPKCS8, exportSPKI, generateKeyPair } from 'jose';
import { renderOutputs, type OutputFile } from '../compiler/bundle/outputs.js';
import { signFiles, verifySignatures } from '../compiler/bundle/signature.js';
import { bundleFileText } from '../compiler/bundle/layout.js';
import { canonicalize } from '../compiler/util/canonical-json.js';
import { readTarGz, writeTarGz } from '../compiler/bundle/tar.js';
import { verifyArtifact } from '../compiler/bundle/verify.js';
import { compile } from '../compiler/compile/index.js';
import { FIXTURES, loadDir } from './compile-fixtures.js';

const flip = (bytes: Uint8Array, index: number, bit: number) => {
  const copy = new Uint8Array(bytes);
  copy[index % copy.length]! ^= 1 << bit;
  return copy;
};

describe.each(['ES256', 'RS256'] as const)('tampering, %s', (alg) => {
  let publicPem: string;
  let privateKeyPem: string;
  let files: OutputFile[];
  let dir: string;
  const file = (name: string) => files.find((f) => f.name === name)!.bytes;

  beforeAll(async () => {
    const pair = await generateKeyPair(alg, { extractable: true });
    publicPem = await exportSPKI(pair.publicKey);
    privateKeyPem = await exportPKCS8(pair.privateKey);
    const bundle = compile(loadDir(FIXTURES), { revision: null });
    files = await renderOutputs(bundle, { mtimeSeconds: 0, signing: { privateKeyPem } });
    dir = mkdtempSync(join(tmpdir(), 'gatebook-tamper-'));
    for (const f of files) writeFileSync(join(dir, f.name), f.bytes);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('verifies the untouched output', async () => {
    expect(await verifyArtifact(dir, publicPem)).toMatchObject({ reasons: [] });
  });

  it('verifies bundle.json in either layout a build wrote (a table member per line, or on one line before that), and no other', async () => {
    const signing = { privateKeyPem };
    const write = async (text: string | Uint8Array) => {
      const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
      writeFileSync(join(dir2, 'bundle.json'), bytes);
      writeFileSync(join(dir2, 'bundle.signatures.json'), await signFiles([{ name: 'bundle.json', bytes }], signing));
      return (await verifyArtifact(dir2, publicPem)).reasons;
    };
    const dir2 = mkdtempSync(join(tmpdir(), 'gatebook-layouts-'));
    try {
      for (const f of files) writeFileSync(join(dir2, f.name), f.bytes);
      const value = JSON.parse(new TextDecoder().decode(file('bundle.json'))) as unknown;
      expect(await write(bundleFileText(value))).toEqual([]);
      expect(await write(`${canonicalize(value)}\n`)).toEqual([]);
      expect(await write(`${JSON.stringify(value, null, 1)}\n`)).toEqual([expect.stringMatching(/not in canonical form/)]);
      // Compared as bytes: a byte-order mark or invalid UTF-8 is not decoded away (enforcers refuse both).
      expect(await write(`\uFEFF${bundleFileText(value)}`)).toEqual([expect.stringMatching(/not JSON/)]);
      const laidOut = new TextEncoder().encode(bundleFileText(value));
      const broken = new Uint8Array([...laidOut.subarray(0, 40), 0xff, ...laidOut.subarray(41)]);
      expect(await write(broken)).toEqual([expect.stringMatching(/not UTF-8/)]);
    } finally {
      rmSync(dir2, { recursive: true, force: true });
    }
  });

  it('fails for any flipped bit in bundle.json', async () => {
    const signatures = new TextDecoder().decode(file('bundle.signatures.json'));
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.integer({ min: 0, max: 7 }), async (index, bit) => {
        const r = await verifySignatures(signatures, [{ name: 'bundle.json', bytes: flip(file('bundle.json'), index, bit) }], publicPem);
        expect(r.ok).toBe(false);
      }),
      { numRuns: 150 },
    );
  });

  it('fails for any flipped bit in gatebook/data.json or .manifest', async () => {
    const inside = await readTarGz(file('gatebook.tar.gz'));
    const signatures = new TextDecoder().decode(inside.get('.signatures.json'));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('gatebook/data.json', '.manifest'), fc.nat(), fc.integer({ min: 0, max: 7 }), async (name, index, bit) => {
        const tampered = [...inside]
          .filter(([n]) => n !== '.signatures.json')
          .map(([n, bytes]) => ({ name: n, bytes: n === name ? flip(bytes, index, bit) : bytes }));
        expect((await verifySignatures(signatures, tampered, publicPem)).ok).toBe(false);
      }),
      { numRuns: 150 },
    );
  });

  it('reports a tampered output directory with reasons', async () => {
    const bundleJson = readFileSync(join(dir, 'bundle.json'), 'utf8');
    expect(bundleJson).toContain('"count":2');
    writeFileSync(join(dir, 'bundle.json'), bundleJson.replace('"count":2', '"count":1'));
    try {
      const report = await verifyArtifact(dir, publicPem);
      expect(report.reasons.join('\n')).toMatch(/bundle\.json: content does not match the signature/);
      expect(report.reasons.join('\n')).toMatch(/digest is .* but the content hashes to/);
    } finally {
      writeFileSync(join(dir, 'bundle.json'), bundleJson);
    }
  });

  it('notices an unsigned file added to the OPA bundle, and a tarball from another build', async () => {
    const inside = await readTarGz(file('gatebook.tar.gz'));
    const extra = await writeTarGz([...[...inside].map(([name, bytes]) => ({ name: `/${name}`, bytes })), { name: '/gatebook/policy.rego', bytes: new TextEncoder().encode('package gatebook\nallow := true\n') }], 0);
    const path = join(dir, 'extra.tar.gz');
    writeFileSync(path, extra);
    const report = await verifyArtifact(path, publicPem);
    expect(report.reasons.join('\n')).toMatch(/gatebook\/policy\.rego is in the bundle but not covered by the signature/);
    rmSync(path);
  });
});
