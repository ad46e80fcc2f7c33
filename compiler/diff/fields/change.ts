// What a field change is, and the helpers every field module words its sentences with.
// How each basis is classified: compiler/diff/fields/index.ts and compiler/diff/README.md.

import { isDeepStrictEqual } from 'node:util';
import type { Grant } from '../../bundle/types.js';
import type { ChangeClass, Direction } from '../types.js';
import { list } from '../wording.js';
import type { YamlRef } from '../yaml-path.js';

export interface Subject {
  actors: string[];
  services: string[];
  action: string;
  /** How HEAD's grant lets the AI act: "on its own", "once a named human approves", … */
  mode: string;
}

export type Basis = 'decision' | 'order' | 'neutral' | 'governance';

export interface FieldChange {
  kind: string;
  field: string;
  before: unknown;
  after: unknown;
  basis: Basis;
  /** Along the field's own order; given for `order`, computed for `decision`. */
  direction?: Direction;
  /** Undo this change in a copy of HEAD's grant (`decision` basis). */
  revert?: (g: Grant) => void;
  /** One item even when it both widens and narrows (the model pin: the new model gains, the old loses). */
  single?: boolean;
  /** The kind by class, when one change reads differently as a widening and as a narrowing. */
  kindFor?: (cls: ChangeClass) => string;
  yaml: YamlRef;
  say: (s: Subject, cls: ChangeClass) => string;
}

export const who = (s: Subject) => list(s.actors);
export const on = (s: Subject) => list(s.services);
export const same = (x: unknown, y: unknown) => isDeepStrictEqual(x, y);
export const cap = (t: string) => t.charAt(0).toUpperCase() + t.slice(1);

/** The sentence when no class-specific one fits: the field, for whom, before and after. */
export function plain(label: string, b: string, a: string) {
  return (s: Subject) => `${cap(label)} of ${s.action} for ${who(s)} on ${on(s)}: ${a} (was ${b}).`;
}

export function says(label: string, b: string, a: string, gain?: (s: Subject) => string, loss?: (s: Subject) => string) {
  const fallback = plain(label, b, a);
  return (s: Subject, cls: ChangeClass) => (cls === 'widened' && gain ? gain(s) : cls === 'narrowed' && loss ? loss(s) : fallback(s));
}

export const order = (looser: boolean, stricter = !looser): Direction => (looser && stricter ? 'mixed' : looser ? 'looser' : stricter ? 'stricter' : 'none');

/** Compare numbers where a larger value is looser (or stricter with `largerIsStricter`); undefined = unlimited. */
export function numberDirection(b: number | undefined, a: number | undefined, largerIsLooser: boolean, undefinedIsLoosest = true): Direction {
  if (b === a) return 'none';
  if (b === undefined) return undefinedIsLoosest ? 'stricter' : 'looser';
  if (a === undefined) return undefinedIsLoosest ? 'looser' : 'stricter';
  return (a > b) === largerIsLooser ? 'looser' : 'stricter';
}

export function union(x: readonly string[], y: readonly string[]): string[] {
  return [...new Set([...x, ...y])].sort();
}

