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

import { decide } from './decide.js';
import { loadBundle } from './load.js';
import { isLoadedBundle, notLoaded, type LoadedBundle } from './loaded.js';
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

  /** Load and swap in a bundle; resolves to it (check `.ok`). Never rejects. */
  async load(source: BundleSource): Promise<LoadedBundle> {
    const generation = ++this.#generation;
    const loaded = await loadBundle(source, this.#options);
    if (generation === this.#generation) this.#current = loaded;
    return loaded;
  }

  /** Swap in an already loaded bundle (failed ones too: they deny everything). */
  swap(bundle: LoadedBundle): void {
    this.#generation++;
    this.#current = isLoadedBundle(bundle) ? bundle : notLoaded(); // anything else holds nothing: deny
  }
}

/** The same class under the name the design uses for "the thing holding the current bundle". */
export { Enforcer as BundleHolder };
