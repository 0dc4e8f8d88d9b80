import { signIn, api, el, say } from './session.js';
import { signaturePad } from './signature.js';

const pad = signaturePad(document.getElementById('signature'));
document.getElementById('clear-signature').addEventListener('click', () => pad.clear());
let customerId = null;

async function refresh() {
  const page = await api('customer', 'GET', '/api/work-orders?pageSize=50');
  const orders = await Promise.all(page.items.map((o) => api('customer', 'GET', `/api/work-orders/${o.id}`)));
  document.getElementById('orders').replaceChildren(...orders.map((o) => el('div', { class: 'card risk-none', 'data-order': o.id, 'data-status': o.status },
    el('strong', {}, `${o.status}`), ` · ${o.product.model} · reported ${new Date(o.reportedAt).toLocaleString()}`,
    o.eta ? ` · technician expected ${new Date(o.eta).toLocaleTimeString()}` : '', el('br'),
    o.allowedActions.includes('acceptance') ? el('button', { onclick: () => sign(o) }, 'Sign') : '',
    o.allowedActions.includes('callback') ? el('span', {}, 'How satisfied are you? ',
      ...[1, 2, 3, 4, 5].map((n) => el('button', { onclick: () => survey(o, n) }, String(n)))) : '')));
}

async function sign(order) {
  if (!pad.isSigned()) { say('please sign in the box first', true); return; }
  try {
    await api('customer', 'POST', `/api/work-orders/${order.id}/acceptance`, { signedBy: document.getElementById('name').value || customerId, signature: pad.dataUrl() });
    await refresh();
  } catch (error) { say(error.message, true); }
}

async function survey(order, satisfaction) {
  try {
    await api('customer', 'POST', `/api/work-orders/${order.id}/callback`, { satisfaction });
    await refresh();
  } catch (error) { say(error.message, true); }
}

document.getElementById('join').addEventListener('submit', async (event) => {
  event.preventDefault();
  customerId = document.getElementById('customer').value.trim();
  try {
    await signIn('customer', `user-${customerId}`, { customerId });
    say(`signed in as ${customerId}`);
    await refresh();
  } catch (error) { say(error.message, true); }
});

document.getElementById('refresh').addEventListener('click', () => refresh().catch((e) => say(e.message, true)));

document.getElementById('report').addEventListener('submit', async (event) => {
  event.preventDefault();
  const value = (id) => document.getElementById(id).value;
  try {
    const order = await api('customer', 'POST', '/api/work-orders', {
      customer: { name: value('name'), phone: value('phone'), address: value('address') },
      product: { model: value('model'), serialNumber: value('serial'), category: value('skill'), critical: false },
      fault: { description: value('description'), channel: 'web' },
      priority: 'normal', region: value('region'), requiredSkill: { skill: value('skill'), level: 2 },
    });
    say(`reported: ${order.id}`);
    await refresh();
  } catch (error) { say(error.message, true); }
});
