// Sortable columns and filters for tables marked data-sortable (progressive: the full table
// is there without JavaScript). Header buttons sort; the tools form filters rows.
function cellValue(row: HTMLTableRowElement, index: number): string {
  const cell = row.cells[index];
  return cell?.dataset.sort ?? cell?.textContent?.trim() ?? '';
}

function compare(a: string, b: string): number {
  const na = Number(a);
  const nb = Number(b);
  if (a !== '' && b !== '' && !Number.isNaN(na) && !Number.isNaN(nb)) return na - nb;
  return a.localeCompare(b, undefined, { sensitivity: 'base' });
}

for (const table of document.querySelectorAll<HTMLTableElement>('table[data-sortable]')) {
  const body = table.tBodies[0]!;
  const headers = [...table.tHead!.rows[0]!.cells];
  headers.forEach((th, index) => {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'sort';
    button.append(...th.childNodes);
    th.append(button);
    button.addEventListener('click', () => {
      const ascending = th.getAttribute('aria-sort') !== 'ascending';
      for (const other of headers) other.removeAttribute('aria-sort');
      th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
      const rows = [...body.rows].sort((a, b) => compare(cellValue(a, index), cellValue(b, index)) * (ascending ? 1 : -1));
      body.append(...rows);
    });
  });

  const tools = document.querySelector<HTMLFormElement>(`form[data-table-tools="${table.id}"]`);
  if (!tools) continue;
  tools.hidden = false;
  const count = tools.querySelector<HTMLElement>('[data-count]');
  const apply = () => {
    const text = (tools.elements.namedItem('text') as HTMLInputElement | null)?.value.trim().toLowerCase() ?? '';
    const wanted: Record<string, string> = {};
    for (const el of tools.querySelectorAll<HTMLSelectElement>('select')) if (el.value) wanted[el.name] = el.value;
    let shown = 0;
    for (const row of body.rows) {
      const ok = Object.entries(wanted).every(([k, v]) => row.dataset[k] === v) && (!text || (row.textContent ?? '').toLowerCase().includes(text));
      row.hidden = !ok;
      if (ok) shown++;
    }
    if (count) count.textContent = `${shown} of ${body.rows.length} actions`;
  };
  tools.addEventListener('input', apply);
  tools.addEventListener('submit', (e) => e.preventDefault());
  apply();
}
