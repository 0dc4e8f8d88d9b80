import { signIn, token, el, say, sayLive } from './session.js';
import { LiveStream, nextDeadline, countdown, riskClass, regionPage } from './live.js';
import { actionCache } from './actions.js';
import { t, named } from './i18n.js';
import { showProblem, redraw } from './forms.js';
import './shell.js';

const state = { orders: new Map(), technicians: new Map(), queue: [], escalations: new Map() };
const statuses = ['reported', 'triaged', 'dispatched', 'accepted', 'en-route', 'on-site', 'diagnosed', 'in-repair', 'awaiting-parts', 'awaiting-inspection', 'completed', 'customer-accepted', 'cleaned-up'];
let streams = [];
const allowed = actionCache('dispatcher', () => render());

function keepNewer(map, item) {
  const known = map.get(item.id);
  if (!known || (known.version ?? 0) <= (item.version ?? 0)) map.set(item.id, item);
}

function apply(change) {
  if (change.order) {
    if (change.order.status === 'closed' || change.order.status === 'cancelled') state.orders.delete(change.order.id);
    else keepNewer(state.orders, change.order);
  }
  if (change.technician) keepNewer(state.technicians, change.technician);
  if (change.queue) state.queue = change.queue;
  if (change.escalation) keepNewer(state.escalations, change.escalation);
  render();
}

function render() {
  const now = Date.now();
  const columns = document.getElementById('orders');
  redraw(columns, statuses.map((status) => {
    const cards = [...state.orders.values()].filter((o) => o.status === status).map((o) => {
      const deadline = nextDeadline(o, now);
      return el('div', { class: `card ${riskClass(deadline)}`, 'data-order': o.id, 'data-status': o.status },
        el('strong', {}, `${named('priority', o.priority)} · ${o.customerName}`), el('br'),
        `${o.productModel}${o.technicianId ? ` → ${o.technicianId}` : ''}`, el('br'),
        deadline.clock ? `${named('clause', deadline.clock.clause)} ${countdown(deadline.due - now)}` : deadline.breached ? t('time.deadlineMissed') : '');
    });
    return el('div', {}, el('h3', {}, `${named('status', status)} (${cards.length})`), ...cards);
  }));

  const technicians = [...state.technicians.values()].sort((a, b) => a.id.localeCompare(b.id));
  document.getElementById('technicians').replaceChildren(...technicians.map((m) =>
    el('tr', { 'data-technician': m.id }, el('td', {}, m.id), el('td', {}, named('technicianStatus', m.status)), el('td', {}, `${m.assignments.length}/${m.profile.capacity}`))));
  drawMap(technicians);

  document.getElementById('queue').replaceChildren(...state.queue.map((q) =>
    el('li', { 'data-queued': q.workOrderId }, `${named('priority', q.priority)} ${q.workOrderId.slice(0, 8)} — ${q.waitingBecause ?? t('dispatch.beingWeighed')}`)));
  document.getElementById('escalations').replaceChildren(...[...state.escalations.values()].filter((e) => !e.acknowledgedAt)
    .map((e) => el('li', {}, `${e.team}: ${named('clause', e.clause)} ${e.reason}`)));

  const orderSelect = document.getElementById('assign-order');
  const pick = orderSelect.value;
  // The orders the server says this dispatcher may dispatch now (allowedActions), not a copy of the lifecycle.
  orderSelect.replaceChildren(...[...state.orders.values()].filter((o) => allowed.of(o).includes('dispatch'))
    .map((o) => el('option', { value: o.id, selected: o.id === pick }, `${o.customerName} (${o.id.slice(0, 8)})`)));
  const techSelect = document.getElementById('assign-technician');
  const chosen = techSelect.value;
  techSelect.replaceChildren(...technicians.map((m) => el('option', { value: m.id, selected: m.id === chosen }, m.id)));
}

function drawMap(technicians) {
  const map = document.getElementById('map');
  const points = technicians.map((t) => t.location ?? t.profile.home);
  if (points.length === 0) { map.replaceChildren(); return; }
  const lats = points.map((p) => p.lat); const lons = points.map((p) => p.lon);
  const [minLat, maxLat, minLon, maxLon] = [Math.min(...lats), Math.max(...lats), Math.min(...lons), Math.max(...lons)];
  const x = (lon) => 20 + ((lon - minLon) / Math.max(1e-6, maxLon - minLon)) * 360;
  const y = (lat) => 240 - ((lat - minLat) / Math.max(1e-6, maxLat - minLat)) * 220;
  const ns = 'http://www.w3.org/2000/svg';
  map.replaceChildren(...technicians.map((t, i) => {
    const g = document.createElementNS(ns, 'g');
    const dot = document.createElementNS(ns, 'circle');
    dot.setAttribute('cx', x(points[i].lon)); dot.setAttribute('cy', y(points[i].lat)); dot.setAttribute('r', 6);
    dot.setAttribute('fill', t.status === 'available' ? '#2e9d58' : t.status === 'busy' ? '#e0a200' : '#888');
    const label = document.createElementNS(ns, 'text');
    label.setAttribute('x', x(points[i].lon) + 8); label.setAttribute('y', y(points[i].lat) + 4); label.setAttribute('font-size', '10');
    label.textContent = t.id;
    g.append(dot, label);
    return g;
  }));
}

async function watch(region) {
  await Promise.all(streams.map((s) => s.stop()));
  state.orders.clear(); state.technicians.clear(); state.queue = []; state.escalations.clear(); allowed.clear();
  const bearer = () => token('dispatcher');
  const board = new LiveStream({
    hub: '/hubs/dispatch', token: bearer,
    join: (c, epoch, after) => c.invoke('JoinRegion', region, epoch, after),
    onSnapshot: (s) => {
      state.orders.clear(); state.technicians.clear();
      s.orders.forEach((o) => state.orders.set(o.id, o));
      s.technicians.forEach((t) => state.technicians.set(t.id, t));
      state.queue = s.queue;
      render();
    },
    onDelta: (d) => apply(d.change),
    onState: (what, epoch, sequence) => {
      sayLive(what === 'live' ? t('live.region', { region, sequence }) : t(`live.${what}`));
      document.body.dataset.sequence = sequence ?? '';
    },
  });
  const teams = ['dispatch', 'dispatch-lead', 'stores'].map((team) => new LiveStream({
    hub: '/hubs/dispatch', token: bearer,
    join: (c, epoch, after) => c.invoke('JoinEscalations', team, epoch, after),
    onSnapshot: (s) => { s.escalations.forEach((e) => state.escalations.set(e.id, e)); render(); },
    onDelta: (d) => apply(d.change),
  }));
  streams = [board, ...teams];
  window.fieldserviceBoard = board; // for the browser tests: lets them drop the connection (set before the streams
  // start, since the board's cards may show before the escalation streams have joined)
  await Promise.all(streams.map((s) => s.start()));
}

document.getElementById('join').addEventListener('submit', async (event) => {
  event.preventDefault();
  try {
    await signIn('dispatcher', document.getElementById('user').value);
    await watch(document.getElementById('region').value.trim());
  } catch (error) { say(error.message, true); }
});

const assignForm = document.getElementById('assign');
assignForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  try {
    await streams[0].invoke('Assign', document.getElementById('assign-order').value, document.getElementById('assign-technician').value,
      document.getElementById('assign-reason').value || null);
    say(t('dispatch.assigned'));
  } catch (error) { say(showProblem(assignForm, error), true); }
});

// dispatch.html?region=north watches a region at once (handy for a wall screen and for the demo).
regionPage(render);
