// `gatebook verify`: is this build output intact and signed by this key? Checks, for an output
// directory, bundle.json against bundle.signatures.json, and the OPA tarball if present; for a
// tarball, its embedded .signatures.json. In both: the signature, every signed file's hash, the
// bundle digest, the schema version, canonical form, and that the copies agree with each other.

import { readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { checkDigest } from '../compile/digest.js';
import { loadBundle, signaturesPath } from '../enforcer/load.js';
import { canonicalize } from '../util/canonical-json.js';
import { OPA_DATA_FILE, OPA_MANIFEST_FILE, OPA_ROOT } from './opa.js';
import { bundleFileText } from './layout.js';
import { BUNDLE_FILE, BUNDLE_SIGNATURES_FILE, OPA_TARBALL_FILE } from './outputs.js';
import { SIGNATURES_FILE, verifySignatures } from './signature.js';
import { ArchiveError, readTarGz } from './tar.js';
import { BUNDLE_SCHEMA_VERSION } from './types.js';

export interface ArtifactReport {
  /** What was checked and found good, for the success message. */
  checked: string[];
  /** Everything wrong; empty means verified. */
  reasons: string[];
  /** The digest of the verified bundle, when it could be read. */
  digest?: string;
}

/**
 * Verifies an output directory, a bundle.json (its signatures beside it, named as the enforcer
 * looks for them) or a .tar.gz. Throws only when `path` cannot be read at all.
 */
export async function verifyArtifact(path: string, publicKeyPem: string): Promise<ArtifactReport> {
  const report: ArtifactReport = { checked: [], reasons: [] };
  if ((await stat(path)).isDirectory()) {
    await verifyDirectory(path, publicKeyPem, report);
    return report;
  }
  const bytes = await readFile(path);
  // gzip starts 1f 8b; anything else is taken for bundle JSON, which starts with `{`.
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) await verifyTarball(basename(path), bytes, publicKeyPem, report);
  else await verifyBundleFile(basename(path), bytes, signaturesPath(path), publicKeyPem, report);
  return report;
}

async function verifyDirectory(dir: string, key: string, report: ArtifactReport): Promise<void> {
  const bundleBytes = await readOptional(join(dir, BUNDLE_FILE), report);
  if (bundleBytes === undefined) {
    if (report.reasons.length === 0) report.reasons.push(`${BUNDLE_FILE} is missing; expected the output directory of \`gatebook build\``);
    return;
  }
  const bundle = await verifyBundleFile(BUNDLE_FILE, bundleBytes, join(dir, BUNDLE_SIGNATURES_FILE), key, report);
  const tarball = await readOptional(join(dir, OPA_TARBALL_FILE), report);
  if (tarball !== undefined) {
    const opaDigest = await verifyTarball(OPA_TARBALL_FILE, tarball, key, report);
    if (bundle && opaDigest !== undefined && opaDigest !== bundle.digest) {
      report.reasons.push(`${OPA_TARBALL_FILE} holds bundle ${opaDigest} but ${BUNDLE_FILE} is ${bundle.digest}; they come from different builds — rebuild`);
    }
  }
}

/** bundle.json against its signatures file: signature, digest, canonical form, what an enforcer makes of it. */
async function verifyBundleFile(label: string, bytes: Uint8Array, signaturesFile: string, key: string, report: ArtifactReport): Promise<BundleHead | undefined> {
  const signatures = await readOptional(signaturesFile, report);
  const sigLabel = basename(signaturesFile);
  if (signatures === undefined) {
    report.reasons.push(`${label} is not signed: ${sigLabel} is missing beside it; build with --signing-key`);
  } else {
    const result = await verifySignatures(text(signatures), [{ name: BUNDLE_FILE, bytes }], key);
    if (result.ok) report.checked.push(`${label} signature`);
    else report.reasons.push(...result.reasons.map((r) => `${sigLabel}: ${r}`));
  }
  const before = report.reasons.length;
  const head = checkBundleJson(label, bytes, bundleJsonTextAsBuilt, report);
  // A bundle whose digest or form is already wrong needs no second word from the enforcer.
  if (head && report.reasons.length === before) await checkLoads(label, bytes, report);
  return head;
}

/**
 * Whether the reference enforcer loads the bundle: its structure check (every record, every
 * reference, the grant index) finds what signature, digest and form cannot, such as a rule
 * naming a contact its runbook lacks — signed and digested by a faulty builder all the same.
 */
async function checkLoads(label: string, bytes: Uint8Array, report: ArtifactReport): Promise<void> {
  // The signature is checked above, over the files it names; here only the content.
  const loaded = await loadBundle({ bytes, name: label }, { requireSignature: false });
  if (loaded.ok) report.checked.push(`${label} structure`);
  else report.reasons.push(...loaded.status.reasons.map((r) => `${label}: an enforcer would deny every request: ${r.message}`));
}

/** Returns the digest of the bundle inside, when readable. */
async function verifyTarball(label: string, bytes: Uint8Array, key: string, report: ArtifactReport): Promise<string | undefined> {
  let files: Map<string, Uint8Array>;
  try {
    files = await readTarGz(bytes);
  } catch (error) {
    if (!(error instanceof ArchiveError)) throw error;
    report.reasons.push(`${label}: ${error.message}; expected an OPA bundle (.tar.gz) or a build's output directory`);
    return undefined;
  }
  const signatures = files.get(SIGNATURES_FILE);
  files.delete(SIGNATURES_FILE);
  if (signatures === undefined) {
    report.reasons.push(`${label} is not signed: it has no ${SIGNATURES_FILE}; build with --signing-key`);
  } else {
    const result = await verifySignatures(text(signatures), [...files].map(([name, b]) => ({ name, bytes: b })), key);
    if (result.ok) report.checked.push(`${label} signature`);
    else report.reasons.push(...result.reasons.map((r) => `${label}: ${r}`));
  }
  const dataBytes = files.get(OPA_DATA_FILE);
  const manifestBytes = files.get(OPA_MANIFEST_FILE);
  if (dataBytes === undefined || manifestBytes === undefined) {
    report.reasons.push(`${label}: expected ${OPA_MANIFEST_FILE} and ${OPA_DATA_FILE}; found ${[...files.keys()].join(', ') || 'nothing'}`);
    return undefined;
  }
  const before = report.reasons.length;
  const bundle = checkBundleJson(`${label}:${OPA_DATA_FILE}`, dataBytes, canonicalize, report);
  if (!bundle) return undefined;
  if (report.reasons.length === before) await checkLoads(`${label}:${OPA_DATA_FILE}`, dataBytes, report);
  let manifest: { revision?: unknown; roots?: unknown; metadata?: { digest?: unknown; schemaVersion?: unknown } };
  try {
    manifest = JSON.parse(text(manifestBytes)) as typeof manifest;
  } catch {
    report.reasons.push(`${label}:${OPA_MANIFEST_FILE} is not JSON`);
    return bundle.digest;
  }
  const expected = { revision: bundle.revision ?? '', roots: [OPA_ROOT], metadata: { digest: bundle.digest, schemaVersion: bundle.schemaVersion } };
  if (canonicalize(manifest) !== canonicalize(expected)) {
    report.reasons.push(`${label}:${OPA_MANIFEST_FILE} does not describe its data.json: found ${canonicalize(manifest)}, expected ${canonicalize(expected)}`);
  }
  return bundle.digest;
}

interface BundleHead {
  digest: string;
  revision: string | null;
  schemaVersion: string;
}

/**
 * bundle.json as a build writes it: a table member per line — or, from builds before that
 * layout, the canonical JSON on one line (the same value and digest; enforcers read both).
 */
function bundleJsonTextAsBuilt(bundle: unknown, actual: string): string {
  const oneLine = `${canonicalize(bundle)}\n`;
  return actual === oneLine ? oneLine : bundleFileText(bundle);
}

/** Schema version, digest and canonical form of one copy of the bundle. */
function checkBundleJson(label: string, bytes: Uint8Array, form: (v: unknown, actual: string) => string, report: ArtifactReport): BundleHead | undefined {
  let bundle: unknown;
  let actual: string;
  try {
    actual = strictText(bytes);
  } catch {
    report.reasons.push(`${label} is not UTF-8 text`);
    return undefined;
  }
  try {
    bundle = JSON.parse(actual);
  } catch {
    report.reasons.push(`${label} is not JSON`);
    return undefined;
  }
  const head = bundle as Partial<BundleHead> | null;
  if (head === null || typeof head !== 'object' || head.schemaVersion !== BUNDLE_SCHEMA_VERSION) {
    report.reasons.push(`${label}: schemaVersion is ${JSON.stringify(head?.schemaVersion)}, expected ${BUNDLE_SCHEMA_VERSION}; enforcers deny everything for an unknown version`);
    return undefined;
  }
  const digest = checkDigest(bundle);
  if (digest.ok) report.checked.push(`${label} digest`);
  else report.reasons.push(`${label}: digest is ${JSON.stringify(digest.found)} but the content hashes to ${digest.expected}; the bundle was changed after it was built`);
  if (form(bundle, actual) !== actual) {
    report.reasons.push(`${label} is not in canonical form; it was edited after the build — rebuild instead`);
  }
  report.digest ??= typeof head.digest === 'string' ? head.digest : undefined;
  return { digest: String(head.digest), revision: head.revision ?? null, schemaVersion: head.schemaVersion };
}

/** The file's bytes; undefined when it does not exist, or (a reason added) cannot be read. */
async function readOptional(path: string, report: ArtifactReport): Promise<Uint8Array | undefined> {
  try {
    return await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') report.reasons.push(`${basename(path)} cannot be read (${code ?? String(error)}); check its permissions and that it is a file`);
    return undefined;
  }
}

/**
 * The bytes as UTF-8, exactly: a byte-order mark kept (JSON.parse then refuses it, as the enforcer
 * does) and invalid UTF-8 refused, so that comparing texts compares the bytes.
 */
function strictText(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
}

function text(bytes: Uint8Array): string {
  return new TextDecoder().decode(bytes);
}
