// The storekeeper's workspace (M1–M3): the bins by location with what is on hand, reserved, available, quarantined and
// their levels; a bin's (or a part's) ledger with filters; the stores feed's alerts live (low stock, orders waiting for
// parts, overdue stocktakes); receiving with a certificate, stocktakes approved by a second person, purchase suggestions
// turned into purchase orders and received against, transfers between warehouse and van. Everything that changes
// arrives on the stores stream of /hubs/dispatch: escalations as they are raised or acknowledged, and every bin as a
// movement leaves it (the bin's row is redrawn from it; the suggestions and open purchase orders, which follow from
// the bins, are read again). Nothing polls.
import { signIn, token, api, el, say, sayLive } from './session.js';
import { LiveStream, coalesced } from './live.js';
import { ready, t, named, when } from './i18n.js';
import { showProblem, clearProblems, stepDialog, labelled, redraw } from './forms.js';
import './shell.js';

const role = 'storekeeper';
const kinds = ['receive', 'receive-quarantined', 'return-to-supplier', 'reserve', 'release', 'issue', 'return', 'count', 'approve-count',
  'configure', 'transfer-out', 'transfer-in', 'transfer-complete'];
const state = {
  bins: new Map(), // "location|sku" -> bin
  alerts: new Map(), // escalation id -> escalation (open ones)
  parts: new Map(), // sku -> part
  suppliers: [],
  suggestions: [],
  orders: [],
  selected: null, // the bin key whose panel is open
  ledger: [],
};
let stream = null;
let user = '';
const dialog = stepDialog(document.getElementById('step-dialog'));
const keyOf = (location, sku) => `${location}|${sku}`;
const path = (bin) => `/api/bins/${encodeURIComponent(bin.location)}/${encodeURIComponent(bin.sku)}`;
const partName = (sku) => state.parts.get(sku)?.name ?? sku;
const binName = (location, sku) => t('stores.binName', { sku, name: partName(sku), location });

// A bin's refusal names its stock (409's currentStatus), not a work order's status as forms.js's conflict() would.
function refusal(form, error) {
  const text = showProblem(form, error);
  if (error.status !== 409) return text;
  const said = t('stores.refused', { detail: error.problem?.detail ?? error.message, stock: error.problem?.currentStatus ?? '' });
  form.querySelector('.form-error').textContent = said;
  return said;
}

// Runs a step from the dialog: true closes it; a refusal stays in it, by its field (422) or with the bin's stock (409).
async function attempt(run, done) {
  try {
    const answer = await run();
    done?.(answer);
    return true;
  } catch (error) {
    say(refusal(dialog.form, error), true);
    return false;
  }
}

const number = (field, value, extra = {}) => el('input', { type: 'number', min: '0', step: '1', 'data-field': field, value: value ?? '', class: 'narrow', required: true, ...extra });
const field = (name, control) => labelled(t(name), control);

// --- Bins ------------------------------------------------------------------------------------------------------------

// Keeps the newer of two copies of a bin (a push and a listing may cross).
function placeBin(bin) {
  const key = keyOf(bin.location, bin.sku);
  const known = state.bins.get(key);
  if (known && known.version > bin.version) return false;
  state.bins.set(key, bin);
  return true;
}

function drawLocations() {
  const select = document.getElementById('location');
  const chosen = select.value;
  const locations = [...new Set([...state.bins.values()].map((b) => b.location))].sort();
  select.replaceChildren(el('option', { value: '' }, t('stores.allLocations')),
    ...locations.map((l) => el('option', { value: l, selected: l === chosen }, l)));
  select.value = locations.includes(chosen) ? chosen : '';
}

function drawBins() {
  drawLocations();
  const location = document.getElementById('location').value;
  const rows = [...state.bins.values()]
    .filter((b) => !location || b.location === location)
    .sort((a, b) => a.location.localeCompare(b.location) || a.sku.localeCompare(b.sku))
    .map((b) => {
      const key = keyOf(b.location, b.sku);
      const cell = (value) => el('td', {}, String(value));
      return el('tr', { 'data-bin': key, class: b.lowStock ? 'low' : '' },
        el('th', { scope: 'row' }, el('button', { type: 'button', class: 'link', 'data-key': `bin/${key}`, 'aria-pressed': String(state.selected === key), onclick: () => openBin(key) },
          binName(b.location, b.sku)), b.lowStock ? el('span', { class: 'below' }, ` ${t('stores.low')}`) : null),
        cell(b.onHand), cell(b.reserved), cell(b.available), cell(b.quarantined), cell(b.min), cell(b.max));
    });
  redraw(document.querySelector('#bins tbody'), rows);
  drawStocktakes();
  drawBin();
}

function openBin(key) {
  state.selected = key;
  document.getElementById('bin').hidden = false;
  drawBins();
  readLedger();
  document.getElementById('bin-title').scrollIntoView?.({ block: 'nearest' });
}

function drawBin() {
  const bin = state.bins.get(state.selected);
  if (!bin) return;
  document.getElementById('bin-title').textContent = binName(bin.location, bin.sku);
  const facts = [t('stores.stock', { onHand: bin.onHand, reserved: bin.reserved, available: bin.available, quarantined: bin.quarantined, min: bin.min, max: bin.max })];
  if (bin.reservations?.length) facts.push(t('stores.heldFor', { orders: bin.reservations.map((r) => `${r.workOrderId} (${r.quantity})`).join(', ') }));
  if (bin.inTransit?.length) facts.push(t('stores.inTransit', { quantity: bin.inTransit.reduce((n, x) => n + x.quantity, 0) }));
  if (bin.countDueAt) facts.push(t('stores.countDue', { at: when(bin.countDueAt) }));
  document.getElementById('bin-facts').textContent = facts.join(' · ');
}

document.getElementById('location').addEventListener('change', drawBins);

// --- The ledger ------------------------------------------------------------------------------------------------------

const ledgerForm = document.getElementById('ledger-filter');

function drawKinds() {
  const select = document.getElementById('ledger-kind');
  const chosen = select.value;
  select.replaceChildren(el('option', { value: '' }, t('stores.allKinds')), ...kinds.map((k) => el('option', { value: k }, named('stores.kinds', k))));
  select.value = chosen;
}

// The day inputs are local days; "until" includes its day.
const dayStart = (value, plus = 0) => {
  if (!value) return null;
  const day = new Date(`${value}T00:00:00`);
  day.setDate(day.getDate() + plus);
  return day.toISOString();
};

async function readLedger() {
  const bin = state.bins.get(state.selected);
  if (!bin) return;
  clearProblems(ledgerForm);
  const scope = document.getElementById('ledger-scope').value;
  const kind = document.getElementById('ledger-kind').value;
  const from = dayStart(document.getElementById('ledger-from').value);
  const to = dayStart(document.getElementById('ledger-to').value, 1);
  const order = document.getElementById('ledger-order').value.trim();
  try {
    let movements;
    if (scope === 'part') {
      const query = new URLSearchParams();
      if (order) query.set('workOrderId', order);
      if (from) query.set('from', from);
      if (to) query.set('to', to);
      movements = await api(role, 'GET', `/api/parts/${encodeURIComponent(bin.sku)}/ledger?${query}`);
    } else {
      movements = (await api(role, 'GET', `${path(bin)}/ledger`))
        .filter((m) => (!order || m.workOrderId === order) && (!from || m.at >= from) && (!to || m.at < to));
    }
    state.ledger = movements.filter((m) => !kind || m.kind === kind);
    drawLedger();
  } catch (error) { say(showProblem(ledgerForm, error), true); }
}

function drawLedger() {
  const rows = [...state.ledger].reverse().map((m) => el('tr', { 'data-kind': m.kind },
    el('td', {}, when(m.at)), el('td', {}, binName(m.location, m.sku)), el('td', {}, named('stores.kinds', m.kind)),
    el('td', {}, m.quantity > 0 ? `+${m.quantity}` : String(m.quantity)),
    el('td', {}, `${m.onHand} / ${m.reserved} / ${m.quarantined}`),
    el('td', {}, [m.workOrderId, m.document, m.certificate && t('stores.certificateNamed', { certificate: m.certificate }), m.supplierId, m.reason]
      .filter(Boolean).join(' · ')),
    el('td', {}, m.actor?.id ?? '')));
  document.querySelector('#ledger tbody').replaceChildren(...(rows.length ? rows : [el('tr', {}, el('td', { colspan: '7' }, t('stores.noMovements')))]));
}

ledgerForm.addEventListener('submit', (event) => { event.preventDefault(); readLedger(); });

// --- Movements of the open bin ---------------------------------------------------------------------------------------

const bound = (answer) => { if (answer?.sku && placeBin(answer)) drawBins(); readPurchasing(); };

function supplierSelect(onlyQualified) {
  const options = state.suppliers.filter((s) => !onlyQualified || s.qualified)
    .map((s) => el('option', { value: s.id }, s.qualified ? s.name : t('stores.unqualified', { name: s.name })));
  return el('select', { 'data-field': 'supplierId', required: true }, ...options);
}

function receive(bin) {
  const quantity = number('quantity', 1, { min: '1' });
  const supplier = supplierSelect(false);
  const certificate = el('input', { 'data-field': 'certificate', required: true });
  const passed = el('input', { type: 'checkbox', 'data-field': 'inspectionPassed', checked: true });
  const document_ = el('input', { 'data-field': 'document' });
  dialog.ask(t('stores.receiveTitle', { bin: binName(bin.location, bin.sku) }),
    [field('stores.quantity', quantity), field('stores.supplier', supplier), field('stores.certificate', certificate),
      field('stores.inspectionPassed', passed), field('stores.document', document_), el('p', { class: 'hint' }, t('stores.receiveHint'))],
    () => attempt(() => api(role, 'POST', `${path(bin)}/receive`, {
      quantity: Number(quantity.value), supplierId: supplier.value || null, certificate: certificate.value.trim(),
      inspectionPassed: passed.checked, document: document_.value.trim() || null,
    }), (after) => { bound(after); say(t('stores.received', { bin: binName(bin.location, bin.sku) })); }));
}

function count(bin) {
  const counted = number('counted', '');
  dialog.ask(t('stores.countTitle', { bin: binName(bin.location, bin.sku) }),
    [field('stores.counted', counted), el('p', { class: 'hint' }, t('stores.secondPerson'))],
    () => attempt(() => api(role, 'POST', `${path(bin)}/count`, { counted: counted.value === '' ? null : Number(counted.value) }),
      (after) => { bound(after); say(t('stores.countRecorded', { bin: binName(bin.location, bin.sku) })); }));
}

// M2: the approval names who approves; the platform refuses the person who counted (409), said beside that name.
function approve(bin) {
  const pending = bin.pendingCount;
  const approver = el('output', { 'data-field': 'approvedBy', id: 'approver' }, document.getElementById('me')?.textContent || user);
  dialog.ask(t('stores.approveTitle', { bin: binName(bin.location, bin.sku) }),
    [el('p', {}, t('stores.pending', { counted: pending.counted, variance: pending.variance > 0 ? `+${pending.variance}` : pending.variance, by: pending.countedBy, at: when(pending.at) })),
      el('p', { class: 'hint' }, t('stores.secondPerson')), el('p', {}, el('span', {}, t('stores.approvingAs')), ' ', approver)],
    async () => {
      try {
        const after = await api(role, 'POST', `${path(bin)}/approve-count`);
        bound(after);
        say(t('stores.approved', { bin: binName(bin.location, bin.sku), onHand: after.onHand }));
        return true;
      } catch (error) {
        const text = refusal(dialog.form, error);
        if (error.status === 409) {
          // Said once, beside who approves: the refusal is about the person.
          dialog.form.querySelector('.form-error').textContent = '';
          const note = el('span', { class: 'field-error error', id: 'approver-error' }, text);
          approver.setAttribute('aria-describedby', note.id);
          approver.parentElement.after(note);
        }
        say(text, true);
        return false;
      }
    });
}

function levels(bin) {
  const min = number('min', bin.min);
  const max = number('max', bin.max, { min: '1' });
  dialog.ask(t('stores.levelsTitle', { bin: binName(bin.location, bin.sku) }), [field('stores.min', min), field('stores.max', max)],
    () => attempt(() => api(role, 'POST', `${path(bin)}/levels`, { min: Number(min.value), max: Number(max.value) }),
      (after) => { bound(after); say(t('stores.levelsSet', { bin: binName(bin.location, bin.sku) })); }));
}

function transfer(from) {
  const sku = el('select', { 'data-field': 'sku', required: true },
    ...[...state.parts.values()].map((p) => el('option', { value: p.sku, selected: p.sku === from?.sku }, `${p.sku} · ${p.name}`)));
  const locations = el('datalist', { id: 'known-locations' }, ...[...new Set([...state.bins.values()].map((b) => b.location))].sort().map((l) => el('option', { value: l })));
  const source = el('input', { 'data-field': 'from', list: 'known-locations', value: from?.location ?? '', required: true, size: '12' });
  const target = el('input', { 'data-field': 'to', list: 'known-locations', required: true, size: '12' });
  const quantity = number('quantity', 1, { min: '1' });
  dialog.ask(t('stores.transferTitle'),
    [field('stores.part', sku), field('stores.transferFrom', source), field('stores.transferTo', target), field('stores.quantity', quantity), locations,
      el('p', { class: 'hint' }, t('stores.transferHint'))],
    () => attempt(() => api(role, 'POST', '/api/transfers', { sku: sku.value, from: source.value.trim(), to: target.value.trim(), quantity: Number(quantity.value) }),
      (moved) => say(t('stores.transferred', { quantity: moved.quantity, sku: moved.sku, from: moved.from, to: moved.to, step: named('stores.steps', moved.step) }))));
}

const selectedBin = () => state.bins.get(state.selected);
document.getElementById('receive').addEventListener('click', () => selectedBin() && receive(selectedBin()));
document.getElementById('count').addEventListener('click', () => selectedBin() && count(selectedBin()));
document.getElementById('levels').addEventListener('click', () => selectedBin() && levels(selectedBin()));
document.getElementById('transfer-from').addEventListener('click', () => transfer(selectedBin()));
document.getElementById('new-transfer').addEventListener('click', () => transfer(null));

// --- Stocktakes ------------------------------------------------------------------------------------------------------

function drawStocktakes() {
  const now = new Date().toISOString();
  const tasks = [...state.bins.values()].filter((b) => b.pendingCount || (b.countDueAt && b.countDueAt <= now))
    .sort((a, b) => (a.countDueAt ?? '').localeCompare(b.countDueAt ?? '') || a.sku.localeCompare(b.sku));
  const cards = tasks.map((b) => {
    const key = keyOf(b.location, b.sku);
    const pending = b.pendingCount;
    return el('li', { class: `card ${pending ? 'risk-medium' : 'risk-high'}`, 'data-stocktake': key },
      el('strong', {}, binName(b.location, b.sku)),
      el('p', {}, pending
        ? t('stores.pending', { counted: pending.counted, variance: pending.variance > 0 ? `+${pending.variance}` : pending.variance, by: pending.countedBy, at: when(pending.at) })
        : t('stores.countOverdue', { at: when(b.countDueAt) })),
      pending
        ? el('button', { type: 'button', 'data-key': `approve/${key}`, onclick: () => approve(b) }, t('stores.approve'))
        : el('button', { type: 'button', 'data-key': `count/${key}`, onclick: () => count(b) }, t('stores.count')));
  });
  redraw(document.getElementById('stocktakes'), cards.length ? cards : [el('li', {}, t('stores.noStocktakes'))]);
}

// --- Alerts (the stores feed) ----------------------------------------------------------------------------------------

function drawAlerts() {
  const open = [...state.alerts.values()].filter((a) => !a.acknowledgedAt).sort((a, b) => b.raisedAt.localeCompare(a.raisedAt));
  const cards = open.map((a) => {
    const isBin = a.workOrderId.includes('|');
    const [location, sku] = isBin ? a.workOrderId.split('|') : [];
    return el('li', { class: `card ${a.clause === 'M1' ? 'risk-high' : 'risk-breached'}`, 'data-alert': a.id, 'data-clause': a.clause, 'data-subject': a.workOrderId },
      el('strong', {}, `${named('clause', a.clause)} · ${t(`stores.alertKinds.${a.clause}`, { defaultValue: a.clause })}`),
      el('p', {}, a.reason),
      el('p', { class: 'hint' }, t(isBin ? 'stores.alertBin' : 'stores.alertOrder', { subject: isBin ? binName(location, sku) : a.workOrderId, at: when(a.raisedAt) })),
      isBin && state.bins.has(a.workOrderId)
        ? el('button', { type: 'button', 'data-key': `open/${a.id}`, onclick: () => openBin(a.workOrderId) }, t('stores.openBin')) : null,
      el('button', { type: 'button', 'data-key': `ack/${a.id}`, onclick: () => acknowledge(a) }, t('stores.acknowledge')));
  });
  redraw(document.getElementById('alerts'), cards.length ? cards : [el('li', {}, t('stores.noAlerts'))]);
}

function placeAlert(alert) {
  const known = state.alerts.get(alert.id);
  if (known && known.version > alert.version) return;
  state.alerts.set(alert.id, alert);
}

async function acknowledge(alert) {
  try {
    placeAlert(await api(role, 'POST', `/api/escalations/${encodeURIComponent(alert.id)}/ack`));
    drawAlerts();
    say(t('stores.acknowledged'));
  } catch (error) { say(error.message, true); }
}

// --- Purchasing ------------------------------------------------------------------------------------------------------

// Suggestions and open purchase orders follow from the bins and the demand: read again when a push says those moved.
const readPurchasing = coalesced(() => Promise.all([api(role, 'GET', '/api/purchasing/suggestions'), api(role, 'GET', '/api/purchasing/orders')])
  .then(([suggestions, orders]) => { state.suggestions = suggestions; state.orders = orders; drawPurchasing(); })
  .catch((error) => say(error.message, true)));

function drawPurchasing() {
  const money = (n) => n.toLocaleString(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const suggestions = state.suggestions.map((s) => {
    const key = keyOf(s.location, s.sku);
    return el('tr', { 'data-suggestion': key },
      el('th', { scope: 'row' }, binName(s.location, s.sku)), el('td', {}, String(s.available)), el('td', {}, String(s.waiting)),
      el('td', {}, String(s.onOrder)), el('td', {}, String(s.suggestedQuantity)), el('td', {}, money(s.estimatedCost)),
      el('td', {}, el('button', { type: 'button', 'data-key': `order/${key}`, onclick: () => order(s) }, t('stores.order'))));
  });
  redraw(document.querySelector('#suggestions tbody'), suggestions.length ? suggestions : [el('tr', {}, el('td', { colspan: '7' }, t('stores.noSuggestions')))]);
  const orders = state.orders.map((o) => el('tr', { 'data-purchase-order': o.id, 'data-bin': keyOf(o.location, o.sku) },
    el('th', { scope: 'row' }, o.id.slice(0, 12), el('br'), el('span', { class: 'hint' }, when(o.createdAt))), el('td', {}, binName(o.location, o.sku)),
    el('td', {}, o.supplierId), el('td', {}, String(o.quantity)), el('td', {}, String(o.outstanding)),
    el('td', {}, el('button', { type: 'button', 'data-key': `receipt/${o.id}`, onclick: () => receipt(o) }, t('stores.receiveOrder')))));
  redraw(document.querySelector('#purchase-orders tbody'), orders.length ? orders : [el('tr', {}, el('td', { colspan: '6' }, t('stores.noOrders')))]);
}

function order(suggestion) {
  const supplier = supplierSelect(true);
  const quantity = number('quantity', suggestion.suggestedQuantity, { min: '1' });
  dialog.ask(t('stores.orderTitle', { bin: binName(suggestion.location, suggestion.sku) }),
    [field('stores.supplier', supplier), field('stores.quantity', quantity), el('p', { class: 'hint' }, t('stores.orderHint'))],
    () => attempt(() => api(role, 'POST', '/api/purchasing/orders', {
      supplierId: supplier.value || null, location: suggestion.location, sku: suggestion.sku, quantity: Number(quantity.value),
    }), (created) => { readPurchasing(); say(t('stores.orderPlaced', { id: created.id, quantity: created.quantity, sku: created.sku })); }));
}

function receipt(purchaseOrder) {
  const quantity = number('quantity', purchaseOrder.outstanding, { min: '1' });
  const certificate = el('input', { 'data-field': 'certificate', required: true });
  const passed = el('input', { type: 'checkbox', 'data-field': 'inspectionPassed', checked: true });
  dialog.ask(t('stores.receiptTitle', { id: purchaseOrder.id.slice(0, 12), bin: binName(purchaseOrder.location, purchaseOrder.sku) }),
    [field('stores.quantity', quantity), field('stores.certificate', certificate), field('stores.inspectionPassed', passed), el('p', { class: 'hint' }, t('stores.receiveHint'))],
    () => attempt(() => api(role, 'POST', `/api/purchasing/orders/${encodeURIComponent(purchaseOrder.id)}/receive`, {
      quantity: Number(quantity.value), certificate: certificate.value.trim(), inspectionPassed: passed.checked,
    }), (after) => { readPurchasing(); say(t('stores.receiptRecorded', { id: after.id.slice(0, 12), received: after.received, quantity: after.quantity })); }));
}

// --- Signing in and the stream ---------------------------------------------------------------------------------------

async function readAll() {
  const [bins, parts, suppliers] = await Promise.all([api(role, 'GET', '/api/bins'), api(role, 'GET', '/api/parts'), api(role, 'GET', '/api/suppliers')]);
  state.parts = new Map(parts.map((p) => [p.sku, p]));
  state.suppliers = suppliers;
  bins.forEach(placeBin);
  drawBins();
  drawAlerts();
  await readPurchasing();
}

function applyDelta(change) {
  if (change.escalation) {
    placeAlert(change.escalation);
    drawAlerts();
    readPurchasing(); // a shortage is demand: the order's wait is on the suggestions before its alert is raised
  }
  if (change.bin && placeBin(change.bin)) {
    drawBins();
    drawAlerts(); // an alert's bin may be known only now
    readPurchasing();
    const open = selectedBin();
    const scope = document.getElementById('ledger-scope').value;
    if (open && (keyOf(change.bin.location, change.bin.sku) === state.selected || (scope === 'part' && change.bin.sku === open.sku))) readLedger();
  }
}

document.getElementById('join').addEventListener('submit', async (event) => {
  event.preventDefault();
  try {
    user = document.getElementById('user').value.trim();
    await signIn(role, user);
    await stream?.stop();
    state.alerts.clear();
    stream = new LiveStream({
      hub: '/hubs/dispatch', token: () => token(role),
      join: (c, epoch, after) => c.invoke('JoinEscalations', 'stores', epoch, after),
      onSnapshot: (s) => { state.alerts.clear(); (s.escalations ?? []).forEach(placeAlert); readAll().catch((error) => say(error.message, true)); },
      onDelta: (d) => applyDelta(d.change),
      onState: (what, epoch, sequence) => {
        sayLive(what === 'live' ? t('live.live', { sequence }) : t(`live.${what}`));
        document.body.dataset.sequence = sequence ?? '';
      },
    });
    await stream.start();
  } catch (error) { say(error.message, true); }
});

document.addEventListener('fieldservice:language', () => {
  drawKinds();
  drawBins();
  drawAlerts();
  drawPurchasing();
  drawLedger();
});
ready.then(drawKinds);
// Signed in at the provider already, or asked for by the address: start at once.
if (new URLSearchParams(location.search).has('start')) document.getElementById('join').requestSubmit();
