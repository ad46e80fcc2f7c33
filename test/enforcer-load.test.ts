// loadBundle(): sources, signatures, never throwing, the digest fast path and its fallback, and
// agreement with the compiler (digest, schema) on real bundles.

import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Bundle } from '../compiler/bundle/types.js';
import { bundleFileText } from '../compiler/bundle/layout.js';
import { bundleDigest } from '../compiler/compile/index.js';
import { checkDigest, hashAroundMember } from '../compiler/enforcer/digest.js';
import { compactWithoutDigest, computeDigest, decide, loadBundle, signaturesPath } from '../compiler/enforcer/index.js';
import { canonicalize, canonicalPretty } from '../compiler/util/canonical-json.js';
import { compiledBundles } from './conformance/fixtures.js';

const ROOT = join(import.meta.dirname, '..');
const BUNDLES = join(ROOT, 'test', 'conformance', 'bundles');
const KEY = readFileSync(join(ROOT, 'test', 'conformance', 'keys', 'conformance.public.pem'), 'utf8');
const scalingBytes = readFileSync(join(BUNDLES, 'scaling.json'));
const request = {
  actor: 'autoscaler-agent', model: { name: 'kairos-scaler', version: '2026-08-14' }, action: 'scale-out', service: 'checkout-api',
  parameters: { replicas: 16, currentReplicas: 12 },
  signals: [{ id: 'checkout-p95', observedAt: '2026-11-03T09:59:30Z' }, { id: 'checkout-rps', observedAt: '2026-11-03T09:59:00Z' }],
  confidence: 0.92, rationale: 'load', lastActionAt: null, history: { directionChanges: [] }, time: '2026-11-03T10:00:00Z',
};
const codes = async (p: ReturnType<typeof loadBundle>) => (await p).status.reasons.map((r) => r.code);

describe('loadBundle', () => {
  it('loads from bytes as from a path, with counts and metadata', async () => {
    const fromBytes = await loadBundle({ bytes: scalingBytes, name: 'scaling' });
    const fromPath = await loadBundle({ path: join(BUNDLES, 'scaling.json') });
    expect(fromBytes).toMatchObject({ ok: true, source: 'scaling', signature: 'none', revision: '0123456789abcdef0123456789abcdef01234567', schemaVersion: 'gatebook.bundle/v3' });
    expect(fromBytes.digest).toBe(fromPath.digest);
    expect(fromBytes.counts).toEqual({ runbooks: 1, actors: 2, grants: 3 });
    expect(decide(fromBytes, request).decision).toBe('allow');
  });

  it('takes signatures with the bytes, as text or bytes, and names the signature file beside a path', async () => {
    const sig = readFileSync(join(BUNDLES, 'signed', 'bundle.signatures.json'));
    expect((await loadBundle({ bytes: scalingBytes, signatures: sig }, { publicKeyPem: KEY })).signature).toBe('verified');
    expect((await loadBundle({ bytes: scalingBytes, signatures: sig.toString('utf8') }, { publicKeyPem: KEY })).signature).toBe('verified');
    // Signed but no key to check it with: denied, unless verification is skipped explicitly.
    expect(await codes(loadBundle({ bytes: scalingBytes, signatures: sig }))).toEqual(['BUNDLE_KEY_MISSING']);
    expect(await codes(loadBundle({ path: join(BUNDLES, 'signed-tampered', 'bundle.json') }))).toEqual(['BUNDLE_KEY_MISSING']);
    const skipped = await loadBundle({ bytes: scalingBytes, signatures: sig }, { requireSignature: false });
    expect(skipped.ok && skipped.signature).toBe('unverified');
    expect(await codes(loadBundle({ bytes: scalingBytes }, { publicKeyPem: KEY }))).toEqual(['BUNDLE_SIGNATURE_MISSING']);
    expect(signaturesPath('/x/bundle.json')).toBe(join('/x', 'bundle.signatures.json'));
  });

  it('names the OPA tarball given in place of bundle.json, with or without a key', async () => {
    const gzip = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x02, 0xff]);
    for (const options of [{}, { publicKeyPem: KEY }]) {
      const loaded = await loadBundle({ bytes: gzip, name: 'gatebook.tar.gz' }, options);
      expect(loaded.status.reasons.map((r) => [r.code, r.message])).toEqual([['BUNDLE_CORRUPT', expect.stringMatching(/gzip data, such as the OPA bundle gatebook\.tar\.gz; the enforcer reads bundle\.json/)]]);
    }
  });

  it('treats a signatures file that is there but cannot be read as unreadable, never as unsigned', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatebook-sig-'));
    try {
      copyFileSync(join(BUNDLES, 'signed', 'bundle.json'), join(dir, 'bundle.json'));
      const sig = join(dir, 'bundle.signatures.json');
      const at = { path: join(dir, 'bundle.json') };
      expect((await loadBundle(at)).signature).toBe('none'); // truly absent: unsigned
      mkdirSync(sig); // a directory where the file should be
      expect(await codes(loadBundle(at))).toEqual(['BUNDLE_UNREADABLE']);
      expect(await codes(loadBundle(at, { publicKeyPem: KEY }))).toEqual(['BUNDLE_UNREADABLE']);
      rmSync(sig, { recursive: true });
      symlinkSync(join(dir, 'gone.json'), sig); // a link to nothing, as a config map mid-swap
      const loaded = await loadBundle(at);
      expect(loaded.status.reasons.map((r) => [r.code, r.message])).toEqual([['BUNDLE_UNREADABLE', expect.stringMatching(/symbolic link to a file that does not exist/)]]);
      expect(decide(loaded, request).decision).toBe('deny');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses an RSA key too short or an EC key of another curve as BUNDLE_KEY_INVALID', async () => {
    const { generateKeyPairSync } = await import('node:crypto');
    const weak = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const p384 = generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    for (const key of [weak, p384, 'nonsense']) {
      expect(await codes(loadBundle({ path: join(BUNDLES, 'signed', 'bundle.json') }, { publicKeyPem: key }))).toEqual(['BUNDLE_KEY_INVALID']);
    }
  });

  it('refuses a private key given as the public key as BUNDLE_KEY_INVALID, not as a bad signature', async () => {
    const { generateKeyPairSync } = await import('node:crypto');
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    for (const type of ['pkcs8', 'pkcs1'] as const) {
      const pem = privateKey.export({ type, format: 'pem' }).toString();
      const loaded = await loadBundle({ path: join(BUNDLES, 'signed', 'bundle.json') }, { publicKeyPem: pem });
      expect(loaded.ok).toBe(false);
      if (!loaded.ok) expect(loaded.status.reasons.map((r) => [r.code, r.message])).toEqual([['BUNDLE_KEY_INVALID', expect.stringMatching(/a private key; give the public key/)]]);
    }
  });

  it('calls text that is not UTF-8, or starts with a byte order mark, corrupt', async () => {
    expect(await codes(loadBundle({ bytes: Uint8Array.from([0x7b, 0xff, 0x7d]) }))).toEqual(['BUNDLE_CORRUPT']);
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), scalingBytes]);
    expect(await codes(loadBundle({ bytes: bom }))).toEqual(['BUNDLE_CORRUPT']);
  });

  it('never throws, whatever the bytes', async () => {
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 200 }), async (bytes) => {
      const loaded = await loadBundle({ bytes });
      expect(loaded.ok).toBe(false);
      expect(decide(loaded, request).decision).toBe('deny');
    }), { numRuns: 200 });
    expect((await loadBundle({ bytes: 'not bytes' as unknown as Uint8Array })).ok).toBe(false);
  });

  it('accepts the same bundle reformatted (compact, tabs, keys reordered): the digest is over the value', async () => {
    const value = JSON.parse(scalingBytes.toString('utf8')) as Record<string, unknown>;
    const reordered = Object.fromEntries(Object.entries(value).reverse());
    for (const text of [canonicalize(value), JSON.stringify(value, null, '\t'), JSON.stringify(reordered, null, 1)]) {
      const loaded = await loadBundle({ bytes: Buffer.from(text) });
      expect(loaded.ok).toBe(true);
      expect(decide(loaded, request).decision).toBe('allow');
    }
  });
});

describe('the digest', () => {
  // Keys like "0" are the exception: JavaScript objects enumerate them first, so canonicalPretty
  // does not keep them in canonical order and the slow path decides. Bundle keys are ids, never those.
  const key = fc.string().filter((k) => !/^(0|[1-9][0-9]*)$/.test(k));
  const json = fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: 'small' }, fc.jsonValue({ maxDepth: 0 }), fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(key, tie('value'), { maxKeys: 4 })),
  })).value;

  it('fast path: compacting canonical pretty JSON without `digest` gives the canonical JSON', () => {
    fc.assert(fc.property(fc.dictionary(key, json), fc.string(), (obj, digest) => {
      const withDigest = { ...obj, digest };
      const { digest: _d, ...rest } = withDigest;
      const compact = Buffer.from(compactWithoutDigest(Buffer.from(canonicalPretty(withDigest)))).toString('utf8');
      expect(compact).toBe(canonicalize(rest));
    }), { numRuns: 1000 });
  });

  it('fast path: the canonical text with its one digest member taken out hashes to the digest', () => {
    fc.assert(fc.property(fc.dictionary(key, json), (obj) => {
      const { digest: _drop, ...value } = obj;
      const digest = computeDigest(value);
      const text = `${canonicalize({ ...value, digest })}\n`;
      expect(hashAroundMember(Buffer.from(text), digest)).toBe(digest);
      // The member twice (here once more inside a nested object): not taken apart, left to the other paths.
      const twice = `${canonicalize({ ...value, digest, nested: { digest } })}\n`;
      expect(hashAroundMember(Buffer.from(twice), digest)).toBeNull();
    }), { numRuns: 500 });
  });

  it('fast path: the file as the build lays it out (a table member per line) hashes to the digest without the slow path', () => {
    fc.assert(fc.property(fc.dictionary(key, json), fc.dictionary(key, json), fc.dictionary(key, json), (rules, runbooks, other) => {
      const { digest: _drop, ...value }: Record<string, unknown> = { ...other, rules, runbooks };
      const digest = computeDigest(value);
      const text = bundleFileText({ ...value, digest });
      expect(hashAroundMember(Buffer.from(text), digest)).toBe(digest);
      const slow = () => { throw new Error('the slow path was taken'); };
      expect(checkDigest(Buffer.from(text), JSON.parse(text) as Record<string, unknown>, digest, slow)).toEqual({ ok: true, actual: digest });
    }), { numRuns: 500 });
  });

  it('fast path: the member placed anywhere but the top level of the canonical text does not pass', () => {
    const value = JSON.parse(scalingBytes.toString('utf8')) as Record<string, unknown>;
    const { digest, ...rest } = value as { digest: string };
    // Canonical text of the content, the digest member inserted into a nested object instead.
    const text = canonicalize(rest).replace('"actors":{', `"actors":{"digest":${JSON.stringify(digest)},`);
    const parsed = JSON.parse(text) as Record<string, unknown>;
    expect(parsed.digest).toBeUndefined();
    expect(hashAroundMember(Buffer.from(text), digest)).toBe(digest); // the bytes are right, the structure is not…
    expect(checkDigest(Buffer.from(text), parsed, digest, () => parsed).ok).toBe(false); // …so the declared digest decides: no top-level one
  });

  it('accepts every correctly digested value in any layout, and rejects any other digest', () => {
    fc.assert(fc.property(fc.dictionary(fc.string(), fc.jsonValue()), fc.constantFrom(0, 1, 2, 3, 4), (obj, layout) => {
      const { digest: _drop, ...value } = obj;
      const digest = computeDigest(value);
      const doc = { ...value, digest };
      const text = layout === 0 ? canonicalPretty(doc) : layout === 1 ? JSON.stringify(doc) : layout === 2 ? JSON.stringify(doc, null, '\t') : layout === 3 ? `${canonicalize(doc)}\n` : bundleFileText(doc);
      const bytes = Buffer.from(text);
      const parsed = JSON.parse(text) as Record<string, unknown>;
      expect(checkDigest(bytes, parsed, digest, () => parsed)).toEqual({ ok: true, actual: digest });
      const other = `sha256:${'0'.repeat(64)}`;
      expect(checkDigest(bytes, parsed, other, () => parsed).ok).toBe(false);
    }), { numRuns: 500 });
  });

  it('equals the compiler’s digest on every fixture bundle', () => {
    for (const bundle of compiledBundles().values()) {
      expect(computeDigest(bundle as unknown as Record<string, unknown>)).toBe(bundleDigest(bundle));
      expect(computeDigest(bundle as unknown as Record<string, unknown>)).toBe(bundle.digest);
    }
  });
});

describe('the conformance bundles', () => {
  it('that are good validate against schemas/bundle.schema.json', () => {
    const ajv = new Ajv2020.default({ allErrors: true, strict: true, strictRequired: false });
    addFormats.default(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(join(ROOT, 'schemas', 'bundle.schema.json'), 'utf8')) as object);
    for (const name of ['scaling.json', 'gates.json', 'envelope.json', 'windows.json']) {
      const bundle = JSON.parse(readFileSync(join(BUNDLES, name), 'utf8')) as Bundle;
      expect(validate(bundle), `${name}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });
});

describe('the structure check', () => {
  const base = () => JSON.parse(scalingBytes.toString('utf8')) as Record<string, any>;
  /** The scaling bundle changed by `edit`, its digest recomputed: only the structure is wrong. */
  const variant = async (edit: (b: Record<string, any>) => void) => {
    const b = base();
    edit(b);
    b.digest = computeDigest(b);
    const loaded = await loadBundle({ bytes: Buffer.from(canonicalize(b)) });
    return { codes: loaded.status.reasons.map((r) => r.code), detail: loaded.status.reasons.map((r) => r.message).join(' ') };
  };
  const KEY = 'autoscaler-agent|scale-out|checkout-api';

  it('loads the unchanged bundle (control)', async () => {
    expect((await variant(() => {})).codes).toEqual(['BUNDLE_OK']);
  });

  it('calls a rule whose (actor, service) pair has no grant corrupt: the index must be complete', async () => {
    const r = await variant((b) => { delete b.grants[KEY]; });
    expect(r.codes).toEqual(['BUNDLE_CORRUPT']);
    expect(r.detail).toMatch(/autoscaler-agent\|scale-out\|checkout-api must name rule checkout-scale-out#scale-out/);
  });

  it('calls a grant naming a missing rule, or a rule that does not name its actor, corrupt', async () => {
    expect((await variant((b) => { b.grants[KEY] = 'checkout-scale-out#nothing'; })).detail).toMatch(/checkout-api must name rule checkout-scale-out#scale-out/);
    const r = await variant((b) => {
      const rule = b.rules[b.grants[KEY]];
      b.grants[`ops-copilot|${rule.action}|checkout-api`] = b.grants[KEY];
    });
    expect(r.codes).toEqual(['BUNDLE_CORRUPT']);
    expect(r.detail).toMatch(/must hold exactly one grant for each actor and service its rules name \(3\); found 4/);
  });

  it('calls a contact reference that does not resolve in its runbook corrupt', async () => {
    const r = await variant((b) => {
      const rule = b.rules[b.grants[KEY]];
      rule.rollback = { triggers: [], action: 'undo it', owner: 'nobody', automatic: false };
    });
    expect(r.codes).toEqual(['BUNDLE_CORRUPT']);
    expect(r.detail).toMatch(/rollback\/owner must name a contact of its runbook/);
  });

  it('calls a rule actor without a model pin for the rule’s runbook corrupt', async () => {
    const r = await variant((b) => {
      const runbook = b.grants[KEY].split('#')[0];
      b.actors['autoscaler-agent'].pins = b.actors['autoscaler-agent'].pins.filter((p: { runbook: string }) => p.runbook !== runbook);
    });
    expect(r.codes).toEqual(['BUNDLE_CORRUPT']);
    expect(r.detail).toMatch(/model pin for the rule's runbook/);
  });
});

describe('load options an untyped caller gets wrong', () => {
  const scaling = { path: join(ROOT, 'test', 'conformance', 'bundles', 'scaling.json') };
  const pem = readFileSync(join(ROOT, 'test', 'conformance', 'keys', 'conformance.public.pem'), 'utf8');

  it('are refused, every decision deny, instead of loading an unsigned bundle as if no key were meant', async () => {
    for (const [options, says] of [
      [pem, 'loadBundle() takes { publicKeyPem, requireSignature }'],
      [{ publicKey: pem }, 'loadBundle() does not know the option publicKey'],
      [{ requireSignature: 'true' }, 'loadBundle(): requireSignature must be true or false'],
    ] as const) {
      const loaded = await loadBundle(scaling, options as never);
      expect(loaded.ok, says).toBe(false);
      expect(loaded.status.reasons.map((r) => r.code)).toEqual(['BUNDLE_KEY_INVALID']);
      expect(loaded.status.reasons[0]!.message).toContain(says);
    }
  });

  it('are none when null or undefined, as before', async () => {
    for (const options of [null, undefined, {}, { publicKeyPem: undefined }]) {
      expect((await loadBundle(scaling, options as never)).ok).toBe(true);
    }
  });
});
