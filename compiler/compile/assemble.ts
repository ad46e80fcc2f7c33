// Writing a linked bundle (link.ts) out: bundle.json's bytes, assembled from the units'
// canonical texts, and — for compile(), which returns it — the same bundle as an object.
//
// Assembling is exact because canonical JSON of a value is a substring of canonical JSON of
// anything holding it: canonicalize(bundle) is its members in key order, `"key":` + the
// canonical text of each value, and the same holds for the `rules` and `runbooks` maps, whose
// values are the units' texts. Keys sort by UTF-16 code units (plain `<`), as canonicalize does.

import { createHash } from 'node:crypto';
import { BUNDLE_SCHEMA_VERSION, type Bundle, type BundleActor, type BundleRule, type BundleRunbook } from '../bundle/types.js';
import { canonicalize } from '../util/canonical-json.js';
import type { Linked } from './link.js';
import { compareStrings } from './order.js';
import { withoutUndefined } from './unit.js';

export interface CompileOptions {
  /** The git commit the runbooks came from, or null. */
  revision: string | null;
  /** Seconds since the epoch; when set, `generatedAt` records it (reproducible-builds.org convention). */
  sourceDateEpoch?: number;
}

/** bundle.json, encoded, and the few facts about it that need no parsing. */
export interface EncodedBundle {
  /** Canonical JSON of the bundle and a newline: bundle.json. Without the newline: OPA's data.json. */
  bytes: Uint8Array;
  schemaVersion: typeof BUNDLE_SCHEMA_VERSION;
  revision: string | null;
  digest: string;
  counts: { runbooks: number; grants: number };
}

// `"digest":"sha256:` + 64 hex digits + `",` — a fixed width, so its place can be kept open
// while the rest is written and hashed.
const DIGEST_SLOT_BYTES = `"digest":"sha256:${'0'.repeat(64)}",`.length;

/**
 * Encodes the bundle. The digest is the sha-256 of the canonical JSON without the `digest`
 * member (bundle/digest.ts); `actors` is the only member sorting before it, so the hashed text
 * is the bytes before the digest's slot followed by those after it (less the final newline).
 */
export function encodeBundle(linked: Linked, options: CompileOptions): EncodedBundle {
  const head = `{"actors":${canonicalize(actorsRecord(linked))},`;
  const pieces = [head, '', ...restPieces(linked, options), '\n'];
  const lengths = pieces.map((p) => Buffer.byteLength(p, 'utf8'));
  lengths[1] = DIGEST_SLOT_BYTES;
  const bytes = Buffer.allocUnsafe(lengths.reduce((a, b) => a + b, 0));
  let at = 0;
  pieces.forEach((piece, i) => {
    bytes.write(piece, at, 'utf8');
    at += lengths[i]!;
  });
  const slot = lengths[0]!;
  const digest = `sha256:${createHash('sha256')
    .update(bytes.subarray(0, slot))
    .update(bytes.subarray(slot + DIGEST_SLOT_BYTES, bytes.length - 1))
    .digest('hex')}`;
  if (bytes.write(`"digest":${JSON.stringify(digest)},`, slot, 'utf8') !== DIGEST_SLOT_BYTES) {
    throw new Error('internal error: the digest does not fit its slot');
  }
  return {
    bytes,
    schemaVersion: BUNDLE_SCHEMA_VERSION,
    revision: options.revision,
    digest,
    counts: { runbooks: linked.runbooks.length, grants: linked.grants.size },
  };
}

/** The members after `digest`, in key order, as text pieces (the records are not copied). */
function restPieces(linked: Linked, options: CompileOptions): string[] {
  const out: string[] = [];
  const generatedAt = generatedAtOf(options);
  if (generatedAt !== undefined) out.push(`"generatedAt":${JSON.stringify(generatedAt)},`);
  const grants = [...linked.grants].sort((a, b) => compareStrings(a[0], b[0]));
  out.push(`"grants":{${grants.map(([key, rule]) => `${JSON.stringify(key)}:${JSON.stringify(rule)}`).join(',')}},`);
  out.push(`"revision":${JSON.stringify(options.revision)},`);
  out.push('"rules":');
  members(out, linked.rules.map(({ rule }) => [rule.id, rule.text]));
  out.push(',"runbooks":');
  members(out, linked.runbooks.map((unit) => [unit.id, unit.runbookText]));
  out.push(`,"schemaVersion":${JSON.stringify(BUNDLE_SCHEMA_VERSION)}}`);
  return out;
}

/** An object whose member values are already canonical text, keys unique. */
function members(out: string[], entries: Array<[string, string]>): void {
  entries.sort((a, b) => compareStrings(a[0], b[0]));
  out.push('{');
  entries.forEach(([key, text], i) => out.push(`${i === 0 ? '' : ','}${JSON.stringify(key)}:`, text));
  out.push('}');
}

function generatedAtOf(options: CompileOptions): string | undefined {
  return options.sourceDateEpoch === undefined ? undefined : new Date(options.sourceDateEpoch * 1000).toISOString();
}

/** `actors` as the bundle holds it: by id, in link order (the text sorts it). */
function actorsRecord(linked: Linked): Record<string, BundleActor> {
  return Object.fromEntries(linked.actors);
}

/**
 * The bundle as an object, from the same link and the units' record objects (compileUnit with
 * `{ objects: true }`). Members are in the order compile() has always built them — callers
 * that list members see that order — and hold exactly what bundle.json holds.
 */
export function bundleObject(linked: Linked, options: CompileOptions, digest: string): Bundle {
  const runbooks: Record<string, BundleRunbook> = {};
  for (const unit of linked.runbooks) runbooks[unit.id] = objectsOf(unit).runbook;
  const rules: Record<string, BundleRule> = {};
  for (const { unit, index, rule } of linked.rules) rules[rule.id] = objectsOf(unit).rules[index]!;
  const generatedAt = generatedAtOf(options);
  return {
    schemaVersion: BUNDLE_SCHEMA_VERSION,
    revision: options.revision,
    ...(generatedAt === undefined ? {} : { generatedAt }),
    runbooks,
    actors: withoutUndefined(actorsRecord(linked)) as Bundle['actors'],
    rules,
    grants: Object.fromEntries(linked.grants),
    digest,
  };
}

function objectsOf(unit: Linked['runbooks'][number]): NonNullable<Linked['runbooks'][number]['objects']> {
  if (!unit.objects) throw new Error(`internal error: the compile unit of ${unit.file} was made without its objects`);
  return unit.objects;
}
