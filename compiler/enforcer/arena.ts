// Where prepared grants keep the numbers and strings every decision reads: shared arrays, each
// grant at an offset, instead of two small arrays per grant.
//
// Why: with requests spread over a 10,000-runbook bundle, prepared grants do not stay in the CPU
// caches, and each object a decision follows is a cache miss it waits for. A grant's own array is
// two such objects, the array and its elements (which the garbage collector moves apart). In a
// shared array the first is the same for every grant and stays cached; only the grant's own
// values are a miss.

/** Doubles in the first chunk (8 KiB) and the most in one (512 KiB); each chunk is outside the
 * JavaScript heap, so the collector never moves it. Chunks double in size up to the most, so a
 * small bundle holds a few KiB and a large one wastes at most the tail of each chunk. */
export const FIRST_CHUNK = 1 << 10;
export const MAX_CHUNK = 1 << 16;

export interface Placed {
  /** The chunk holding the values (shared with other grants). */
  chunk: Float64Array;
  /** Where the values start in it. */
  at: number;
}

export class GrantArena {
  /** Made on first use: most bundles loaded are never asked about most grants, some about none. */
  #chunk: Float64Array | null = null;
  #used = 0;
  /** Every grant's strings, one after another. */
  readonly strs: string[] = [];

  /** Copy a grant's numbers into the current chunk (a new one when they do not fit; one of their
   * own when they are more than the largest chunk holds). */
  placeNums(values: readonly number[]): Placed {
    if (values.length > MAX_CHUNK) return { chunk: Float64Array.from(values), at: 0 };
    let chunk = this.#chunk;
    if (chunk === null || this.#used + values.length > chunk.length) {
      const size = chunk === null ? FIRST_CHUNK : Math.min(MAX_CHUNK, 2 * chunk.length);
      chunk = this.#chunk = new Float64Array(Math.max(size, values.length));
      this.#used = 0;
    }
    const at = this.#used;
    chunk.set(values, at);
    this.#used += values.length;
    return { chunk, at };
  }

  /** Append a grant's strings; returns where they start in `strs`. */
  placeStrs(values: readonly string[]): number {
    const at = this.strs.length;
    for (const s of values) this.strs.push(s);
    return at;
  }
}
