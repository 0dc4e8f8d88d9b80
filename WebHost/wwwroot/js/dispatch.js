// The dispatcher's board: a region's orders as keyed cards, the technicians, the technician day timeline with
// reassignment, the waiting queue and escalations. Pushed changes update only the elements they concern (a card is
// known by its order id and drawn again only for a new version or a newer read); the countdowns tick in place, one
// text node each, so a board of hundreds of cards is not rebuilt every second.
import { signIn, token, el, say, sayLive, api } from './session.js';
import { LiveStream, nextDeadline, countdown, riskClass, regionPage } from './live.js';
import { actionCache } from './actions.js';
import { t, named, clockTime } from './i18n.js';
import { showProblem, clearProblems } from './forms.js';
import { dayOf, shiftsOn, leaveOn, itemSpan, percent } from './timeline.js';
import './shell.js';

const state = { orders: new Map(), technicians: new Map(), queue: [], escalations: new Map() };
const statuses = ['reported', 'triaged', 'dispatched', 'accepted', 'en-route', 'on-site', 'diagnosed', 'in-repair', 'awaiting-parts', 'awaiting-inspection', 'completed', 'customer-accepted', 'cleaned-up'];
let streams = [];
const allowed = actionCache('dispatcher', (id) => orderChanged(id));

// What is on the page, by key: order id -> { node, countdown (its text node), drawn (what it was drawn from) }, the
// timeline's items the same way, technician id -> table row and timeline row.
const cards = new Map();
const items = new Map();
const rows = new Map();
const lanes = new Map();
const columns = new Map();

function keepNewer(map, item) {
  const known = map.get(item.id);
  if (known && (known.version ?? 0) > (item.version ?? 0)) return false;
  map.set(item.id, item);
  return true;
}

function apply(change) {
  if (change.order) {
    const o = change.order;
    if (o.status === 'closed' || o.status === 'cancelled') { state.orders.delete(o.id); orderChanged(o.id); }
    else if (keepNewer(state.orders, o)) orderChanged(o.id);
  }
  if (change.technician && keepNewer(state.technicians, change.technician)) technicianChanged(change.technician.id);
  if (change.queue) { state.queue = change.queue; drawQueue(); }
  if (change.escalation && keepNewer(state.escalations, change.escalation)) drawEscalations();
}

// ---- cards ----

function buildColumns() {
  const container = document.getElementById('orders');
  columns.clear();
  container.replaceChildren(...statuses.map((status) => {
    const heading = el('h3', {}, '');
    const list = el('div', { class: 'cards' });
    columns.set(status, { heading, list });
    return el('div', { 'data-column': status }, heading, list);
  }));
}

function countColumns() {
  for (const [status, { heading, list }] of columns) setText(heading, `${named('status', status)} (${list.childElementCount})`);
}

// The fault and the address come from the order as this dispatcher reads it (the pushed card carries no contact data).
function cardNode(o, read) {
  const clock = el('span', { class: 'countdown' });
  const node = el('div', { class: 'card', 'data-order': o.id, 'data-status': o.status, 'data-version': o.version },
    el('strong', {}, `${named('priority', o.priority)} · ${o.customerName}`), el('br'),
    `${o.productModel}${o.technicianId ? ` → ${o.technicianId}` : ''}`, el('br'),
    el('span', { class: 'fault' }, read ? read.fault.description : '…'), el('br'),
    el('span', { class: 'address' }, read ? `${t('dispatch.address')}: ${read.customer.address}` : ''),
    o.eta ? el('span', { class: 'eta' }, ` · ${t('dispatch.eta', { time: clockTime(o.eta) })}`) : null, el('br'),
    clock);
  clock.append(document.createTextNode(''));
  return { node, countdown: clock.firstChild };
}

function orderChanged(id) {
  if (id === undefined) {
    // Every order may have a newer read (the connection came back).
    for (const each of [...state.orders.keys()]) orderChanged(each);
    return;
  }
  const o = state.orders.get(id);
  drawCard(id, o);
  drawItem(id, o);
  fillPicks();
}

function drawCard(id, o) {
  const known = cards.get(id);
  if (!o) {
    known?.node.remove();
    cards.delete(id);
    countColumns();
    return;
  }
  const read = allowed.read(id);
  const drawn = `${o.version}|${read?.version ?? ''}`;
  if (known?.drawn === drawn) return; // a push or a read of what is already shown
  const card = { ...cardNode(o, read), drawn, order: o };
  const list = columns.get(o.status)?.list;
  if (known && known.node.parentNode === list) known.node.replaceWith(card.node);
  else { known?.node.remove(); list?.append(card.node); }
  cards.set(id, card);
  tickCard(card, Date.now());
  countColumns();
}

function tickCard(card, now) {
  const deadline = nextDeadline(card.order, now);
  const text = deadline.clock ? `${named('clause', deadline.clock.clause)} ${countdown(deadline.due - now)}` : deadline.breached ? t('time.deadlineMissed') : '';
  if (card.countdown.data !== text) card.countdown.data = text;
  const risk = `card ${riskClass(deadline)}`;
  if (card.node.className !== risk) card.node.className = risk;
}

// ---- technicians: table, map, timeline rows ----

const sortedTechnicians = () => [...state.technicians.values()].sort((a, b) => a.id.localeCompare(b.id));

function technicianChanged(id) {
  const m = state.technicians.get(id);
  drawRow(m);
  drawLane(m);
  drawMap(sortedTechnicians());
  fillPicks();
}

function drawRow(m) {
  const drawn = `${m.status}|${m.assignments.length}/${m.profile.capacity}|${document.documentElement.lang}`;
  const known = rows.get(m.id);
  if (known?.dataset.drawn === drawn) return;
  const row = el('tr', { 'data-technician': m.id, 'data-drawn': drawn }, el('td', {}, m.id), el('td', {}, named('technicianStatus', m.status)), el('td', {}, `${m.assignments.length}/${m.profile.capacity}`));
  if (known) known.replaceWith(row);
  else placeSorted(document.getElementById('technicians'), row, m.id, 'technician');
  rows.set(m.id, row);
}

// Inserts a keyed node among its siblings in id order, so a new technician does not redraw the others.
function placeSorted(container, node, id, key) {
  const after = [...container.children].find((c) => c.dataset[key]?.localeCompare(id) > 0);
  container.insertBefore(node, after ?? null);
}

function drawMap(technicians) {
  const map = document.getElementById('map');
  const points = technicians.map((m) => m.location ?? m.profile.home);
  if (points.length === 0) { map.replaceChildren(); return; }
  const lats = points.map((p) => p.lat); const lons = points.map((p) => p.lon);
  const [minLat, maxLat, minLon, maxLon] = [Math.min(...lats), Math.max(...lats), Math.min(...lons), Math.max(...lons)];
  const x = (lon) => 20 + ((lon - minLon) / Math.max(1e-6, maxLon - minLon)) * 360;
  const y = (lat) => 240 - ((lat - minLat) / Math.max(1e-6, maxLat - minLat)) * 220;
  const ns = 'http://www.w3.org/2000/svg';
  map.replaceChildren(...technicians.map((m, i) => {
    const g = document.createElementNS(ns, 'g');
    const dot = document.createElementNS(ns, 'circle');
    dot.setAttribute('cx', x(points[i].lon)); dot.setAttribute('cy', y(points[i].lat)); dot.setAttribute('r', 6);
    dot.setAttribute('fill', m.status === 'available' ? '#2e9d58' : m.status === 'busy' ? '#e0a200' : '#888');
    const label = document.createElementNS(ns, 'text');
    label.setAttribute('x', x(points[i].lon) + 8); label.setAttribute('y', y(points[i].lat) + 4); label.setAttribute('font-size', '10');
    label.textContent = m.id;
    g.append(dot, label);
    return g;
  }));
}

// ---- the day timeline: a CSS grid of one row per technician, shift and leave as bands, orders as items ----

let day = dayOf(Date.now());
let nowLine = null;
let dragging = null; // the order being dragged, should the drop's data not carry it

function buildTimeline() {
  day = dayOf(Date.now());
  lanes.clear(); items.clear();
  const hours = Array.from({ length: 24 }, (_, h) => el('span', { class: 'tl-hour', style: `left:${(h / 24) * 100}%` }, String(h).padStart(2, '0')));
  nowLine = el('div', { class: 'tl-now', 'aria-hidden': 'true' });
  const scale = el('div', { class: 'tl-row tl-scale', 'aria-hidden': 'true' }, el('span', { class: 'tl-name' }, ''), el('div', { class: 'tl-lane' }, ...hours, nowLine));
  document.getElementById('timeline').replaceChildren(scale);
  for (const m of sortedTechnicians()) drawLane(m);
  for (const o of state.orders.values()) drawItem(o.id, o);
  tickTimeline(Date.now());
  // Open on the hours around now (a phone shows a few hours of the day at a time).
  const scroller = document.querySelector('.timeline-scroll');
  scroller.scrollLeft = Math.max(0, nowLine.getBoundingClientRect().left - scroller.getBoundingClientRect().left + scroller.scrollLeft - scroller.clientWidth / 3);
}

function drawLane(m) {
  const timeline = document.getElementById('timeline');
  let lane = lanes.get(m.id);
  if (!lane) {
    const bands = el('div', { class: 'tl-bands' });
    const body = el('div', { class: 'tl-lane', 'data-lane': m.id }, bands);
    const row = el('div', { class: 'tl-row', 'data-technician-row': m.id }, el('span', { class: 'tl-name' }, ''), body);
    body.addEventListener('dragover', (event) => { event.preventDefault(); body.classList.add('tl-target'); });
    body.addEventListener('dragleave', () => body.classList.remove('tl-target'));
    body.addEventListener('drop', (event) => {
      event.preventDefault();
      body.classList.remove('tl-target');
      const id = event.dataTransfer.getData('text/plain') || dragging;
      if (state.orders.get(id)?.technicianId !== m.id) openReassign(id, m.id);
    });
    lane = { row, body, bands, drawn: null };
    lanes.set(m.id, lane);
    placeSorted(timeline, row, m.id, 'technicianRow');
  }
  // Drawn from what the row shows, not the version: a technician's position report changes nothing here.
  const drawn = JSON.stringify([m.profile.name, m.profile.shift, m.shifts, m.leave, day.start, document.documentElement.lang]);
  if (lane.drawn === drawn) return;
  lane.drawn = drawn;
  const shifts = shiftsOn(m, day);
  const leave = leaveOn(m, day);
  lane.row.querySelector('.tl-name').textContent = `${m.profile.name} (${m.id})`;
  lane.bands.replaceChildren(
    ...shifts.map((s) => el('div', { class: 'tl-shift', style: percent(s, day), title: t('dispatch.shift', { from: clockTime(s.from), to: clockTime(s.to) }) })),
    ...leave.map((l) => el('div', { class: 'tl-leave', style: percent(l, day) }, t('dispatch.leave', { reason: l.reason }))));
  lane.body.setAttribute('aria-label', `${m.profile.name}: ${shifts.length ? shifts.map((s) => t('dispatch.shift', { from: clockTime(s.from), to: clockTime(s.to) })).join(', ') : t('dispatch.noShift')}${leave.length ? `; ${leave.map((l) => t('dispatch.leave', { reason: l.reason })).join(', ')}` : ''}`);
  lane.body.setAttribute('role', 'group');
}

function drawItem(id, o) {
  const known = items.get(id);
  const lane = o?.technicianId ? lanes.get(o.technicianId) : null;
  if (!o || !lane) {
    if (known) { known.node.remove(); items.delete(id); layoutLane(known.lane); }
    return;
  }
  const read = allowed.read(id);
  const movable = allowed.of(o).includes('reassign');
  const drawn = `${o.version}|${read?.version ?? ''}|${movable}|${o.technicianId}|${day.start}`;
  if (known?.drawn === drawn) return;
  const span = itemSpan(o, read, Date.now());
  const label = `${o.customerName} · ${named('status', o.status)} · ${clockTime(span.from)}`;
  const node = el('button', {
    type: 'button', class: `tl-item tl-${o.status}`, 'data-item': id, 'data-from': span.from, 'data-to': span.to,
    style: percent(span, day), draggable: movable ? 'true' : 'false', title: label, 'aria-label': label,
  }, o.customerName);
  node.addEventListener('dragstart', (event) => { dragging = id; event.dataTransfer.setData('text/plain', id); event.dataTransfer.effectAllowed = 'move'; });
  // Keyboard and phone: choosing an item picks it in the form below, which then asks for the technician.
  node.addEventListener('click', () => {
    const pick = document.getElementById('reassign-order');
    if ([...pick.options].some((option) => option.value === id)) { pick.value = id; document.getElementById('reassign-to').focus(); }
  });
  if (known && known.lane === lane) known.node.replaceWith(node);
  else { known?.node.remove(); lane.body.append(node); if (known) layoutLane(known.lane); }
  items.set(id, { node, drawn, lane });
  layoutLane(lane);
}

// Items of one row that overlap in time go one below the other (the first free track), so none hides another;
// only the row whose items changed is laid out again, and only tops that move are written.
function layoutLane(lane) {
  const placed = [...lane.body.querySelectorAll('.tl-item')]
    .map((node) => ({ node, from: Number(node.dataset.from), to: Number(node.dataset.to) }))
    .sort((a, b) => a.from - b.from || a.node.dataset.item.localeCompare(b.node.dataset.item));
  const ends = [];
  for (const p of placed) {
    let track = ends.findIndex((end) => end <= p.from);
    if (track < 0) { track = ends.length; ends.push(0); }
    ends[track] = p.to;
    const top = `${0.35 + track * 2.3}rem`;
    if (p.node.style.top !== top) p.node.style.top = top;
  }
  const height = `${Math.max(1, ends.length) * 2.3 + 0.5}rem`;
  if (lane.body.style.minHeight !== height) lane.body.style.minHeight = height;
}

function tickTimeline(now) {
  if (now >= day.end) { buildTimeline(); return; } // a new day: the rows show today
  const left = `left:${((now - day.start) / (day.end - day.start)) * 100}%`;
  if (nowLine && nowLine.getAttribute('style') !== left) nowLine.setAttribute('style', left);
}

// ---- queue, escalations, the pick forms ----

function drawQueue() {
  document.getElementById('queue').replaceChildren(...state.queue.map((q) =>
    el('li', { 'data-queued': q.workOrderId }, `${named('priority', q.priority)} ${q.workOrderId.slice(0, 8)} — ${q.waitingBecause ?? t('dispatch.beingWeighed')}`)));
}

function drawEscalations() {
  document.getElementById('escalations').replaceChildren(...[...state.escalations.values()].filter((e) => !e.acknowledgedAt)
    .map((e) => el('li', {}, `${e.team}: ${named('clause', e.clause)} ${e.reason}`)));
}

// Refills a select only when its choices changed, keeping what was chosen.
function fill(select, choices) {
  const wanted = choices.map(([value, text]) => `${value}\u0000${text}`).join('\u0001');
  if (select.dataset.choices === wanted) return;
  select.dataset.choices = wanted;
  const chosen = select.value;
  select.replaceChildren(...choices.map(([value, text]) => el('option', { value, selected: value === chosen }, text)));
}

function fillPicks() {
  const orders = [...state.orders.values()];
  const technicians = sortedTechnicians().map((m) => [m.id, `${m.profile.name} (${m.id})`]);
  const label = (o) => [o.id, `${o.customerName} (${o.id.slice(0, 8)})${o.technicianId ? ` → ${o.technicianId}` : ''}`];
  // The orders the server says this dispatcher may dispatch or reassign now (allowedActions), not a copy of the lifecycle.
  fill(document.getElementById('assign-order'), orders.filter((o) => allowed.of(o).includes('dispatch')).map(label));
  fill(document.getElementById('reassign-order'), orders.filter((o) => allowed.of(o).includes('reassign')).map(label));
  fill(document.getElementById('assign-technician'), technicians);
  fill(document.getElementById('reassign-to'), technicians);
  fill(document.getElementById('reassign-technician'), technicians);
}

// Everything drawn again: after a snapshot, or in another language.
function render() {
  buildColumns();
  cards.clear();
  for (const [id, o] of state.orders) drawCard(id, o);
  countColumns();
  document.getElementById('technicians').replaceChildren();
  rows.clear();
  for (const m of sortedTechnicians()) drawRow(m);
  drawMap(sortedTechnicians());
  buildTimeline();
  drawQueue();
  drawEscalations();
  fillPicks();
}

// Every second: the countdowns' text and colour, and the timeline's now line; nothing else.
function tick() {
  const now = Date.now();
  for (const card of cards.values()) tickCard(card, now);
  tickTimeline(now);
}

// ---- reassignment ----

const dialog = document.getElementById('reassign-dialog');
const reassignForm = document.getElementById('reassign');
let moving = null;

function openReassign(id, technicianId) {
  const o = state.orders.get(id);
  if (!o || !allowed.of(o).includes('reassign')) { say(t('dispatch.notReassignable'), true); return; }
  moving = id;
  clearProblems(reassignForm);
  document.getElementById('reassign-what').textContent = t('dispatch.reassignWhat', { order: `${o.customerName} (${id.slice(0, 8)})`, from: o.technicianId });
  document.getElementById('reassign-technician').value = technicianId;
  document.getElementById('reassign-reason').value = '';
  dialog.showModal();
  document.getElementById('reassign-reason').focus();
}

document.getElementById('reassign-pick').addEventListener('submit', (event) => {
  event.preventDefault();
  const id = document.getElementById('reassign-order').value;
  if (!id) { say(t('dispatch.notReassignable'), true); return; }
  openReassign(id, document.getElementById('reassign-to').value);
});

dialog.querySelector('[data-cancel]').addEventListener('click', () => dialog.close());

reassignForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  const technicianId = document.getElementById('reassign-technician').value;
  try {
    await api('dispatcher', 'POST', `/api/work-orders/${moving}/reassign`, { technicianId, reason: document.getElementById('reassign-reason').value });
    dialog.close();
    say(t('dispatch.reassigned', { technician: technicianId }));
  } catch (error) {
    const text = showProblem(reassignForm, error);
    if (error.status === 409) {
      // The board was behind: say what the order is now, and catch up with what was missed.
      dialog.close();
      await streams[0]?.rejoin();
    }
    say(text, true);
  }
});

// ---- joining a region ----

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
      s.technicians.forEach((m) => state.technicians.set(m.id, m));
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
    onSnapshot: (s) => { s.escalations.forEach((e) => state.escalations.set(e.id, e)); drawEscalations(); },
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

function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}

buildColumns();
buildTimeline();
// dispatch.html?region=north watches a region at once (handy for a wall screen and for the demo).
regionPage(render, tick);
