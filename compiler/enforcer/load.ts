// loadBundle: read → verify the signature over the exact bytes → locate the records (or parse) →
// check the schema version → recompute the digest → check the structure → build the index. The
// first stage that fails decides the reason, and the result denies everything; nothing here throws.

import { isAscii, isUtf8 } from 'node:buffer';
import { lstat, open, readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { publicKeyProblem } from '../bundle/key-algorithm.js';
import { verifySignatures } from '../bundle/signature.js';
import { BUNDLE_SCHEMA_VERSION } from '../bundle/types.js';
import { checkDigest } from './digest.js';
import { failedBundle, okBundle, type LoadedBundle } from './loaded.js';
import type { ReasonCode, ReasonParams } from './reasons.js';
import { BundleIndex } from './bundle-index.js';
import { scanBundle } from './bundle-text.js';
import { objectRecords, textRecords, type BundleRecords } from './records.js';
import { checkBundleShape } from './shape.js';
import { readLoadOptions } from './options.js';
import { recordsOk } from './check-records.js';
import type { BundleSource, LoadOptions, SignatureStatus } from './types.js';

const DIGEST = /^sha256:[0-9a-f]{64}$/;
/** The name the signature covers, whatever the file is called locally. */
export const SIGNED_NAME = 'bundle.json';

/** `dir/bundle.json` → `dir/bundle.signatures.json` (the build writes it beside the bundle). */
export function signaturesPath(bundlePath: string): string {
  const base = basename(bundlePath);
  return join(dirname(bundlePath), `${base.endsWith('.json') ? base.slice(0, -5) : base}.signatures.json`);
}

/**
 * The signatures file beside a bundle: its bytes, `absent` when there is nothing at the path, or
 * why it cannot be read. Only absence means "not signed": a file that is there but unreadable
 * (a directory, no permission, a link to nothing — a config map mid-swap) must not turn a signed
 * bundle into an unsigned one.
 */
async function readSignatures(path: string): Promise<Uint8Array | 'absent' | { problem: string }> {
  try {
    return await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return { problem: describe(error) };
    try {
      await lstat(path);
    } catch {
      return 'absent';
    }
    return { problem: 'it is a symbolic link to a file that does not exist' };
  }
}

/**
 * The file's bytes in one read of its size (readFile reads 512 KiB at a time, a trip through the
 * thread pool each: ~10 ms more for a 30 MB bundle). A file that grows meanwhile is read again.
 */
async function readWhole(path: string): Promise<Uint8Array> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const bytes = Buffer.allocUnsafeSlow(size);
    let at = 0;
    while (at < size) {
      const { bytesRead } = await file.read(bytes, at, size - at, at);
      if (bytesRead === 0) return bytes.subarray(0, at); // shrank: what is there
      at += bytesRead;
    }
    const { bytesRead } = await file.read(Buffer.alloc(1), 0, 1, size);
    return bytesRead === 0 ? bytes : await readFile(path);
  } finally {
    await file.close();
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message.replace(/\s+/g, ' ') : String(error);
}

export async function loadBundle(source: BundleSource, options: LoadOptions = {}): Promise<LoadedBundle> {
  try {
    // Untyped callers pass anything (a bare path string is the likely slip): that is no bundle.
    if (!isSource(source)) {
      const found = typeof source === 'string' ? `the string ${JSON.stringify(source)}` : source === null ? 'null' : typeof source;
      return failedBundle({ source: '(none)' }, [['BUNDLE_MISSING', { path: `(none: loadBundle() takes { path } or { bytes }, and was given ${found})` }]]);
    }
    // null is no options, as it always was; anything not understood denies, not dropped.
    const read = readLoadOptions(options ?? undefined, 'loadBundle()');
    if (typeof read === 'string') {
      return failedBundle({ source: 'path' in source ? source.path : source.name ?? '(bytes)' }, [['BUNDLE_KEY_INVALID', { detail: read }]]);
    }
    return await load(source, read);
  } catch (error) {
    // Not expected (a getter that throws, a revoked proxy); but a loader that throws would let a
    // caller fall back to an old bundle.
    return failedBundle({ source: '(source)' }, [['BUNDLE_CORRUPT', { detail: `unexpected error: ${describe(error)}` }]]);
  }
}

function isSource(source: unknown): source is BundleSource {
  if (typeof source !== 'object' || source === null) return false;
  return 'path' in source ? typeof source.path === 'string' : 'bytes' in source;
}

async function load(source: BundleSource, options: LoadOptions): Promise<LoadedBundle> {
  let bytes: Uint8Array;
  let signatures: Uint8Array | string | undefined;
  let label: string;
  let sigLabel: string;
  if ('path' in source) {
    label = source.path;
    sigLabel = signaturesPath(source.path);
    try {
      bytes = await readWhole(source.path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return failedBundle({ source: label }, [['BUNDLE_MISSING', { path: label }]]);
      return failedBundle({ source: label }, [['BUNDLE_UNREADABLE', { path: label, detail: describe(error) }]]);
    }
    const read = await readSignatures(sigLabel);
    if (typeof read === 'object' && 'problem' in read) {
      return failedBundle({ source: label }, [['BUNDLE_UNREADABLE', { path: sigLabel, detail: read.problem }]]);
    }
    signatures = read === 'absent' ? undefined : read;
  } else {
    label = source.name ?? '(bytes)';
    sigLabel = `${label} signatures`;
    if (!(source.bytes instanceof Uint8Array)) return failedBundle({ source: label }, [['BUNDLE_MISSING', { path: label }]]);
    bytes = source.bytes;
    signatures = source.signatures;
  }

  // The OPA tarball beside bundle.json is an easy mix-up: name it, rather than a missing signature
  // file or "not UTF-8" (deny either way).
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    return failedBundle({ source: label }, [['BUNDLE_CORRUPT', { detail: 'this is gzip data, such as the OPA bundle gatebook.tar.gz; the enforcer reads bundle.json' }]]);
  }

  // A signature nobody checks is not ignored: a signed bundle needs the key to verify it (OPA too
  // refuses a signed bundle without a verification key), unless the caller skips verification
  // explicitly (requireSignature: false).
  const requireSignature = options.publicKeyPem !== undefined || options.requireSignature === true
    || (signatures !== undefined && options.requireSignature !== false);
  let signature: SignatureStatus = signatures === undefined ? 'none' : 'unverified';
  if (requireSignature) {
    if (options.publicKeyPem === undefined) return failedBundle({ source: label, signature }, [['BUNDLE_KEY_MISSING']]);
    const problem = publicKeyProblem(options.publicKeyPem);
    if (problem !== null) return failedBundle({ source: label, signature }, [['BUNDLE_KEY_INVALID', { detail: problem }]]);
    if (signatures === undefined) return failedBundle({ source: label, signature }, [['BUNDLE_SIGNATURE_MISSING', { path: sigLabel }]]);
    const text = typeof signatures === 'string' ? signatures : new TextDecoder().decode(signatures);
    const verified = await verifySignatures(text, [{ name: SIGNED_NAME, bytes }], options.publicKeyPem);
    if (!verified.ok) {
      return failedBundle({ source: label, signature: 'failed' }, [['BUNDLE_SIGNATURE_INVALID', { detail: verified.reasons.join('; ') }]]);
    }
    signature = 'verified';
  }

  const read = readRecords(bytes);
  if (!read.ok) return failedBundle({ source: label, signature }, [['BUNDLE_CORRUPT', { detail: read.detail }]]);
  const { records, parseWhole } = read;
  /** BUNDLE_CORRUPT for text that is not a JSON object; anything else thrown is not expected. */
  const notJson = (error: unknown): LoadedBundle => {
    if (!(error instanceof NotJson)) throw error;
    return failedBundle({ source: label, signature }, [['BUNDLE_CORRUPT', { detail: error.message }]]);
  };
  const raw = records.top;
  const info = {
    source: label,
    signature,
    revision: typeof raw.revision === 'string' ? raw.revision : null,
    schemaVersion: typeof raw.schemaVersion === 'string' ? raw.schemaVersion : null,
    digest: typeof raw.digest === 'string' ? raw.digest : null,
  };
  // Located records are parsed only when checked: before failing at an earlier stage, make sure the
  // text is JSON at all, so that a bundle fails at the same stage however it is laid out.
  const failing = (failures: Array<[ReasonCode, ReasonParams?]>): LoadedBundle => {
    try {
      parseWhole();
    } catch (error) {
      return notJson(error);
    }
    return failedBundle(info, failures);
  };
  if (raw.schemaVersion !== BUNDLE_SCHEMA_VERSION) {
    return failing([['BUNDLE_SCHEMA_UNKNOWN', { found: JSON.stringify(raw.schemaVersion ?? null), expected: BUNDLE_SCHEMA_VERSION }]]);
  }
  if (typeof raw.digest !== 'string' || !DIGEST.test(raw.digest)) {
    return failing([['BUNDLE_CORRUPT', { detail: 'digest is missing or not sha256:<64 hex digits>' }]]);
  }
  let digest: { ok: boolean; actual: string };
  try {
    digest = checkDigest(bytes, raw, raw.digest, parseWhole);
  } catch (error) {
    return notJson(error);
  }
  // (A mismatch is found only by the slow way, which parsed the whole text.)
  if (!digest.ok) return failedBundle(info, [['BUNDLE_DIGEST_MISMATCH', { declared: raw.digest, actual: digest.actual }]]);
  let checked = records;
  let services = recordsOk(records);
  if (services === null && read.located) {
    // A located record that is not one JSON value may be a line holding two members (valid JSON,
    // though no build writes it): the whole text decides.
    try {
      checked = objectRecords(parseWhole());
    } catch (error) {
      return notJson(error);
    }
    services = recordsOk(checked);
  }
  if (services === null) {
    // Only now the checker that says what is wrong (the two agree; if they ever did not, still corrupt).
    let problems: string[];
    try {
      problems = checkBundleShape(parseWhole());
    } catch (error) {
      return notJson(error);
    }
    return failedBundle(info, [['BUNDLE_CORRUPT', { detail: problems.length > 0 ? problems.join('; ') : 'the structure check failed' }]]);
  }
  return okBundle(label, { digest: raw.digest, revision: info.revision, schemaVersion: BUNDLE_SCHEMA_VERSION }, new BundleIndex(checked, services), signature, options.publicKeyPem);
}

/** The bundle's text is not JSON, or not a JSON object: its message is the reason's detail. */
class NotJson extends Error {}

type ReadRecords =
  | { ok: true; records: BundleRecords; located: boolean; parseWhole: () => Record<string, unknown> }
  | { ok: false; detail: string };

/**
 * The bundle's records: text as the build writes it is located and read a record at a time
 * (bundle-text.ts); anything else is parsed whole, as is located text if a later step needs
 * the whole (`parseWhole`, which throws NotJson when it is not a JSON object).
 */
function readRecords(bytes: Uint8Array): ReadRecords {
  // Bundles are almost always ASCII: then a one-byte string is a copy, several times faster than UTF-8 decoding.
  const ascii = isAscii(bytes);
  if (!ascii && !isUtf8(bytes)) return { ok: false, detail: 'not UTF-8 text' };
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // ASCII: one string, whose ranges are the bytes' (a slice of it is a view, not a copy).
  const text = ascii ? buffer.toString('latin1') : null;
  let whole: Record<string, unknown> | null = null;
  const parseWhole = (): Record<string, unknown> => {
    if (whole === null) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text ?? buffer.toString('utf8'));
      } catch (error) {
        throw new NotJson(`not JSON: ${describe(error)}`);
      }
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new NotJson('not a JSON object');
      whole = parsed as Record<string, unknown>;
    }
    return whole;
  };
  const located = scanBundle(bytes, text !== null ? (start, end) => text.slice(start, end) : (start, end) => buffer.toString('utf8', start, end));
  const records = located && textRecords(located);
  if (records !== null) return { ok: true, records, located: true, parseWhole };
  try {
    return { ok: true, records: objectRecords(parseWhole()), located: false, parseWhole };
  } catch (error) {
    if (error instanceof NotJson) return { ok: false, detail: error.message };
    throw error;
  }
}

