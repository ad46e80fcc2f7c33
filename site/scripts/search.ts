// Search over the Pagefind index (/pagefind/, built by `pagefind --site dist`): no server, no
// external requests. Results are built with DOM text nodes; only Pagefind's <mark> is kept.

interface SubResult { title: string; url: string; excerpt: string }
interface ResultData { url: string; meta: { title?: string }; excerpt: string; sub_results: SubResult[] }
interface Pagefind {
  init(): Promise<void>;
  search(term: string | null, options?: { filters?: Record<string, string[]> }): Promise<{ results: Array<{ data(): Promise<ResultData> }> }>;
}

let pagefind: Promise<Pagefind> | undefined;
function loadPagefind(): Promise<Pagefind> {
  const url = '/pagefind/pagefind.js';
  pagefind ??= (import(/* @vite-ignore */ url) as Promise<Pagefind>).then(async (p) => {
    await p.init();
    return p;
  });
  return pagefind;
}

/** Pagefind excerpts are escaped text with <mark> around hits; keep exactly that. */
function excerptNodes(excerpt: string): Node[] {
  const nodes: Node[] = [];
  const decoder = document.createElement('textarea');
  const text = (s: string) => {
    decoder.innerHTML = s.replace(/<[^>]*>/g, '');
    return document.createTextNode(decoder.value);
  };
  const parts = excerpt.split(/(<mark>[\s\S]*?<\/mark>)/);
  for (const part of parts) {
    const m = /^<mark>([\s\S]*)<\/mark>$/.exec(part);
    if (m) {
      const mark = document.createElement('mark');
      mark.append(text(m[1]!));
      nodes.push(mark);
    } else if (part) {
      nodes.push(text(part));
    }
  }
  return nodes;
}

function safeUrl(url: string): string {
  return url.startsWith('/') && !url.startsWith('//') ? url : '/';
}

/** Action anchors → their gate, so a matching action shows what the AI may do right in the results. */
function actionGates(): Map<string, { gate: string; text: string }> {
  const map = new Map<string, { gate: string; text: string }>();
  for (const li of document.querySelectorAll<HTMLElement>('[data-action-gates] li')) {
    map.set(li.dataset.url ?? '', { gate: li.dataset.gate ?? '', text: li.dataset.text ?? '' });
  }
  return map;
}

function setup(form: HTMLFormElement): void {
  const gates = actionGates();
  const input = form.querySelector<HTMLInputElement>('input[name="q"]')!;
  const selects = [...form.querySelectorAll<HTMLSelectElement>('select[data-filter]')];
  const list = document.querySelector<HTMLOListElement>('[data-search-results]')!;
  const status = document.querySelector<HTMLElement>('[data-search-status]')!;
  const details = form.querySelector('details');
  let generation = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  // Restore a search from the address (?q=…&service=…), as the no-JS form submits it.
  const params = new URLSearchParams(location.search);
  if (params.get('q')) input.value = params.get('q')!;
  for (const s of selects) {
    const v = params.get(s.name);
    if (v && [...s.options].some((o) => o.value === v)) {
      s.value = v;
      if (details) details.open = true;
    }
  }

  async function run(): Promise<void> {
    const term = input.value.trim();
    const filters: Record<string, string[]> = {};
    for (const s of selects) if (s.value) filters[s.name] = [s.value];
    const mine = ++generation;
    const query = new URLSearchParams();
    if (term) query.set('q', term);
    for (const [k, v] of Object.entries(filters)) query.set(k, v[0]!);
    if (location.pathname === '/search/') history.replaceState(null, '', query.toString() ? `?${query}` : location.pathname);

    if (!term && Object.keys(filters).length === 0) {
      list.hidden = true;
      list.replaceChildren();
      status.textContent = '';
      return;
    }
    let results;
    try {
      const pf = await loadPagefind();
      const found = await pf.search(term || null, { filters });
      results = await Promise.all(found.results.slice(0, 20).map((r) => r.data()));
    } catch {
      if (mine === generation) status.textContent = 'Search is unavailable: the search index is missing. Browse the runbooks list instead.';
      return;
    }
    if (mine !== generation) return;
    status.textContent = results.length === 0 ? 'No runbook matches. Try another word, or fewer filters.' : `${results.length} runbook${results.length === 1 ? '' : 's'} found.`;
    list.replaceChildren(...results.map((r) => resultItem(r, term !== '')));
    list.hidden = results.length === 0;
  }

  function resultItem(r: ResultData, withSubResults: boolean): HTMLLIElement {
    const li = document.createElement('li');
    const a = document.createElement('a');
    a.className = 'title';
    a.href = safeUrl(r.url);
    a.textContent = r.meta.title ?? r.url;
    li.append(a);
    const p = document.createElement('p');
    p.append(...excerptNodes(r.excerpt));
    li.append(p);
    const subs = withSubResults ? r.sub_results.filter((s) => s.url.includes('#')).slice(0, 3) : [];
    if (subs.length) {
      const ul = document.createElement('ul');
      for (const s of subs) {
        const item = document.createElement('li');
        const link = document.createElement('a');
        link.href = safeUrl(s.url);
        link.textContent = s.title;
        item.append(link);
        const gate = gates.get(s.url);
        if (gate) {
          const badge = document.createElement('span');
          badge.className = `gate gate-${gate.gate.replace(/[^a-z-]/g, '')}`;
          badge.textContent = gate.text;
          item.append(document.createTextNode(' '), badge);
        }
        item.append(document.createTextNode(' — '));
        item.append(...excerptNodes(s.excerpt));
        ul.append(item);
      }
      li.append(ul);
    }
    return li;
  }

  const soon = () => {
    clearTimeout(timer);
    timer = setTimeout(() => void run(), 150);
  };
  input.addEventListener('input', soon);
  input.addEventListener('focus', () => void loadPagefind().catch(() => undefined), { once: true });
  for (const s of selects) s.addEventListener('change', () => void run());
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void run();
  });
  if (input.value || selects.some((s) => s.value)) void run();
}

const form = document.querySelector<HTMLFormElement>('form[data-search]');
if (form) setup(form);
