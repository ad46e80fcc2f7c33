// `/` focuses the search box from anywhere (like GitHub and MDN); Escape leaves it.
function editable(el: Element | null): boolean {
  if (!el) return false;
  const tag = el.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || (el as HTMLElement).isContentEditable;
}

document.addEventListener('keydown', (event) => {
  if (event.key === '/' && !event.ctrlKey && !event.metaKey && !event.altKey && !editable(document.activeElement)) {
    const target = document.querySelector<HTMLInputElement>('[data-shortcut-target]');
    if (!target) return;
    event.preventDefault();
    target.focus();
    target.select();
  } else if (event.key === 'Escape' && document.activeElement instanceof HTMLInputElement && document.activeElement.matches('[data-shortcut-target]')) {
    document.activeElement.blur();
  }
});
