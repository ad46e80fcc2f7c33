// Cross-runbook views: the AI actor inventory, services, owners and the gates matrix.
// Built from the site's runbooks (already resolved against the bundle) and the bundle's actors.

import type { Bundle } from '../bundle/types.js';
import type { Person } from '../language/runbook.js';
import type { MatrixRow, SiteActor, SiteOwner, SiteRunbook, SiteService } from './types.js';

const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function actorInventory(bundle: Bundle, runbooks: readonly SiteRunbook[]): SiteActor[] {
  return Object.keys(bundle.actors).sort().map((id) => {
    const a = bundle.actors[id]!;
    const description = runbooks.flatMap((r) => r.actors).find((x) => x.id === id && x.description)?.description;
    const holds: SiteActor['holds'] = [];
    for (const r of runbooks) {
      for (const action of r.actions) {
        const me = action.actors.find((x) => x.id === id);
        if (!me) continue;
        holds.push({
          runbook: r.id,
          runbookTitle: r.title,
          action: action.id,
          actionTitle: action.title,
          gate: action.gate,
          gateText: action.gateText,
          aiRole: action.aiRole,
          services: action.services,
          model: me.model,
          expiresOn: action.expiresOn,
        });
      }
    }
    return {
      id,
      name: a.name,
      kind: a.kind,
      ...(description ? { description } : {}),
      owner: a.owner,
      pins: a.pins,
      holds,
    };
  });
}

export function serviceIndex(runbooks: readonly SiteRunbook[]): SiteService[] {
  const services = new Map<string, SiteService>();
  for (const r of runbooks) {
    for (const id of r.filters.service) {
      const s = services.get(id) ?? { id, runbooks: [], actors: [] };
      s.runbooks.push({ id: r.id, title: r.title });
      for (const a of r.actions) if (a.services.includes(id)) for (const x of a.actors) if (!s.actors.includes(x.name)) s.actors.push(x.name);
      services.set(id, s);
    }
  }
  return [...services.values()].sort((a, b) => byString(a.id, b.id)).map((s) => ({ ...s, actors: s.actors.sort(byString) }));
}

export function ownerIndex(bundle: Bundle, runbooks: readonly SiteRunbook[]): SiteOwner[] {
  const owners = new Map<string, SiteOwner>();
  const get = (p: Person): SiteOwner => {
    const key = p.email.toLowerCase();
    let o = owners.get(key);
    if (!o) {
      o = { name: p.name, email: p.email, runbooks: [], actors: [], approved: [], reviews: [] };
      owners.set(key, o);
    }
    return o;
  };
  for (const r of runbooks) {
    get(r.owner).runbooks.push({ id: r.id, title: r.title });
    get(r.approval.approvedBy).approved.push({ id: r.id, title: r.title, expiresOn: r.approval.expiresOn, status: r.approval.status });
    for (const p of r.reviewers) get(p).reviews.push({ id: r.id, title: r.title });
  }
  for (const id of Object.keys(bundle.actors).sort()) {
    const a = bundle.actors[id]!;
    get(a.owner).actors.push({ id, name: a.name });
  }
  return [...owners.values()].sort((a, b) => byString(a.name, b.name) || byString(a.email, b.email));
}

export function gatesMatrix(runbooks: readonly SiteRunbook[]): MatrixRow[] {
  return runbooks.flatMap((r) =>
    r.actions.map((a) => ({
      runbook: r.id,
      runbookTitle: r.title,
      action: a.id,
      actionTitle: a.title,
      category: a.category,
      blastRadius: a.blastRadius,
      gate: a.gate,
      gateText: a.gateText,
      aiRole: a.aiRole,
      humanRole: a.humanRole,
      actors: a.actors.map((x) => x.name),
      services: a.services,
      evidence: a.evidence.length ? a.evidence.join('; ') : 'None required',
      rollback: a.rollback ? a.rollback.triggers.join('; ') : 'None',
    })),
  );
}
