// The newsroom frame's one small enhancement: on a phone the navigation folds behind a
// Menu button, and a toast leaves after a while and from the address bar. Without script,
// the navigation simply stays open and the toast stays put.
document.documentElement.classList.add('js');

const sidebar = document.querySelector('.nr-sidebar');
const brand = sidebar?.querySelector('.nr-brand');
if (sidebar && brand) {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'btn btn-small nr-menu-button';
  button.textContent = 'Menu';
  button.setAttribute('aria-controls', 'nr-nav');
  button.setAttribute('aria-expanded', 'false');
  button.addEventListener('click', () => {
    const open = sidebar.classList.toggle('nr-open');
    button.setAttribute('aria-expanded', String(open));
  });
  brand.append(button);
}

const toast = document.querySelector('.toast');
if (toast) {
  const url = new URL(location.href);
  url.searchParams.delete('done');
  history.replaceState(history.state, '', url.pathname + url.search + url.hash);
  setTimeout(() => toast.classList.add('toast-hidden'), 6000);
}
