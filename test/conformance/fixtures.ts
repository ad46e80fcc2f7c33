// Builds every file under test/conformance/bundles/ from the fixture runbooks in
// test/conformance/runbooks/<bundle>/*.md with the real compiler (compile()) and signer
// (signFiles(), RS256), plus the deliberately broken variants. No private key is kept in the
// repository: regenerating signs with a fresh key pair made in memory and writes only its public
// key; otherwise the committed signature files are taken as they are, and
// test/conformance-fixtures.test.ts verifies them against that public key.
// Regenerate with:  UPDATE_CONFORMANCE=1 npx vitest run test/conformance-fixtures.test.ts

import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORE_SCHEMA, load } from 'js-yaml';
import { bundleFileText } from '../../compiler/bundle/layout.js';
import { signFiles } from '../../compiler/bundle/signature.js';
import type { Bundle } from '../../compiler/bundle/types.js';
import type { CheckedRunbook } from '../../compiler/check/types.js';
import { compile } from '../../compiler/compile/index.js';
import type { Runbook } from '../../compiler/language/runbook.js';
import { canonicalize, canonicalPretty } from '../../compiler/util/canonical-json.js';

export const CONFORMANCE_DIR = import.meta.dirname;
export const BUNDLES_DIR = join(CONFORMANCE_DIR, 'bundles');
const RUNBOOKS_DIR = join(CONFORMANCE_DIR, 'runbooks');
const REVISION = '0123456789abcdef0123456789abcdef01234567';

function checked(dir: string, file: string): CheckedRunbook {
  const text = readFileSync(join(dir, file), 'utf8');
  const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(text);
  if (!m) throw new Error(`${file}: no frontmatter`);
  return {
    file: `test/conformance/runbooks/${dir.split(/[\\/]/).pop()}/${file}`,
    sha256: createHash('sha256').update(text).digest('hex'),
    runbook: load(m[1]!, { schema: CORE_SCHEMA }) as Runbook,
    headings: [],
  };
}

function digestOf(b: Record<string, unknown>): string {
  const { digest: _d, ...rest } = b;
  return `sha256:${createHash('sha256').update(canonicalize(rest)).digest('hex')}`;
}

const text = (s: string): Uint8Array => new TextEncoder().encode(s);
const pretty = (b: unknown): Uint8Array => text(canonicalPretty(b));
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** A copy changed by `edit`, with its digest recomputed (so only the intended check fails). */
function redigested(b: Bundle, edit: (copy: Record<string, any>) => void): Uint8Array {
  const copy = clone(b) as Record<string, any>;
  edit(copy);
  copy.digest = digestOf(copy);
  return pretty(copy);
}

export function compiledBundles(): Map<string, Bundle> {
  const out = new Map<string, Bundle>();
  for (const name of readdirSync(RUNBOOKS_DIR).sort()) {
    const dir = join(RUNBOOKS_DIR, name);
    const runbooks = readdirSync(dir).filter((f) => f.endsWith('.md')).sort().map((f) => checked(dir, f));
    out.set(name, compile(runbooks, { revision: REVISION }));
  }
  return out;
}

/** Every fixture file, by path relative to test/conformance/bundles/. */
export const SIGNED_DIRS = ['signed', 'signed-tampered', 'signed-bad-signature', 'signed-other-file', 'signed-covers-nothing'] as const;
const SIGNATURES = 'bundle.signatures.json';

/**
 * Every fixture file. With `privateKeyPem` the signature files are made anew; without it they
 * are read from disk (they cannot be reproduced without the key that made them).
 */
export async function fixtureFiles(privateKeyPem?: string): Promise<Map<string, Uint8Array>> {
  const files = new Map<string, Uint8Array>();
  const bundles = compiledBundles();
  for (const [name, bundle] of bundles) files.set(`${name}.json`, pretty(bundle));

  const scaling = bundles.get('scaling')!;
  const scalingBytes = pretty(scaling);
  // The fixtures are indented for people to read; this one is byte for byte what the build writes.
  files.set('built/scaling.json', text(bundleFileText(scaling)));
  const key = 'autoscaler-agent|scale-out|checkout-api';
  const rule = scaling.grants[key]!;
  files.set('broken/corrupt.json', scalingBytes.slice(0, Math.floor(scalingBytes.length / 2)));
  files.set('broken/empty.json', new Uint8Array(0));
  files.set('broken/not-an-object.json', text('[]\n'));
  // The previous format: an enforcer must not guess at a layout it does not know.
  files.set('broken/unknown-schema.json', redigested(scaling, (b) => { b.schemaVersion = 'gatebook.bundle/v2'; }));
  files.set('broken/no-schema-version.json', redigested(scaling, (b) => { delete b.schemaVersion; }));
  const widened = clone(scaling) as Record<string, any>;
  widened.rules[rule].envelope.numeric.replicas.max = 480; // authority widened, digest left as it was
  files.set('broken/digest-mismatch.json', pretty(widened));
  const noDigest = clone(scaling) as Record<string, any>;
  delete noDigest.digest;
  files.set('broken/no-digest.json', pretty(noDigest));
  files.set('broken/shape-invalid.json', redigested(scaling, (b) => { b.rules[rule].gate = 'whenever'; }));
  files.set('broken/separator-in-id.json', redigested(scaling, (b) => {
    // An id holding the key separator, renamed consistently everywhere: `autoscaler|agent` with
    // `scale-out` reads as actor `autoscaler`, action `agent|scale-out`. Ids are kebab-case.
    const id = 'autoscaler|agent';
    b.actors[id] = b.actors['autoscaler-agent'];
    delete b.actors['autoscaler-agent'];
    for (const r of Object.values(b.rules) as Array<{ actors: string[] }>) r.actors = r.actors.map((x) => (x === 'autoscaler-agent' ? id : x));
    for (const k of Object.keys(b.grants)) {
      if (!k.startsWith('autoscaler-agent|')) continue;
      b.grants[`${id}${k.slice('autoscaler-agent'.length)}`] = b.grants[k];
      delete b.grants[k];
    }
  }));
  files.set('broken/pinned-twice.json', redigested(scaling, (b) => {
    // A second model pin for the same runbook: which model holds the grant would depend on the reader.
    const pins = b.actors['autoscaler-agent'].pins;
    pins.push({ runbook: pins[0].runbook, model: { name: 'kairos-scaler', version: '2099-01-01' } });
  }));
  // Not corrupt, but not something the compiler writes (check rejects from == to): the enforcer
  // reads an allowed window whose start equals its end as empty, the stricter reading.
  files.set('windows-empty.json', redigested(bundles.get('windows')!, (b) => {
    const rule = b.rules[b.grants['deploy-bot|night-maintenance|web-frontend']];
    rule.changeWindows.allowed[0].to = rule.changeWindows.allowed[0].from;
  }));
  files.set('broken/dangling-contact.json', redigested(scaling, (b) => {
    // The first contact of the escalation chain names nobody the runbook declares: nobody to page.
    b.runbooks[rule.split('#')[0]!].escalation.chain[0].contact = 'nobody';
  }));
  files.set('broken/impossible-date.json', redigested(scaling, (b) => {
    // Shaped like a date but not on the calendar: read as a time it is no time at all, and an
    // expiry that never comes would keep the grant's authority forever.
    b.rules[rule].expiresOn = '2026-02-30';
  }));
  files.set('broken/misfiled-grant.json', redigested(scaling, (b) => {
    // The scale-out grant re-filed under another actor's key: a way to hand authority to ops-copilot.
    b.grants['ops-copilot|scale-out|checkout-api'] = b.grants[key];
    delete b.grants[key];
  }));

  files.set('signed/bundle.json', scalingBytes);
  files.set('signed-tampered/bundle.json', redigested(scaling, (b) => { b.rules[rule].envelope.numeric.replicas.max = 480; }));
  files.set('signed-bad-signature/bundle.json', scalingBytes);
  files.set('signed-other-file/bundle.json', scalingBytes);
  files.set('signed-covers-nothing/bundle.json', scalingBytes);
  if (privateKeyPem === undefined) {
    for (const dir of SIGNED_DIRS) files.set(`${dir}/${SIGNATURES}`, readFileSync(join(BUNDLES_DIR, dir, SIGNATURES)));
  } else {
    const signatures = await signFiles([{ name: 'bundle.json', bytes: scalingBytes }], { privateKeyPem, keyId: 'conformance' });
    files.set(`signed/${SIGNATURES}`, text(signatures));
    files.set(`signed-tampered/${SIGNATURES}`, text(signatures));
    const doc = JSON.parse(signatures) as { signatures: string[] };
    const [h, p, s] = doc.signatures[0]!.split('.');
    const badSig = `${s!.slice(0, 10)}${s![10] === 'A' ? 'B' : 'A'}${s!.slice(11)}`;
    files.set(`signed-bad-signature/${SIGNATURES}`, text(canonicalPretty({ signatures: [`${h}.${p}.${badSig}`] })));
    // A valid signature by the right key over the right bytes, filed under another name: it vouches
    // for v1/bundle.json, not for bundle.json. (Not data.json: OPA hashes that re-encoded.)
    files.set(`signed-other-file/${SIGNATURES}`, text(await signFiles([{ name: 'v1/bundle.json', bytes: scalingBytes }], { privateKeyPem, keyId: 'conformance' })));
    // A valid signature by the right key whose file list is empty: it vouches for nothing.
    files.set(`signed-covers-nothing/${SIGNATURES}`, text(await signFiles([], { privateKeyPem, keyId: 'conformance' })));
  }
  return files;
}
