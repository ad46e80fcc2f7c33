// One runbook page's data: the validated frontmatter for who and what, the bundle's grants for
// the resolved policy (defaults filled, contacts resolved), and the sanitized body.

import { grantKey, ruleId, type Bundle, type BundleContact, type Grant } from '../bundle/types.js';
import { escalationView, grantView } from '../bundle/view.js';
import type { CheckedRunbook } from '../check/types.js';
import type { Contact } from '../language/runbook.js';
import { parseDuration } from '../util/duration.js';
import type { MarkdownRenderer } from './markdown.js';
import type { ApprovalStatus, Commit, SiteAction, SiteContact, SiteRunbook } from './types.js';
import {
  AI_ROLE_TEXT, canaryLines, changeWindowLines, conditionWords, duration, envelopeLines, escalationTriggerWords,
  evidenceLines, gateWords, outsideWords,
} from './words.js';

/** The runbook page's own sections and their preferred anchors. */
export const SECTIONS = {
  ai: 'what-the-ai-may-do',
  escalation: 'escalation-chain',
  escalateWhen: 'escalate-when',
  communication: 'communication',
  procedure: 'procedure',
  approval: 'approval-and-review',
  signals: 'signals',
} as const;

/** Ids the page layout uses outside the article. */
const LAYOUT_IDS = ['main', 'header-q'];

/**
 * Section anchors: the preferred ones, unless an action already has that id (actions keep
 * theirs: the bundle's rule `<runbook>#<action>` is the action's address on the page).
 */
export function sectionIds(actionIds: readonly string[]): Record<keyof typeof SECTIONS, string> {
  const taken = new Set([...actionIds, ...LAYOUT_IDS]);
  const out = {} as Record<keyof typeof SECTIONS, string>;
  for (const [key, preferred] of Object.entries(SECTIONS) as Array<[keyof typeof SECTIONS, string]>) {
    let id = preferred;
    for (let n = 1; taken.has(id); n++) id = `${preferred}-section${n > 1 ? `-${n}` : ''}`;
    taken.add(id);
    out[key] = id;
  }
  return out;
}

export interface RunbookContext {
  bundle: Bundle;
  md: MarkdownRenderer;
  today: string;
  expiringWithinDays: number;
  runbookIds: ReadonlyMap<string, string>;
  titles: ReadonlyMap<string, string>;
  history: ReadonlyMap<string, Commit[]>;
  fileUrl?: (path: string) => string;
  historyUrl?: (path: string) => string;
}

export function siteRunbook(checked: CheckedRunbook, body: string, ctx: RunbookContext): SiteRunbook {
  const rb = checked.runbook;
  const record = ctx.bundle.runbooks[rb.id];
  if (!record) throw new Error(`the bundle has no runbook '${rb.id}' (${checked.file}); publish needs the bundle compiled from the same runbooks`);
  const signals = new Map((rb.signals ?? []).map((s) => [s.id, { name: s.name, unit: s.unit }]));
  const contacts = new Map(rb.contacts.map((c) => [c.id, siteContact(c)]));
  const grantsOf = grantsByAction(ctx.bundle, rb.id);

  const actions = rb.actions.map((a): SiteAction => {
    const grants = grantsOf.get(a.id);
    if (!grants?.length) throw new Error(`the bundle has no grant for ${rb.id}#${a.id}; publish needs the bundle compiled from the same runbooks`);
    const g = grants[0]!;
    const words = gateWords(g);
    const actorIds = [...new Set(grants.map((x) => x.actor))];
    return {
      id: a.id,
      title: a.title,
      ...(a.description ? { description: a.description } : {}),
      category: g.category,
      blastRadius: g.blastRadius,
      aiRole: g.aiRole,
      aiRoleText: AI_ROLE_TEXT[g.aiRole],
      gate: g.gate,
      gateText: words.text,
      gateDetail: words.detail,
      humanRole: words.human,
      actors: actorIds.map((id) => {
        const declared = rb.actors?.find((x) => x.id === id);
        const grant = grants.find((x) => x.actor === id)!;
        return { id, name: declared?.name ?? id, model: grant.model };
      }),
      services: [...new Set(grants.map((x) => x.service))],
      envelope: envelopeLines(g.envelope),
      ...(outsideWords(g.envelope) ? { outside: outsideWords(g.envelope)! } : {}),
      evidence: evidenceLines(g.evidence, signals),
      contextChecks: g.contextChecks,
      changeWindows: changeWindowLines(g.changeWindows),
      canary: canaryLines(g.canary, signals),
      ...(g.rollback
        ? {
            rollback: {
              triggers: g.rollback.triggers.map((c) => conditionWords(c, signals)),
              action: g.rollback.action,
              owner: siteContact(g.rollback.owner),
              automatic: g.rollback.automatic,
            },
          }
        : {}),
      expiresOn: g.expiresOn,
    };
  });

  const escalation = escalationView(record);
  const daysLeft = daysBetween(ctx.today, record.approval.expiresOn);

  const actionIds = rb.actions.map((a) => a.id);
  const sections = sectionIds(actionIds);
  const rendered = ctx.md.body(body, {
    file: checked.file,
    runbookIds: ctx.runbookIds,
    reservedIds: [...actionIds, ...Object.values(sections), ...LAYOUT_IDS],
    ...(ctx.fileUrl ? { fileUrl: ctx.fileUrl } : {}),
  });

  const uniq = (xs: string[]) => [...new Set(xs)].sort();
  return {
    id: rb.id,
    title: rb.title,
    ...(rb.summary ? { summary: rb.summary } : {}),
    services: rb.services,
    tags: rb.tags ?? [],
    related: (rb.related ?? []).map((id) => (ctx.titles.has(id) ? { id, title: ctx.titles.get(id)! } : { id })),
    owner: rb.owner,
    reviewers: rb.reviewers ?? [],
    approval: {
      approvedBy: record.approval.approvedBy,
      approvedOn: record.approval.approvedOn,
      ticket: record.approval.ticket,
      reviewCycleDays: record.approval.reviewCycleDays,
      expiresOn: record.approval.expiresOn,
      status: approvalStatus(daysLeft, ctx.expiringWithinDays),
      daysLeft,
    },
    source: {
      path: checked.file,
      sha256: checked.sha256,
      ...(ctx.fileUrl ? { url: ctx.fileUrl(checked.file) } : {}),
      ...(ctx.historyUrl ? { historyUrl: ctx.historyUrl(checked.file) } : {}),
      commits: ctx.history.get(checked.file) ?? [],
    },
    contacts: [...contacts.values()],
    actors: (rb.actors ?? []).map((a) => ({
      id: a.id,
      name: a.name,
      kind: a.kind,
      ...(a.description ? { description: a.description } : {}),
      owner: a.owner,
      model: a.model,
    })),
    signals: (rb.signals ?? []).map((s) => ({ id: s.id, name: s.name, kind: s.kind, source: s.source, unit: s.unit })),
    actions,
    escalation: {
      chain: escalation.chain.map((l) => ({ contact: siteContact(l.contact), ackWithin: duration(l.ackWithinSeconds), ackWithinSeconds: l.ackWithinSeconds })),
      triggers: escalation.triggers.map((t) => ({ on: t.on, text: escalationTriggerWords(t), ...(t.to ? { to: siteContact(t.to) } : {}) })),
    },
    ...(rb.communication
      ? {
          communication: {
            updates: contacts.get(rb.communication.updates) ?? unknownContact(rb.communication.updates),
            approvesStatusMessages: contacts.get(rb.communication.approvesStatusMessages) ?? unknownContact(rb.communication.approvesStatusMessages),
            channels: rb.communication.channels ?? [],
            ...(rb.communication.cadence ? { cadence: duration(parseDuration(rb.communication.cadence) ?? 0) } : {}),
          },
        }
      : {}),
    ...(record.audit ? { audit: { recordFields: record.audit.recordFields, retention: duration(record.audit.retentionDays * 86400) } } : {}),
    sections,
    body: rendered,
    filters: {
      service: uniq(rb.services.concat(actions.flatMap((a) => a.services))),
      category: uniq(actions.map((a) => a.category)),
      gate: uniq(actions.map((a) => a.gate)),
      owner: [rb.owner.name],
      actor: uniq(actions.flatMap((a) => a.actors.map((x) => x.name))),
    },
  };
}

export function siteContact(c: Contact | BundleContact): SiteContact {
  return {
    id: c.id,
    name: c.name,
    kind: c.kind,
    ...(c.email ? { email: c.email } : {}),
    ...(c.pager ? { pager: c.pager } : {}),
    ...(c.chat ? { chat: c.chat } : {}),
    ...(c.phone ? { phone: c.phone } : {}),
  };
}

function unknownContact(id: string): SiteContact {
  return { id, name: id, kind: 'person' };
}

/** The runbook's grants, grouped by action, in bundle key order. */
export function grantsByAction(bundle: Bundle, runbook: string): Map<string, Grant[]> {
  const out = new Map<string, Grant[]>();
  const record = Object.hasOwn(bundle.runbooks, runbook) ? bundle.runbooks[runbook]! : undefined;
  for (const action of record?.actions ?? []) {
    const id = ruleId(runbook, action);
    const rule = Object.hasOwn(bundle.rules, id) ? bundle.rules[id]! : undefined;
    if (!rule) continue;
    const keys = rule.actors.flatMap((actor) => rule.services.map((service) => grantKey(actor, action, service)));
    const grants = keys.sort().flatMap((key) => (bundle.grants[key] === id ? [grantView(bundle, key)!] : []));
    if (grants.length > 0) out.set(action, grants);
  }
  return out;
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export function approvalStatus(daysLeft: number, expiringWithinDays: number): ApprovalStatus {
  if (daysLeft <= 0) return 'expired';
  return daysLeft <= expiringWithinDays ? 'expiring' : 'current';
}
