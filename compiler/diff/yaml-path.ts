// Where a compiled field came from in the runbook's YAML: grant fields map back to
// `actions[i]…` (i found by the action's id in HEAD), model pins to `actors[j].model`, escalation
// to `escalation…`. Paths into lists point at the matching element when it still exists in HEAD,
// else at the list; the locator then falls back to the deepest key that exists.

import type { Runbook } from '../language/runbook.js';

export type Seg = string | number;

export interface YamlContext {
  runbook: Runbook;
  /** Index of the grant's action in HEAD's `actions`, or null. */
  action: number | null;
  /** Index of the grant's actor in HEAD's `actors`, or null. */
  actor: number | null;
}

export type YamlRef = (ctx: YamlContext) => Seg[];

/** `actions[i]` + rest, or `actions` when the action is not in HEAD. */
export const inAction = (...rest: Seg[]): YamlRef => (ctx) => (ctx.action === null ? ['actions'] : ['actions', ctx.action, ...rest]);

export const inRunbook = (...path: Seg[]): YamlRef => () => path;

export const inActor = (...rest: Seg[]): YamlRef => (ctx) => (ctx.actor === null ? ['actors'] : ['actors', ctx.actor, ...rest]);

/** actions[i] + rest, with the last list element chosen by a predicate over HEAD's YAML data. */
export function inActionList(listPath: Seg[], match: (item: unknown) => boolean, ...rest: Seg[]): YamlRef {
  return (ctx) => {
    if (ctx.action === null) return ['actions'];
    const list = dig(ctx.runbook.actions[ctx.action], listPath);
    const index = Array.isArray(list) ? list.findIndex(match) : -1;
    return index < 0 ? ['actions', ctx.action, ...listPath] : ['actions', ctx.action, ...listPath, index, ...rest];
  };
}

/** escalation.triggers[k]: the n-th trigger (0-based) with this `on`, else the list. */
export function inEscalationTrigger(on: string, n: number, ...rest: Seg[]): YamlRef {
  return (ctx) => {
    let seen = 0;
    const index = ctx.runbook.escalation.triggers.findIndex((t) => t.on === on && seen++ === n);
    return index < 0 ? ['escalation', 'triggers'] : ['escalation', 'triggers', index, ...rest];
  };
}

/** escalation.<list>[k] chosen by a predicate, else the list. */
export function inEscalationList(list: 'triggers' | 'chain', match: (item: unknown, index: number) => boolean, ...rest: Seg[]): YamlRef {
  return (ctx) => {
    const items = ctx.runbook.escalation[list] as unknown[];
    const index = items.findIndex(match);
    return index < 0 ? ['escalation', list] : ['escalation', list, index, ...rest];
  };
}

/**
 * A numeric bound: `replicas` min/max come from envelope.replicas, its maxStep from envelope.maxStep,
 * unless only a `limits` entry bounds it; every other parameter from its `limits` entry.
 */
export function numericBound(parameter: string, bound: 'min' | 'max' | 'maxStep' | null): YamlRef {
  return (ctx) => {
    if (ctx.action === null) return ['actions'];
    const base = ['actions', ctx.action, 'envelope'];
    const envelope = ctx.runbook.actions[ctx.action]?.envelope;
    if (!envelope) return base;
    if (parameter === 'replicas') {
      if (bound === 'maxStep' && envelope.maxStep !== undefined) return [...base, 'maxStep'];
      if ((bound === 'min' || bound === 'max') && envelope.replicas?.[bound] !== undefined) return [...base, 'replicas', bound];
      if (bound === null && envelope.replicas) return [...base, 'replicas'];
    }
    const index = (envelope.limits ?? []).findIndex((l) => l.parameter === parameter && (bound === null || l[bound] !== undefined));
    if (index >= 0) return bound === null ? [...base, 'limits', index] : [...base, 'limits', index, bound];
    if (parameter === 'replicas' && envelope.replicas) return [...base, 'replicas'];
    return base;
  };
}

function dig(value: unknown, path: Seg[]): unknown {
  let v = value;
  for (const seg of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[seg];
  }
  return v;
}

/** `actions[0].envelope.replicas.max` */
export function pathText(path: readonly Seg[]): string {
  let out = '';
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : out === '' ? seg : `.${seg}`;
  return out;
}
