// Typed access to the collections the loader fills. Pages use these, never the loader's file.
import { getCollection, getEntry } from 'astro:content';
import type { SiteCatalogEntry, SiteData, SiteRule, SiteRunbook } from '../compiler/publish/types.js';

export type { SiteAction, SiteActor, SiteContact, SiteRunbook, SiteRule, SiteCatalogEntry, MatrixRow, LanguageEntry } from '../compiler/publish/types.js';

export type RunbookEntry = Omit<SiteRunbook, 'body'> & { headings: SiteRunbook['body']['headings'] };
export type SiteInfo = Omit<SiteData, 'runbooks' | 'rules' | 'catalog'>;

// Astro's getEntry/getCollection copy and walk the whole entry on every call (looking for image
// references); the site entry holds every grant, and every page's layout asks for it. Reading
// each collection once per build keeps the build linear in the corpus. In `astro dev` the data
// may change under a running server, so nothing is kept there.
function once<T>(load: () => Promise<T>): () => Promise<T> {
  let kept: Promise<T> | undefined;
  return () => {
    if (import.meta.env.DEV) return load();
    kept ??= load();
    return kept;
  };
}

export const siteInfo = once(async (): Promise<SiteInfo> => {
  const entry = await getEntry('site', 'site');
  if (!entry) throw new Error('site data is missing: run `npm run build`');
  return entry.data as unknown as SiteInfo;
});

interface Entry {
  id: string;
  data: unknown;
}

export const runbookEntries = once(async () => {
  const all = await getCollection('runbooks');
  return all.sort((a: Entry, b: Entry) => (a.id < b.id ? -1 : 1));
});

/** Every runbook, sorted by id. Shared between pages: callers sort a copy. */
export const runbooks = once(async (): Promise<readonly RunbookEntry[]> => (await runbookEntries()).map((e: Entry) => e.data as RunbookEntry));

export async function ruleEntries(): Promise<Array<SiteRule | SiteCatalogEntry>> {
  const all = await getCollection('rules');
  return all.map((e: Entry) => e.data as SiteRule | SiteCatalogEntry).sort((a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : 1));
}

/** `/runbooks/<id>/`, `/runbooks/<id>/#<action>` */
export function runbookUrl(id: string, anchor?: string): string {
  return `/runbooks/${encodeURIComponent(id)}/${anchor ? `#${encodeURIComponent(anchor)}` : ''}`;
}

export const GATE_LABELS: Record<string, string> = {
  autonomous: 'Autonomous',
  notify: 'Notify',
  approve: 'Approve',
  'human-executes': 'Human executes',
  'change-board': 'Change board',
};

/** From most to least AI authority: the order the matrix and badges use. */
export const GATE_ORDER = ['autonomous', 'notify', 'approve', 'human-executes', 'change-board'];

export function formatDate(iso: string): string {
  return iso.slice(0, 10);
}

export function daysText(days: number): string {
  if (days < 0) return `expired ${-days} day${days === -1 ? '' : 's'} ago`;
  if (days === 0) return 'expired today';
  return `${days} day${days === 1 ? '' : 's'} left`;
}

export type FilterKey = 'service' | 'category' | 'gate' | 'owner' | 'actor';

/** The values each search filter offers, computed once: the search box is on every page. */
export const filterValues = once(async (): Promise<Record<FilterKey, string[]>> => {
  const all = await runbooks();
  const values = (key: FilterKey) =>
    [...new Set(all.flatMap((r) => r.filters[key]))].sort((a, b) => (key === 'gate' ? GATE_ORDER.indexOf(a) - GATE_ORDER.indexOf(b) : a.localeCompare(b)));
  return { service: values('service'), category: values('category'), gate: values('gate'), owner: values('owner'), actor: values('actor') };
});
