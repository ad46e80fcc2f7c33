// Runbook- and actor-level items: ownership and approval (governance), and the wording, contacts
// and body text that do not change what the AI may do (neutral). The body and the frontmatter
// fields the bundle does not carry (summary, tags, reviewers, signals, communication) are only
// compared when both sides are runbooks; against a bundle.json a changed source file with no
// other item gets one neutral "source changed" item.

import { isDeepStrictEqual } from 'node:util';
import type { BundleActor, BundleRunbook } from '../bundle/types.js';
import type { CheckedRunbook } from '../check/types.js';
import type { Person } from '../language/runbook.js';
import type { RawItem } from './raw.js';
import type { ChangeClass, Direction } from './types.js';
import { list, personText, quote } from './wording.js';
import { inActor, inRunbook, type Seg, type YamlRef } from './yaml-path.js';

/** A runbook's source as read from a runbook side. */
export interface RunbookSource {
  file: string;
  text: string;
  checked: CheckedRunbook;
}

function runbookItem(
  runbook: string, cls: ChangeClass, kind: string, field: string, before: unknown, after: unknown, sentence: string,
  yaml: Seg[] | YamlRef | null, extra: Partial<RawItem> = {},
): RawItem {
  return {
    class: cls, direction: 'none', kind, scope: 'runbook', runbook, actor: null, action: null, service: null, key: null, field,
    before, after, note: null, sentence, say: null, subject: null,
    yaml: yaml === null ? null : Array.isArray(yaml) ? inRunbook(...yaml) : yaml, side: 'head', ...extra,
  };
}

const samePerson = (x: Person, y: Person) => x.name === y.name && x.email === y.email;

export function addedRunbook(id: string, r: BundleRunbook): RawItem {
  return runbookItem(id, 'governance', 'runbook-added', '', null, { owner: r.owner, approval: r.approval },
    `New runbook ${id} (${quote(r.title)}), owned by ${personText(r.owner)}, approved by ${r.approval.approvedBy.name} on ${r.approval.approvedOn} (${r.approval.ticket}).`,
    ['id']);
}

export function removedRunbook(id: string, r: BundleRunbook): RawItem {
  return runbookItem(id, 'governance', 'runbook-removed', '', { owner: r.owner, approval: r.approval }, null,
    `Runbook ${id} (${quote(r.title)}) is removed; it was owned by ${personText(r.owner)}.`, null, { side: 'base' });
}

export function renamedRunbook(id: string, b: BundleRunbook, a: BundleRunbook): RawItem {
  return runbookItem(id, 'neutral', 'file-renamed', 'source.path', b.source.path, a.source.path,
    `Runbook ${id} moved from ${b.source.path} to ${a.source.path}.`, ['id']);
}

export function changedRunbook(id: string, b: BundleRunbook, a: BundleRunbook, sb: RunbookSource | undefined, sa: RunbookSource | undefined): RawItem[] {
  const out: RawItem[] = [];
  if (!samePerson(b.owner, a.owner)) {
    out.push(runbookItem(id, 'governance', 'owner', 'owner', b.owner, a.owner,
      `Runbook ${id} is now owned by ${personText(a.owner)} (was ${personText(b.owner)}).`, ['owner']));
  }
  const pb = b.approval;
  const pa = a.approval;
  if (pb.approvedOn !== pa.approvedOn) {
    const renewed = pa.approvedOn > pb.approvedOn;
    out.push(runbookItem(id, 'governance', 'approval-date', 'approval.approvedOn', pb.approvedOn, pa.approvedOn,
      renewed
        ? `Runbook ${id} was re-approved on ${pa.approvedOn} by ${pa.approvedBy.name} (${pa.ticket}); it now runs until ${pa.expiresOn} (was approved ${pb.approvedOn}, until ${pb.expiresOn}).`
        : `Runbook ${id}'s approval date moved back to ${pa.approvedOn} (was ${pb.approvedOn}); it now expires on ${pa.expiresOn}.`,
      ['approval', 'approvedOn']));
  }
  if (!samePerson(pb.approvedBy, pa.approvedBy)) {
    out.push(runbookItem(id, 'governance', 'approver', 'approval.approvedBy', pb.approvedBy, pa.approvedBy,
      `Runbook ${id} is now approved by ${personText(pa.approvedBy)} (was ${personText(pb.approvedBy)}).`, ['approval', 'approvedBy']));
  }
  if (pb.ticket !== pa.ticket) {
    out.push(runbookItem(id, 'governance', 'approval-ticket', 'approval.ticket', pb.ticket, pa.ticket,
      `Runbook ${id}'s approval now cites change ticket ${pa.ticket} (was ${pb.ticket}).`, ['approval', 'ticket']));
  }
  if (pb.reviewCycleDays !== pa.reviewCycleDays) {
    const longer = pa.reviewCycleDays > pb.reviewCycleDays;
    out.push(runbookItem(id, 'governance', 'review-cycle', 'approval.reviewCycleDays', pb.reviewCycleDays, pa.reviewCycleDays,
      `Runbook ${id}'s review cycle is ${longer ? 'lengthened' : 'shortened'} to ${pa.reviewCycleDays} days (was ${pb.reviewCycleDays}); the policy now runs until ${pa.expiresOn}.`,
      ['approval', 'reviewCycle'], { direction: longer ? 'looser' : 'stricter' }));
  }
  if (!isDeepStrictEqual(b.audit, a.audit)) {
    const text = (x: BundleRunbook['audit']) => (x ? `${x.retentionDays} days, fields ${list(x.recordFields)}` : 'no audit requirements');
    const dropped = (b.audit?.recordFields ?? []).filter((f) => !(a.audit?.recordFields ?? []).includes(f));
    const shorter = (a.audit?.retentionDays ?? 0) < (b.audit?.retentionDays ?? 0);
    const direction: Direction = dropped.length || shorter ? 'looser' : 'stricter';
    out.push(runbookItem(id, 'governance', 'audit', 'audit', b.audit ?? null, a.audit ?? null,
      `Decision records for runbook ${id}: ${text(a.audit)} (was ${text(b.audit)}).`, ['audit'], { direction }));
  }
  if (b.title !== a.title) {
    out.push(runbookItem(id, 'neutral', 'wording', 'title', b.title, a.title, `Runbook ${id} is retitled ${quote(a.title)} (was ${quote(b.title)}).`, ['title']));
  }
  if (sb && sa) out.push(...sourceItems(id, sb, sa));
  return out;
}

/** Frontmatter fields outside the bundle, contacts' details, and the body, section by section. */
function sourceItems(id: string, sb: RunbookSource, sa: RunbookSource): RawItem[] {
  const out: RawItem[] = [];
  const rb = sb.checked.runbook;
  const ra = sa.checked.runbook;
  if (!isDeepStrictEqual(rb.reviewers ?? [], ra.reviewers ?? [])) {
    const names = (ps: Person[] | undefined) => list((ps ?? []).map((p) => p.name)) || 'none';
    out.push(runbookItem(id, 'governance', 'reviewers', 'reviewers', rb.reviewers ?? [], ra.reviewers ?? [],
      `Runbook ${id}'s reviewers are now ${names(ra.reviewers)} (were ${names(rb.reviewers)}).`, ['reviewers']));
  }
  const contactIds = new Set([...rb.contacts.map((c) => c.id), ...ra.contacts.map((c) => c.id)]);
  const changedContacts = [...contactIds].filter((cid) => !isDeepStrictEqual(rb.contacts.find((c) => c.id === cid), ra.contacts.find((c) => c.id === cid)));
  if (changedContacts.length) {
    const index = ra.contacts.findIndex((c) => c.id === changedContacts[0]);
    out.push(runbookItem(id, 'neutral', 'contacts', 'contacts', changedContacts.map((c) => rb.contacts.find((x) => x.id === c) ?? null),
      changedContacts.map((c) => ra.contacts.find((x) => x.id === c) ?? null),
      `Contact details in runbook ${id} changed: ${list(changedContacts)}.`, index >= 0 ? ['contacts', index] : ['contacts']));
  }
  for (const key of ['summary', 'tags', 'related', 'signals', 'communication'] as const) {
    if (isDeepStrictEqual(rb[key], ra[key])) continue;
    out.push(runbookItem(id, 'neutral', 'wording', key, rb[key] ?? null, ra[key] ?? null,
      `Runbook ${id}'s ${key} changed; it is documentation, not authority.`, [key]));
  }
  const body = bodyChanges(sb.text, sa.text);
  if (body.length) {
    const first = body[0]!;
    out.push(runbookItem(id, 'neutral', 'body', 'body', null, body.map((c) => c.title),
      `Procedure text of runbook ${id} changed in ${list(body.map((c) => (c.state === 'changed' ? quote(c.title) : `${quote(c.title)} (${c.state})`)))}.`,
      null, { line: first.line }));
  }
  return out;
}

interface Section { title: string; line: number; text: string }

/** Sections of the Markdown body by heading (code fences respected), with their 1-based lines. */
export function bodySections(text: string): Section[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  let start = 0;
  if (lines[0]?.trimEnd() === '---') {
    const close = lines.findIndex((l, i) => i > 0 && /^(?:---|\.\.\.)[ \t]*$/.test(l));
    start = close < 0 ? lines.length : close + 1;
  }
  const sections: Section[] = [{ title: '(introduction)', line: start + 1, text: '' }];
  let fence: string | null = null;
  for (let i = start; i < lines.length; i++) {
    const line = lines[i]!;
    const f = /^\s{0,3}(`{3,}|~{3,})/.exec(line);
    if (f) {
      if (fence === null) fence = f[1]!.charAt(0);
      else if (f[1]!.charAt(0) === fence) fence = null;
    }
    const h = fence === null ? /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line) : null;
    if (h) sections.push({ title: h[1]!, line: i + 1, text: '' });
    else sections[sections.length - 1]!.text += `${line.trimEnd()}\n`;
  }
  return sections.filter((s) => s.title !== '(introduction)' || s.text.trim() !== '');
}

function bodyChanges(before: string, after: string): Array<{ title: string; state: 'changed' | 'added' | 'removed'; line: number | null }> {
  const sb = bodySections(before);
  const sa = bodySections(after);
  const out: Array<{ title: string; state: 'changed' | 'added' | 'removed'; line: number | null }> = [];
  for (const s of sa) {
    const old = sb.find((x) => x.title === s.title);
    if (!old) out.push({ title: s.title, state: 'added', line: s.line });
    else if (old.text.trim() !== s.text.trim()) out.push({ title: s.title, state: 'changed', line: s.line });
  }
  for (const s of sb) if (!sa.some((x) => x.title === s.title)) out.push({ title: s.title, state: 'removed', line: null });
  return out;
}

export function sourceChangedItem(id: string, b: BundleRunbook, a: BundleRunbook): RawItem {
  return runbookItem(id, 'neutral', 'source', 'source.sha256', b.source.sha256, a.source.sha256,
    `Runbook ${id}'s file changed outside the compiled policy (body text or documentation fields); a bundle.json side carries no source to compare.`, ['id']);
}

export function actorItems(id: string, b: BundleActor, a: BundleActor): RawItem[] {
  const out: RawItem[] = [];
  const base: Omit<RawItem, 'class' | 'kind' | 'field' | 'before' | 'after' | 'sentence' | 'yaml'> = {
    direction: 'none', scope: 'actor', runbook: a.pins[0]?.runbook ?? '', actor: id, action: null, service: null, key: null,
    note: null, say: null, subject: null, side: 'head',
  };
  if (!samePerson(b.owner, a.owner)) {
    out.push({ ...base, class: 'governance', kind: 'actor-owner', field: `actors.${id}.owner`, before: b.owner, after: a.owner,
      sentence: `AI actor ${id} is now owned by ${personText(a.owner)} (was ${personText(b.owner)}).`, yaml: inActor('owner') });
  }
  if (b.name !== a.name || b.kind !== a.kind) {
    out.push({ ...base, class: 'neutral', kind: 'actor-description', field: `actors.${id}`, before: { name: b.name, kind: b.kind }, after: { name: a.name, kind: a.kind },
      sentence: `AI actor ${id} is now described as ${quote(a.name)}, ${a.kind} (was ${quote(b.name)}, ${b.kind}).`, yaml: inActor('name') });
  }
  return out;
}
