// The structural check of a parsed bundle: every field the enforcer reads has the type it expects,
// and every grant is filed under its own key. A bundle that fails it is corrupt (deny everything):
// a correct digest only proves the bytes are the ones the compiler wrote, not that they are usable.
// It runs over every grant at load, so it keeps the path of the value being checked as a stack of
// segments and builds a path string only when something is wrong.

import { grantKey } from '../bundle/types.js';

const MAX_ERRORS = 10;
const set = (...v: string[]): ReadonlySet<string> => new Set(v);
const GATES = set('autonomous', 'notify', 'approve', 'human-executes', 'change-board');
const AI_ROLES = set('recommend', 'draft', 'execute', 'prohibited');
const OUTSIDE = set('approve', 'human-executes', 'change-board', 'deny');
const ON_TIMEOUT = set('deny', 'escalate');
const CONTACT_KINDS = set('person', 'rotation', 'team', 'channel', 'board');
const ON = set(
  'stale-telemetry', 'inconsistent-telemetry', 'model-disagreement', 'out-of-distribution', 'low-confidence',
  'model-version-mismatch', 'policy-boundary', 'policy-expired', 'repeated-overrides', 'flapping', 'envelope-breach',
);
const DAYS = set('mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun');
const SEVERITIES = set('sev1', 'sev2', 'sev3', 'sev4', 'sev5');
const WHEN = set('above', 'below', 'rises-by', 'falls-by');
const DATE = /^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/;
const TIME = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;

type Obj = Record<string, unknown>;
type Seg = string | number;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

class Checker {
  readonly errors: string[] = [];
  private readonly path: Seg[] = [];

  fail(seg: Seg | null, what: string): false {
    if (this.errors.length < MAX_ERRORS) {
      const segs = seg === null ? this.path : [...this.path, seg];
      this.errors.push(`/${segs.join('/')} ${what}`);
    }
    return false;
  }
  full(): boolean {
    return this.errors.length >= MAX_ERRORS;
  }
  /** Check `o[key]` is an object and run `body` inside it (when present, if optional). */
  obj(o: Obj, key: string, body: (v: Obj) => void, optional = false): void {
    const v = o[key];
    if (v === undefined && optional) return;
    if (!isObj(v)) {
      this.fail(key, 'must be an object');
      return;
    }
    this.path.push(key);
    body(v);
    this.path.pop();
  }
  /** Check `o[key]` is an array and run `each` on its elements. */
  arr(o: Obj, key: string, each: ((v: unknown, c: Checker) => void) | null, optional = false): unknown[] | null {
    const v = o[key];
    if (v === undefined && optional) return null;
    if (!Array.isArray(v)) {
      this.fail(key, 'must be an array');
      return null;
    }
    if (each) {
      this.path.push(key);
      for (let i = 0; i < v.length; i++) {
        this.path.push(i);
        each(v[i], this);
        this.path.pop();
      }
      this.path.pop();
    }
    return v;
  }
  str(o: Obj, key: string, optional = false): void {
    const v = o[key];
    if (optional && v === undefined) return;
    if (!(typeof v === 'string' && v.length > 0)) this.fail(key, 'must be a non-empty string');
  }
  num(o: Obj, key: string, min = -Infinity, max = Infinity, optional = false): void {
    const v = o[key];
    if (optional && v === undefined) return;
    if (!(typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max)) this.fail(key, `must be a number from ${min} to ${max}`);
  }
  int(o: Obj, key: string, min: number, optional = false): void {
    const v = o[key];
    if (optional && v === undefined) return;
    if (!(Number.isInteger(v) && (v as number) >= min)) this.fail(key, `must be a whole number, at least ${min}`);
  }
  bool(o: Obj, key: string): void {
    if (typeof o[key] !== 'boolean') this.fail(key, 'must be true or false');
  }
  oneOf(o: Obj, key: string, allowed: ReadonlySet<string>, optional = false): void {
    const v = o[key];
    if (optional && v === undefined) return;
    if (!(typeof v === 'string' && allowed.has(v))) this.fail(key, `must be one of ${[...allowed].join(', ')}`);
  }
  match(o: Obj, key: string, re: RegExp, what: string): void {
    const v = o[key];
    if (!(typeof v === 'string' && re.test(v))) this.fail(key, `must be ${what}`);
  }
  /** The element being visited by arr() is itself checked. */
  self(v: unknown, check: (v: unknown) => boolean, what: string): void {
    if (!check(v)) this.fail(null, what);
  }
}

const nonEmptyString = (v: unknown): boolean => typeof v === 'string' && v.length > 0;

function person(c: Checker, o: Obj, key: string): void {
  c.obj(o, key, (p) => {
    c.str(p, 'name');
    c.str(p, 'email');
    c.str(p, 'chat', true);
  });
}

function contactBody(c: Checker, v: Obj): void {
  c.str(v, 'id');
  c.str(v, 'name');
  c.oneOf(v, 'kind', CONTACT_KINDS);
  c.str(v, 'email', true);
  c.str(v, 'pager', true);
  c.str(v, 'chat', true);
  c.str(v, 'phone', true);
}

const contactElement = (v: unknown, c: Checker): void => {
  if (isObj(v)) contactBody(c, v);
  else c.fail(null, 'must be a contact');
};

const stringElement = (v: unknown, c: Checker): void => c.self(v, nonEmptyString, 'must be a non-empty string');

const conditionElement = (v: unknown, c: Checker): void => {
  if (!isObj(v)) return void c.fail(null, 'must be a condition');
  c.str(v, 'id');
  c.str(v, 'signal');
  c.oneOf(v, 'when', WHEN);
  c.num(v, 'threshold');
  c.int(v, 'intervals', 1);
  c.num(v, 'intervalSeconds', 0);
};

function envelope(c: Checker, e: Obj): void {
  c.obj(e, 'numeric', (numeric) => {
    for (const name of Object.keys(numeric)) {
      c.obj(numeric, name, (b) => {
        c.num(b, 'min', -Infinity, Infinity, true);
        c.num(b, 'max', -Infinity, Infinity, true);
        c.num(b, 'maxStep', 0, Infinity, true);
        c.str(b, 'unit', true);
      });
    }
  });
  c.obj(e, 'sets', (sets) => {
    for (const name of Object.keys(sets)) c.arr(sets, name, stringElement);
  });
  c.obj(e, 'maxSpendPerEvent', (s) => {
    c.num(s, 'amount', 0);
    c.str(s, 'currency');
  }, true);
  c.num(e, 'cooldownSeconds', 0, Infinity, true);
  c.oneOf(e, 'outside', OUTSIDE);
  c.num(e, 'farOutsideMargin', 0);
}

function grant(c: Checker, key: string, g: Obj, runbooks: Obj, actors: Obj): void {
  for (const k of ['key', 'actor', 'action', 'service', 'runbook', 'rule', 'title', 'category', 'blastRadius']) c.str(g, k);
  if (g.key !== key || key !== grantKey(String(g.actor), String(g.action), String(g.service))) {
    c.fail(null, 'is not filed under its own key <actor>|<action>|<service>');
  }
  if (typeof g.runbook === 'string' && !Object.hasOwn(runbooks, g.runbook)) c.fail('runbook', 'names a runbook the bundle does not hold');
  if (typeof g.actor === 'string' && !Object.hasOwn(actors, g.actor)) c.fail('actor', 'names an actor the bundle does not hold');
  c.oneOf(g, 'aiRole', AI_ROLES);
  c.oneOf(g, 'gate', GATES);
  c.obj(g, 'model', (m) => {
    c.str(m, 'name');
    c.str(m, 'version');
  });
  c.match(g, 'expiresOn', DATE, 'a date YYYY-MM-DD');
  c.obj(g, 'veto', (v) => {
    c.num(v, 'windowSeconds', 0);
    c.arr(v, 'notify', contactElement);
  }, true);
  c.obj(g, 'approval', (a) => {
    c.arr(a, 'approvers', contactElement);
    c.int(a, 'count', 1);
    c.bool(a, 'justification');
    c.num(a, 'timeoutSeconds', 0, Infinity, true);
    c.oneOf(a, 'onTimeout', ON_TIMEOUT);
  }, true);
  c.obj(g, 'envelope', (e) => envelope(c, e));
  c.obj(g, 'evidence', (e) => {
    c.arr(e, 'signals', stringElement);
    c.int(e, 'minIndependent', 1);
    c.num(e, 'maxAgeSeconds', 0);
    c.num(e, 'minConfidence', 0, 1, true);
  }, true);
  c.arr(g, 'contextChecks', (q, cc) => {
    if (!isObj(q)) return void cc.fail(null, 'must be an object');
    cc.str(q, 'id');
    cc.str(q, 'question');
  });
  c.obj(g, 'changeWindows', (w) => {
    c.str(w, 'timezone');
    c.arr(w, 'allowed', (a, cc) => {
      if (!isObj(a)) return void cc.fail(null, 'must be an object');
      cc.arr(a, 'days', (d, ccc) => ccc.self(d, (x) => typeof x === 'string' && DAYS.has(x), 'must be a weekday mon … sun'));
      cc.match(a, 'from', TIME, 'a time HH:MM');
      cc.match(a, 'to', TIME, 'a time HH:MM');
    });
    c.arr(w, 'freezes', (f, cc) => {
      if (!isObj(f)) return void cc.fail(null, 'must be an object');
      cc.match(f, 'from', DATE, 'a date YYYY-MM-DD');
      cc.match(f, 'to', DATE, 'a date YYYY-MM-DD');
      cc.str(f, 'reason');
    });
    c.oneOf(w, 'severityException', SEVERITIES, true);
  }, true);
  c.obj(g, 'canary', (k) => {
    c.num(k, 'durationSeconds', 0);
    c.arr(k, 'success', conditionElement);
  }, true);
  c.obj(g, 'rollback', (r) => {
    c.arr(r, 'triggers', conditionElement);
    c.str(r, 'action');
    c.obj(r, 'owner', (o) => contactBody(c, o));
    c.bool(r, 'automatic');
  }, true);
  c.obj(g, 'escalation', (e) => {
    c.arr(e, 'triggers', (t, cc) => {
      if (!isObj(t)) return void cc.fail(null, 'must be an object');
      cc.oneOf(t, 'on', ON);
      cc.int(t, 'count', 1, true);
      cc.num(t, 'windowSeconds', 0, Infinity, true);
      cc.obj(t, 'to', (o) => contactBody(cc, o), true);
    });
    const chain = c.arr(e, 'chain', (l, cc) => {
      if (!isObj(l)) return void cc.fail(null, 'must be an object');
      cc.obj(l, 'contact', (o) => contactBody(cc, o));
      cc.num(l, 'ackWithinSeconds', 0);
    });
    if (chain !== null && chain.length === 0) c.fail('chain', 'must name at least one contact');
  });
}

/** Problems with a parsed bundle's structure (empty when usable), at most MAX_ERRORS of them. */
export function checkBundleShape(b: Obj): string[] {
  const c = new Checker();
  if (b.revision !== null) c.str(b, 'revision');
  c.str(b, 'generatedAt', true);
  const runbooks = isObj(b.runbooks) ? b.runbooks : {};
  const actors = isObj(b.actors) ? b.actors : {};
  c.obj(b, 'runbooks', (all) => {
    for (const id of Object.keys(all)) {
      if (c.full()) break;
      c.obj(all, id, (rb) => {
        if (rb.id !== id) c.fail('id', 'must equal its key');
        c.str(rb, 'title');
        person(c, rb, 'owner');
        c.arr(rb, 'services', stringElement);
        c.obj(rb, 'approval', (a) => {
          person(c, a, 'approvedBy');
          c.match(a, 'approvedOn', DATE, 'a date YYYY-MM-DD');
          c.str(a, 'ticket');
          c.match(a, 'expiresOn', DATE, 'a date YYYY-MM-DD');
        });
        c.obj(rb, 'audit', (a) => c.num(a, 'retentionDays', 0), true);
      });
    }
  });
  c.obj(b, 'actors', (all) => {
    for (const id of Object.keys(all)) {
      if (c.full()) break;
      c.obj(all, id, (a) => {
        if (a.id !== id) c.fail('id', 'must equal its key');
        person(c, a, 'owner');
      });
    }
  });
  c.obj(b, 'grants', (all) => {
    for (const key of Object.keys(all)) {
      if (c.full()) break;
      c.obj(all, key, (g) => grant(c, key, g, runbooks, actors));
    }
  });
  return c.errors;
}
