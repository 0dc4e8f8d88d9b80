import { signIn, token, api, el, say, sayLive } from './session.js';
import { LiveStream, nextDeadline, countdown, riskClass } from './live.js';
import { signaturePad } from './signature.js';
import { actionCache } from './actions.js';
import { t, named } from './i18n.js';
import { showProblem, conflict, redraw, labelled, stepDialog } from './forms.js';
import { mountPhotos } from './photos.js';
import './shell.js';

const orders = new Map();
let stream = null;
const pad = signaturePad(document.getElementById('signature'));
document.getElementById('clear-signature').addEventListener('click', () => pad.clear());
const dialog = stepDialog(document.getElementById('step-dialog'));
const { form, ask } = dialog;

// The steps this page has a button for (P3-P8), each shown when the server lists it in the order's allowedActions.
// A step that needs answers asks them in the dialog's form; accept and decline go through the hub.
const steps = {
  'en-route': () => ({ eta: new Date(Date.now() + 3600e3).toISOString() }),
  arrive: () => undefined,
  diagnosis: (order) => ask(t('technician.diagnosisTitle'), [
    labelled(t('technician.cause'), el('input', { id: 'diagnosis-cause', 'data-field': 'cause', required: true })),
    el('label', {}, el('input', { type: 'checkbox', id: 'diagnosis-complex', 'data-field': 'complex' }), ' ', t('technician.complex')),
  ], () => post(order, 'diagnosis', {
    cause: document.getElementById('diagnosis-cause').value.trim(), complex: document.getElementById('diagnosis-complex').checked,
  })),
  'start-repair': () => undefined,
  complete: selfCheck,
  acceptance: () => {
    if (!pad.isSigned()) throw new Error(t('technician.notSigned'));
    return { signedBy: document.getElementById('signed-by').value || 'customer', signature: pad.dataUrl() };
  },
  cleanup: () => undefined,
};
const allowed = actionCache('technician', () => render());

// Q3: the checklist of the product category's current standard (or the general one), answered item by item.
async function selfCheck(order) {
  const full = await api('technician', 'GET', `/api/work-orders/${order.id}`);
  const standard = await api('technician', 'GET', `/api/standards/${encodeURIComponent(full.product.category)}`)
    .catch(() => api('technician', 'GET', '/api/standards/general'));
  const boxes = standard.items.map((item, i) => el('input', { type: 'checkbox', id: `check-${i}`, 'data-field': `checklist[${i}]` }));
  return ask(t('technician.checklistTitle'), [
    el('fieldset', { 'data-field': 'checklist' }, el('legend', {}, t('technician.checklistHint')),
      ...standard.items.map((item, i) => el('div', {}, el('label', { for: boxes[i].id }, t('technician.passed', { text: item.text, method: item.method })), ' ', boxes[i]))),
  ], () => post(order, 'complete', { checklist: standard.items.map((item, i) => ({ itemId: item.id, passed: boxes[i].checked })) }));
}

// A refusal: a 422 next to its fields (in the dialog when one is open), a 409 with the current status, and the view
// read again so the buttons match the order as it is now.
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

// Returns whether the step was taken.
async function post(order, command, body) {
  try {
    const updated = await api('technician', 'POST', `/api/work-orders/${order.id}/${command}`, body);
    say(t('technician.stepDone', { step: t(`step.${command}`), status: named('status', updated.status) }));
    return true;
  } catch (error) {
    refused(order, error);
    return false;
  }
}

async function step(order, command) {
  try {
    const body = await steps[command](order);
    if (body !== null) await post(order, command, body);
  } catch (error) { refused(order, error); }
}

function decline(order) {
  ask(t('technician.declineTitle'), [
    labelled(t('technician.declineReason'), el('textarea', { id: 'decline-reason', 'data-field': 'reason', required: true })),
  ], () => stream.invoke('Decline', order.id, document.getElementById('decline-reason').value.trim())
    .then(() => { say(t('technician.declined')); return true; })
    .catch((e) => { say(e.message, true); return false; }));
}

function button(order, command, label, onclick) {
  return el('button', { type: 'button', 'data-key': `${order.id}/${command}`, onclick }, label);
}

// One photo panel per order, mounted once and moved into each redrawn card (a new one every second would fetch the
// photos again and lose a pick in progress); read again when the order changes, as that may open or close the camera.
const photoPanels = new Map();
function photos(order) {
  let panel = photoPanels.get(order.id);
  if (!panel) {
    const node = el('div', { class: 'photos', 'data-order-photos': order.id });
    panel = { node, version: order.version, photos: mountPhotos(node, order.id, { canAdd: true }) };
    photoPanels.set(order.id, panel);
  } else if (panel.version !== order.version) {
    panel.version = order.version;
    panel.photos.refresh();
  }
  return panel.node;
}

function render() {
  const now = Date.now();
  const cards = [...orders.values()].filter((o) => !['closed', 'cancelled', 'cleaned-up'].includes(o.status)).map((o) => {
    const deadline = nextDeadline(o, now);
    const may = allowed.of(o);
    const actions = [
      may.includes('accept') ? button(o, 'accept', t('technician.accept'), () => stream.invoke('Accept', o.id).then(() => say(t('technician.accepted'))).catch((e) => say(e.message, true))) : null,
      may.includes('decline') ? button(o, 'decline', t('technician.decline'), () => decline(o)) : null,
      ...Object.keys(steps).filter((command) => may.includes(command)).map((command) => button(o, command, t(`step.${command}`), () => step(o, command))),
    ];
    // The photos follow their card rather than sit in it: their file inputs have the button role, and the card's
    // buttons are its steps (the tests read them so).
    return [el('div', { class: `card ${riskClass(deadline)}`, 'data-order': o.id, 'data-status': o.status },
      el('strong', {}, `${named('status', o.status)} · ${o.customerName}`), el('br'), o.productModel, el('br'),
      deadline.clock ? el('span', { class: 'countdown' }, `${named('clause', deadline.clock.clause)}: ${countdown(deadline.due - now)}`) : '', el('br'), ...actions), photos(o)];
  });
  redraw(document.getElementById('orders'), cards.flat());
}

document.getElementById('join').addEventListener('submit', async (event) => {
  event.preventDefault();
  const technicianId = document.getElementById('technician').value.trim();
  try {
    await signIn('technician', `user-${technicianId}`, { technicianId });
    await stream?.stop();
    orders.clear();
    allowed.clear();
    stream = new LiveStream({
      hub: '/hubs/technician', token: () => token('technician'),
      join: (c, epoch, after) => c.invoke('Join', epoch, after),
      onSnapshot: (s) => { orders.clear(); s.orders.forEach((o) => orders.set(o.id, o)); render(); },
      onDelta: (d) => {
        const o = d.change.order;
        if (!o) return;
        if (o.technicianId !== technicianId) orders.delete(o.id); // withdrawn, declined or pulled back
        else if ((orders.get(o.id)?.version ?? 0) <= o.version) orders.set(o.id, o);
        render();
      },
      onState: (what, epoch, sequence) => sayLive(what === 'live' ? t('live.live', { sequence }) : t(`live.${what}`)),
    });
    await stream.start();
  } catch (error) { say(error.message, true); }
});

document.addEventListener('fieldservice:language', () => render());
setInterval(render, 1000);
