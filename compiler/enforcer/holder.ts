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
// bundle it holds is checked alike: load() takes no options (an untyped caller passing them as
// loadBundle() takes them would have them dropped, and an unsigned bundle allowed), and swap()
// takes a bundle only if it was verified with the Enforcer's key when the Enforcer has one.

import { decide, decideJson } from './decide.js';
import { loadBundle } from './load.js';
import { failedBundle, isLoadedBundle, notLoaded, verifiedWith, type LoadedBundle } from './loaded.js';
import type { BundleSource, DecisionResult, LoadOptions } from './types.js';

export class Enforcer {
  #current: LoadedBundle = notLoaded();
  #generation = 0;
  readonly #options: LoadOptions;

  constructor(options: LoadOptions = {}) {
    this.#options = { ...options };
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
   * rejects. Options given here are refused — the bundle held then denies everything — rather than
   * dropped: they go to `new Enforcer({ publicKeyPem, requireSignature })`.
   */
  async load(source: BundleSource, ...misplaced: unknown[]): Promise<LoadedBundle> {
    const generation = ++this.#generation;
    const loaded = misplaced.some((x) => x !== undefined)
      ? failedBundle({ source: sourceName(source) }, [['BUNDLE_KEY_INVALID', { detail: 'Enforcer.load() was given options; give publicKeyPem and requireSignature to new Enforcer({ … }), which checks every bundle it loads with them' }]])
      : await loadBundle(source, this.#options);
    if (generation === this.#generation) this.#current = loaded;
    return loaded;
  }

  /**
   * Swap in an already loaded bundle (failed ones too: they deny everything). When this Enforcer
   * has a key, a usable bundle must have been verified with that key; any other is held as one
   * that denies everything.
   */
  swap(bundle: LoadedBundle): void {
    this.#generation++;
    this.#current = this.#admit(bundle);
  }

  #admit(bundle: LoadedBundle): LoadedBundle {
    if (!isLoadedBundle(bundle)) return notLoaded(); // anything else holds nothing: deny
    const { publicKeyPem, requireSignature } = this.#options;
    if (!bundle.ok || (publicKeyPem === undefined && requireSignature !== true)) return bundle;
    if (publicKeyPem !== undefined && verifiedWith(bundle) === publicKeyPem) return bundle;
    return failedBundle({ source: bundle.source, digest: bundle.digest, revision: bundle.revision, schemaVersion: bundle.schemaVersion, signature: bundle.signature }, [[
      'BUNDLE_SIGNATURE_INVALID',
      { detail: `swap() was given a bundle whose signature is ${bundle.signature === 'verified' ? 'verified with another key' : bundle.signature}, and this Enforcer requires its own key` },
    ]]);
  }
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
