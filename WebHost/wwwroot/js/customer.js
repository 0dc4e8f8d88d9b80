// The customer's page (P1, P4, P7, P9): report a fault, then follow each of their own orders as it moves — status,
// technician, ETA, a delay's new ETA and reason, the notices the platform sent them — sign the acceptance and answer
// the survey when the order asks for them. Nothing polls and nothing offers a refresh: the customer's stream
// (/hubs/my-orders) pushes a card whenever one of their orders changes, and only that order is read again
// (GET /api/me/orders/{id}) and only its card redrawn. Countdowns tick in place. The steps offered are the order's
// allowedActions.
import { signIn, session, token, api, el, say, sayLive } from './session.js';
import { LiveStream, countdown } from './live.js';
import { signaturePad } from './signature.js';
import { ready, t, named, when, clockTime, language } from './i18n.js';
import { showProblem, clearProblems, conflict, labelled, stepDialog } from './forms.js';
import './shell.js';

const role = 'customer';
const views = new Map(); // order id -> { view, node }: the order as last read and the card drawn from it
const reading = new Map(); // order id -> the read under way, so a burst of pushes costs one read more, not one each
const wanted = new Map(); // order id -> the newest version a push announced
let customerId = null;
let stream = null;
let questions = null;
const list = document.getElementById('orders');
const reportForm = document.getElementById('report');
const signing = stepDialog(document.getElementById('sign-dialog'));
const surveying = stepDialog(document.getElementById('survey-dialog'));
const pad = signaturePad(document.getElementById('signature'));
document.getElementById('clear-signature').addEventListener('click', () => pad.clear());
const value = (id) => document.getElementById(id).value.trim();

// --- Following the orders --------------------------------------------------------------------------------------------

// A notice in the reader's language, from its kind; one recorded before notices had kinds keeps its recorded text.
function noticeText(notice, order) {
  if (notice.kind === 'delay') {
    const delay = (order.delays ?? []).find((d) => d.announcedAt === notice.at) ?? (order.delays ?? []).at(-1);
    if (delay) return t('customer.notice.delay', { reason: delay.reason, when: when(delay.newEta) });
  }
  const options = { id: order.id, defaultValue: t(`notify.notice.${notice.kind}`, { id: order.id, defaultValue: notice.text }) };
  return notice.kind ? t(`customer.notice.${notice.kind}`, options) : notice.text;
}

// How a notice went out (issue 16): sent, still queued (with the tries so far), failed after its tries, opted out.
function deliveryText(delivery) {
  if (delivery.status === 'failed') return t('notify.failedAfter', { count: delivery.attempts });
  if (delivery.status === 'queued' && delivery.attempts > 0) return t('notify.retrying', { count: delivery.attempts });
  return t(`notify.delivery.${delivery.status}`, { defaultValue: named('customer.delivery', delivery.status) });
}

function button(key, label, onclick) {
  return el('button', { type: 'button', 'data-key': key, onclick }, label);
}

function card({ order: o, technicianName }) {
  const delay = (o.delays ?? []).at(-1);
  const expected = o.eta && !o.arrivedAt && !o.closedAt && !o.cancellation;
  const notices = o.notifications ?? [];
  return el('article', { class: 'card', 'data-order': o.id, 'data-status': o.status, 'data-version': o.version, 'aria-labelledby': `order-${o.id}` },
    el('h3', { id: `order-${o.id}` }, `${named('status', o.status)} · ${o.product.model}`),
    el('p', {}, t('customer.fault', { text: o.fault.description })),
    el('p', {}, t('customer.reportedAt', { when: when(o.reportedAt) })),
    o.agreedArrival ? el('p', {}, t('customer.window', { from: when(o.agreedArrival.from), to: when(o.agreedArrival.to) })) : '',
    o.technicianId ? el('p', { class: 'technician' }, technicianName ? t('customer.technician', { name: technicianName }) : t('customer.technicianAssigned')) : '',
    expected ? el('p', { class: 'eta' }, t('customer.eta', { when: clockTime(o.eta) }), ' · ',
      el('span', { class: 'countdown', 'data-due': o.eta }, countdown(Date.parse(o.eta) - Date.now()))) : '',
    delay && expected ? el('p', { class: 'delay' }, t('customer.delayed', { reason: delay.reason, when: clockTime(delay.newEta) })) : '',
    o.callback ? el('p', {}, t('customer.rated', { n: o.callback.satisfaction })) : '',
    notices.length > 0 ? el('section', { class: 'notices', 'aria-labelledby': `notices-${o.id}` },
      el('h4', { id: `notices-${o.id}` }, t('customer.notices')),
      // Newest first, each with how it went out: once a notice carries its delivery (issue 16: queued, sent, failed
      // after its tries, opted out) that is shown beside the channel it went out on.
      el('ul', {}, ...[...notices].reverse().map((n) => el('li', { 'data-kind': n.kind ?? 'note', 'data-channel': n.delivery?.channel ?? n.channel, 'data-delivery': n.delivery?.status ?? null },
        el('time', { datetime: n.at }, when(n.at)), ' · ', named('customer.channel', n.delivery?.channel ?? n.channel),
        n.delivery ? ` (${deliveryText(n.delivery)})` : '', ' · ', noticeText(n, o))))) : '',
    o.allowedActions.includes('acceptance') ? button(`${o.id}/sign`, t('customer.sign'), () => sign(o)) : '',
    o.allowedActions.includes('callback') ? button(`${o.id}/survey`, t('customer.survey'), () => survey(o)) : '');
}

// Draws one order's card in place (newest order first); a control that had the focus gets it back.
function draw(id) {
  const entry = views.get(id);
  const focused = entry?.node?.contains(document.activeElement) ? document.activeElement.dataset.key : undefined;
  const node = card(entry.view);
  if (entry.node?.isConnected) entry.node.replaceWith(node);
  else {
    // Before the newest of the cards reported earlier than this one: newest orders first.
    const older = [...views.values()].filter((e) => e.node?.isConnected && Date.parse(e.view.order.reportedAt) < Date.parse(entry.view.order.reportedAt));
    const next = older.sort((a, b) => Date.parse(b.view.order.reportedAt) - Date.parse(a.view.order.reportedAt))[0];
    list.insertBefore(node, next?.node ?? null);
  }
  entry.node = node;
  if (focused) node.querySelector(`[data-key="${CSS.escape(focused)}"]`)?.focus();
  drawEmpty();
}

function drawEmpty() {
  const empty = list.querySelector('.empty');
  if (views.size === 0 && !empty) list.append(el('p', { class: 'empty' }, t('customer.none')));
  else if (views.size > 0) empty?.remove();
}

// Where an order's read stands: its version, then how many of its notices have gone out (issue 16: a delivery is
// recorded without a new version, and the push says how many have).
const settled = (order) => (order.notifications ?? []).filter((n) => n.delivery && n.delivery.status !== 'queued').length;
const mark = (version, deliveries) => version * 10000 + deliveries;
const markOf = (order) => mark(order.version, settled(order));
const have = (id) => (views.has(id) ? markOf(views.get(id).view.order) : -1);

function show(view) {
  const known = views.get(view.order.id);
  if (known && markOf(known.view.order) > markOf(view.order)) return; // an older read overtaken by a newer one
  views.set(view.order.id, { view, node: known?.node });
  draw(view.order.id);
}

// Reads an order again once a push says it changed: one read at a time per order; a push that arrives during it
// asks for one more afterwards if the read came back older than the push announced.
function follow(id, version, deliveries = 0) {
  wanted.set(id, Math.max(mark(version, deliveries), wanted.get(id) ?? -1));
  if (reading.has(id) || have(id) >= wanted.get(id)) return;
  reading.set(id, (async () => {
    try {
      show(await api(role, 'GET', `/api/me/orders/${encodeURIComponent(id)}`));
    } catch (error) {
      wanted.delete(id); // gone or refused: nothing more to read until the next push
      say(error.message, true);
    }
    reading.delete(id);
    if (wanted.has(id) && have(id) < wanted.get(id)) follow(id, Math.floor(wanted.get(id) / 10000), wanted.get(id) % 10000);
  })());
}

// The whole list, once per (re)join of the stream; merged by version, so a read racing a push cannot go back in time.
async function readAll() {
  for (const view of await api(role, 'GET', '/api/me/orders')) show(view);
  drawEmpty();
}

// Countdowns tick in place: only their text changes, no card is redrawn.
setInterval(() => {
  const now = Date.now();
  for (const node of list.querySelectorAll('.countdown[data-due]')) {
    const text = countdown(Date.parse(node.dataset.due) - now);
    if (node.textContent !== text) node.textContent = text;
  }
}, 1000);

// A refusal: a 409 says the order's state now and that order is read again; anything else by its fields.
function refused(error, dialog, id) {
  if (error.status === 409) {
    dialog.close();
    say(conflict(error), true);
    reread(id).catch(() => {});
    return false;
  }
  say(showProblem(dialog.form, error), true);
  return false;
}

const reread = async (id) => show(await api(role, 'GET', `/api/me/orders/${encodeURIComponent(id)}`));

// The step's own answer does not name the technician; the order as the customer follows it does.
async function afterStep(order, done) {
  say(done);
  await reread(order.id).catch(() => {});
  return true;
}

// P7: the customer checks the result and signs (when the order asks for it).
function sign(order) {
  pad.clear();
  signing.ask(t('customer.signTitle', { model: order.product.model }), [
    labelled(t('customer.signedBy'), el('input', { id: 'signed-by', 'data-field': 'signedBy', autocomplete: 'name', required: true, value: order.customer.name })),
    el('button', { type: 'button', id: 'write-signature', onclick: () => pad.writeName(value('signed-by')) }, t('customer.writeName')),
  ], async () => {
    if (!pad.isSigned()) {
      signing.form.querySelector('.form-error').textContent = t('customer.signFirst');
      return false;
    }
    try {
      await api(role, 'POST', `/api/work-orders/${order.id}/acceptance`, { signedBy: value('signed-by'), signature: pad.dataUrl() });
      return await afterStep(order, t('customer.signed'));
    } catch (error) { return refused(error, signing, order.id); }
  });
}

// P9: the satisfaction survey, answered by the customer on the web (the callback it records closes the order).
async function survey(order) {
  try {
    questions ??= await api(role, 'GET', '/api/callbacks/questions');
  } catch (error) { say(error.message, true); return; }
  const pick = (id, field, options) => el('select', { id, 'data-field': field }, ...options.map(([v, label]) => el('option', { value: v }, label)));
  const scale = [5, 4, 3, 2, 1].map((n) => [String(n), t('customer.satisfactionScore', { n })]);
  const answers = questions.map((q) => [q, pick(`survey-${q.id}`, `answers.${q.id}`, q.answer === 'yes-no'
    ? [['yes', t('customer.yes')], ['no', t('customer.no')]] : scale)]);
  surveying.ask(t('customer.surveyTitle', { model: order.product.model }), [
    labelled(t('customer.satisfaction'), pick('survey-satisfaction', 'satisfaction', scale)),
    ...answers.map(([q, control]) => labelled(t(`survey.${q.id}`, { defaultValue: q.text }), control)),
    el('label', { class: 'wide' }, t('customer.comments'), ' ', el('textarea', { id: 'survey-comments', 'data-field': 'comments' })),
  ], async () => {
    try {
      await api(role, 'POST', `/api/work-orders/${order.id}/callback`, {
        satisfaction: Number(value('survey-satisfaction')), comments: value('survey-comments') || null,
        answers: Object.fromEntries(answers.map(([q, control]) => [q.id, control.value])),
      });
      return await afterStep(order, t('customer.surveyDone'));
    } catch (error) { return refused(error, surveying, order.id); }
  });
}

// --- How we write to the customer (issue 16) ------------------------------------------------------------------------

const prefsForm = document.getElementById('notify-prefs');
const prefsStatus = document.getElementById('notify-status');

async function readPreferences() {
  const prefs = await api(role, 'GET', '/api/me/notification-preferences');
  document.getElementById('opt-out-email').checked = prefs.emailOptOut;
  document.getElementById('opt-out-sms').checked = prefs.smsOptOut;
  document.getElementById('notify-section').hidden = false;
}

prefsForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  try {
    await api(role, 'PUT', '/api/me/notification-preferences', {
      emailOptOut: document.getElementById('opt-out-email').checked,
      smsOptOut: document.getElementById('opt-out-sms').checked,
    });
    prefsStatus.textContent = t('notify.saved');
  } catch (error) {
    prefsStatus.textContent = error.message;
  }
});

// --- Reporting a fault (P1) -------------------------------------------------------------------------------------------

// A datetime-local field is the browser's local time; the API takes an instant.
const instant = (id) => (value(id) ? new Date(value(id)).toISOString() : null);

reportForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  const from = instant('window-from');
  const to = instant('window-to');
  try {
    const order = await api(role, 'POST', '/api/work-orders', {
      customer: { name: value('name'), phone: value('phone'), email: value('email') || null, address: value('address'), language: language() },
      product: { model: value('model'), serialNumber: value('serial'), category: value('skill'), critical: false },
      fault: { description: value('description'), channel: 'web' },
      priority: 'normal', region: value('region'), requiredSkill: { skill: value('skill'), level: 2 },
      agreedArrival: from || to ? { from, to } : null,
    });
    clearProblems(reportForm);
    // The next report is likelier another fault than another customer: the contact stays, the fault goes.
    for (const id of ['model', 'serial', 'description', 'window-from', 'window-to']) document.getElementById(id).value = '';
    say(t('customer.reported', { id: order.id }));
  } catch (error) { say(showProblem(reportForm, error), true); }
});

// --- Signing in and following --------------------------------------------------------------------------------------

// The line under the header says whose orders the page follows, or why it follows none.
let account = { key: 'customer.demoNote' };
function drawAccount() {
  const line = document.getElementById('account');
  line.removeAttribute('data-i18n'); // drawn from `account`, not from a fixed key
  line.textContent = account.key ? t(account.key, account.options) : '';
  line.className = account.error ? 'error' : '';
}

async function start() {
  const me = await api(role, 'GET', '/api/me');
  customerId = me.customerId ?? null;
  account = customerId ? { key: 'customer.following', options: { id: customerId } } : { key: 'customer.noAccount', error: true };
  drawAccount();
  if (!customerId) return;
  await readPreferences();
  await stream?.stop();
  stream = new LiveStream({
    hub: '/hubs/my-orders', token: () => token(role),
    join: (c, epoch, after) => c.invoke('Join', epoch, after),
    onSnapshot: () => { readAll().catch((e) => say(e.message, true)); },
    onDelta: (d) => { if (d.change.order) follow(d.change.order.id, d.change.order.version, d.change.order.deliveries ?? 0); },
    onState: (what, epoch, sequence) => sayLive(what === 'live' ? t('live.live', { sequence }) : t(`live.${what}`)),
  });
  await stream.start();
}

document.getElementById('join').addEventListener('submit', async (event) => {
  event.preventDefault();
  const typed = value('customer');
  if (!typed) { say(t('customer.unknownId'), true); return; }
  try {
    await signIn(role, `user-${typed}`, { customerId: typed });
    say(t('customer.signedInAs', { id: typed }));
    await start();
  } catch (error) { say(error.message, true); }
});

document.addEventListener('fieldservice:language', () => {
  for (const id of views.keys()) draw(id);
  list.querySelector('.empty')?.replaceWith(el('p', { class: 'empty' }, t('customer.none')));
  drawAccount();
});

// Signed in at the provider: the account is the sign-in's own (its customer_id claim), nothing to type. In the
// embedded mode the demo sign-in form asks for it, and the page says that is what it does.
(async () => {
  await ready;
  const state = await session();
  if (state.mode === 'oidc') {
    account = {};
    drawAccount();
    await signIn(role);
    await start().catch((e) => say(e.message, true));
  } else {
    document.getElementById('join').hidden = false;
  }
})();
