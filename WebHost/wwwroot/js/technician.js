// The technician's day on a phone (P3-P8, E2, TS1): offers pushed with their P3 countdown, then every step on site,
// each offered only when the server lists it in the order's allowedActions. The order's details (fault, window,
// customer contact as the server shows it, diagnosis, parts, support answers) come from reading the order whenever a
// push says it changed. Steps taken without a connection wait in a queue on the phone (stepqueue.js) and are sent,
// in order and with their idempotency keys, when it returns.
import { session, signIn, token, api, el, say, sayLive, ProblemError } from './session.js';
import { LiveStream, nextDeadline, countdown, riskClass } from './live.js';
import { signaturePad } from './signature.js';
import { actionCache } from './actions.js';
import { t, named, when } from './i18n.js';
import { showProblem, conflict, redraw, labelled, stepDialog } from './forms.js';
import { StepQueue } from './stepqueue.js';
import { mountPhotos } from './photos.js';
import './shell.js';

const role = 'technician';
const orders = new Map(); // order id -> the card last pushed (or the order a step answered with)
const unfolded = new Set(); // "order/more" and "order/photos": the folds the technician opened, kept across redraws
const etaChoice = new Map(); // order id -> minutes chosen in the en-route picker
const photoBoxes = new Map(); // order id -> its photos panel (node, the order version it was read for), kept across redraws
const answersSeen = new Set(); // "order#number" of support answers already shown
let technicianId = null;
let stream = null;
let queue = null;
let hubUp = false;
const dialog = stepDialog(document.getElementById('step-dialog'));
const { form, ask } = dialog;
const allowed = actionCache(role, () => render());
const value = (id) => document.getElementById(id)?.value.trim() ?? '';

// The lifecycle's moves get a button on the card; the steps a technician may add along the way (delay, contact,
// notes, parts, support) sit under "other steps", so the card shows first what moves the order on.
const primary = ['accept', 'decline', 'en-route', 'arrive', 'diagnosis', 'start-repair', 'complete', 'acceptance', 'cleanup'];
const secondary = ['delay', 'contact', 'progress', 'await-parts', 'support-requests'];
const stepName = (command) => ({ accept: t('technician.accept'), decline: t('technician.decline') })[command]
  ?? (secondary.includes(command) ? t(`technician.step.${command}`) : t(`step.${command}`));

// --- Taking a step -------------------------------------------------------------------------------------------------

// A refusal: a 422 next to its fields (in the dialog when one is open), a 409 with the current status and the view
// read again, so the buttons match the order as it is now.
function refused(order, error) {
  if (error.status === 409) {
    dialog.close();
    const known = orders.get(order.id);
    if (known && error.problem.currentStatus) known.status = error.problem.currentStatus;
    allowed.clear();
    render();
    say(conflict(error), true);
    return;
  }
  say(dialog.open ? showProblem(form, error) : error.message, true);
}

// The order a step answered with: shown at once, before the push that follows it.
function applied(order) {
  if (order.technicianId !== technicianId) orders.delete(order.id); // declined: no longer this technician's
  else orders.set(order.id, { ...orders.get(order.id), ...order, customerName: order.customer?.name, productModel: order.product?.model });
  allowed.seen(order);
}

// Returns whether the step was taken (applied, or queued to be sent): a dialog closes then.
async function take(order, command, body) {
  try {
    const result = await queue.take({ orderId: order.id, command, path: `/api/work-orders/${order.id}/${command}`, body });
    if (result.queued) {
      say(t('technician.stepQueued', { step: stepName(command) }));
    } else {
      applied(result.order);
      say(t('technician.stepDone', { step: stepName(command), status: named('status', result.order.status) }));
    }
    return true;
  } catch (error) {
    refused(order, error);
    return false;
  }
}

const input = (id, field, attributes = {}) => el('input', { id, 'data-field': field, ...attributes });
const textarea = (id, field, attributes = {}) => el('textarea', { id, 'data-field': field, rows: 3, ...attributes });

// Rows of parts (part number, quantity, description), with a button for one more.
function partRows(initial = []) {
  const rows = el('div', {});
  const add = (part = {}) => {
    const i = rows.children.length;
    rows.append(el('div', { class: 'part-row', 'data-part': i },
      labelled(t('technician.sku'), input(`part-sku-${i}`, `parts[${i}].sku`, { value: part.sku ?? '', size: 10 })),
      labelled(t('technician.quantity'), input(`part-qty-${i}`, `parts[${i}].quantity`, { type: 'number', min: 1, value: part.quantity ?? 1, inputmode: 'numeric', class: 'narrow' })),
      labelled(t('technician.partDescription'), input(`part-desc-${i}`, `parts[${i}].description`, { value: part.description ?? '' }))));
  };
  (initial.length > 0 ? initial : [{}]).forEach(add);
  const fieldset = el('fieldset', { 'data-field': 'parts' }, el('legend', {}, t('technician.parts')), rows,
    el('button', { type: 'button', onclick: () => add() }, t('technician.addPart')));
  const read = () => [...rows.children].map((row, i) => ({
    sku: value(`part-sku-${i}`), quantity: Number(value(`part-qty-${i}`) || 0), description: value(`part-desc-${i}`) || null,
  })).filter((p) => p.sku);
  return { fieldset, read };
}

// A local date-time for <input type="datetime-local">.
const localInput = (date) => new Date(date.getTime() - date.getTimezoneOffset() * 60e3).toISOString().slice(0, 16);

// The steps, by route: what each asks before it is sent (nothing for most).
const steps = {
  accept: (o) => take(o, 'accept'),
  decline: (o) => ask(t('technician.declineTitle'), [
    labelled(t('technician.declineReason'), textarea('decline-reason', 'reason', { required: true })),
  ], () => take(o, 'decline', { reason: value('decline-reason') })),
  'en-route': (o) => take(o, 'en-route', { eta: new Date(Date.now() + (etaChoice.get(o.id) ?? 30) * 60e3).toISOString() }),
  delay: (o) => ask(t('technician.delayTitle'), [
    labelled(t('technician.newEta'), input('delay-eta', 'newEta', { type: 'datetime-local', required: true, value: localInput(new Date(Date.now() + 3600e3)) })),
    labelled(t('technician.delayReason'), textarea('delay-reason', 'reason', { required: true })),
  ], () => take(o, 'delay', { newEta: new Date(value('delay-eta')).toISOString(), reason: value('delay-reason') })),
  contact: (o) => ask(t('technician.contactStepTitle'), [
    labelled(t('technician.contactChannel'), el('select', { id: 'contact-channel', 'data-field': 'channel' },
      ...['phone', 'sms', 'in-person'].map((c) => el('option', { value: c }, t(`technician.channel.${c}`))))),
    labelled(t('technician.notes'), textarea('contact-notes', 'notes')),
  ], () => take(o, 'contact', { channel: value('contact-channel'), notes: value('contact-notes') || null })),
  arrive: (o) => take(o, 'arrive'),
  diagnosis: (o) => {
    const parts = partRows();
    return ask(t('technician.diagnosisTitle'), [
      labelled(t('technician.cause'), input('diagnosis-cause', 'cause', { required: true })),
      el('label', {}, el('input', { type: 'checkbox', id: 'diagnosis-complex', 'data-field': 'complex' }), ' ', t('technician.complex')),
      el('div', {}, labelled(t('technician.estimateHours'), input('estimate-hours', 'estimate.duration', { type: 'number', min: 0, step: 0.5, inputmode: 'decimal', class: 'narrow' })),
        labelled(t('technician.estimateCost'), input('estimate-cost', 'estimate.cost', { type: 'number', min: 0, step: 0.01, inputmode: 'decimal', class: 'narrow' }))),
      parts.fieldset,
    ], () => {
      const hours = value('estimate-hours');
      const cost = value('estimate-cost');
      const needs = parts.read();
      return take(o, 'diagnosis', {
        cause: value('diagnosis-cause'),
        complex: document.getElementById('diagnosis-complex').checked,
        estimate: hours || cost ? { duration: hours ? `PT${Math.round(Number(hours) * 60)}M` : null, cost: cost ? Number(cost) : null } : null,
        parts: needs.length > 0 ? needs : null,
      });
    });
  },
  'start-repair': (o) => take(o, 'start-repair'),
  progress: (o) => ask(t('technician.progressTitle'), [
    labelled(t('technician.progressNote'), textarea('progress-note', 'note', { required: true })),
  ], () => take(o, 'progress', { note: value('progress-note') })),
  'await-parts': (o) => {
    const parts = partRows(allowed.order(o.id)?.diagnosis?.parts ?? []);
    return ask(t('technician.partsTitle'), [parts.fieldset], () => take(o, 'await-parts', { parts: parts.read() }));
  },
  'support-requests': (o) => ask(t('technician.supportTitle'), [
    labelled(t('technician.question'), textarea('support-question', 'question', { required: true })),
  ], () => take(o, 'support-requests', { question: value('support-question') })),
  complete: selfCheck,
  acceptance: (o) => {
    const canvas = el('canvas', { id: 'signature', class: 'signature', width: 360, height: 140, role: 'img', 'aria-label': t('technician.signaturePad') });
    const pad = signaturePad(canvas);
    return ask(t('technician.signTitle'), [
      el('p', {}, t('technician.signHint')), canvas, el('br'),
      el('button', { type: 'button', id: 'clear-signature', onclick: () => pad.clear() }, t('technician.clear')),
      labelled(t('technician.signedBy'), input('signed-by', 'signedBy', { required: true, value: allowed.order(o.id)?.customer?.name ?? '' })),
      el('button', { type: 'button', id: 'write-signature', onclick: () => pad.writeName(value('signed-by')) }, t('technician.writeName')),
    ], () => {
      if (!pad.isSigned()) {
        form.querySelector('.form-error').textContent = t('technician.notSigned');
        return false;
      }
      return take(o, 'acceptance', { signedBy: value('signed-by'), signature: pad.dataUrl() });
    });
  },
  cleanup: (o) => take(o, 'cleanup'),
};

// Q3: the checklist of the standard the order is checked against (its product category's current one, else the
// general one), answered item by item, each with an optional note.
async function selfCheck(order) {
  try {
    const full = allowed.order(order.id) ?? await api(role, 'GET', `/api/work-orders/${order.id}`);
    const standard = await api(role, 'GET', `/api/standards/${encodeURIComponent(full.product.category)}`)
      .catch(() => api(role, 'GET', '/api/standards/general'));
    const boxes = standard.items.map((item, i) => el('input', { type: 'checkbox', id: `check-${i}`, 'data-field': `checklist[${i}]` }));
    return ask(t('technician.checklistTitle'), [
      el('fieldset', { 'data-field': 'checklist' }, el('legend', {}, t('technician.checklistHint')),
        ...standard.items.map((item, i) => el('div', { class: 'check-item' },
          el('label', { for: boxes[i].id }, t('technician.passed', { text: item.text, method: item.method })), ' ', boxes[i], el('br'),
          labelled(t('technician.itemNote', { text: item.text }), input(`check-note-${i}`, `checklist[${i}].note`))))),
      labelled(t('technician.notes'), textarea('check-notes', 'notes')),
    ], () => take(order, 'complete', {
      checklist: standard.items.map((item, i) => ({ itemId: item.id, passed: boxes[i].checked, note: value(`check-note-${i}`) || null })),
      notes: value('check-notes') || null,
    }));
  } catch (error) {
    refused(order, error);
    return null;
  }
}

// --- Drawing -------------------------------------------------------------------------------------------------------

function button(order, command) {
  return el('button', { type: 'button', 'data-key': `${order.id}/${command}`, 'data-step': command, onclick: () => steps[command](order) }, stepName(command));
}

// The photos of the order (photos.js), mounted once per order and kept across redraws (a new panel each time would
// fetch the photos again and lose a pick in progress); read again when the order changes, as that may open or close
// the camera. Whether the camera shows is the server's verdict (the listing's mayAdd).
function photosOf(order) {
  let panel = photoBoxes.get(order.id);
  if (!panel) {
    const node = el('div', { class: 'photos', 'data-order-photos': order.id });
    panel = { node, version: order.version, photos: mountPhotos(node, order.id, { canAdd: true }) };
    photoBoxes.set(order.id, panel);
  } else if (panel.version !== order.version) {
    panel.version = order.version;
    panel.photos.refresh();
  }
  return panel.node;
}

const masked = (text) => typeof text === 'string' && (text.startsWith('•••') || text === '(confidential)');
const row = (term, ...definition) => [el('dt', {}, term), el('dd', {}, ...definition)];

// What the technician needs to know about the order, from its last read (contact data as the server gave it).
function details(full) {
  if (!full) return [];
  const c = full.customer;
  const isMasked = masked(c.address) || masked(c.phone) || masked(c.email);
  const facts = [
    ...row(t('technician.fault'), full.fault.description),
    ...row(t('technician.product'), `${full.product.model} · ${full.product.serialNumber}`),
    ...row(t('technician.priority'), named('priority', full.priority)),
    full.agreedArrival ? row(t('technician.window'), t('technician.windowRange', { from: when(full.agreedArrival.from), to: when(full.agreedArrival.to) })) : [],
    full.eta ? row(t('technician.eta'), when(full.eta)) : [],
    full.requirements ? row(t('technician.requirements'), full.requirements) : [],
  ].flat();
  const contact = el('dl', { class: 'contact', 'data-masked': isMasked ? 'true' : 'false' },
    ...row(t('technician.customerName'), c.name),
    ...(c.phone ? row(t('technician.phone'), isMasked ? c.phone : el('a', { href: `tel:${c.phone}` }, c.phone)) : []),
    ...(c.email ? row(t('technician.email'), c.email) : []),
    ...row(t('technician.address'), c.address));
  const parts = partsOf(full);
  const support = full.supportRequests ?? [];
  return [
    el('dl', { class: 'facts' }, ...facts),
    el('h4', {}, isMasked ? t('technician.contactMasked') : t('technician.contactTitle')), contact,
    full.diagnosis ? el('p', { class: 'diagnosis' }, el('b', {}, `${t('technician.diagnosis')}: `), full.diagnosis.cause,
      full.diagnosis.estimate ? ` · ${t('technician.estimate', { hours: hoursOf(full.diagnosis.estimate.duration), cost: full.diagnosis.estimate.cost })}` : '') : null,
    parts,
    support.length > 0 ? el('div', { class: 'support' }, el('b', {}, t('technician.support')), el('ul', {}, ...support.map((s) => el('li', { 'data-support': s.number },
      t('technician.supportAsked', { number: s.number, question: s.question }), el('br'),
      s.answer ? t('technician.supportAnswer', { answer: s.answer }) : el('i', {}, t('technician.supportWaiting')))))) : null,
    full.progress?.length > 0 ? el('div', { class: 'progress' }, el('b', {}, t('technician.progressNotes')),
      el('ul', {}, ...full.progress.map((p) => el('li', {}, `${when(p.at)}: ${p.note}`)))) : null,
    full.delays?.length > 0 ? el('p', {}, el('b', {}, `${t('technician.delays')}: `),
      t('technician.delayLine', { when: when(full.delays.at(-1).newEta), reason: full.delays.at(-1).reason })) : null,
    full.contacts?.length > 0 ? el('p', {}, el('b', {}, `${t('technician.contacts')}: `),
      full.contacts.map((k) => t('technician.contactLine', { channel: t(`technician.channel.${k.channel}`, { defaultValue: k.channel }), when: when(k.at) })).join('; ')) : null,
  ];
}

// ISO 8601 duration (PT2H30M) in hours, as the estimate was entered.
function hoursOf(duration) {
  const m = /^P(?:(\d+)D)?T?(?:(\d+)H)?(?:(\d+)M)?/.exec(duration ?? '') ?? [];
  return Math.round(((Number(m[1] ?? 0) * 24) + Number(m[2] ?? 0) + Number(m[3] ?? 0) / 60) * 100) / 100;
}

// P6/M3: what the open wait for parts needs, what was reserved for it and what is still short.
function partsOf(full) {
  const wait = (full.partsWaits ?? []).find((w) => !w.until);
  const reserved = full.partsReserved ?? [];
  if (!wait && reserved.length === 0) return null;
  const needs = wait?.parts ?? [];
  const held = (sku) => reserved.filter((r) => r.sku === sku).reduce((n, r) => n + r.quantity, 0);
  const short = needs.map((p) => ({ sku: p.sku, quantity: p.quantity - held(p.sku) })).filter((p) => p.quantity > 0);
  const list = (lines, key) => (lines.length === 0 ? t('technician.none') : lines.map((l) => t(key, l)).join(', '));
  return el('dl', { class: 'parts' },
    ...row(t('technician.partsNeeded'), list(needs, 'technician.partLine')),
    ...row(t('technician.partsReserved'), el('span', { 'data-parts': 'reserved' }, list(reserved, 'technician.reservedLine'))),
    ...row(t('technician.partsShort'), el('span', { 'data-parts': 'short' }, list(short, 'technician.partLine'))));
}

function card(o) {
  const full = allowed.order(o.id);
  const may = allowed.of(o);
  const waiting = queue?.steps.filter((s) => s.orderId === o.id) ?? [];
  const deadline = nextDeadline(o, Date.now());
  const more = secondary.filter((c) => may.includes(c));
  const moves = [
    ...primary.filter((c) => may.includes(c)).map((c) => button(o, c)),
    may.includes('en-route') ? labelled(t('technician.etaIn'), el('select', {
      id: `eta-${o.id}`, 'data-key': `${o.id}/eta`, onchange: (e) => etaChoice.set(o.id, Number(e.target.value)),
    }, ...[15, 30, 45, 60, 90, 120, 180, 240].map((m) => el('option', { value: m, selected: (etaChoice.get(o.id) ?? 30) === m }, t('technician.minutes', { count: m }))))) : null,
  ];
  const folded = more.length === 0 ? null : fold(o, 'more', t('technician.moreSteps'), more.map((c) => button(o, c)));
  return el('article', { class: `card ${riskClass(deadline)}`, 'data-order': o.id, 'data-status': o.status, 'aria-label': `${o.customerName} · ${o.productModel}` },
    el('strong', {}, `${named('status', o.status)} · ${o.customerName}`), el('br'), o.productModel, el('br'),
    el('span', { class: 'countdown', 'data-order-clock': o.id }, countdownText(o)),
    ...details(full),
    waiting.length > 0 ? el('p', { class: 'queued', 'data-queued': waiting.length }, t('technician.queuedOnCard', { count: waiting.length })) : null,
    el('div', { class: 'actions' }, ...moves), folded,
    // Photos are folded too, so whatever controls photos.js draws never crowd the order's own steps.
    fold(o, 'photos', t('technician.photos'), [photosOf(o)]));
}

// A <details> whose open state survives the card being drawn again.
function fold(o, name, title, content) {
  const key = `${o.id}/${name}`;
  return el('details', { class: name, open: unfolded.has(key), ontoggle: (e) => (e.target.open ? unfolded.add(key) : unfolded.delete(key)) },
    el('summary', { 'data-key': key }, title), ...content);
}

function countdownText(o) {
  const deadline = nextDeadline(o, Date.now());
  return deadline.clock ? `${named('clause', deadline.clock.clause)}: ${countdown(deadline.due - Date.now())}` : '';
}

const shown = (o) => !['closed', 'cancelled', 'cleaned-up'].includes(o.status);

function render() {
  const list = [...orders.values()].filter(shown).sort((a, b) => Date.parse(a.reportedAt) - Date.parse(b.reportedAt));
  redraw(document.getElementById('orders'), list.map(card));
  announceAnswers(list);
  drawQueue();
}

// Countdowns tick locally every second; the cards themselves are drawn again only when something changed.
function tick() {
  for (const o of orders.values()) {
    const clock = document.querySelector(`[data-order-clock="${CSS.escape(o.id)}"]`);
    if (!clock) continue;
    clock.textContent = countdownText(o);
    const article = clock.closest('article');
    article.className = `card ${riskClass(nextDeadline(o, Date.now()))}`;
  }
}

// TS1: an answer from technical support arrives with the push of the order; say so once.
function announceAnswers(list) {
  for (const o of list) {
    for (const s of allowed.order(o.id)?.supportRequests ?? []) {
      const seen = `${o.id}#${s.number}`;
      if (s.answer && !answersSeen.has(seen)) {
        answersSeen.add(seen);
        say(t('technician.supportAnswered', { number: s.number, answer: s.answer }));
      }
    }
  }
}

function drawQueue() {
  const online = navigator.onLine && hubUp;
  const steps = queue?.steps ?? [];
  document.getElementById('queue-section').hidden = online && steps.length === 0;
  document.getElementById('connection').textContent = online ? t('technician.online') : t('technician.offline');
  document.getElementById('queue').replaceChildren(...steps.map((s) => el('li', { 'data-queued-step': s.command },
    t('technician.queueLine', { step: stepName(s.command), order: s.orderId.slice(0, 8), when: when(s.takenAt) }), ' — ', el('b', {}, t('technician.queued')))));
}

// --- Signing in and following the technician's stream ----------------------------------------------------------------

// Who is signed in (or why nobody is), kept as a catalog key so that a language switch says it again.
let whoSaid = null;
function showWho(key, params = {}, isError = false) {
  whoSaid = { key, params, isError };
  const who = document.getElementById('who');
  who.textContent = t(key, params);
  who.className = isError ? 'error' : '';
  who.setAttribute('role', isError ? 'alert' : 'status');
}

async function follow(id) {
  // The technician's own record: an id nobody registered says so, instead of an empty page.
  let me;
  try {
    me = await api(role, 'GET', `/api/technicians/${encodeURIComponent(id)}`);
  } catch (error) {
    if (error.status === 404 || error.status === 403) {
      showWho('technician.unknown', { id }, true);
      return;
    }
    throw error;
  }

  showWho('technician.signedInAs', { name: me.profile?.name ?? id, id });
  technicianId = id;
  await stream?.stop();
  orders.clear();
  allowed.clear();
  queue = new StepQueue({
    role,
    storageKey: `fieldservice.technician.queue.${id}`,
    online: () => navigator.onLine && hubUp,
    onApplied: (step, order) => { applied(order); say(t('technician.replayed', { step: stepName(step.command), status: named('status', order.status) })); },
    onRefused: (step, error) => {
      allowed.clear();
      render();
      say(t('technician.replayRefused', { step: stepName(step.command), message: error.status === 409 ? conflict(error) : error.message }), true);
    },
    onChange: () => render(),
  });
  stream = new LiveStream({
    hub: '/hubs/technician', token: () => token(role),
    join: (c, epoch, after) => c.invoke('Join', epoch, after),
    onSnapshot: (s) => { orders.clear(); s.orders.forEach((o) => orders.set(o.id, o)); render(); },
    onDelta: (d) => {
      const o = d.change.order;
      if (!o) return;
      if (o.technicianId !== technicianId) orders.delete(o.id); // withdrawn, declined or pulled back
      else if ((orders.get(o.id)?.version ?? 0) <= o.version) orders.set(o.id, o);
      render();
    },
    onState: (what, epoch, sequence) => {
      hubUp = what === 'live';
      sayLive(what === 'live' ? t('live.live', { sequence }) : t(`live.${what}`));
      drawQueue();
      if (hubUp) queue.replay();
    },
  });
  await stream.start();
}

// The connection is back: send what waits, read again what may have changed, and reconnect a stream that gave up.
window.addEventListener('online', () => {
  drawQueue();
  allowed.retry();
  if (stream?.connection.state === 'Disconnected') stream.start().catch((e) => say(e.message, true));
});
window.addEventListener('offline', () => drawQueue());

async function start() {
  const state = await session();
  if (state.mode === 'oidc') {
    // The provider's claims name the technician (/api/me); the page asks for nothing.
    await signIn(role, null); // goes to the provider first when there is no session yet
    const me = await api(role, 'GET', '/api/me');
    if (!me.technicianId) {
      showWho('technician.noTechnician', {}, true);
      return;
    }
    await follow(me.technicianId);
    return;
  }

  const join = document.getElementById('join');
  join.hidden = false;
  join.addEventListener('submit', async (event) => {
    event.preventDefault();
    const id = value('technician');
    try {
      await signIn(role, `user-${id}`, { technicianId: id });
      await follow(id);
    } catch (error) { say(error instanceof ProblemError ? error.message : String(error.message ?? error), true); }
  });
  const wanted = new URLSearchParams(location.search).get('technician');
  if (wanted) {
    document.getElementById('technician').value = wanted;
    join.requestSubmit();
  }
}

document.addEventListener('fieldservice:language', () => {
  if (whoSaid) showWho(whoSaid.key, whoSaid.params, whoSaid.isError);
  render();
});
setInterval(tick, 1000);
start().catch((error) => say(error.message, true));
