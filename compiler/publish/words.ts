// Policy in plain words, for a responder reading at 3 AM: durations, gates, roles, conditions.
// Every sentence is built from resolved bundle data, so it says what enforcers will do.

import type { BundleCondition, BundleContact, BundleEnvelope, Grant } from '../bundle/types.js';
import type { AiRole, Gate } from '../language/runbook.js';

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** 600 → "10 min", 5400 → "1 h 30 min", 7776000 → "90 days". */
export function duration(seconds: number): string {
  if (seconds <= 0) return '0 s';
  if (seconds >= DAY && seconds % DAY === 0) return plural(seconds / DAY, 'day');
  const parts: string[] = [];
  let rest = seconds;
  if (rest >= DAY) {
    parts.push(plural(Math.floor(rest / DAY), 'day'));
    rest %= DAY;
  }
  if (rest >= HOUR) {
    parts.push(`${Math.floor(rest / HOUR)} h`);
    rest %= HOUR;
  }
  if (rest >= MINUTE) {
    parts.push(`${Math.floor(rest / MINUTE)} min`);
    rest %= MINUTE;
  }
  if (rest > 0) parts.push(`${rest} s`);
  return parts.join(' ');
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** "A", "A or B", "A, B or C" (or "and"). */
export function listWords(items: readonly string[], conjunction: 'or' | 'and' = 'or'): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items[items.length - 1]}`;
}

export function contactNames(contacts: readonly BundleContact[]): string[] {
  return contacts.map((c) => c.name);
}

export const AI_ROLE_TEXT: Record<AiRole, string> = {
  execute: 'May execute',
  draft: 'Drafts only',
  recommend: 'Recommends only',
  prohibited: 'Takes no part',
};

export const GATE_NAMES: Record<Gate, string> = {
  autonomous: 'Autonomous',
  notify: 'Notify (veto window)',
  approve: 'Approval',
  'human-executes': 'Human executes',
  'change-board': 'Change board',
};

export interface GateWords {
  /** Short: what the AI may do. */
  text: string;
  /** How it works. */
  detail: string;
  /** What the human does. */
  human: string;
}

type GateInput = Pick<Grant, 'gate' | 'aiRole' | 'veto' | 'approval'>;

/** The gate of one action in plain words. */
export function gateWords(g: GateInput): GateWords {
  switch (g.gate) {
    case 'autonomous':
      return {
        text: 'Acts on its own',
        detail: 'The AI acts without asking, inside the envelope; every decision is logged and reviewed afterwards.',
        human: 'Reviews decisions afterwards',
      };
    case 'notify': {
      const window = g.veto ? duration(g.veto.windowSeconds) : undefined;
      const who = g.veto ? listWords(contactNames(g.veto.notify)) : '';
      return {
        text: window ? `Acts unless vetoed within ${window}` : 'Acts unless vetoed',
        detail: window
          ? `The AI announces the change to ${who} and goes ahead unless one of them vetoes within ${window}.`
          : 'The AI announces the change and goes ahead unless a human vetoes it.',
        human: window ? `Can veto within ${window}: ${who}` : 'Can veto',
      };
    }
    case 'approve': {
      const who = approverWords(g.approval);
      const a = g.approval;
      let detail = `Blocked until ${who ?? 'a named human'} approves${a?.justification ?? true ? ', with a written justification' : ''}.`;
      if (a?.timeoutSeconds !== undefined) {
        detail += ` Without an answer within ${duration(a.timeoutSeconds)} it is ${a.onTimeout === 'escalate' ? 'escalated' : 'denied'}.`;
      }
      return {
        text: who ? `Needs approval from ${who}` : 'Needs approval',
        detail,
        human: who ? `Approves: ${who}` : 'Approves',
      };
    }
    case 'human-executes':
      return {
        text: 'A human performs it',
        detail: {
          execute: 'A person carries it out.',
          draft: 'The AI may draft it; a person checks the draft and carries it out.',
          recommend: 'The AI may only recommend; a person decides and carries it out.',
          prohibited: 'The AI takes no part; a person does it.',
        }[g.aiRole],
        human: 'Performs it',
      };
    case 'change-board':
      return {
        text: 'Needs the change board',
        detail: `Decided by the change review board; the AI ${
          { execute: 'executes only once the board has approved', draft: 'may only draft the change', recommend: 'may only recommend', prohibited: 'takes no part' }[g.aiRole]
        }.`,
        human: 'Change board decides',
      };
  }
}

/** "Priya Raman", "Priya Raman or Platform Engineering", "2 of Ana, Ben and Cy". */
export function approverWords(approval: Grant['approval']): string | undefined {
  if (!approval || approval.approvers.length === 0) return undefined;
  const names = contactNames(approval.approvers);
  if (approval.count <= 1) return listWords(names, 'or');
  if (approval.count >= names.length) return listWords(names, 'and');
  return `${approval.count} of ${listWords(names, 'and')}`;
}

/** A number with the signal's unit, leaving out units that read badly ("ratio"). */
function valueWithUnit(value: number, unit: string | undefined): string {
  if (!unit || unit === 'ratio' || unit === 'count') return String(value);
  if (unit === '%' || unit === 'percent') return `${value} %`;
  return `${value} ${unit}`;
}

/** "checkout-api 5xx ratio above 0.02 for 3 consecutive 1 min intervals". */
export function conditionWords(c: BundleCondition, signals: ReadonlyMap<string, { name: string; unit: string }>): string {
  const signal = signals.get(c.signal);
  const name = signal?.name ?? c.signal;
  const change = (word: string) => `${word} ${formatNumber(c.threshold * 100)} %`;
  const what = {
    above: `above ${valueWithUnit(c.threshold, signal?.unit)}`,
    below: `below ${valueWithUnit(c.threshold, signal?.unit)}`,
    'rises-by': change('rises by'),
    'falls-by': change('falls by'),
  }[c.when];
  const interval = duration(c.intervalSeconds);
  const span = c.intervals <= 1 ? `for ${interval}` : `for ${c.intervals} consecutive ${interval} intervals`;
  return `${name} ${what} ${span}`;
}

function formatNumber(n: number): string {
  return String(Math.round(n * 1000) / 1000);
}

const OUTSIDE_WORDS: Record<BundleEnvelope['outside'], string> = {
  approve: 'needs approval',
  'human-executes': 'a human performs it',
  'change-board': 'goes to the change board',
  deny: 'is denied',
};

/** The envelope's bounds, one line each. */
export function envelopeLines(e: BundleEnvelope): string[] {
  const lines: string[] = [];
  for (const [parameter, b] of Object.entries(e.numeric)) {
    const unit = b.unit ? ` ${b.unit}` : '';
    let range: string;
    if (b.min !== undefined && b.max !== undefined) range = `between ${b.min} and ${b.max}${unit}`;
    else if (b.min !== undefined) range = `at least ${b.min}${unit}`;
    else if (b.max !== undefined) range = `at most ${b.max}${unit}`;
    else range = '';
    const step = b.maxStep !== undefined ? `${range ? ', ' : ''}at most ${b.maxStep}${unit} per step` : '';
    lines.push(`${parameter}: ${range}${step}`);
  }
  const setNames: Record<string, string> = { region: 'Regions', instanceType: 'Instance types', dataClassification: 'Data classifications' };
  for (const [parameter, values] of Object.entries(e.sets)) {
    lines.push(`${setNames[parameter] ?? parameter}: ${values.join(', ')}`);
  }
  if (e.maxSpendPerEvent) lines.push(`At most ${e.maxSpendPerEvent.amount} ${e.maxSpendPerEvent.currency} per event`);
  if (e.cooldownSeconds !== undefined) lines.push(`At least ${duration(e.cooldownSeconds)} between changes`);
  return lines;
}

/** What happens outside the envelope, or undefined when the envelope sets no bounds. */
export function outsideWords(e: BundleEnvelope): string | undefined {
  const bounded = Object.keys(e.numeric).length > 0 || Object.keys(e.sets).length > 0 || e.maxSpendPerEvent !== undefined;
  if (!bounded) return undefined;
  const far = Object.keys(e.numeric).length > 0 ? `; more than ${formatNumber(e.farOutsideMargin * 100)} % past a limit is denied and escalated` : '';
  return `Outside these bounds it ${OUTSIDE_WORDS[e.outside]}${far}.`;
}

export function evidenceLines(
  evidence: Grant['evidence'],
  signals: ReadonlyMap<string, { name: string }>,
): string[] {
  if (!evidence) return [];
  const names = evidence.signals.map((s) => signals.get(s)?.name ?? s);
  const n = evidence.signals.length;
  const lines = [
    evidence.minIndependent >= n
      ? `${n === 1 ? 'The signal' : `All ${n} signals`}: ${names.join('; ')}`
      : `At least ${evidence.minIndependent} of ${n} independent signals: ${names.join('; ')}`,
    `No older than ${duration(evidence.maxAgeSeconds)}`,
  ];
  if (evidence.minConfidence !== undefined) lines.push(`Model confidence at least ${evidence.minConfidence}`);
  return lines;
}

const DAY_NAMES: Record<string, string> = { mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat', sun: 'Sun' };
const WEEK = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** "Mon–Fri", "Mon, Wed", "every day". */
export function dayWords(days: readonly string[]): string {
  const norm = days.map((d) => d.toLowerCase().slice(0, 3));
  const idx = [...new Set(norm.map((d) => WEEK.indexOf(d)))].filter((i) => i >= 0).sort((a, b) => a - b);
  if (idx.length === 7) return 'Every day';
  const contiguous = idx.length > 2 && idx.every((v, i) => i === 0 || v === idx[i - 1]! + 1);
  if (contiguous) return `${DAY_NAMES[WEEK[idx[0]!]!]}–${DAY_NAMES[WEEK[idx[idx.length - 1]!]!]}`;
  return idx.length ? idx.map((i) => DAY_NAMES[WEEK[i]!]).join(', ') : days.join(', ');
}

export function changeWindowLines(w: Grant['changeWindows']): string[] {
  if (!w) return [];
  const lines: string[] = [];
  if (w.allowed.length === 0) lines.push(`Any time (${w.timezone})`);
  for (const a of w.allowed) lines.push(`${dayWords(a.days)} ${a.from}–${a.to} (${w.timezone})`);
  for (const f of w.freezes) lines.push(`Frozen ${f.from} to ${f.to}: ${f.reason}`);
  if (w.severityException) lines.push(`${w.severityException} incidents or worse may act outside these windows`);
  return lines;
}

export function canaryLines(c: Grant['canary'], signals: ReadonlyMap<string, { name: string; unit: string }>): string[] {
  if (!c) return [];
  const head = `Canary for ${duration(c.durationSeconds)}${c.scope ? ` on ${c.scope}` : ''}`;
  return [head, ...c.success.map((s) => `Success: ${conditionWords(s, signals)}`)];
}

const ESCALATION_ON: Record<string, string> = {
  'stale-telemetry': 'Telemetry is stale',
  'inconsistent-telemetry': 'Signals contradict each other',
  'model-disagreement': 'Models disagree',
  'out-of-distribution': 'Input looks unlike anything the model was trained on',
  'low-confidence': 'Model confidence is below the threshold',
  'model-version-mismatch': 'The model version differs from the pin',
  'policy-boundary': 'A request hits the edge of the policy',
  'policy-expired': 'The policy approval has expired',
  'repeated-overrides': 'Humans keep overriding the AI',
  flapping: 'The recommendation keeps flipping',
  'envelope-breach': 'A request falls outside the envelope',
};

export function escalationTriggerWords(t: { on: string; count?: number; windowSeconds?: number }): string {
  let text = ESCALATION_ON[t.on] ?? t.on;
  if (t.count !== undefined && t.windowSeconds !== undefined) text += ` (${t.count} times in ${duration(t.windowSeconds)})`;
  else if (t.count !== undefined) text += ` (${t.count} times)`;
  else if (t.windowSeconds !== undefined) text += ` (within ${duration(t.windowSeconds)})`;
  return text;
}
