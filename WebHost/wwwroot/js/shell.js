// The frame every page shares: the header with the language switch, the navigation to the workspaces the person's
// roles may use, and the signed-in person with sign-out. The workspaces come from GET /api/me, which derives them
// from the server's access-policy table; this file knows no role.
import { ready, t, named, languages, language, setLanguage, translate } from './i18n.js';
import { api, session, signOut, el } from './session.js';

const native = { 'zh-CN': '中文', en: 'English' }; // each language named in itself, as switches do
let me = null;

function mount() {
  const header = document.querySelector('header');
  if (!header || document.getElementById('language')) return;
  const select = el('select', { id: 'language', 'data-i18n-attr': 'aria-label:shell.language' },
    ...languages.map((l) => el('option', { value: l, lang: l }, native[l])));
  select.addEventListener('change', () => setLanguage(select.value));
  const nav = el('nav', { id: 'workspaces', 'data-i18n-attr': 'aria-label:shell.workspaces' },
    el('a', { href: '/', 'data-i18n': 'shell.home' }, 'Home'));
  header.append(nav, el('span', { class: 'language' }, select));
  document.addEventListener('fieldservice:language', () => { select.value = language(); drawPerson(); });
  ready.then(() => { select.value = language(); translate(header); });
}

function drawPerson() {
  if (!me) return;
  const header = document.querySelector('header');
  const nav = document.getElementById('workspaces');
  nav.replaceChildren(el('a', { href: '/', 'data-i18n': 'shell.home' }, t('shell.home')),
    ...me.workspaces.map((w) => el('a', { href: w.path, 'data-workspace': w.id, 'aria-current': location.pathname === w.path ? 'page' : null },
      t(`workspace.${w.id}`, { defaultValue: w.title }))));
  const person = t('shell.person', { name: me.name, roles: me.roles.map((r) => named('role', r)).join(', ') });
  const shown = document.getElementById('me');
  if (shown) shown.textContent = person;
  else {
    header.append(el('span', { id: 'me', 'data-subject': me.subject }, person),
      el('button', { id: 'sign-out', type: 'button', 'data-i18n': 'shell.signOut', onclick: () => signOut() }, t('shell.signOut')));
  }
}

async function showPerson(role) {
  await ready;
  try {
    me = await api(role, 'GET', '/api/me');
    drawPerson();
  } catch {
    // Not signed in (yet): the page's own sign-in says so.
  }
}

mount();
document.addEventListener('fieldservice:signed-in', (e) => showPerson(e.detail.role));
// Signed in at the provider already: show the person before the page's own sign-in runs.
session().then((s) => { if (s.mode === 'oidc' && s.signedIn) showPerson(null); });
