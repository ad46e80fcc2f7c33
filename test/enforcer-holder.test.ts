// Enforcer (BundleHolder): atomic swap, and a failed new bundle denies everything instead of
// silently keeping the old one.

import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportPKCS8, exportSPKI, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { signFiles } from '../compiler/bundle/signature.js';
import { BundleHolder, Enforcer, loadBundle } from '../compiler/enforcer/index.js';

const BUNDLES = join(import.meta.dirname, 'conformance', 'bundles');
const good = { path: join(BUNDLES, 'scaling.json') };
const corrupt = { path: join(BUNDLES, 'broken', 'digest-mismatch.json') };
const missing = { path: join(BUNDLES, 'nope.json') };
const request = {
  actor: 'autoscaler-agent', model: { name: 'kairos-scaler', version: '2026-08-14' }, action: 'scale-out', service: 'checkout-api',
  parameters: { replicas: 16, currentReplicas: 12 },
  signals: [{ id: 'checkout-p95', observedAt: '2026-11-03T09:59:30Z' }, { id: 'checkout-rps', observedAt: '2026-11-03T09:59:00Z' }],
  confidence: 0.92, rationale: 'load', lastActionAt: null, history: { directionChanges: [] }, time: '2026-11-03T10:00:00Z',
};
const codes = (e: Enforcer) => e.decide(request).reasons.map((r) => r.code);

describe('Enforcer', () => {
  it('denies everything before its first load', () => {
    const e = new Enforcer();
    expect(e.decide(request).decision).toBe('deny');
    expect(codes(e)).toEqual(['BUNDLE_NOT_LOADED']);
    expect(BundleHolder).toBe(Enforcer);
  });

  it('swaps in a good bundle, and a failed one replaces it: deny, never the old bundle', async () => {
    const e = new Enforcer();
    expect((await e.load(good)).ok).toBe(true);
    expect(e.decide(request).decision).toBe('allow');
    expect((await e.load(corrupt)).ok).toBe(false);
    expect(e.decide(request).decision).toBe('deny');
    expect(codes(e)).toEqual(['BUNDLE_DIGEST_MISMATCH']);
    await e.load(missing);
    expect(codes(e)).toEqual(['BUNDLE_MISSING']);
    await e.load(good);
    expect(e.decide(request).decision).toBe('allow');
  });

  it('replaces its bundle with a denying one when load() or swap() is given something that is no bundle', async () => {
    const e = new Enforcer();
    for (const source of [null, undefined, good.path, 42, { path: 7 }]) {
      expect((await e.load(good)).ok).toBe(true);
      const loaded = await e.load(source as never); // untyped callers: never rejects
      expect(loaded.ok).toBe(false);
      expect(codes(e)).toEqual(['BUNDLE_MISSING']);
    }
    expect(e.decide(request).reasons[0]!.message).toMatch(/takes \{ path \} or \{ bytes \}/);
    const throwingSource = { get path(): string { throw new Error('no path'); } };
    expect((await e.load(good)).ok).toBe(true);
    expect((await e.load(throwingSource as never)).ok).toBe(false); // resolves, denying: never rejects
    expect(codes(e)).toEqual(['BUNDLE_CORRUPT']);
    for (const bundle of [undefined, null, loadBundle(good), new Response('{}'), { status: { gate: 'bundle', decision: 'allow', reasons: [] } }]) {
      expect((await e.load(good)).ok).toBe(true);
      e.swap(bundle as never);
      expect(codes(e)).toEqual(['BUNDLE_NOT_LOADED']);
      expect(e.bundle.ok).toBe(false);
    }
  });

  it('keeps deciding with the current bundle until the new one is complete', async () => {
    const e = new Enforcer();
    await e.load(good);
    const pending = e.load(corrupt);
    expect(e.decide(request).decision).toBe('allow');
    await pending;
    expect(e.decide(request).decision).toBe('deny');
  });

  it('lets the load started last win, whatever order loads finish in', async () => {
    const e = new Enforcer();
    const first = e.load(good);
    const second = e.load(missing);
    await Promise.all([second, first]);
    expect(codes(e)).toEqual(['BUNDLE_MISSING']);
    const third = e.load(good);
    e.swap(await loadBundle(corrupt));
    await third;
    expect(codes(e)).toEqual(['BUNDLE_DIGEST_MISMATCH']);
  });

  it('applies its load options to every load', async () => {
    const e = new Enforcer({ requireSignature: true });
    await e.load(good);
    expect(codes(e)).toEqual(['BUNDLE_KEY_MISSING']);
  });
});

describe('Enforcer options belong to the constructor', () => {
  const scalingBytes = readFileSync(good.path);
  const signedBy = async () => {
    const pair = await generateKeyPair('ES256', { extractable: true });
    const publicKeyPem = await exportSPKI(pair.publicKey);
    const signatures = await signFiles([{ name: 'bundle.json', bytes: scalingBytes }], { privateKeyPem: await exportPKCS8(pair.privateKey) });
    return { publicKeyPem, source: { bytes: scalingBytes, signatures } };
  };

  it('refuses options given to load() (as loadBundle takes them) instead of dropping them', async () => {
    const e = new Enforcer();
    const { publicKeyPem } = await signedBy();
    // What an untyped caller writes after reading loadBundle(): unsigned, it would load and allow.
    const loaded = await (e.load as (...args: unknown[]) => ReturnType<Enforcer['load']>)(good, { publicKeyPem, requireSignature: true });
    expect(loaded.ok).toBe(false);
    expect(codes(e)).toEqual(['BUNDLE_KEY_INVALID']);
    expect(e.decide(request).reasons[0]!.message).toContain('options go to new Enforcer({ publicKeyPem, requireSignature })');
    await (e.load as (...args: unknown[]) => ReturnType<Enforcer['load']>)(good, undefined);
    expect(e.decide(request).decision).toBe('allow');
    // A PEM passed where options go is refused too, and so are a watcher's arguments, named.
    await (e.load as (...args: unknown[]) => ReturnType<Enforcer['load']>)(good, 'rename', 'bundle.json');
    expect(codes(e)).toEqual(['BUNDLE_KEY_INVALID']);
    expect(e.decide(request).reasons[0]!.message).toContain('was given 2 more arguments ("rename", "bundle.json")');
  });

  it('denies everything when its own options are not understood, rather than running without a key', async () => {
    const { publicKeyPem } = await signedBy();
    for (const [options, says] of [
      [publicKeyPem, 'new Enforcer() takes { publicKeyPem, requireSignature }'],
      [{ publicKey: publicKeyPem }, 'does not know the option publicKey'],
      [{ publicKeyPem: 42 }, 'publicKeyPem must be the PEM text'],
      [{ requireSignature: 'yes' }, 'requireSignature must be true or false'],
    ] as const) {
      const e = new Enforcer(options as never);
      await e.load(good);
      expect(codes(e), says).toEqual(['BUNDLE_KEY_INVALID']);
      expect(e.decide(request).reasons[0]!.message).toContain(says);
      e.swap(await loadBundle(good));
      expect(codes(e), says).toEqual(['BUNDLE_KEY_INVALID']);
    }
  });

  it('swaps in a bundle only if it was verified with the Enforcer\'s own key, when it has one', async () => {
    const mine = await signedBy();
    const theirs = await signedBy();
    const e = new Enforcer({ publicKeyPem: mine.publicKeyPem });
    e.swap(await loadBundle(mine.source, { publicKeyPem: mine.publicKeyPem }));
    expect(e.decide(request).decision).toBe('allow');
    const other = await loadBundle(theirs.source, { publicKeyPem: theirs.publicKeyPem });
    expect(other.ok).toBe(true);
    e.swap(other);
    expect(codes(e)).toEqual(['BUNDLE_SIGNATURE_INVALID']);
    expect(e.decide(request).reasons[0]!.message).toContain('verified with another key');
    e.swap(await loadBundle(good)); // unsigned
    expect(codes(e)).toEqual(['BUNDLE_SIGNATURE_INVALID']);
    e.swap(await loadBundle(corrupt)); // a failed bundle is held as it is: it denies anyway
    expect(codes(e)).toEqual(['BUNDLE_DIGEST_MISMATCH']);
    // The same key in another PEM form (line endings, a trailing blank line) is the same key.
    e.swap(await loadBundle(mine.source, { publicKeyPem: `${mine.publicKeyPem.replace(/\n/g, '\r\n')}\r\n` }));
    expect(e.decide(request).decision).toBe('allow');
    const strict = new Enforcer({ requireSignature: true });
    strict.swap(await loadBundle(mine.source, { publicKeyPem: mine.publicKeyPem }));
    expect(codes(strict)).toEqual(['BUNDLE_KEY_MISSING']);
  });

  it('knows an RSA key in its PKCS#1 form as the same key as its SPKI form', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const spki = publicKey.export({ type: 'spki', format: 'pem' }) as string;
    const pkcs1 = publicKey.export({ type: 'pkcs1', format: 'pem' }) as string;
    const signatures = await signFiles([{ name: 'bundle.json', bytes: scalingBytes }], { privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string });
    const e = new Enforcer({ publicKeyPem: pkcs1 });
    e.swap(await loadBundle({ bytes: scalingBytes, signatures }, { publicKeyPem: spki }));
    expect(e.decide(request).decision).toBe('allow');
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'pkcs1', format: 'pem' }) as string;
    const stranger = new Enforcer({ publicKeyPem: other });
    stranger.swap(await loadBundle({ bytes: scalingBytes, signatures }, { publicKeyPem: spki }));
    expect(codes(stranger)).toEqual(['BUNDLE_SIGNATURE_INVALID']);
  });

  it('swaps in without a key only what its own load() would admit', async () => {
    const theirs = await signedBy();
    const tampered = { path: join(BUNDLES, 'signed-tampered', 'bundle.json') };
    const byDefault = new Enforcer();
    await byDefault.load(tampered);
    expect(codes(byDefault)).toEqual(['BUNDLE_KEY_MISSING']);
    // Loaded elsewhere without checking its signature: not admitted either.
    const unchecked = await loadBundle(tampered, { requireSignature: false });
    expect(unchecked.ok && unchecked.signature).toBe('unverified');
    byDefault.swap(unchecked);
    expect(codes(byDefault)).toEqual(['BUNDLE_KEY_MISSING']);
    byDefault.swap(await loadBundle(theirs.source, { publicKeyPem: theirs.publicKeyPem }));
    expect(codes(byDefault)).toEqual(['BUNDLE_KEY_MISSING']);
    byDefault.swap(await loadBundle(good)); // unsigned: as load() would
    expect(byDefault.decide(request).decision).toBe('allow');
    const tools = new Enforcer({ requireSignature: false });
    tools.swap(unchecked);
    expect(tools.bundle).toBe(unchecked);
  });

  it('decides request text against the current bundle, refusing a member given twice', async () => {
    const e = new Enforcer();
    await e.load(good);
    expect(e.decideJson(JSON.stringify(request)).decision).toBe('allow');
    const twice = JSON.stringify(request).replace('"confidence":0.92', '"confidence":0.1,"confidence":0.92');
    expect(e.decideJson(twice).reasons.map((r) => r.code)).toEqual(['REQUEST_INVALID']);
  });
});
