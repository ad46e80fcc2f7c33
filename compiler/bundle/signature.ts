// Bundle signatures in OPA's `.signatures.json` format: {"signatures":["<compact JWS>"]}, the JWS
// payload {"files":[{name, hash, algorithm}], "keyid"?, "scope"?}. The same format signs the OPA
// tarball (files .manifest and gatebook/data.json) and bundle.json (bundle.signatures.json), so
// one verifier serves `gatebook verify`, the reference enforcer and OPA itself.
// Keys are PEM: PKCS#8 private keys to sign, public keys (SPKI, PKCS#1 or a certificate) to
// verify; RSA (RS256, ≥ 2048 bits) or EC P-256 (ES256). The algorithm follows from the key, and
// the JWS header must agree with it.

import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { CompactSign, compactVerify, importPKCS8 } from 'jose';
import { canonicalize, canonicalPretty } from '../util/canonical-json.js';
import { algorithmForKey, publicKeyProblem, type SignatureAlgorithm } from './key-algorithm.js';
import { HASH_ALGORITHMS, opaFileHash } from './opa-hash.js';

export { algorithmForKey, type SignatureAlgorithm } from './key-algorithm.js';

export interface SignedFile {
  /** Path inside the bundle, without a leading slash (`gatebook/data.json`, `bundle.json`). */
  name: string;
  bytes: Uint8Array;
  /** The bytes are canonicalize() output (lets a structured file be hashed without re-encoding). */
  canonical?: boolean;
}

export interface SignOptions {
  /** PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`). */
  privateKeyPem: string;
  /** Goes into the JWS `kid` header and, like `opa sign`, the deprecated `keyid` claim. */
  keyId?: string;
  /** OPA's optional `scope` claim; OPA then requires the same scope in its verification config. */
  scope?: string;
}

export type VerifyResult = { ok: true } | { ok: false; reasons: string[] };

/** The signatures file itself is never listed in its own payload (OPA skips it too). */
export const SIGNATURES_FILE = '.signatures.json';

/** Signs the files; returns the text of a `.signatures.json` file (canonical, pretty). */
export async function signFiles(files: readonly SignedFile[], options: SignOptions): Promise<string> {
  let keyObject: KeyObject;
  try {
    keyObject = createPrivateKey(options.privateKeyPem);
  } catch {
    throw new Error('the signing key is not a PEM private key; expected PKCS#8 (-----BEGIN PRIVATE KEY-----)');
  }
  const alg = algorithmForKey(keyObject);
  const key = await importPKCS8(options.privateKeyPem, alg).catch(() => {
    throw new Error('the signing key is not PKCS#8 PEM; convert it with `openssl pkcs8 -topk8 -nocrypt -in KEY`');
  });
  const names = files.map((f) => f.name);
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate !== undefined) throw new Error(`file ${duplicate} is listed twice`);
  const payload = {
    files: [...files]
      .filter((f) => f.name !== SIGNATURES_FILE)
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .map((f) => ({ name: f.name, hash: opaFileHash(f.name, f.bytes, 'SHA-256', f.canonical === true), algorithm: 'SHA-256' })),
    keyid: options.keyId,
    scope: options.scope,
  };
  const header = { alg, typ: 'JWT', ...(options.keyId === undefined ? {} : { kid: options.keyId }) };
  const jws = await new CompactSign(new TextEncoder().encode(canonicalize(payload)))
    .setProtectedHeader(header)
    .sign(key);
  return canonicalPretty({ signatures: [jws] });
}

/**
 * Checks a `.signatures.json` against the bundle's files and a public key (PEM). Like OPA:
 * exactly one JWS; its signature must verify; the signed file list must match `files` exactly
 * (a `.signatures.json` among them is ignored); every hash must match; `scope` must equal
 * `options.scope`. Never throws for bad input: every problem becomes a reason.
 */
export async function verifySignatures(
  signaturesJson: string,
  files: Array<{ name: string; bytes: Uint8Array }>,
  publicKeyPem: string,
  options: { scope?: string } = {},
): Promise<VerifyResult> {
  const token = readToken(signaturesJson);
  if (typeof token !== 'string') return token;

  // Node reads every PEM form of a public key OPA's key config takes too — SPKI, PKCS#1
  // (BEGIN RSA PUBLIC KEY), an X.509 certificate — and jose verifies with the KeyObject. A private
  // key is refused (createPublicKey would quietly take its public half).
  const problem = publicKeyProblem(publicKeyPem);
  if (problem !== null) return fail(`the verification key is not a usable PEM public key (-----BEGIN PUBLIC KEY-----): ${problem}`);
  const key = createPublicKey(publicKeyPem);
  const alg: SignatureAlgorithm = algorithmForKey(key);

  let payloadBytes: Uint8Array;
  try {
    const verified = await compactVerify(token, key, { algorithms: [alg] });
    payloadBytes = verified.payload;
  } catch (error) {
    const headerAlg = peekAlg(token);
    if (headerAlg !== undefined && headerAlg !== alg) {
      return fail(`the signature uses ${headerAlg} but the key is for ${alg}; verify with the key that signed the bundle`);
    }
    const code = (error as { code?: string }).code;
    return fail(
      code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED'
        ? 'the signature does not verify with this key: the bundle was signed with another key or the signatures file was altered'
        : `the signature is not a valid compact JWS (${(error as Error).message})`,
    );
  }
  return checkPayload(payloadBytes, files, options.scope);
}

function checkPayload(payloadBytes: Uint8Array, files: Array<{ name: string; bytes: Uint8Array }>, scope?: string): VerifyResult {
  let payload: { files?: unknown; scope?: unknown };
  try {
    payload = JSON.parse(new TextDecoder().decode(payloadBytes)) as typeof payload;
  } catch {
    return fail('the signed payload is not JSON');
  }
  if (!Array.isArray(payload.files)) return fail('the signed payload has no `files` list');
  const reasons: string[] = [];
  if ((payload.scope ?? undefined) !== scope) {
    reasons.push(`scope mismatch: the signature has scope ${JSON.stringify(payload.scope ?? null)}, expected ${JSON.stringify(scope ?? null)}`);
  }
  const actual = new Map(files.filter((f) => f.name !== SIGNATURES_FILE).map((f) => [f.name, f.bytes]));
  const signed = new Set<string>();
  for (const entry of payload.files as Array<Record<string, unknown>>) {
    const { name, hash, algorithm } = entry ?? {};
    if (typeof name !== 'string' || typeof hash !== 'string' || typeof algorithm !== 'string') {
      reasons.push('a signed file entry lacks name, hash or algorithm');
      continue;
    }
    if (signed.has(name)) reasons.push(`${name} is listed twice in the signature`);
    signed.add(name);
    const bytes = actual.get(name);
    if (bytes === undefined) {
      reasons.push(`${name} is signed but missing from the bundle`);
      continue;
    }
    if (!Object.hasOwn(HASH_ALGORITHMS, algorithm)) {
      reasons.push(`${name}: hash algorithm ${algorithm} is not accepted; expected one of ${Object.keys(HASH_ALGORITHMS).join(', ')}`);
      continue;
    }
    let got: string;
    try {
      got = opaFileHash(name, bytes, algorithm);
    } catch (error) {
      reasons.push(`${name}: cannot be hashed: ${(error as Error).message}`);
      continue;
    }
    if (got !== hash.toLowerCase()) {
      reasons.push(`${name}: content does not match the signature (${algorithm} signed ${hash}, found ${got}); the file was changed after signing`);
    }
  }
  for (const name of actual.keys()) {
    if (!signed.has(name)) reasons.push(`${name} is in the bundle but not covered by the signature`);
  }
  return reasons.length === 0 ? { ok: true } : { ok: false, reasons };
}

function readToken(signaturesJson: string): string | VerifyResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(signaturesJson);
  } catch {
    return fail('the signatures file is not JSON; expected {"signatures":["<JWS>"]}');
  }
  const list = (parsed as { signatures?: unknown } | null)?.signatures;
  if (!Array.isArray(list) || list.length === 0) return fail('the signatures file has no signature; expected {"signatures":["<JWS>"]}');
  if (list.length > 1) return fail(`the signatures file has ${list.length} signatures; OPA accepts exactly one`);
  if (typeof list[0] !== 'string') return fail('the signature is not a string; expected a compact JWS');
  return list[0];
}

function peekAlg(token: string): string | undefined {
  try {
    const header = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8')) as { alg?: unknown };
    return typeof header.alg === 'string' ? header.alg : undefined;
  } catch {
    return undefined;
  }
}

function fail(reason: string): VerifyResult {
  return { ok: false, reasons: [reason] };
}
