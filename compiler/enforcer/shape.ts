// The structural check of a parsed bundle: every field the enforcer reads has the type it expects,
// every reference resolves (a rule's runbook and actors, a contact id in its runbook, a grant's
// rule, an actor's model pin for the runbook), and the grant index holds exactly the (actor,
// service) pairs its rules name. A bundle that fails it is corrupt (deny everything): a correct
// digest only proves the bytes are the ones the compiler wrote, not that they are usable.

import { grantKey, splitRuleId } from '../bundle/types.js';
import { Checker } from './shape-checker.js';
import {
  AI_ROLES, CONTACT_KINDS, DAYS, GATES, isDate, isId, isObj, nonEmptyString, ON, ON_TIMEOUT, OUTSIDE, SEVERITIES, TIME, WHEN, type Obj,
} from './shape-vocab.js';

const CONTACT = 'a contact of its runbook';

const stringElement = (v: unknown, c: Checker): void => c.self(v, nonEmptyString, 'must be a non-empty string');
const idElement = (v: unknown, c: Checker): void => c.self(v, isId, 'must be an id (kebab-case, 2 to 64 characters)');
const ID_TEXT = 'must be an id (kebab-case, 2 to 64 characters)';

function person(c: Checker, o: Obj, key: string): void {
  c.obj(o, key, (p) => {
    c.str(p, 'name');
    c.str(p, 'email');
    c.str(p, 'chat', true);
  });
}

function contacts(c: Checker, rb: Obj): void {
  c.obj(rb, 'contacts', (all) => {
    for (const id of Object.keys(all)) {
      if (!isId(id)) c.fail(id, `is not a contact id: a key ${ID_TEXT}`);
      c.obj(all, id, (v) => {
        c.str(v, 'name');
        c.oneOf(v, 'kind', CONTACT_KINDS);
        c.str(v, 'email', true);
        c.str(v, 'pager', true);
        c.str(v, 'chat', true);
        c.str(v, 'phone', true);
      });
    }
  });
}

function escalation(c: Checker, rb: Obj, known: Obj): void {
  c.obj(rb, 'escalation', (e) => {
    c.arr(e, 'triggers', (t, cc) => {
      if (!isObj(t)) return void cc.fail(null, 'must be an object');
      cc.oneOf(t, 'on', ON);
      cc.int(t, 'count', 1, true);
      cc.num(t, 'windowSeconds', 0, Infinity, true);
      cc.ref(t, 'to', known, CONTACT, true);
    });
    const chain = c.arr(e, 'chain', (l, cc) => {
      if (!isObj(l)) return void cc.fail(null, 'must be an object');
      cc.ref(l, 'contact', known, CONTACT);
      cc.num(l, 'ackWithinSeconds', 0);
    });
    if (chain !== null && chain.length === 0) c.fail('chain', 'must name at least one contact');
  });
}

function runbook(c: Checker, id: string, rb: Obj): void {
  if (!isId(id)) c.fail(null, `is not a runbook id: a key ${ID_TEXT}`);
  c.str(rb, 'title');
  person(c, rb, 'owner');
  c.arr(rb, 'services', idElement, false, 1);
  c.arr(rb, 'actions', idElement);
  c.obj(rb, 'approval', (a) => {
    person(c, a, 'approvedBy');
    c.match(a, 'approvedOn', isDate, 'a calendar date YYYY-MM-DD');
    c.str(a, 'ticket');
    c.match(a, 'expiresOn', isDate, 'a calendar date YYYY-MM-DD');
  });
  c.obj(rb, 'audit', (a) => c.num(a, 'retentionDays', 0), true);
  contacts(c, rb);
  escalation(c, rb, isObj(rb.contacts) ? rb.contacts : {});
}

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
    for (const name of Object.keys(sets)) c.arr(sets, name, stringElement, false, 1);
  });
  c.obj(e, 'maxSpendPerEvent', (s) => {
    c.num(s, 'amount', 0);
    c.str(s, 'currency');
  }, true);
  c.num(e, 'cooldownSeconds', 0, Infinity, true);
  c.oneOf(e, 'outside', OUTSIDE);
  c.num(e, 'farOutsideMargin', 0);
}

function safeguards(c: Checker, r: Obj): void {
  c.obj(r, 'evidence', (e) => {
    c.arr(e, 'signals', stringElement, false, 1);
    c.int(e, 'minIndependent', 1);
    c.num(e, 'maxAgeSeconds', 0);
    c.num(e, 'minConfidence', 0, 1, true);
  }, true);
  c.arr(r, 'contextChecks', (q, cc) => {
    if (!isObj(q)) return void cc.fail(null, 'must be an object');
    cc.str(q, 'id');
    cc.str(q, 'question');
  });
  c.obj(r, 'changeWindows', (w) => {
    c.str(w, 'timezone');
    c.arr(w, 'allowed', (a, cc) => {
      if (!isObj(a)) return void cc.fail(null, 'must be an object');
      cc.arr(a, 'days', (d, ccc) => ccc.self(d, (x) => typeof x === 'string' && DAYS.has(x), 'must be a weekday mon … sun'), false, 1);
      cc.match(a, 'from', TIME, 'a time HH:MM');
      cc.match(a, 'to', TIME, 'a time HH:MM');
    });
    c.arr(w, 'freezes', (f, cc) => {
      if (!isObj(f)) return void cc.fail(null, 'must be an object');
      cc.match(f, 'from', isDate, 'a calendar date YYYY-MM-DD');
      cc.match(f, 'to', isDate, 'a calendar date YYYY-MM-DD');
      cc.str(f, 'reason');
    });
    c.oneOf(w, 'severityException', SEVERITIES, true);
  }, true);
  c.obj(r, 'canary', (k) => {
    c.num(k, 'durationSeconds', 0);
    c.arr(k, 'success', conditionElement, false, 1);
  }, true);
}

function rule(c: Checker, id: string, r: Obj, runbooks: Obj, pinned: ReadonlyMap<string, ReadonlySet<unknown>>): void {
  for (const k of ['title', 'category', 'blastRadius']) c.str(r, k);
  const [runbookId, action] = splitRuleId(id);
  if (!isId(runbookId) || !isId(action)) return void c.fail(null, `is not a rule key <runbook>#<action> of two ids (${ID_TEXT.replace('must be an id ', '')})`);
  const rb = Object.hasOwn(runbooks, runbookId) ? runbooks[runbookId] : undefined;
  if (!isObj(rb)) return void c.fail(null, `names runbook ${runbookId}, which the bundle does not hold`);
  const known = isObj(rb.contacts) ? rb.contacts : {};
  c.oneOf(r, 'aiRole', AI_ROLES);
  c.oneOf(r, 'gate', GATES);
  c.arr(r, 'actors', (a, cc) => {
    if (!(typeof a === 'string' && pinned.get(a)?.has(runbookId) === true)) cc.fail(null, 'must name an actor the bundle holds with a model pin for the rule\'s runbook');
  });
  c.arr(r, 'services', idElement, false, 1);
  c.match(r, 'expiresOn', isDate, 'a calendar date YYYY-MM-DD');
  c.obj(r, 'veto', (v) => {
    c.num(v, 'windowSeconds', 0);
    c.arr(v, 'notify', (x, cc) => cc.self(x, (y) => typeof y === 'string' && Object.hasOwn(known, y), `must name ${CONTACT}`), false, 1);
  }, true);
  c.obj(r, 'approval', (a) => {
    c.arr(a, 'approvers', (x, cc) => cc.self(x, (y) => typeof y === 'string' && Object.hasOwn(known, y), `must name ${CONTACT}`), false, 1);
    c.int(a, 'count', 1);
    c.bool(a, 'justification');
    c.num(a, 'timeoutSeconds', 0, Infinity, true);
    c.oneOf(a, 'onTimeout', ON_TIMEOUT);
  }, true);
  c.obj(r, 'envelope', (e) => envelope(c, e));
  safeguards(c, r);
  c.obj(r, 'rollback', (x) => {
    c.arr(x, 'triggers', conditionElement, false, 1);
    c.str(x, 'action');
    c.ref(x, 'owner', known, CONTACT);
    c.bool(x, 'automatic');
  }, true);
}

/**
 * The grant index holds exactly the (actor, service) pairs its rules name, each filed under
 * `<actor>|<action>|<service>` and naming its rule: every named key maps to its rule, and there
 * are no other keys (equal counts). Driven by the rules, so no key is split apart.
 */
function index(c: Checker, grants: Obj, rules: Obj): void {
  let named = 0;
  for (const id of Object.keys(rules)) {
    const r = rules[id];
    if (!isObj(r) || !Array.isArray(r.actors) || !Array.isArray(r.services)) continue; // reported with the rule
    const action = splitRuleId(id)[1];
    for (const actor of r.actors) {
      for (const service of r.services) {
        named++;
        if (typeof actor !== 'string' || typeof service !== 'string') continue; // reported with the rule
        const key = grantKey(actor, action, service);
        if (grants[key] !== id || !Object.hasOwn(grants, key)) {
          c.fail(key, `must name rule ${id}, which grants it`);
          if (c.full()) return;
        }
      }
    }
  }
  const found = Object.keys(grants).length;
  if (found !== named) c.fail(null, `must hold exactly one grant for each actor and service its rules name (${named}); found ${found}`);
}

/** Problems with a parsed bundle's structure (empty when usable), at most ten of them. */
export function checkBundleShape(b: Obj): string[] {
  const c = new Checker();
  if (b.revision !== null) c.str(b, 'revision');
  c.str(b, 'generatedAt', true);
  const runbooks = isObj(b.runbooks) ? b.runbooks : {};
  const rules = isObj(b.rules) ? b.rules : {};
  c.obj(b, 'runbooks', (all) => {
    for (const id of Object.keys(all)) {
      if (c.full()) break;
      c.obj(all, id, (rb) => runbook(c, id, rb));
    }
  });
  // actor → the runbooks it holds a model pin for, for the rules' actor references.
  const pinned = new Map<string, Set<unknown>>();
  c.obj(b, 'actors', (all) => {
    for (const id of Object.keys(all)) {
      if (c.full()) break;
      const runbooksPinned = new Set<unknown>();
      pinned.set(id, runbooksPinned);
      c.obj(all, id, (a) => {
        if (!isId(id)) c.fail(null, `is not an actor id: a key ${ID_TEXT}`);
        person(c, a, 'owner');
        c.arr(a, 'pins', (p, cc) => {
          if (!isObj(p)) return void cc.fail(null, 'must be an object');
          cc.ref(p, 'runbook', runbooks, 'a runbook the bundle holds');
          // One pin per runbook: with two, readers could disagree on which model holds the grant.
          if (runbooksPinned.has(p.runbook)) cc.fail('runbook', 'is pinned twice; an actor has one model pin per runbook');
          runbooksPinned.add(p.runbook);
          cc.obj(p, 'model', (m) => {
            cc.str(m, 'name');
            cc.str(m, 'version');
          });
        }, false, 1);
      });
    }
  });
  c.obj(b, 'rules', (all) => {
    for (const id of Object.keys(all)) {
      if (c.full()) break;
      c.obj(all, id, (r) => rule(c, id, r, runbooks, pinned));
    }
  });
  if (!c.full()) c.obj(b, 'grants', (all) => index(c, all, rules));
  return c.errors;
}
