// Writing a linked bundle (link.ts) out: bundle.json's bytes, assembled from the units'
// canonical JSON, and — for compile(), which returns it — the same bundle as an object.
//
// Assembling is exact because canonical JSON of a value is a substring of canonical JSON of
// anything holding it: canonicalize(bundle) is its members in key order, `"key":` + the
// canonical JSON of each value, and the same holds for the `rules` and `runbooks` maps, whose
// members the units hold ready-made. Keys sort by UTF-16 code units (plain `<`), as
// canonicalize does. bundle.json puts each member of the tables on a line of its own
// (bundle/layout.ts); without those line breaks it is the canonical JSON, OPA's data.json.

import { createHash } from 'node:crypto';
import { BUNDLE_SCHEMA_VERSION, type Bundle, type BundleActor, type BundleRule, type BundleRunbook } from '../bundle/types.js';
import { bundleTableText, withoutLineBreaks } from '../bundle/layout.js';
import type { Linked } from './link.js';
import { withoutUndefined } from './unit.js';

export interface CompileOptions {
  /** The git commit the runbooks came from, or null. */
  revision: string | null;
  /** Seconds since the epoch; when set, `generatedAt` records it (reproducible-builds.org convention). */
  sourceDateEpoch?: number;
  /** compile(): a runbook's `source.path` from its checked file; default the file as checked. */
  sourcePathOf?: (file: string) => string;
}

/** bundle.json, encoded, and the few facts about it that need no parsing. */
export interface EncodedBundle {
  /** bundle.json: canonical JSON laid out a table member per line (bundle/layout.ts). */
  bytes: Uint8Array;
  /** The canonical JSON itself (bundle.json without its line breaks): OPA's data.json. */
  data: Uint8Array;
  schemaVersion: typeof BUNDLE_SCHEMA_VERSION;
  revision: string | null;
  digest: string;
  counts: { runbooks: number; grants: number };
}

// `"digest":"sha256:` + 64 hex digits + `",` — a fixed width, so its place can be kept open
// while the rest is written and hashed.
const DIGEST_SLOT = `"digest":"sha256:${'0'.repeat(64)}",`;
const DIGEST_SLOT_BYTES = DIGEST_SLOT.length;

/**
 * Encodes the bundle. The digest is the sha-256 of the canonical JSON without the `digest`
 * member (bundle/digest.ts); `actors` is the only member sorting before it, so the hashed text
 * is the canonical bytes before the digest's slot followed by those after it.
 */
export function encodeBundle(linked: Linked, options: CompileOptions): EncodedBundle {
  const generatedAt = generatedAtOf(options);
  const head = `{"actors":${bundleTableText(actorsRecord(linked))},`;
  // The members after `digest`, in key order; `rules` and `runbooks` hold the units' members
  // (UTF-8 already), in key order, each on a line of its own.
  const rest: Array<string | Uint8Array[]> = [
    generatedAt === undefined ? '' : `"generatedAt":${JSON.stringify(generatedAt)},`,
    `"grants":${grantsText(linked.grants)},"revision":${JSON.stringify(options.revision)},"rules":`,
    sortedMembers(linked.rules.map(({ unit, rule }) => [rule.id, unit.json.subarray(rule.start, rule.end)])),
    ',"runbooks":',
    sortedMembers(linked.runbooks.map((unit) => [unit.id, unit.json.subarray(0, unit.runbookEnd)])),
    `,"schemaVersion":${JSON.stringify(BUNDLE_SCHEMA_VERSION)}}\n`,
  ];
  const slot = Buffer.byteLength(head, 'utf8');
  const bytes = Buffer.allocUnsafeSlow(rest.reduce<number>((sum, piece) => sum + byteLength(piece), slot + DIGEST_SLOT_BYTES));
  let at = bytes.write(head, 0, 'utf8');
  at += bytes.write(DIGEST_SLOT, at, 'latin1'); // a placeholder: no stray line break for withoutLineBreaks()
  for (const piece of rest) {
    if (typeof piece === 'string') {
      at += bytes.write(piece, at, 'utf8');
      continue;
    }
    if (piece.length === 0) {
      at += bytes.write('{}', at, 'latin1');
      continue;
    }
    bytes[at++] = 0x7b; // {
    piece.forEach((member, i) => {
      if (i > 0) bytes[at++] = 0x2c; // ,
      bytes[at++] = 0x0a;
      bytes.set(member, at);
      at += member.length;
    });
    bytes[at++] = 0x0a;
    bytes[at++] = 0x7d; // }
  }
  if (at !== bytes.length) throw new Error('internal error: bundle.json is not the length measured');
  const data = withoutLineBreaks(bytes);
  const dataSlot = slot - lineBreaks(head);
  const digest = `sha256:${createHash('sha256')
    .update(data.subarray(0, dataSlot))
    .update(data.subarray(dataSlot + DIGEST_SLOT_BYTES))
    .digest('hex')}`;
  const member = `"digest":${JSON.stringify(digest)},`;
  if (bytes.write(member, slot, 'utf8') !== DIGEST_SLOT_BYTES) throw new Error('internal error: the digest does not fit its slot');
  Buffer.from(data.buffer, data.byteOffset, data.byteLength).write(member, dataSlot, 'utf8');
  return {
    bytes,
    data,
    schemaVersion: BUNDLE_SCHEMA_VERSION,
    revision: options.revision,
    digest,
    counts: { runbooks: linked.runbooks.length, grants: linked.grants.size },
  };
}

function lineBreaks(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** UTF-8 length of a piece; a list of members is written as a table, a member per line. */
function byteLength(piece: string | Uint8Array[]): number {
  if (typeof piece === 'string') return Buffer.byteLength(piece, 'utf8');
  if (piece.length === 0) return 2; // {}
  return piece.reduce((sum, member) => sum + member.length, 2 * piece.length + 2); // , and line break each; { \n }
}

/** Members by key: keys are unique, so sorting the keys sorts the members. */
function sortedMembers(entries: Array<[string, Uint8Array]>): Uint8Array[] {
  const byKey = new Map(entries);
  // The default sort compares UTF-16 code units, as canonicalize() does, and runs natively.
  return [...byKey.keys()].sort().map((key) => byKey.get(key)!);
}

/** `grants` as a table; a rule granting several pairs is quoted once. */
function grantsText(grants: ReadonlyMap<string, string>): string {
  if (grants.size === 0) return '{}';
  const quoted = new Map<string, string>();
  const quote = (rule: string) => {
    let q = quoted.get(rule);
    if (q === undefined) quoted.set(rule, (q = JSON.stringify(rule)));
    return q;
  };
  return `{\n${[...grants.keys()].sort().map((key) => `${JSON.stringify(key)}:${quote(grants.get(key)!)}`).join(',\n')}\n}`;
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
