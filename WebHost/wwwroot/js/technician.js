import { signIn, token, api, el, say } from './session.js';
import { LiveStream, nextDeadline, countdown, riskClass } from './live.js';
import { signaturePad } from './signature.js';
import { actionCache } from './actions.js';

const orders = new Map();
let stream = null;
const pad = signaturePad(document.getElementById('signature'));
document.getElementById('clear-signature').addEventListener('click', () => pad.clear());

// The steps this page has a button for (P3-P8), each shown when the server lists it in the order's allowedActions.
// Accept and decline go through the hub.
const steps = [
  ['en-route', 'Set off', () => ({ eta: new Date(Date.now() + 3600e3).toISOString() })],
  ['arrive', 'Arrived', () => undefined],
  ['diagnosis', 'Diagnose', () => ({ cause: prompt('Cause?') || 'unknown', complex: false })],
  ['start-repair', 'Start repair', () => undefined],
  ['complete', 'Self-check and complete', selfCheck],
  ['acceptance', 'Customer signs', () => {
    if (!pad.isSigned()) throw new Error('the customer has not signed yet');
    return { signedBy: document.getElementById('signed-by').value || 'customer', signature: pad.dataUrl() };
  }],
  ['cleanup', 'Site cleaned up', () => undefined],
];
const allowed = actionCache('technician', () => render());

// Q3: the checklist of the product category's current standard (or the general one), answered item by item.
async function selfCheck(order) {
  const full = await api('technician', 'GET', `/api/work-orders/${order.id}`);
  const standard = await api('technician', 'GET', `/api/standards/${encodeURIComponent(full.product.category)}`)
    .catch(() => api('technician', 'GET', '/api/standards/general'));
  return { checklist: standard.items.map((item) => ({ itemId: item.id, passed: confirm(`${item.text} (${item.method}): passed?`) })) };
}

async function step(order, command, body) {
  try {
    const updated = await api('technician', 'POST', `/api/work-orders/${order.id}/${command}`, await body(order));
    say(`${command}: ${updated.status}`);
  } catch (error) { say(error.message, true); }
}

function render() {
  const now = Date.now();
  const cards = [...orders.values()].filter((o) => !['closed', 'cancelled', 'cleaned-up'].includes(o.status)).map((o) => {
    const deadline = nextDeadline(o, now);
    const may = allowed.of(o);
    const actions = [
      may.includes('accept') ? el('button', { onclick: () => stream.invoke('Accept', o.id).then(() => say('accepted')).catch((e) => say(e.message, true)) }, 'Accept') : null,
      may.includes('decline') ? el('button', { onclick: () => stream.invoke('Decline', o.id, prompt('Why decline?') || 'not available').catch((e) => say(e.message, true)) }, 'Decline') : null,
      ...steps.filter(([command]) => may.includes(command)).map(([command, label, body]) => el('button', { onclick: () => step(o, command, body) }, label)),
    ];
    return el('div', { class: `card ${riskClass(deadline)}`, 'data-order': o.id, 'data-status': o.status },
      el('strong', {}, `${o.status} · ${o.customerName}`), el('br'), o.productModel, el('br'),
      deadline.clock ? el('span', { class: 'countdown' }, `${deadline.clock.clause}: ${countdown(deadline.due - now)}`) : '', el('br'), ...actions);
  });
  document.getElementById('orders').replaceChildren(...cards);
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
      onState: (what, epoch, sequence) => say(what === 'live' ? `live #${sequence}` : what),
    });
    await stream.start();
  } catch (error) { say(error.message, true); }
});

setInterval(render, 1000);
