// The inspector's day (Q3/Q4): the repairs waiting for inspection, pushed as they arrive, each with why it was chosen;
// the inspection item by item against the standard version the technician's self-check answered; a pass hands the
// repair over, a failure names what to rework and the repair shows under rework with its Q4 clock ticking; the
// sampling tallies per technician and region against the minimum share. Everything arrives pushed on /hubs/inspection
// (the tallies are read again when a push says a completion was decided), so nothing polls.
import { signIn, token, api, el, say, sayLive } from './session.js';
import { LiveStream, countdown, coalesced } from './live.js';
import { t, named, when } from './i18n.js';
import { showProblem, clearProblems, conflict, redraw } from './forms.js';
import './shell.js';

const role = 'inspector';
// Q3's minimum inspected share, the regulation's 10% (InspectionSample.MinimumShare, the line the S1 compliance report
// judges by; Quality:MinimumShare may set the sampling above it, never below): the line the tallies are drawn against.
const minimumShare = 0.1;
const cards = new Map(); // order id -> { card, node, clock (the rework countdown's text node, if any) }
let tallies = [];
let stream = null;
let open = null; // the inspection being filled in: { id, version, items }
const form = document.getElementById('verdict');

// --- The queue and the rework list ---------------------------------------------------------------------------------

// Why the repair is inspected: Q3's reason, a critical reason telling critical equipment from a key part fitted.
function why(card) {
  const reason = card.requirement?.reason;
  if (reason === 'critical') return t(card.critical ? 'inspector.why.criticalEquipment' : 'inspector.why.keyPart');
  return reason ? t(`inspector.why.${reason}`) : t('inspector.why.unknown');
}

// The rule and its figures, worded from the catalogs; the requirement's explanation is the audit trail's English.
// A decision recorded before the figures were kept (no trace) shows its reason alone.
function scopeName(scope) {
  const [kind, id] = scope.split(/:(.*)/s);
  return t(`inspector.scope.${kind}`, { id, defaultValue: scope });
}

function traced(card) {
  const trace = card.requirement?.trace;
  if (!trace) return '';
  const percent = (x) => (x == null ? '' : `${(x * 100).toFixed(1)}%`);
  return t(`inspector.trace.${trace.rule}`, {
    scope: trace.scope ? scopeName(trace.scope) : '', inspected: trace.inspected, of: trace.of,
    share: percent(trace.share), minimum: trace.minimum == null ? '' : `${Math.round(trace.minimum * 100)}%`,
    run: trace.run, draw: trace.draw?.toFixed(4), rate: trace.drawRate?.toFixed(2), parts: (trace.parts ?? []).join(', '),
    defaultValue: '',
  });
}

function reworkText(card, now = Date.now()) {
  const clock = card.reworkClock;
  if (!clock) return '';
  if (clock.breachedAt) return `${named('clause', 'Q4')} ${t('time.deadlineMissed')}`;
  return `${named('clause', 'Q4')} ${t('inspector.reworkDue', { left: countdown(Date.parse(clock.dueAt) - now) })}`;
}

function draw(card) {
  const head = el('strong', {}, `${card.productModel} · ${card.customerName}`);
  const facts = el('dl', {},
    el('dt', {}, t('inspector.order')), el('dd', {}, card.id),
    el('dt', {}, t('inspector.technician')), el('dd', {}, card.technicianId ?? '—'),
    el('dt', {}, t('inspector.region')), el('dd', {}, card.region),
    el('dt', {}, t('inspector.standard')), el('dd', {}, card.standardCategory ? t('inspector.standardVersion', { category: card.standardCategory, version: card.standardVersion }) : '—'),
    ...(card.completedAt ? [el('dt', {}, t('inspector.completedAt')), el('dd', {}, when(card.completedAt))] : []));
  let clock = null;
  const parts = [head, el('p', { class: 'why' }, why(card)), el('p', { class: 'explanation' }, traced(card)), facts];
  if (card.stage === 'waiting') {
    parts.push(el('button', { type: 'button', 'data-key': `${card.id}/inspect`, onclick: () => startInspection(card.id) }, t('inspector.inspect')));
  } else {
    parts.push(el('p', {}, t('inspector.toRework', { notes: card.reworkNotes ?? '' })), el('p', {}, named('status', card.status)));
    const span = el('span', { class: 'countdown' }, reworkText(card));
    clock = span.firstChild;
    parts.push(el('p', {}, span));
  }
  const breached = card.reworkClock?.breachedAt;
  const node = el('li', { class: `card ${breached ? 'risk-breached' : card.stage === 'rework' ? 'risk-medium' : 'risk-none'}`, 'data-order': card.id, 'data-stage': card.stage }, ...parts);
  return { card, node, clock };
}

// A card is drawn again only when a newer version of it arrives (or the language changed); the rest keep their nodes.
function place(card) {
  const known = cards.get(card.id);
  if (known && known.card.version > card.version) return;
  if (card.stage === 'done') cards.delete(card.id);
  else if (!known || known.card.version !== card.version || known.card.stage !== card.stage) cards.set(card.id, draw(card));
}

function render() {
  const at = (c) => c.card.completedAt ?? c.card.updatedAt;
  const oldestFirst = [...cards.values()].sort((a, b) => at(a).localeCompare(at(b)) || a.card.id.localeCompare(b.card.id));
  redraw(document.getElementById('queue'), oldestFirst.filter((c) => c.card.stage === 'waiting').map((c) => c.node));
  redraw(document.getElementById('rework'), oldestFirst.filter((c) => c.card.stage === 'rework').map((c) => c.node));
  if (open && !cards.has(open.id)) closeInspection(); // inspected elsewhere, or no longer waiting
}

function tick() {
  const now = Date.now();
  for (const { card, clock } of cards.values()) {
    const text = clock ? reworkText(card, now) : null;
    if (clock && clock.data !== text) clock.data = text;
  }
}

// --- The tallies ---------------------------------------------------------------------------------------------------

const readTallies = coalesced(() => api(role, 'GET', '/api/quality/sampling')
  .then((list) => { tallies = list; drawTallies(); })
  .catch((error) => say(error.message, true)));

function drawTallies() {
  document.getElementById('tallies-hint').textContent = t('inspector.talliesHint', { share: Math.round(minimumShare * 100) });
  const rows = [...tallies].sort((a, b) => a.scope.localeCompare(b.scope)).map((s) => {
    const [kind, id] = s.scope.split(/:(.*)/s);
    const share = s.completed === 0 ? 0 : s.inspected / s.completed;
    const low = s.completed > 0 && share < minimumShare;
    const percent = `${(share * 100).toFixed(1)}%`;
    return el('tr', { 'data-scope': s.scope, class: low ? 'share-low' : '' },
      el('th', { scope: 'row' }, t(`inspector.scope.${kind}`, { id, defaultValue: s.scope })),
      el('td', {}, String(s.completed)), el('td', {}, String(s.inspected)),
      el('td', {},
        el('span', { class: 'share', role: 'img', 'aria-label': t('inspector.shareOf', { share: percent, minimum: Math.round(minimumShare * 100) }) },
          el('span', { class: 'share-bar', style: `width:${Math.min(100, share * 100)}%` }),
          el('span', { class: 'share-line', style: `left:${minimumShare * 100}%` })),
        ' ', el('span', { class: low ? 'below' : '' }, low ? t('inspector.below', { share: percent }) : percent)));
  });
  document.querySelector('#tallies tbody').replaceChildren(...rows);
}

// --- The inspection form -------------------------------------------------------------------------------------------

async function startInspection(id) {
  try {
    const order = await api(role, 'GET', `/api/work-orders/${id}`);
    const check = order.selfCheck;
    const standard = await api(role, 'GET', `/api/standards/${encodeURIComponent(check.standardCategory)}/versions/${check.standardVersion}`);
    open = { id, version: order.version, standard, selfCheck: check };
    drawInspection();
    document.getElementById('inspection').hidden = false;
    document.querySelector('#items input')?.focus();
  } catch (error) { say(error.status === 409 ? conflict(error) : error.message, true); }
}

// One fieldset per item of the standard version the self-check used: what is checked, how, what the technician
// found, and the inspector's pass/fail with a note.
function drawInspection() {
  const kept = open.items ?? [];
  document.getElementById('verdict-order').textContent = t('inspector.against', { id: open.id, category: open.standard.category, version: open.standard.version });
  open.items = open.standard.items.map((item, i) => {
    const self = (open.selfCheck.results ?? []).find((r) => r.itemId === item.id);
    const name = `item-${i}`;
    const choice = (value, key) => el('label', {}, el('input', { type: 'radio', name, value, 'data-key': `${name}-${value}`, checked: kept[i]?.value === value }), ' ', t(key));
    const note = el('input', { 'data-key': `${name}-note`, 'data-field': `results[${i}].note`, value: kept[i]?.note ?? '' });
    const node = el('fieldset', { class: 'item', 'data-item': item.id, 'data-field': `results[${i}]` },
      el('legend', {}, item.text),
      el('p', { class: 'method' }, t('inspector.method', { method: item.method })),
      el('p', { class: 'self' }, self ? t(self.passed ? 'inspector.selfPassed' : 'inspector.selfFailed', { note: self.note ?? '' }) : t('inspector.selfMissing')),
      choice('pass', 'inspector.pass'), choice('fail', 'inspector.fail'),
      el('label', {}, t('inspector.itemNote'), ' ', note));
    return { item, node, note, get value() { return node.querySelector('input[type=radio]:checked')?.value; } };
  });
  redraw(document.getElementById('items'), open.items.map((i) => i.node));
}

function closeInspection() {
  open = null;
  clearProblems(form);
  form.reset();
  document.getElementById('inspection').hidden = true;
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  if (!open) return;
  const results = open.items.map((i) => ({ itemId: i.item.id, passed: i.value === undefined ? null : i.value === 'pass', note: i.note.value.trim() || null }));
  const notes = document.getElementById('notes').value.trim() || null;
  try {
    // If-Match: the verdict is about the repair as it was read; a change since (a second inspector) is a 412.
    const after = await api(role, 'POST', `/api/work-orders/${open.id}/inspection`, { results, notes }, { 'if-match': `"${open.version}"` });
    closeInspection();
    say(after.status === 'completed' ? t('inspector.passed', { id: after.id }) : t('inspector.failed', { id: after.id }));
  } catch (error) {
    if (error.status === 409 || error.status === 412) {
      closeInspection();
      say(conflict(error), true);
      return;
    }
    say(showProblem(form, error), true);
  }
});

document.getElementById('verdict-cancel').addEventListener('click', closeInspection);

// --- Signing in and the stream -------------------------------------------------------------------------------------

document.getElementById('join').addEventListener('submit', async (event) => {
  event.preventDefault();
  try {
    await signIn(role, document.getElementById('user').value);
    await stream?.stop();
    stream = new LiveStream({
      hub: '/hubs/inspection', token: () => token(role),
      join: (c, epoch, after) => c.invoke('Join', epoch, after),
      onSnapshot: (s) => { cards.clear(); (s.inspections ?? []).forEach(place); render(); readTallies(); },
      onDelta: (d) => {
        if (d.change.inspection) place(d.change.inspection);
        render();
        readTallies();
      },
      onState: (what, epoch, sequence) => sayLive(what === 'live' ? t('live.live', { sequence }) : t(`live.${what}`)),
    });
    await stream.start();
  } catch (error) { say(error.message, true); }
});

document.addEventListener('fieldservice:language', () => {
  for (const [id, { card }] of cards) cards.set(id, draw(card));
  render();
  drawTallies();
  if (open) drawInspection();
});
setInterval(tick, 1000);
// Signed in at the provider already, or asked for by the address: start at once.
if (new URLSearchParams(location.search).has('start')) document.getElementById('join').requestSubmit();
