import { signIn, api, el, say } from './session.js';
import { signaturePad } from './signature.js';
import { t, named, when, clockTime } from './i18n.js';
import { showProblem, clearProblems, conflict, redraw } from './forms.js';
import './shell.js';

const pad = signaturePad(document.getElementById('signature'));
document.getElementById('clear-signature').addEventListener('click', () => pad.clear());
const reportForm = document.getElementById('report');
let customerId = null;
let shown = [];

function render() {
  redraw(document.getElementById('orders'), shown.map((o) => el('div', { class: 'card risk-none', 'data-order': o.id, 'data-status': o.status },
    el('strong', {}, named('status', o.status)), ` · ${o.product.model} · ${t('customer.reportedAt', { when: when(o.reportedAt) })}`,
    o.eta ? ` · ${t('customer.eta', { when: clockTime(o.eta) })}` : '', el('br'),
    o.allowedActions.includes('acceptance') ? el('button', { type: 'button', 'data-key': `${o.id}/sign`, onclick: () => sign(o) }, t('customer.sign')) : '',
    o.allowedActions.includes('callback') ? el('span', { role: 'group', 'aria-label': t('customer.satisfaction') }, `${t('customer.satisfaction')} `,
      ...[1, 2, 3, 4, 5].map((n) => el('button', { type: 'button', 'data-key': `${o.id}/survey/${n}`, 'aria-label': t('customer.satisfactionScore', { n }), onclick: () => survey(o, n) }, String(n)))) : '')));
}

async function refresh() {
  const page = await api('customer', 'GET', '/api/work-orders?pageSize=50');
  shown = await Promise.all(page.items.map((o) => api('customer', 'GET', `/api/work-orders/${o.id}`)));
  render();
}

// A 409 says what state the order is in now, and the list is read again to show it.
async function refused(error) {
  say(error.status === 409 ? conflict(error) : error.message, true);
  if (error.status === 409) await refresh().catch(() => {});
}

async function sign(order) {
  if (!pad.isSigned()) { say(t('customer.signFirst'), true); return; }
  try {
    await api('customer', 'POST', `/api/work-orders/${order.id}/acceptance`, { signedBy: document.getElementById('name').value || customerId, signature: pad.dataUrl() });
    await refresh();
  } catch (error) { await refused(error); }
}

async function survey(order, satisfaction) {
  try {
    await api('customer', 'POST', `/api/work-orders/${order.id}/callback`, { satisfaction });
    await refresh();
  } catch (error) { await refused(error); }
}

document.getElementById('join').addEventListener('submit', async (event) => {
  event.preventDefault();
  customerId = document.getElementById('customer').value.trim();
  try {
    await signIn('customer', `user-${customerId}`, { customerId });
    say(t('customer.signedInAs', { id: customerId }));
    await refresh();
  } catch (error) { say(error.message, true); }
});

document.getElementById('refresh').addEventListener('click', () => refresh().catch((e) => say(e.message, true)));

reportForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  const value = (id) => document.getElementById(id).value;
  try {
    const order = await api('customer', 'POST', '/api/work-orders', {
      customer: { name: value('name'), phone: value('phone'), address: value('address') },
      product: { model: value('model'), serialNumber: value('serial'), category: value('skill'), critical: false },
      fault: { description: value('description'), channel: 'web' },
      priority: 'normal', region: value('region'), requiredSkill: { skill: value('skill'), level: 2 },
    });
    clearProblems(reportForm);
    say(t('customer.reported', { id: order.id }));
    await refresh();
  } catch (error) { say(showProblem(reportForm, error), true); }
});

document.addEventListener('fieldservice:language', () => render());
