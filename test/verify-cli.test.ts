// `gatebook verify` end to end, on real builds signed with keys made here.

import { createPublicKey } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportPKCS8, exportSPKI, generateKeyPair } from 'jose';
import { gatebook, makeProject, requireCompiledCli, TODAY } from './build-cli-helpers.js';
import { bundleFileText } from '../compiler/bundle/layout.js';
import { signFiles } from '../compiler/bundle/signature.js';
import { bundleDigest } from '../compiler/compile/digest.js';
let project: string;

beforeAll(async () => {
  requireCompiledCli();
  project = makeProject();
  for (const alg of ['ES256', 'RS256'] as const) {
    const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
    writeFileSync(join(project, `${alg}.pem`), await exportPKCS8(privateKey));
    writeFileSync(join(project, `${alg}.pub`), await exportSPKI(publicKey));
  }
  for (const [out, args] of [
    ['es', ['--signing-key', 'ES256.pem']],
    ['rs', ['--signing-key', 'RS256.pem', '--key-id', 'release']],
    ['unsigned', []],
  ] as const) {
    const r = gatebook(project, ['build', '--out', out, ...args, ...TODAY]);
    if (r.code !== 0) throw new Error(`build failed: ${r.stderr}`);
  }
}, 120_000);
afterAll(() => rmSync(project, { recursive: true, force: true }));

describe('gatebook verify', { timeout: 60_000 }, () => {
  it('exits 0 for a signed output directory and for its tarball', () => {
    for (const [target, key] of [['es', 'ES256.pub'], ['rs', 'RS256.pub'], ['es/gatebook.tar.gz', 'ES256.pub'], ['rs/gatebook.tar.gz', 'RS256.pub']]) {
      const r = gatebook(project, ['verify', target!, '--key', key!]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/verified/);
      expect(r.stdout).toMatch(/digest sha256:[0-9a-f]{64}/);
    }
  });

  it('exits 1 with reasons for the wrong key', () => {
    const r = gatebook(project, ['verify', 'es', '--key', 'RS256.pub']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/NOT verified/);
    expect(r.stderr).toMatch(/uses ES256 but the key is for RS256/);
  });

  it('exits 1 for an unsigned build', () => {
    const r = gatebook(project, ['verify', 'unsigned', '--key', 'ES256.pub']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/bundle\.json is not signed/);
    expect(r.stderr).toMatch(/gatebook\.tar\.gz is not signed/);
  });

  it('exits 1 when bundle.json or the tarball was changed', () => {
    const path = join(project, 'rs', 'bundle.json');
    const original = readFileSync(path);
    expect(original.toString('utf8')).toContain('"gate":"approve"');
    writeFileSync(path, original.toString('utf8').replace('"gate":"approve"', '"gate":"autonomous"'));
    const r = gatebook(project, ['verify', 'rs', '--key', 'RS256.pub']);
    writeFileSync(path, original);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/content does not match the signature/);

    const tar = join(project, 'rs', 'gatebook.tar.gz');
    const bytes = readFileSync(tar);
    const flipped = Buffer.from(bytes);
    flipped[Math.floor(flipped.length / 2)]! ^= 0x10;
    writeFileSync(tar, flipped);
    const t = gatebook(project, ['verify', 'rs/gatebook.tar.gz', '--key', 'RS256.pub']);
    writeFileSync(tar, bytes);
    expect(t.code).toBe(1);
    expect(t.stderr).toMatch(/NOT verified/);
    expect(gatebook(project, ['verify', 'rs', '--key', 'RS256.pub']).code).toBe(0);
  });

  it('takes bundle.json itself, with its signatures beside it as enforcers look for them', () => {
    const r = gatebook(project, ['verify', 'rs/bundle.json', '--key', 'RS256.pub']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(/bundle\.json signature, bundle\.json digest, bundle\.json structure/);
    copyFileSync(join(project, 'rs', 'bundle.json'), join(project, 'prod.json'));
    const moved = gatebook(project, ['verify', 'prod.json', '--key', 'RS256.pub']);
    expect(moved.code).toBe(1);
    expect(moved.stderr).toMatch(/prod\.json is not signed: prod\.signatures\.json is missing beside it/);
    copyFileSync(join(project, 'rs', 'bundle.signatures.json'), join(project, 'prod.signatures.json'));
    expect(gatebook(project, ['verify', 'prod.json', '--key', 'RS256.pub']).code).toBe(0);
  });

  it('exits 1 for a signed bundle with a correct digest that an enforcer would not load', async () => {
    const bundle = JSON.parse(readFileSync(join(project, 'rs', 'bundle.json'), 'utf8')) as { digest: string; grants: Record<string, string> };
    const [key] = Object.keys(bundle.grants);
    bundle.grants[key!] = 'no-such-runbook#no-such-action'; // a grant naming a rule the bundle lacks
    bundle.digest = bundleDigest(bundle);
    const bytes = new TextEncoder().encode(bundleFileText(bundle));
    mkdirSync(join(project, 'faulty'), { recursive: true });
    writeFileSync(join(project, 'faulty', 'bundle.json'), bytes);
    writeFileSync(join(project, 'faulty', 'bundle.signatures.json'),
      await signFiles([{ name: 'bundle.json', bytes }], { privateKeyPem: readFileSync(join(project, 'RS256.pem'), 'utf8') }));
    const r = gatebook(project, ['verify', 'faulty', '--key', 'RS256.pub']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/bundle\.json: an enforcer would deny every request: .*corrupt/);
    expect(r.stderr).not.toMatch(/signature|digest is/);
  });

  it('exits 2 on usage mistakes, without stack traces', () => {
    expect(gatebook(project, ['verify', '--help'])).toMatchObject({ code: 0, stdout: expect.stringMatching(/Usage: gatebook verify/) });
    for (const args of [['verify', 'es'], ['verify', '--key', 'ES256.pub'], ['verify', 'nope', '--key', 'ES256.pub'], ['verify', 'es', 'rs', '--key', 'ES256.pub'], ['verify', 'es', '--key', 'missing.pub'], ['verify', 'es', '--key', 'ES256.pem']]) {
      const r = gatebook(project, args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/Run `gatebook verify --help`|hint: Run the command with --help/);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    expect(gatebook(project, ['verify', 'es', '--key', 'ES256.pem']).stderr).toMatch(/a private key; give the public key/);
    writeFileSync(join(project, 'junk.pub'), 'not a key\n');
    const junk = gatebook(project, ['verify', 'es', '--key', 'junk.pub']);
    expect(junk.code).toBe(2);
    expect(junk.stderr).toMatch(/junk\.pub: not a PEM public key \(expected -----BEGIN PUBLIC KEY-----/);
    expect(junk.stderr).not.toMatch(/DECODER|error:/);
  });

  it('takes the RSA public key in PKCS#1 form (BEGIN RSA PUBLIC KEY), as OPA does', () => {
    const pkcs1 = createPublicKey(readFileSync(join(project, 'RS256.pub'), 'utf8')).export({ type: 'pkcs1', format: 'pem' });
    writeFileSync(join(project, 'RS256.pkcs1.pub'), pkcs1);
    const r = gatebook(project, ['verify', 'rs', '--key', 'RS256.pkcs1.pub']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});
