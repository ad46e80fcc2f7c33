// An Enforcer holds the current bundle and swaps in a new one atomically: the new bundle is
// loaded and indexed completely before one assignment makes it current, so every decide() sees
// either the old bundle or the new one, never a mix.
//
// A new bundle that fails to load REPLACES the old one, and every decision becomes deny with the
// reason. It does not silently keep the old bundle (the behaviour operators complain about in
// OPA): the old bundle may grant authority the new one revokes — a runbook that lost its approval,
// a model pin that was withdrawn — and an enforcer that keeps deciding on it hides the failure
// while acting on policy nobody currently approves. Failing closed makes the broken rollout loud
// and is recovered by loading a good bundle. Callers who want the old bundle back load it again
// explicitly, which is visible in their logs.
//
// When loads overlap, the one started last wins, whatever order they finish in.
//
// The key and signature options belong to the Enforcer, given once to its constructor, so every
// bundle it holds is checked alike: options it does not understand make it deny everything;
// load() takes the source only (an untyped caller passing options as loadBundle() takes them
// would have them dropped, and an unsigned bundle allowed); and swap() admits a bundle only if
// load() would have (verified with the Enforcer's own key, when it has one).

import { createPublicKey } from 'node:crypto';
import { decide, decideJson } from './decide.js';
import { loadBundle } from './load.js';
import { failedBundle, isLoadedBundle, notLoaded, verifiedWith, type LoadedBundle } from './loaded.js';
import { describeValue, readLoadOptions } from './options.js';
import type { BundleSource, DecisionResult, LoadOptions } from './types.js';

export class Enforcer {
  #current: LoadedBundle = notLoaded();
  #generation = 0;
  readonly #options: LoadOptions;
  /** Why the constructor's options cannot be used (then every bundle held denies), or null. */
  readonly #problem: string | null;

  constructor(options: LoadOptions = {}) {
    const read = readLoadOptions(options, 'new Enforcer()');
    this.#options = typeof read === 'string' ? {} : read;
    this.#problem = typeof read === 'string' ? read : null;
  }

  /** The bundle decisions are made with now. */
  get bundle(): LoadedBundle {
    return this.#current;
  }

  decide(request: unknown): DecisionResult {
    return decide(this.#current, request);
  }

  /** decideJson() with the current bundle: request text (bytes or a string), duplicate members refused. */
  decideJson(text: string | Uint8Array): DecisionResult {
    return decideJson(this.#current, text);
  }

  /**
   * Load and swap in a bundle with the constructor's options; resolves to it (check `.ok`). Never
   * rejects. Anything more given here is refused — the bundle held then denies everything — rather
   * than dropped: options go to `new Enforcer({ publicKeyPem, requireSignature })`.
   */
  load(source: BundleSource): Promise<LoadedBundle>;
  async load(source: BundleSource, ...more: unknown[]): Promise<LoadedBundle> {
    const generation = ++this.#generation;
    const given = more.filter((x) => x !== undefined);
    let loaded: LoadedBundle;
    if (this.#problem !== null) loaded = refused(source, 'BUNDLE_KEY_INVALID', this.#problem);
    else if (given.length > 0) {
      loaded = refused(source, 'BUNDLE_KEY_INVALID', `Enforcer.load() takes the source only, and was given ${given.length} more argument${given.length === 1 ? '' : 's'} (${given.map(describeValue).join(', ')}); options go to new Enforcer({ publicKeyPem, requireSignature }), and a watcher calls () => enforcer.load(source)`);
    } else loaded = await loadBundle(source, this.#options);
    if (generation === this.#generation) this.#current = loaded;
    return loaded;
  }

  /**
   * Swap in an already loaded bundle (failed ones too: they deny everything). A usable one is
   * admitted only if this Enforcer's load() would have admitted it: with a key, verified with that
   * key; with requireSignature, never without a key; by default, unsigned or verified by nobody
   * only when it is unsigned. Any other is held as one that denies everything.
   */
  swap(bundle: LoadedBundle): void {
    this.#generation++;
    this.#current = this.#admit(bundle);
  }

  #admit(bundle: LoadedBundle): LoadedBundle {
    if (!isLoadedBundle(bundle)) return notLoaded(); // anything else holds nothing: deny
    if (!bundle.ok) return bundle;
    if (this.#problem !== null) return refused(bundle, 'BUNDLE_KEY_INVALID', this.#problem);
    const { publicKeyPem, requireSignature } = this.#options;
    if (publicKeyPem !== undefined) {
      if (sameKey(verifiedWith(bundle), publicKeyPem)) return bundle;
      return refused(bundle, 'BUNDLE_SIGNATURE_INVALID', `swap() was given a bundle whose signature is ${bundle.signature === 'verified' ? 'verified with another key' : bundle.signature}; this Enforcer admits only bundles verified with its own key`);
    }
    if (requireSignature === false || (requireSignature !== true && bundle.signature === 'none')) return bundle;
    return refused(bundle, 'BUNDLE_KEY_MISSING');
  }
}

/** Whether a bundle was verified with this public key, whatever its PEM's form or line endings. */
function sameKey(used: string | undefined, mine: string): boolean {
  if (used === undefined) return false;
  if (used === mine) return true;
  try {
    return createPublicKey(used).export({ type: 'spki', format: 'der' }).equals(createPublicKey(mine).export({ type: 'spki', format: 'der' }));
  } catch {
    return false;
  }
}

/** A held bundle that denies everything, for this reason. */
function refused(from: LoadedBundle | BundleSource, code: 'BUNDLE_KEY_INVALID' | 'BUNDLE_SIGNATURE_INVALID' | 'BUNDLE_KEY_MISSING', detail?: string): LoadedBundle {
  const params = detail === undefined ? undefined : { detail };
  if (isLoadedBundle(from)) {
    const { source, digest, revision, schemaVersion, signature } = from;
    return failedBundle({ source, digest, revision, schemaVersion, signature }, [[code, params]]);
  }
  return failedBundle({ source: sourceName(from) }, [[code, params]]);
}

/** A name for the source, for the failure; never throws (an untyped caller's getter may). */
function sourceName(source: unknown): string {
  try {
    const s = source as { path?: unknown; name?: unknown } | null;
    if (typeof s?.path === 'string') return s.path;
    if (typeof s?.name === 'string') return s.name;
  } catch {
    // fall through
  }
  return '(source)';
}

/** The same class under the name the design uses for "the thing holding the current bundle". */
export { Enforcer as BundleHolder };
