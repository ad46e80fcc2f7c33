import { createHash, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it, beforeAll } from 'vitest';
import { CompactSign, exportPKCS8, exportSPKI, generateKeyPair, decodeProtectedHeader, decodeJwt, importPKCS8 } from 'jose';
import { signFiles, verifySignatures } from '../compiler/bundle/signature.js';
import fc from 'fast-check';
import { opaFileHash, goJson, goJsonIsIdentity, parseJsonKeepingNumbers } from '../compiler/bundle/opa-hash.js';
import { canonicalize } from '../compiler/util/canonical-json.js';

const enc = (s: string) => new TextEncoder().encode(s);

interface Keys {
  privatePem: string;
  publicPem: string;
}

async function keys(alg: 'ES256' | 'RS256'): Promise<Keys> {
  const pair = await generateKeyPair(alg, { extractable: true });
  return { privatePem: await exportPKCS8(pair.privateKey), publicPem: await exportSPKI(pair.publicKey) };
}

const files = () => [
  { name: '.manifest', bytes: enc('{"metadata":{"digest":"sha256:00"},"revision":"abc","roots":["gatebook"]}') },
  { name: 'gatebook/data.json', bytes: enc('{"a":[1,2.5,"x"],"b":{"c":null,"d":true}}') },
  { name: 'bundle.json', bytes: enc('{\n  "a": 1\n}\n') },
];

describe.each(['ES256', 'RS256'] as const)('signatures with %s', (alg) => {
  let k: Keys;
  let other: Keys;
  beforeAll(async () => {
    k = await keys(alg);
    other = await keys(alg);
  });

  it('round-trips and writes OPA’s format', async () => {
    const text = await signFiles(files(), { privateKeyPem: k.privatePem, keyId: 'gatebook-ci' });
    const parsed = JSON.parse(text) as { signatures: string[] };
    expect(parsed.signatures).toHaveLength(1);
    const token = parsed.signatures[0]!;
    expect(decodeProtectedHeader(token)).toEqual({ alg, typ: 'JWT', kid: 'gatebook-ci' });
    const payload = decodeJwt(token) as unknown as { files: Array<{ name: string; hash: string; algorithm: string }>; keyid: string };
    expect(payload.keyid).toBe('gatebook-ci');
    expect(payload.files.map((f) => f.name)).toEqual(['.manifest', 'bundle.json', 'gatebook/data.json']);
    expect(payload.files.every((f) => f.algorithm === 'SHA-256')).toBe(true);
    // Unstructured files: plain sha-256 of the bytes.
    const bundleJson = payload.files.find((f) => f.name === 'bundle.json')!;
    expect(bundleJson.hash).toBe(createHash('sha256').update(files()[2]!.bytes).digest('hex'));
    expect(await verifySignatures(text, files(), k.publicPem)).toEqual({ ok: true });
  });

  it('verifies with the public key in any PEM form OPA takes: SPKI, and PKCS#1 for RSA', async () => {
    const text = await signFiles(files(), { privateKeyPem: k.privatePem });
    const key = createPublicKey(k.publicPem);
    const forms = [key.export({ type: 'spki', format: 'pem' }).toString()];
    if (alg === 'RS256') forms.push(key.export({ type: 'pkcs1', format: 'pem' }).toString()); // BEGIN RSA PUBLIC KEY
    for (const pem of forms) expect(await verifySignatures(text, files(), pem)).toEqual({ ok: true });
    expect(await verifySignatures(text, files(), 'junk')).toMatchObject({ ok: false, reasons: [expect.stringMatching(/not a usable PEM public key/)] });
    // Never the private key, though Node would derive its public half.
    expect(await verifySignatures(text, files(), k.privatePem)).toMatchObject({ ok: false, reasons: [expect.stringMatching(/a private key/)] });
  });

  it('rejects another key, a changed file, a missing file and an extra file', async () => {
    const text = await signFiles(files(), { privateKeyPem: k.privatePem });
    const wrongKey = await verifySignatures(text, files(), other.publicPem);
    expect(wrongKey.ok).toBe(false);

    const changed = files();
    changed[1] = { name: 'gatebook/data.json', bytes: enc('{"a":[1,2.5,"y"],"b":{"c":null,"d":true}}') };
    const r1 = await verifySignatures(text, changed, k.publicPem);
    expect(r1.ok).toBe(false);
    if (!r1.ok) expect(r1.reasons.join('\n')).toMatch(/gatebook\/data\.json: content does not match/);

    const r2 = await verifySignatures(text, files().slice(0, 2), k.publicPem);
    expect(r2.ok).toBe(false);
    if (!r2.ok) expect(r2.reasons.join('\n')).toMatch(/bundle\.json is signed but missing/);

    const r3 = await verifySignatures(text, [...files(), { name: 'extra.rego', bytes: enc('package x') }], k.publicPem);
    expect(r3.ok).toBe(false);
    if (!r3.ok) expect(r3.reasons.join('\n')).toMatch(/extra\.rego is in the bundle but not covered/);
  });

  it('checks scope like OPA', async () => {
    const text = await signFiles(files(), { privateKeyPem: k.privatePem, scope: 'write' });
    expect((await verifySignatures(text, files(), k.publicPem)).ok).toBe(false);
    expect(await verifySignatures(text, files(), k.publicPem, { scope: 'write' })).toEqual({ ok: true });
  });

  it('takes the SHA-2 hash algorithms by their OPA names and nothing else, not even Object.prototype names', async () => {
    const signWith = async (algorithm: string, hash: string) => {
      const payload = enc(JSON.stringify({ files: [{ name: 'bundle.json', hash, algorithm }] }));
      const jws = await new CompactSign(payload).setProtectedHeader({ alg, typ: 'JWT' }).sign(await importPKCS8(k.privatePem, alg));
      return JSON.stringify({ signatures: [jws] });
    };
    const only = [files()[2]!];
    const hex = (a: string) => createHash(a).update(only[0]!.bytes).digest('hex');
    expect(await verifySignatures(await signWith('SHA-512', hex('sha512')), only, k.publicPem)).toEqual({ ok: true });
    for (const [algorithm, hash] of [['toString', hex('sha256')], ['constructor', hex('sha256')], ['__proto__', hex('sha256')], ['MD5', hex('md5')], ['sha256', hex('sha256')]]) {
      const r = await verifySignatures(await signWith(algorithm!, hash!), only, k.publicPem);
      expect(r.ok, algorithm).toBe(false);
      expect(r.ok ? '' : r.reasons.join(' '), algorithm).toContain(`hash algorithm ${algorithm} is not accepted; expected one of SHA-224, SHA-256, SHA-384, SHA-512`);
    }
  });

  it('turns garbage into reasons, never exceptions', async () => {
    for (const bad of ['', 'null', '{}', '{"signatures":[]}', '{"signatures":[1]}', '{"signatures":["a.b.c"]}', '{"signatures":["x","y"]}']) {
      const r = await verifySignatures(bad, files(), k.publicPem);
      expect(r.ok).toBe(false);
    }
    const text = await signFiles(files(), { privateKeyPem: k.privatePem });
    const r = await verifySignatures(text, files(), 'not a key');
    expect(r.ok).toBe(false);
  });
});

describe('key checks', () => {
  it('refuses an algorithm mismatch between header and key', async () => {
    const es = await keys('ES256');
    const rs = await keys('RS256');
    const text = await signFiles(files(), { privateKeyPem: es.privatePem });
    const r = await verifySignatures(text, files(), rs.publicPem);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reasons[0]).toMatch(/uses ES256 but the key is for RS256/);
  });

  it('refuses keys it cannot sign with', async () => {
    const ed = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    await expect(signFiles(files(), { privateKeyPem: ed })).rejects.toThrow(/RSA key \(RS256\) or an EC P-256 key/);
    const small = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    await expect(signFiles(files(), { privateKeyPem: small })).rejects.toThrow(/at least 2048/);
    await expect(signFiles(files(), { privateKeyPem: 'nope' })).rejects.toThrow(/not a PEM private key/);
  });
});

describe('OPA structured-file hash', () => {
  it('ignores white space and key order in data.json and .manifest, like OPA', () => {
    const a = opaFileHash('gatebook/data.json', enc('{"b":1,"a":[true,null]}'));
    const b = opaFileHash('gatebook/data.json', enc('{\n  "a": [ true, null ],\n  "b": 1\n}\n'));
    expect(a).toBe(b);
    expect(a).toBe(createHash('sha256').update('{"a":[true,null],"b":1}').digest('hex'));
  });

  it('keeps number literals and escapes like Go', () => {
    expect(goJson(parseJsonKeepingNumbers(enc('{"n":1.0,"m":1E+21}')))).toBe('{"m":1E+21,"n":1.0}');
    expect(goJson(parseJsonKeepingNumbers(enc('["<&>","\\u2028","\\u0001\\b\\f","\\ud800"]')))).toBe(
      '["<&>","\\u2028","\\u0001\\b\\f","\ufffd"]',
    );
    // Keys sort by code point (Go: UTF-8 bytes), not by UTF-16 unit.
    expect(goJson(parseJsonKeepingNumbers(enc('{"\uffff":1,"\u{1f600}":2}')))).toBe('{"\uffff":1,"\u{1f600}":2}');
  });

  it('hashes canonical bytes as they are exactly when OPA would re-encode them to the same bytes', () => {
    // Strings from every corner: controls, quotes, backslashes, lone surrogates, U+2028, astral.
    const text = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string({ unit: fc.constantFrom('\\', '"', '\b', '\f', '\u0001', '\u007f', '\ud800', '\udc00', '\u2028', 'ud', 'é', '\u{1f600}', 'a') }));
    const json = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, text, fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.boolean(), fc.constant(null),
        fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(text, tie('value'), { maxKeys: 4 })),
    })).value;
    let identity = 0;
    fc.assert(fc.property(json, (v) => {
      const bytes = enc(canonicalize(v));
      const reencoded = goJson(parseJsonKeepingNumbers(bytes));
      if (goJsonIsIdentity(bytes)) {
        identity++;
        expect(reencoded).toBe(canonicalize(v));
        expect(opaFileHash('gatebook/data.json', bytes, 'SHA-256', true)).toBe(opaFileHash('gatebook/data.json', bytes));
      }
    }), { numRuns: 3000 });
    expect(identity).toBeGreaterThan(500);
    // Not identity: a lone surrogate (Go decodes it to U+FFFD) and non-ASCII keys out of byte order.
    expect(goJsonIsIdentity(enc(canonicalize(['\ud800'])))).toBe(false);
    expect(goJsonIsIdentity(enc(canonicalize({ '\uffff': 1, '\u{1f600}': 2 })))).toBe(false);
    expect(opaFileHash('gatebook/data.json', enc(canonicalize(['\ud800'])), 'SHA-256', true)).toBe(opaFileHash('gatebook/data.json', enc(canonicalize(['\ud800']))));
  });

  it('rejects invalid JSON in structured files', () => {
    for (const bad of ['{', '{"a":1,}', '[01]', '"\u0001"', '{"a" 1}', 'tru', '1 2']) {
      expect(() => opaFileHash('data.json', enc(bad))).toThrow(SyntaxError);
    }
  });
});
