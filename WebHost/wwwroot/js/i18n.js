// The pages' two languages, zh-CN and en, each from one catalog (/i18n/<language>.json), through i18next (npm; its
// interpolation, nesting and missing-key handling are what a hand-written loader would grow into). The language is
// the one chosen in the header's switch (kept in localStorage), else the browser's first zh or en, else English.
// Static text is marked in the HTML: data-i18n="key" sets the text, data-i18n-attr="placeholder:key;aria-label:key"
// sets attributes. Script text calls t(). A switch re-translates the page and announces 'fieldservice:language', on
// which each page redraws what it rendered.
import i18next from '/lib/i18next/i18next.js';

export const languages = ['zh-CN', 'en'];
const storageKey = 'fieldservice.language';

export function preferredLanguage() {
  const saved = localStorage.getItem(storageKey);
  if (languages.includes(saved)) return saved;
  for (const tag of navigator.languages?.length ? navigator.languages : [navigator.language ?? '']) {
    if (/^zh\b/i.test(tag)) return 'zh-CN';
    if (/^en\b/i.test(tag)) return 'en';
  }
  return 'en';
}

async function catalog(language) {
  const response = await fetch(`/i18n/${language}.json`);
  if (!response.ok) throw new Error(`catalog ${language}: ${response.status}`);
  return { translation: await response.json() };
}

export const ready = (async () => {
  const resources = Object.fromEntries(await Promise.all(languages.map(async (l) => [l, await catalog(l)])));
  await i18next.init({
    lng: preferredLanguage(), supportedLngs: languages, fallbackLng: 'en', resources,
    interpolation: { escapeValue: false }, // text goes into textContent, never innerHTML
  });
  translate();
})();

export const t = (key, options) => i18next.t(key, options);

export const language = () => i18next.language ?? preferredLanguage();

// A status, clause, role... by its id: the catalog's name, or the id itself when the catalog has none.
export const named = (group, id) => (id === null || id === undefined ? '' : t(`${group}.${id}`, { defaultValue: String(id) }));

export function translate(root = document) {
  for (const node of root.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
  for (const node of root.querySelectorAll('[data-i18n-attr]')) {
    for (const pair of node.dataset.i18nAttr.split(';')) {
      const [attribute, key] = pair.split(':').map((s) => s.trim());
      if (attribute && key) node.setAttribute(attribute, t(key));
    }
  }
  document.documentElement.lang = language();
}

export async function setLanguage(wanted) {
  if (!languages.includes(wanted)) return;
  localStorage.setItem(storageKey, wanted);
  await i18next.changeLanguage(wanted);
  translate();
  document.dispatchEvent(new CustomEvent('fieldservice:language', { detail: wanted }));
}

// Local times and dates in the page's language.
export const when = (iso) => new Date(iso).toLocaleString(language());
export const clockTime = (iso) => new Date(iso).toLocaleTimeString(language());
