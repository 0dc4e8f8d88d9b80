// Customer service's day (P1, P9, CS4): take a report by phone, email or chat (finding the caller again from earlier
// orders), triage what was reported, call customers back before their 24 h run out, and work the complaints. The
// region's orders arrive pushed from the board; the callback queue and the complaints are read again when a push says
// an order moved, so nothing polls. Every button is one the server lists in allowedActions.
import { signIn, token, api, el, say, sayLive } from './session.js';
import { LiveStream, nextDeadline, countdown, riskClass, regionPage } from './live.js';
import { actionCache } from './actions.js';
import { t, named, when } from './i18n.js';
import { showProblem, clearProblems, conflict, redraw, labelled, stepDialog } from './forms.js';
import './shell.js';

const role = 'agent';
const orders = new Map(); // the region's open orders, as the board pushes them
let callbacks = []; // GET /api/callbacks, most urgent first
let complaints = []; // GET /api/complaints, newest first
let questions = [];
let stream = null;
let region = null;
const allowed = actionCache(role, () => render());
const dialog = stepDialog(document.getElementById('step-dialog'));
const intake = document.getElementById('intake');
const finder = document.getElementById('find');
const value = (id) => document.getElementById(id).value.trim();

// A refusal: a 422 by its fields (in the dialog when open), a 409 with the current status and the view read again.
function refused(error, form) {
  if (error.status === 409) {
    dialog.close();
    allowed.clear();
    say(conflict(error), true);
    refresh();
    return;
  }
  say(form ? showProblem(form, error) : error.message, true);
}

// --- Intake (P1) ---------------------------------------------------------------------------------------------------

finder.addEventListener('submit', async (event) => {
  event.preventDefault();
  try {
    const found = await api(role, 'GET', `/api/customers?search=${encodeURIComponent(value('find-text'))}`);
    clearProblems(finder);
    document.getElementById('found').replaceChildren(...(found.length === 0 ? [el('li', {}, t('agent.noneFound'))] : found.map((c, i) =>
      el('li', { 'data-customer': c.customerId ?? c.lastOrderId },
        `${c.customer.name} · ${c.customer.phone ?? '—'} · ${c.customer.address} · ${c.product.model} (${t('agent.lastReported', { when: when(c.lastReportedAt) })}) `,
        el('button', { type: 'button', 'data-key': `use-${i}`, onclick: () => reuse(c) }, t('agent.reuse'))))));
  } catch (error) { refused(error, finder); }
});

// The caller's details from their earlier order; the fault is new, so it stays empty.
function reuse(known) {
  const set = (id, v) => { document.getElementById(id).value = v ?? ''; };
  set('name', known.customer.name); set('phone', known.customer.phone); set('email', known.customer.email);
  set('address', known.customer.address); set('model', known.product.model); set('serial', known.product.serialNumber);
  set('customer-id', known.customerId);
  document.getElementById('description').focus();
  say(t('agent.reused', { name: known.customer.name }));
}

intake.addEventListener('submit', async (event) => {
  event.preventDefault();
  const optional = (id) => value(id) || null;
  try {
    const order = await api(role, 'POST', '/api/work-orders', {
      customer: { name: value('name'), phone: optional('phone'), email: optional('email'), address: value('address') },
      product: { model: value('model'), serialNumber: value('serial'), category: value('skill'), critical: false },
      fault: { description: value('description'), channel: value('channel') },
      priority: value('priority'), region, requiredSkill: { skill: value('skill'), level: 2 },
      customerId: optional('customer-id'),
    });
    clearProblems(intake);
    intake.reset();
    document.getElementById('found').replaceChildren();
    say(t('agent.recorded', { id: order.id }));
  } catch (error) { refused(error, intake); }
});

// --- Orders: the triage queue and the region's other open orders ---------------------------------------------------

async function post(path, body, done) {
  try {
    await api(role, 'POST', path, body);
    say(done);
    return true;
  } catch (error) {
    refused(error, dialog.open ? dialog.form : null);
    return false;
  }
}

const triage = (o, onSite) => post(`/api/work-orders/${o.id}/triage`, { onSite },
  t(onSite ? 'agent.triagedOnSite' : 'agent.triagedRemote', { name: o.customerName }));

function card(o, now, actions) {
  const deadline = nextDeadline(o, now);
  return el('div', { class: `card ${riskClass(deadline)}`, 'data-order': o.id, 'data-status': o.status, 'data-channel': o.channel },
    el('strong', {}, `${named('status', o.status)} · ${named('priority', o.priority)} · ${o.customerName}`), el('br'),
    el('span', { class: 'channel' }, t('intake.by', { channel: named('channel', o.channel ?? 'phone') })), ' · ',
    `${o.productModel}${o.technicianId ? ` → ${o.technicianId}` : ''}`, el('br'),
    deadline.clock ? el('span', { class: 'countdown' }, `${named('clause', deadline.clock.clause)}: ${countdown(deadline.due - now)}`) : '',
    el('br'), ...actions, ...thread(o));
}

// --- The mail and chat thread of an order (CS1) --------------------------------------------------------------------

const threads = new Map(); // order id -> { version, messages } for the threads the agent opened

function thread(o) {
  if (!o.messages) return [];
  const shown = threads.get(o.id);
  const toggle = button(`${o.id}/thread`, t(shown ? 'intake.hideThread' : 'intake.showThread', { count: o.messages }), () => openThread(o));
  toggle.setAttribute('aria-expanded', shown ? 'true' : 'false');
  if (!shown) return [toggle];
  if (shown.version < o.version) openThread(o, true);
  return [toggle, el('ol', { class: 'thread', 'data-thread': o.id }, ...shown.messages.map((m) =>
    el('li', { 'data-message': m.messageId, class: m.readable ? '' : 'unreadable' },
      el('small', {}, `${when(m.receivedAt)} · ${named('channel', m.channel)}${m.readable ? '' : ` · ${t('intake.unreadable')}`}`), el('br'),
      m.subject ? el('strong', {}, m.subject) : '', m.subject ? el('br') : '',
      el('span', { class: 'message-text' }, m.text))))];
}

async function openThread(o, reload = false) {
  if (threads.has(o.id) && !reload) { threads.delete(o.id); render(); return; }
  try {
    const full = await api(role, 'GET', `/api/work-orders/${o.id}`);
    threads.set(o.id, { version: full.version, messages: full.thread ?? [] });
    render();
  } catch (error) { refused(error); }
}

function button(key, label, onclick) {
  return el('button', { type: 'button', 'data-key': key, onclick }, label);
}

function render() {
  const now = Date.now();
  const open = [...orders.values()].sort((a, b) => Date.parse(a.reportedAt) - Date.parse(b.reportedAt));
  redraw(document.getElementById('triage'), open.filter((o) => o.status === 'reported').map((o) => card(o, now,
    allowed.of(o).includes('triage')
      ? [button(`${o.id}/on-site`, t('agent.onSite'), () => triage(o, true)), button(`${o.id}/remote`, t('agent.remote'), () => triage(o, false))]
      : [])));
  redraw(document.getElementById('open'), open.filter((o) => o.status !== 'reported').map((o) => card(o, now, [])));
  drawCallbacks(now);
  drawUnreached();
  drawComplaints();
}

// --- Notices that could not be delivered (issue 16): customer service phones the customer and says so --------------

const unreached = new Map(); // order id -> its read, for the orders whose failed notices the agent opened

function drawUnreached() {
  const failing = [...orders.values()].filter((o) => o.failedDeliveries > 0);
  redraw(document.getElementById('unreached'), failing.map((o) => {
    const full = unreached.get(o.id);
    const failed = full ? full.notifications.map((n, index) => ({ n, index })).filter(({ n }) => n.delivery?.status === 'failed') : [];
    const phone = full?.customer?.phone;
    return el('div', { class: 'card risk-high', 'data-unreached': o.id },
      el('strong', {}, `${o.customerName} · ${o.productModel}`), el('br'),
      t('agent.unreachedCount', { count: o.failedDeliveries }), el('br'),
      !full ? button(`${o.id}/unreached`, t('agent.unreachedShow'), () => openUnreached(o.id)) : el('div', {},
        phone ? el('a', { href: `tel:${phone}` }, t('agent.unreachedCall', { phone })) : el('span', {}, t('agent.unreachedNoPhone')),
        el('ul', {}, ...failed.map(({ n, index }) => el('li', { 'data-notice': String(index) },
          `${when(n.at)} · ${named('channel', n.delivery.channel ?? n.channel)} · ${t('notify.failedAfter', { count: n.delivery.attempts })} · `,
          t(`notify.notice.${n.kind}`, { id: o.id, defaultValue: n.text }), ' ',
          button(`${o.id}/phoned/${index}`, t('agent.unreachedPhoned'), () => phoned(o.id, index)))))));
  }));
}

async function openUnreached(id) {
  try {
    unreached.set(id, await api(role, 'GET', `/api/work-orders/${id}`));
    render();
  } catch (error) { refused(error); }
}

async function phoned(id, index) {
  try {
    await api(role, 'POST', `/api/work-orders/${id}/notifications/${index}/phoned`);
    say(t('agent.unreachedDone'));
    await openUnreached(id);
  } catch (error) { refused(error); await openUnreached(id); }
}

// --- Callbacks (P9) ------------------------------------------------------------------------------------------------

function drawCallbacks(now) {
  redraw(document.getElementById('callbacks'), callbacks.map((c) => {
    const left = Date.parse(c.dueAt) - now;
    const known = orders.get(c.workOrderId);
    // The order's own read says whether a callback may be recorded now; the queue line alone does not.
    const may = known ? allowed.of(known).includes('callback') : false;
    return el('div', { class: `card ${left <= 0 ? 'risk-breached' : left < 4 * 3600e3 ? 'risk-high' : 'risk-low'}`, 'data-callback': c.workOrderId },
      el('strong', {}, `${c.customerName} · ${c.customerPhone ?? '—'}`), el('br'),
      `${c.productModel} · ${named('status', c.status)}`, el('br'),
      el('span', { class: 'countdown' }, t('agent.callbackDue', { left: countdown(left) })), el('br'),
      may ? button(`${c.workOrderId}/callback`, t('agent.callBack'), () => survey(c)) : '');
  }));
}

function survey(c) {
  const pick = (id, field, options) => el('select', { id, 'data-field': field }, ...options.map(([v, label]) => el('option', { value: v }, label)));
  const scale = [1, 2, 3, 4, 5].map((n) => [String(n), t('agent.score', { n })]);
  const answers = questions.map((q) => [q, pick(`survey-${q.id}`, `answers.${q.id}`, q.answer === 'yes-no'
    ? [['yes', t('agent.yes')], ['no', t('agent.no')]] : scale)]);
  dialog.ask(t('agent.surveyTitle', { name: c.customerName }), [
    labelled(t('agent.satisfaction'), pick('survey-satisfaction', 'satisfaction', scale)),
    ...answers.map(([q, control]) => labelled(t(`survey.${q.id}`, { defaultValue: q.text }), control)),
    el('label', { class: 'wide' }, t('agent.comments'), ' ', el('textarea', { id: 'survey-comments', 'data-field': 'comments' })),
    el('label', { class: 'wide' }, t('agent.complaint'), ' ', el('textarea', { id: 'survey-complaint', 'data-field': 'complaint' })),
  ], async () => {
    const complaint = value('survey-complaint');
    const ok = await post(`/api/work-orders/${c.workOrderId}/callback`, {
      satisfaction: Number(value('survey-satisfaction')), comments: value('survey-comments') || null, complaint: complaint || null,
      answers: Object.fromEntries(answers.map(([q, control]) => [q.id, control.value])),
    }, t(complaint ? 'agent.calledBackComplaint' : 'agent.calledBack', { name: c.customerName }));
    if (ok) refresh();
    return ok;
  });
}

// --- Complaints (P9, CS4) ------------------------------------------------------------------------------------------

const complaintSteps = {
  investigation: () => [labelled(t('agent.findings'), el('textarea', { id: 'step-findings', 'data-field': 'findings', required: true }))],
  resolution: () => [
    labelled(t('agent.resolution'), el('textarea', { id: 'step-resolution', 'data-field': 'resolution', required: true })),
    el('label', {}, el('input', { type: 'checkbox', id: 'step-upheld', 'data-field': 'upheldAgainstTechnician' }), ' ', t('agent.upheld')),
  ],
  feedback: () => [
    labelled(t('agent.channel'), el('select', { id: 'step-channel', 'data-field': 'channel' },
      ...['phone', 'email', 'chat'].map((c) => el('option', { value: c }, named('channel', c))))),
    labelled(t('agent.customerResponse'), el('textarea', { id: 'step-response', 'data-field': 'customerResponse', required: true })),
  ],
};
const stepBody = {
  investigation: () => ({ findings: value('step-findings') }),
  resolution: () => ({ resolution: value('step-resolution'), upheldAgainstTechnician: document.getElementById('step-upheld').checked }),
  feedback: () => ({ channel: value('step-channel'), customerResponse: value('step-response') }),
};
const opened = new Map(); // complaint id -> its full read (with allowedActions), for the ones the agent opened

async function openComplaint(id) {
  try {
    opened.set(id, await api(role, 'GET', `/api/complaints/${id}`));
    drawComplaints();
  } catch (error) { refused(error); }
}

function complaintStep(complaint, step) {
  dialog.ask(t(`complaintStep.${step}`), complaintSteps[step](), async () => {
    const ok = await post(`/api/complaints/${complaint.id}/${step}`, stepBody[step](), t('agent.complaintStepDone', { step: t(`complaintStep.${step}`) }));
    if (ok) { await openComplaint(complaint.id); refresh(); }
    return ok;
  });
}

function drawComplaints() {
  redraw(document.getElementById('complaints'), complaints.map((c) => {
    const full = opened.get(c.id);
    const details = full && full.version >= c.version ? [
      el('p', {}, t('agent.customerWords', { words: full.customerWords })),
      full.findings ? el('p', {}, t('agent.foundText', { text: full.findings })) : '',
      full.resolution ? el('p', {}, t('agent.resolvedText', { text: full.resolution })) : '',
      full.customerResponse ? el('p', {}, t('agent.responseText', { text: full.customerResponse })) : '',
      ...full.allowedActions.filter((s) => complaintSteps[s]).map((s) => button(`${c.id}/${s}`, t(`complaintStep.${s}`), () => complaintStep(full, s))),
    ] : [button(`${c.id}/open`, t('agent.showComplaint'), () => openComplaint(c.id))];
    return el('div', { class: 'card', 'data-complaint': c.id, 'data-status': c.status, 'data-work-order': c.workOrderId },
      el('strong', {}, `${named('complaintStatus', c.status)} · ${named('complaintCategory', c.category)}`), el('br'),
      t('agent.openedAt', { when: when(c.openedAt), order: c.workOrderId.slice(0, 8) }), el('br'), ...details);
  }));
}

// --- Reading the queues again on pushes ----------------------------------------------------------------------------

let reading = null;
let again = false;
// One read at a time; pushes during a read ask for one more afterwards, so a burst costs two reads, not one each.
function refresh() {
  if (reading) { again = true; return reading; }
  reading = (async () => {
    try {
      [callbacks, complaints] = await Promise.all([
        api(role, 'GET', `/api/callbacks?region=${encodeURIComponent(region)}`),
        api(role, 'GET', '/api/complaints?pageSize=50').then((p) => p.items),
      ]);
      render();
    } catch (error) { say(error.message, true); }
    reading = null;
    if (again) { again = false; refresh(); }
  })();
  return reading;
}

document.getElementById('join').addEventListener('submit', async (event) => {
  event.preventDefault();
  try {
    await signIn(role, value('user'));
    region = value('region');
    await stream?.stop();
    orders.clear();
    allowed.clear();
    questions = await api(role, 'GET', '/api/callbacks/questions');
    stream = new LiveStream({
      hub: '/hubs/customer-service', token: () => token(role),
      join: (c, epoch, after) => c.invoke('JoinRegion', region, epoch, after),
      onSnapshot: (s) => { orders.clear(); s.orders.forEach((o) => orders.set(o.id, o)); render(); refresh(); },
      onDelta: (d) => {
        const o = d.change.order;
        if (!o) return;
        if (o.status === 'closed' || o.status === 'cancelled') orders.delete(o.id);
        else if ((orders.get(o.id)?.version ?? 0) <= o.version) orders.set(o.id, o);
        render();
        refresh();
      },
      onState: (what, epoch, sequence) => sayLive(what === 'live' ? t('live.region', { region: named('region', region), sequence }) : t(`live.${what}`)),
    });
    await stream.start();
  } catch (error) { say(error.message, true); }
});

// agent.html?region=north starts work in a region at once.
regionPage(render);
