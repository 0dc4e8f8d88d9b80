// Technical support's workspace (TS1, Q1): the inbox of technicians' support requests across orders, pushed over
// /hubs/support — open ones first, longest waiting first, each with the time it has waited ticking in place and a
// form to answer it; answered ones with the time the answer took — and the standards editor of a product category:
// its versions (published ones never change; which orders were checked against each), and a new version edited item
// by item from the current one. A card is drawn again only when its request changed, so an answer being typed is
// never lost to a push about another request.
import { signIn, token, api, el, say, sayLive } from './session.js';
import { LiveStream } from './live.js';
import { t, when } from './i18n.js';
import { showProblem, clearProblems, labelled } from './forms.js';
import './shell.js';

const cases = new Map(); // "orderId/number" -> the request as the inbox holds it
const cards = new Map(); // same key -> { node, drawn, waiting (text node or null) }
const drafts = new Map(); // same key -> the answer typed so far, kept across a redraw
let stream = null;
let category = 'general';
let versions = []; // the open category's versions, oldest first
let liveState = null; // the stream's last state, said again in a newly chosen language

const liveText = () => (liveState.what === 'live' ? t('live.live', { sequence: liveState.sequence }) : t(`live.${liveState.what}`));

const keyOf = (c) => `${c.workOrderId}/${c.number}`;

// A span of time as the pages say it ("5m 07s", "2h 03m"); never negative (the browser's clock may lag the server's).
function duration(ms) {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? t('time.hoursMinutes', { h, m: String(m).padStart(2, '0') }) : t('time.minutesSeconds', { m, s: String(s % 60).padStart(2, '0') });
}

// A duration as the platform's JSON writes it (ISO 8601: "PT40M", "P1DT2H3M4.5S") in milliseconds.
function spanMs(text) {
  const m = /^(-)?P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?)?$/.exec(text ?? '');
  if (!m) return 0;
  const ms = (((Number(m[2] ?? 0) * 24 + Number(m[3] ?? 0)) * 60 + Number(m[4] ?? 0)) * 60 + Number(m[5] ?? 0)) * 1000;
  return m[1] ? -ms : ms;
}

function facts(c) {
  return el('dl', {},
    el('dt', {}, t('support.order')), el('dd', {}, el('code', {}, c.workOrderId)),
    el('dt', {}, t('support.product')), el('dd', {}, `${c.productModel} · `,
      el('button', { type: 'button', class: 'link', 'data-key': `${keyOf(c)}/standard`, onclick: () => openStandard(c.productCategory) },
        t('support.categoryStandard', { category: c.productCategory }))),
    el('dt', {}, t('support.region')), el('dd', {}, c.region),
    el('dt', {}, t('support.askedBy')), el('dd', {}, `${c.askedBy} · ${when(c.askedAt)}`));
}

function answerForm(c) {
  const key = keyOf(c);
  const id = `answer-${c.workOrderId}-${c.number}`;
  const text = el('textarea', { id: `${id}-text`, 'data-field': 'answer', 'data-key': `${key}/answer`, required: true, rows: 3 });
  text.value = drafts.get(key) ?? '';
  text.addEventListener('input', () => drafts.set(key, text.value));
  const form = el('form', { id, class: 'answer' },
    el('label', { class: 'wide', for: text.id }, t('support.answer')), text,
    el('button', { 'data-key': `${key}/send` }, t('support.send')),
    el('p', { class: 'form-error error', role: 'alert' }));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearProblems(form);
    try {
      await api('support', 'POST', `/api/work-orders/${encodeURIComponent(c.workOrderId)}/support-answer`, { number: c.number, answer: text.value });
      drafts.delete(key);
      say(t('support.answered', { number: c.number }));
    } catch (error) { say(showProblem(form, error), true); }
  });
  return form;
}

function buildCard(c) {
  const open = !c.answer;
  const waiting = open ? document.createTextNode('') : null;
  const node = el('li', { class: `card ${open ? 'risk-high' : 'risk-low'}`, 'data-request': keyOf(c), 'data-open': open ? 'yes' : 'no' },
    el('strong', {}, t('support.question', { number: c.number })), ' ', el('span', { class: 'question' }, c.question),
    facts(c),
    open
      ? el('p', {}, t('support.waiting'), ' ', el('span', { class: 'waiting' }, waiting))
      : el('p', { class: 'answered' }, el('span', { class: 'answer-text' }, c.answer), el('br'),
        t('support.answeredBy', { who: c.answeredBy, at: when(c.answeredAt) }), ' ',
        el('span', { class: 'time-taken' }, t('support.timeTaken', { taken: duration(spanMs(c.timeTaken)) }))),
    open ? answerForm(c) : null);
  return { node, waiting, drawn: JSON.stringify(c) };
}

// Open first (longest waiting first), then answered (latest first).
function ordered() {
  const all = [...cases.values()];
  const open = all.filter((c) => !c.answer).sort((a, b) => a.askedAt.localeCompare(b.askedAt));
  const answered = all.filter((c) => c.answer).sort((a, b) => b.answeredAt.localeCompare(a.answeredAt));
  return [...open, ...answered];
}

function render(rebuild = false) {
  const list = document.getElementById('requests');
  const wanted = ordered();
  wanted.forEach((c, index) => {
    const key = keyOf(c);
    let card = cards.get(key);
    if (!card || rebuild || card.drawn !== JSON.stringify(c)) {
      const focused = card?.node.contains(document.activeElement) ? document.activeElement.dataset.key : null;
      const fresh = buildCard(c);
      if (card) card.node.replaceWith(fresh.node);
      cards.set(key, fresh);
      card = fresh;
      if (focused) card.node.querySelector(`[data-key="${CSS.escape(focused)}"]`)?.focus();
    }
    // Only nodes out of place move, so the card being answered stays put (and keeps the focus) as others arrive.
    if (list.children[index] !== card.node) list.insertBefore(card.node, list.children[index] ?? null);
  });
  const open = wanted.filter((c) => !c.answer).length;
  document.getElementById('inbox-count').textContent = t('support.count', { open, answered: wanted.length - open });
  tick();
}

function tick() {
  const now = Date.now();
  for (const [key, card] of cards) {
    if (card.waiting) card.waiting.nodeValue = duration(now - Date.parse(cases.get(key).askedAt));
  }
}

function receive(c) {
  if (!c) return;
  const known = cases.get(keyOf(c));
  if (known?.answer && !c.answer) return; // an answer is final: an older open copy changes nothing
  cases.set(keyOf(c), c);
  const options = document.getElementById('categories');
  if (![...options.options].some((o) => o.value === c.productCategory)) options.append(el('option', { value: c.productCategory }));
}

// ---- standards ----

function itemRow(item = { id: '', text: '', method: '' }) {
  const input = (name, value, size) => el('input', { 'data-name': name, value, size, required: true });
  const row = el('li', { class: 'card risk-none' },
    labelled(t('support.itemId'), input('id', item.id, 14)),
    el('label', { class: 'wide' }, t('support.itemText'), ' ', input('text', item.text, 40)),
    el('label', { class: 'wide' }, t('support.itemMethod'), ' ', input('method', item.method, 40)));
  row.append(el('button', { type: 'button', class: 'remove', onclick: () => { row.remove(); renumber(); } }, t('support.removeItem')));
  return row;
}

// The 422s of a publish name items by position (items[2].text): the fields say theirs after every change.
function renumber() {
  [...document.getElementById('items').children].forEach((row, i) => {
    row.querySelectorAll('[data-name]').forEach((input) => { input.dataset.field = `items[${i}].${input.dataset.name}`; });
    row.querySelector('.remove').setAttribute('aria-label', t('support.removeNumbered', { number: i + 1 }));
  });
}

function fillEditor(items) {
  document.getElementById('items').replaceChildren(...(items.length ? items : [undefined]).map((i) => itemRow(i)));
  renumber();
}

const editorItems = () => [...document.getElementById('items').children].map((row) =>
  Object.fromEntries([...row.querySelectorAll('[data-name]')].map((input) => [input.dataset.name, input.value])));

async function showUses(version) {
  const uses = await api('support', 'GET', `/api/standards/${encodeURIComponent(category)}/versions/${version}/orders?pageSize=100`);
  document.getElementById('uses').replaceChildren(
    el('h4', {}, t('support.usesOf', { category, version, total: uses.total })),
    uses.items.length === 0 ? el('p', {}, t('support.noUses'))
      : el('ul', {}, ...uses.items.map((u) => el('li', { 'data-use': u.workOrderId }, el('code', {}, u.workOrderId),
        ` · ${t('support.checkedBy', { who: u.technicianId ?? '—', at: when(u.checkedAt) })}`))));
}

function drawVersions() {
  document.getElementById('versions-title').textContent = t('support.versionsOf', { category });
  document.getElementById('versions').replaceChildren(...[...versions].reverse().map((v) => el('li', { 'data-version': v.version },
    el('strong', {}, t('support.version', { version: v.version })),
    ` · ${t('support.publishedBy', { who: v.publishedBy, at: when(v.publishedAt) })}`, v.notes ? ` · ${v.notes}` : '',
    el('details', {}, el('summary', {}, t('support.itemCount', { count: v.items.length })),
      el('ol', {}, ...v.items.map((i) => el('li', {}, el('code', {}, i.id), ` ${i.text} — ${i.method}`)))),
    el('button', { type: 'button', 'data-key': `uses-${v.version}`, onclick: () => showUses(v.version).catch((x) => say(x.message, true)) },
      t('support.whichOrders', { version: v.version })))));
  if (versions.length === 0) document.getElementById('versions').replaceChildren(el('li', {}, t('support.noVersions')));
}

async function loadStandard() {
  versions = await api('support', 'GET', `/api/standards/${encodeURIComponent(category)}/versions`);
  drawVersions();
  document.getElementById('uses').replaceChildren();
  fillEditor(versions.length ? versions[versions.length - 1].items : []);
  document.getElementById('notes').value = '';
}

async function openStandard(wanted) {
  const pick = document.getElementById('pick');
  clearProblems(pick);
  document.getElementById('category').value = wanted;
  category = wanted.trim();
  try { await loadStandard(); } catch (error) { say(showProblem(pick, error), true); }
}

document.getElementById('pick').addEventListener('submit', (event) => {
  event.preventDefault();
  openStandard(document.getElementById('category').value);
});

document.getElementById('add-item').addEventListener('click', () => {
  const row = itemRow();
  document.getElementById('items').append(row);
  renumber();
  row.querySelector('input').focus();
});

const publishForm = document.getElementById('publish');
publishForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  clearProblems(publishForm);
  try {
    const published = await api('support', 'POST', `/api/standards/${encodeURIComponent(category)}`, { items: editorItems(), notes: document.getElementById('notes').value });
    say(t('support.published', { category, version: published.version }));
    await loadStandard();
  } catch (error) { say(showProblem(publishForm, error), true); }
});

// ---- sign-in and the live inbox ----

document.getElementById('join').addEventListener('submit', async (event) => {
  event.preventDefault();
  try {
    await signIn('support', document.getElementById('user').value);
    await stream?.stop();
    cases.clear();
    stream = new LiveStream({
      hub: '/hubs/support', token: () => token('support'),
      join: (c, epoch, after) => c.invoke('Join', epoch, after),
      onSnapshot: (s) => { cases.clear(); (s.supportRequests ?? []).forEach(receive); render(); },
      onDelta: (d) => { receive(d.change.support); render(); },
      onState: (what, epoch, sequence) => { liveState = { what, sequence }; sayLive(liveText()); },
    });
    await stream.start();
    await openStandard(category);
  } catch (error) { say(error.message, true); }
});

document.addEventListener('fieldservice:language', () => {
  render(true);
  drawVersions();
  fillEditor(editorItems()); // the rows' labels in the new language, with what was typed
  document.getElementById('uses').replaceChildren();
  if (liveState) sayLive(liveText()); // the switch put the element's initial "not connected" back
});
setInterval(tick, 1000);
