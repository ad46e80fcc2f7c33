// compile(): checked runbooks → the policy bundle. A pure function: the same runbooks (in any
// order) and options give a deep-equal bundle, and so the same canonical bytes and digest.
//
// It is a compiler's two stages: compileUnit() (unit.ts) compiles each runbook on its own, and
// link() (link.ts) decides what of them the bundle holds; assemble.ts writes that out.
// `gatebook build` runs compileUnit() in the check workers and only links on the main thread;
// compile() and compileWithText() run the same stages in this thread.

import type { CheckedRunbook } from '../check/types.js';
import { bundleObject, encodeBundle, type CompileOptions, type EncodedBundle } from './assemble.js';
import { link } from './link.js';
import { compileUnit, type CompileUnit } from './unit.js';
import type { Bundle } from '../bundle/types.js';

export type { CompileOptions, EncodedBundle } from './assemble.js';

/** compile(), plus canonicalize(bundle) — what bundle.json and the OPA data.json hold. */
export function compileWithText(runbooks: readonly CheckedRunbook[], options: CompileOptions): { bundle: Bundle; text: string } {
  const { bundle, encoded } = compileBoth(runbooks, options);
  const data = encoded.data;
  return { bundle, text: Buffer.from(data.buffer, data.byteOffset, data.length).toString('utf8') };
}

export function compile(runbooks: readonly CheckedRunbook[], options: CompileOptions): Bundle {
  return compileBoth(runbooks, options).bundle;
}

/** Links units (from the check workers, or compileUnit()) and encodes bundle.json: what `build`
 * writes (bundle/build.ts does the same two steps, looking the git revision up in between). */
export function linkBundle(units: readonly CompileUnit[], options: CompileOptions): EncodedBundle {
  return encodeBundle(link(units), options);
}

function compileBoth(runbooks: readonly CheckedRunbook[], options: CompileOptions): { bundle: Bundle; encoded: EncodedBundle } {
  const { sourcePathOf } = options;
  const linked = link(runbooks.map((r) => compileUnit(r, sourcePathOf ? { objects: true, sourcePath: sourcePathOf(r.file) } : { objects: true })));
  // The digest is the hash of the encoded text, so the object carries the text's own digest.
  const encoded = encodeBundle(linked, options);
  return { bundle: bundleObject(linked, options, encoded.digest), encoded };
}
