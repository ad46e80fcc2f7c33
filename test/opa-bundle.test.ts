import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import * as zlib from 'node:zlib';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { gzipSync } from 'fflate';
import tar from 'tar-stream';
import { decodeJwt, exportPKCS8, exportSPKI, generateKeyPair } from 'jose';
import { crc32Js, gzipDeterministic, gzipMember, gzipWith, SEGMENT_BYTES, segmentsOf } from '../compiler/bundle/gzip.js';
import { opaManifest } from '../compiler/bundle/opa.js';
import { renderOutputs } from '../compiler/bundle/outputs.js';
import { verifySignatures } from '../compiler/bundle/signature.js';
import { MAX_SOURCE_DATE_EPOCH, parseSourceDateEpoch } from '../compiler/bundle/source-date.js';
import { readTarGz, writeTarGz } from '../compiler/bundle/tar.js';
import { compile } from '../compiler/compile/index.js';
import { canonicalize } from '../compiler/util/canonical-json.js';
import { FIXTURES, loadDir } from './compile-fixtures.js';

const bundle = compile(loadDir(FIXTURES), { revision: 'ab'.repeat(20) });
const tarball = async (mtimeSeconds = 0) => (await renderOutputs(bundle, { mtimeSeconds })).find((f) => f.name === 'gatebook.tar.gz')!.bytes;

async function headers(gz: Uint8Array) {
  const extract = tar.extract();
  const out: Array<tar.Header & { text: string }> = [];
  const done = (async () => {
    for await (const entry of extract) {
      const chunks: Buffer[] = [];
      for await (const c of entry) chunks.push(c as Buffer);
      out.push({ ...entry.header, text: Buffer.concat(chunks).toString('utf8') });
    }
  })();
  extract.end(gunzipSync(gz));
  await done;
  return out;
}

describe('OPA bundle (gatebook.tar.gz)', () => {
  it('holds /.manifest and /gatebook/data.json, sorted, as plain files owned by root, mode 0644, mtime 0', async () => {
    const entries = await headers(await tarball());
    expect(entries.map((e) => e.name)).toEqual(['/.manifest', '/gatebook/data.json']);
    for (const e of entries) {
      expect(e).toMatchObject({ type: 'file', mode: 0o644, uid: 0, gid: 0, uname: '', gname: '' });
      expect(e.mtime!.getTime()).toBe(0);
    }
  });

  it('uses SOURCE_DATE_EPOCH as the file time when given', async () => {
    const entries = await headers(await tarball(1767225600));
    expect(entries.every((e) => e.mtime!.getTime() === 1767225600_000)).toBe(true);
  });

  it('takes SOURCE_DATE_EPOCH up to the latest file time the tarball records, and refuses a later one', async () => {
    const gz = await tarball(MAX_SOURCE_DATE_EPOCH);
    // The mtime field (bytes 136-147 of the first header): 11 octal digits and a terminator, as
    // strict readers (GNU tar, Python's tarfile) require.
    expect(Buffer.from(gunzipSync(gz).subarray(136, 148)).toString('latin1')).toMatch(/^[0-7]{11}[\0 ]$/);
    expect((await headers(gz)).every((e) => e.mtime!.getTime() === MAX_SOURCE_DATE_EPOCH * 1000)).toBe(true);
    expect(parseSourceDateEpoch(String(MAX_SOURCE_DATE_EPOCH))).toBe(MAX_SOURCE_DATE_EPOCH);
    expect(() => parseSourceDateEpoch(String(MAX_SOURCE_DATE_EPOCH + 1))).toThrow(/at most 2147483647/);
    expect(() => parseSourceDateEpoch('253402300799')).toThrow(RangeError);
  });

  it('has a manifest with revision, the gatebook root and the digest; data.json is the bundle', async () => {
    const [manifest, data] = await headers(await tarball());
    expect(JSON.parse(manifest!.text)).toEqual({
      revision: 'ab'.repeat(20),
      roots: ['gatebook'],
      metadata: { digest: bundle.digest, schemaVersion: 'gatebook.bundle/v3' },
    });
    expect(data!.text).toBe(canonicalize(bundle));
    expect(JSON.parse(data!.text)).toEqual(bundle);
  });

  it('gives the manifest an empty revision outside git (OPA revisions are strings)', () => {
    expect(opaManifest(compile(loadDir(FIXTURES), { revision: null })).revision).toBe('');
  });

  it('is byte-identical across builds', async () => {
    const a = await tarball();
    const b = await renderOutputs(compile(loadDir(FIXTURES), { revision: 'ab'.repeat(20) }), { mtimeSeconds: 0 });
    expect(Buffer.from(b.find((f) => f.name === 'gatebook.tar.gz')!.bytes).equals(Buffer.from(a))).toBe(true);
  });

  it('reads back with readTarGz, leading slashes removed', async () => {
    const files = await readTarGz(await tarball());
    expect([...files.keys()]).toEqual(['.manifest', 'gatebook/data.json']);
  });

  it('refuses unsafe archives when reading', async () => {
    await expect(readTarGz(new Uint8Array([1, 2, 3]))).rejects.toThrow(/not a readable gzip/);
    const evil = await writeTarGz([{ name: '../escape.json', bytes: new Uint8Array([123, 125]) }], 0);
    await expect(readTarGz(evil)).rejects.toThrow(/unsafe path/);
  });

  it('carries an OPA .signatures.json over .manifest and gatebook/data.json when signed', async () => {
    const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
    const signing = { privateKeyPem: await exportPKCS8(privateKey), keyId: 'ci' };
    const out = await renderOutputs(bundle, { mtimeSeconds: 0, signing });
    const entries = await headers(out.find((f) => f.name === 'gatebook.tar.gz')!.bytes);
    expect(entries.map((e) => e.name)).toEqual(['/.manifest', '/.signatures.json', '/gatebook/data.json']);
    const sigs = JSON.parse(entries[1]!.text) as { signatures: string[] };
    const payload = decodeJwt(sigs.signatures[0]!) as unknown as { files: Array<{ name: string; hash: string; algorithm: string }> };
    // OPA hashes structured files by their compact, key-sorted JSON — for us, the file bytes themselves.
    expect(payload.files).toEqual([
      { name: '.manifest', hash: createHash('sha256').update(entries[0]!.text).digest('hex'), algorithm: 'SHA-256' },
      { name: 'gatebook/data.json', hash: createHash('sha256').update(entries[2]!.text).digest('hex'), algorithm: 'SHA-256' },
    ]);
    const files = [...(await readTarGz(out.find((f) => f.name === 'gatebook.tar.gz')!.bytes))].map(([name, bytes]) => ({ name, bytes }));
    expect(await verifySignatures(entries[1]!.text, files, await exportSPKI(publicKey))).toEqual({ ok: true });
    // RS256 is deterministic, so a signed build is reproducible too.
    const again = await renderOutputs(bundle, { mtimeSeconds: 0, signing });
    expect(again.map((f) => Buffer.from(f.bytes).toString('base64'))).toEqual(out.map((f) => Buffer.from(f.bytes).toString('base64')));
  });
});

describe('deterministic gzip', () => {
  it('round-trips through zlib for any input', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 5000 }), fc.string({ maxLength: 3000 }).map((s) => new TextEncoder().encode(s.repeat(3)))), (data) => {
        expect(Buffer.from(gunzipSync(gzipDeterministic(data))).equals(Buffer.from(data))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('handles long runs and matches across the whole 32 KiB window', () => {
    const block = new Uint8Array(40_000).map((_, i) => (i * 2654435761) >>> 24);
    const data = new Uint8Array([...block, ...block.subarray(8000), ...new Uint8Array(70_000).fill(7)]);
    expect(Buffer.from(gunzipSync(gzipDeterministic(data))).equals(Buffer.from(data))).toBe(true);
  });

  it('writes a header without name, time or OS', () => {
    const gz = gzipDeterministic(new TextEncoder().encode('hello'));
    // ID1 ID2 CM=deflate FLG=none MTIME=0 (4 bytes); byte 8 is XFL; OS=255 (unknown).
    expect([...gz.subarray(0, 8)]).toEqual([0x1f, 0x8b, 8, 0, 0, 0, 0, 0]);
    expect(gz[9]).toBe(255);
  });

  it('gives exactly the bytes of fflate\'s gzipSync (level 9, mtime 0) with the OS byte set', () => {
    const gzipSyncUnknownOs = (data: Uint8Array) => {
      const out = gzipSync(data, { level: 9, mtime: 0 });
      out[9] = 255;
      return Buffer.from(out);
    };
    const samples = [new Uint8Array(0), new TextEncoder().encode('hello'), new Uint8Array(200_000).map((_, i) => (i * 2654435761) >>> 27)];
    for (const data of samples) expect(Buffer.from(gzipDeterministic(data)).equals(gzipSyncUnknownOs(data))).toBe(true);
    fc.assert(fc.property(fc.uint8Array({ maxLength: 70_000 }), (data) => {
      expect(Buffer.from(gzipDeterministic(data)).equals(gzipSyncUnknownOs(data))).toBe(true);
    }), { numRuns: 50 });
  });

  it('gives the same bytes on every call', () => {
    const data = new TextEncoder().encode('{"grants":{}}'.repeat(500));
    expect(Buffer.from(gzipDeterministic(data)).equals(Buffer.from(gzipDeterministic(data)))).toBe(true);
  });

  it('cuts input over 16 MiB into segments by length alone', () => {
    expect(segmentsOf(0)).toEqual([[0, 0]]);
    expect(segmentsOf(SEGMENT_BYTES)).toEqual([[0, SEGMENT_BYTES]]);
    expect(segmentsOf(2 * SEGMENT_BYTES + 5)).toEqual([[0, SEGMENT_BYTES], [SEGMENT_BYTES, 2 * SEGMENT_BYTES], [2 * SEGMENT_BYTES, 2 * SEGMENT_BYTES + 5]]);
  });

  describe('over several segments', () => {
    // Bundle-like text; small segments stand in for 16 MiB ones (the cut is the same code).
    const text = (n: number, seed: number) => new TextEncoder().encode(
      Array.from({ length: n }, (_, i) => `"rule-${i * 7 + seed}#scale-out":{"actors":["bot-${(i * 31 + seed) % 48}"],"maxStep":${i % 17}},\n`).join(''));

    it('writes one gzip member per segment, which gunzip reads back as the input, for any input and cut', () => {
      fc.assert(fc.property(fc.integer({ min: 0, max: 1500 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 2000, max: 40_000 }), (n, seed, segment) => {
        const data = text(n, seed);
        const gz = gzipDeterministic(data, segment);
        expect(Buffer.from(gunzipSync(gz)).equals(Buffer.from(data))).toBe(true);
        const members = segmentsOf(data.length, segment).map(([a, b]) => gzipMember(data.subarray(a, b)));
        expect(Buffer.from(gz).equals(Buffer.concat(members))).toBe(true);
        for (const [i, [a, b]] of segmentsOf(data.length, segment).entries()) {
          expect(Buffer.from(gunzipSync(members[i]!)).equals(Buffer.from(data.subarray(a, b)))).toBe(true);
        }
      }), { numRuns: 100 });
    });

    it('gives the same bytes whether the segments are compressed here or on worker threads', async () => {
      // Workers load the compiled modules (npm test compiles lib/ first).
      const { deflatePoolFor } = await import(new URL('../lib/compiler/bundle/deflate-pool.js', import.meta.url).href) as typeof import('../compiler/bundle/deflate-pool.js');
      const pool = deflatePoolFor(3 * SEGMENT_BYTES);
      expect(pool.threads).toBe(Math.min(2, availableParallelism() - 1));
      try {
        for (const [n, segment] of [[4000, 50_000], [4000, 1 << 20], [0, 1000]] as const) {
          const data = text(n, n);
          expect(Buffer.from(await gzipWith(data, pool.deflate, segment)).equals(Buffer.from(gzipDeterministic(data, segment)))).toBe(true);
        }
      } finally {
        await pool.close();
      }
    });

    it('compresses here, to the same bytes, what a worker fails on', async () => {
      const { deflatePoolFor } = await import(new URL('../lib/compiler/bundle/deflate-pool.js', import.meta.url).href) as typeof import('../compiler/bundle/deflate-pool.js');
      if (availableParallelism() < 2) return; // one core: no workers to fail
      const data = text(4000, 3);
      for (const source of ['throw new Error("broken worker")', 'import { parentPort } from "node:worker_threads"; parentPort.on("message", () => process.exit(0));']) {
        const pool = deflatePoolFor(3 * SEGMENT_BYTES, new URL(`data:text/javascript,${encodeURIComponent(source)}`));
        expect(pool.threads).toBeGreaterThan(0);
        try {
          expect(Buffer.from(await gzipWith(data, pool.deflate, 50_000)).equals(Buffer.from(gzipDeterministic(data, 50_000)))).toBe(true);
        } finally {
          await pool.close();
        }
      }
    });
  });

  it('writes the CRC-32 that zlib computes, with or without zlib.crc32', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 3000 }), (data) => {
      expect(crc32Js(data)).toBe(zlib.crc32(data));
    }), { numRuns: 300 });
  });
});
