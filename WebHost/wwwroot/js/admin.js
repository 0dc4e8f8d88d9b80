// The admin and dispatch lead's workspace: a region's technicians as they change (the dispatch board's stream, which
// pushes every technician's new version), their records with skills and levels, capacity, weekly shifts and leave;
// every escalation team's roster with who is on call, and the emergency plans, each save a new version (both pushed
// as anyone saves them). Which of these the person
// may change is the server's to say: a refusal (403, 422, 409) is shown where it belongs, the page keeps no copy of
// the policy.
import { signIn, token, el, say, sayLive, api } from './session.js';
import { LiveStream } from './live.js';
import { ready, t, named, language, when } from './i18n.js';
import { showProblem, clearProblems } from './forms.js';
import './shell.js';

const days = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const technicians = new Map(); // id -> the newest Technician seen (pushed, or the answer to this page's own step)
const rows = new Map(); // id -> its table row, drawn again only for a new version or language
let role = 'admin';
let streams = [];
const rosters = new Map(); // team -> its members, as last pushed or answered
let rosterEdited = false; // the shown roster has changes not yet saved: a push must not overwrite them
let selected = null; // the technician whose record, shifts and leave the forms below show
let plans = [];
let queue = [];

const byId = (id) => document.getElementById(id);
const call = (method, path, body) => api(role, method, path, body);

// ---- the technician table ----

function keepNewer(m) {
  const known = technicians.get(m.id);
  if (known && known.version > m.version) return false;
  technicians.set(m.id, m);
  return true;
}

// 2024-01-01 was a Monday: the weekday names in the page's language, from the browser's own calendar data.
const dayName = (day, style = 'short') =>
  new Intl.DateTimeFormat(language(), { weekday: style, timeZone: 'UTC' }).format(new Date(Date.UTC(2024, 0, 1 + days.indexOf(day))));

const shiftText = (s) => `${s.days.map((d) => dayName(d)).join(' ')} ${s.start.slice(0, 5)}–${s.end.slice(0, 5)}`;

function technicianChanged(id) {
  const m = technicians.get(id);
  const drawn = `${m.version}|${document.documentElement.lang}`;
  const known = rows.get(id);
  if (known?.dataset.drawn !== drawn) {
    const row = el('tr', { 'data-technician': id, 'data-drawn': drawn },
      el('td', {}, el('strong', {}, m.id), ' ', m.profile.name),
      el('td', {}, m.profile.skills.map((s) => `${named('skill', s.name)} ${s.level}`).join(', ')),
      el('td', { class: 'load' }, `${m.assignments.length}/${m.profile.capacity}`),
      el('td', {}, named('technicianStatus', m.status)),
      el('td', {}, m.shifts.length ? m.shifts.map(shiftText).join('; ') : t('admin.noWeekly')),
      el('td', {}, el('button', { type: 'button', 'data-key': `${id}/edit`, onclick: () => select(id, true) }, t('admin.edit', { id }))));
    if (known) known.replaceWith(row);
    else {
      // In id order, so a new technician does not redraw the others.
      const body = byId('technicians');
      body.insertBefore(row, [...body.children].find((r) => r.dataset.technician.localeCompare(id) > 0) ?? null);
    }
    rows.set(id, row);
  }
  if (id === selected) drawSelected(false);
}

function drawTable() {
  rows.clear();
  byId('technicians').replaceChildren();
  [...technicians.keys()].sort().forEach(technicianChanged);
}

// The region's waiting orders and why each waits: a dispatch lead sees whom the records leave without a technician.
function drawQueue() {
  byId('queue').replaceChildren(...queue.map((q) =>
    el('li', { 'data-queued': q.workOrderId }, `${named('priority', q.priority)} ${q.workOrderId.slice(0, 8)} — ${q.waitingBecause ?? t('admin.beingWeighed')}`)));
}

// ---- one technician: record, shifts, leave ----

// Text of a drawn row marked like the page's static text, so a language switch translates it where it stands
// (a redraw would lose what is being typed).
const text = (key) => el('span', { 'data-i18n': key }, t(key));

function skillRow(skill, i) {
  const levels = el('select', { 'data-field': `skills[${i}].level` }, ...[1, 2, 3, 4, 5].map((n) => el('option', { value: n, selected: n === skill.level }, String(n))));
  return el('div', { class: 'skill-row' },
    el('label', {}, text('admin.skill'), ' ', el('input', { 'data-field': `skills[${i}].name`, value: skill.name, size: 12, maxlength: 64 })),
    el('label', {}, text('admin.level'), ' ', levels),
    el('button', { type: 'button', 'data-i18n': 'admin.remove', onclick: (e) => { e.target.closest('.skill-row').remove(); renumber('p-skills'); } }, t('admin.remove')));
}

function shiftRow(shift, i) {
  const box = el('fieldset', { 'data-field': `shifts[${i}].days`, class: 'shift-row' },
    el('legend', {}, t('admin.shiftN', { n: i + 1 })),
    ...days.map((d) => el('label', {}, el('input', { type: 'checkbox', value: d, checked: shift.days.includes(d) }), ' ', el('span', { 'data-day': d }, dayName(d)))));
  return el('div', { class: 'shift' }, box,
    el('label', {}, text('admin.start'), ' ', el('input', { type: 'time', 'data-field': `shifts[${i}].start`, value: shift.start.slice(0, 5) })),
    el('label', {}, text('admin.end'), ' ', el('input', { type: 'time', 'data-field': `shifts[${i}].end`, value: shift.end.slice(0, 5) })),
    el('button', { type: 'button', 'data-i18n': 'admin.remove', onclick: (e) => { e.target.closest('.shift').remove(); renumber('shift-rows'); } }, t('admin.remove')));
}

// After a row is removed the rest must keep matching the server's indexes (shifts[1] is the second row sent).
function renumber(container) {
  [...byId(container).children].forEach((row, i) => row.querySelectorAll('[data-field]').forEach((f) => {
    f.dataset.field = f.dataset.field.replace(/\[\d+\]/, `[${i}]`);
  }));
}

function fillProfile(m) {
  byId('p-id').value = m?.id ?? '';
  byId('p-name').value = m?.profile.name ?? '';
  byId('p-region').value = m?.profile.region ?? byId('region').value;
  byId('p-capacity').value = m?.profile.capacity ?? 2;
  byId('p-lat').value = m?.profile.home.lat ?? 31.3;
  byId('p-lon').value = m?.profile.home.lon ?? 121.5;
  byId('p-skills').replaceChildren(...(m?.profile.skills ?? [{ name: '', level: 3 }]).map(skillRow));
}

// Draws what the forms show of the selected technician; the record and shift forms are filled again only when asked
// (a push must not wipe what the person is typing), the leave list always (it is only shown).
function drawSelected(fill) {
  const m = technicians.get(selected);
  byId('shifts-for').textContent = m ? t('admin.shiftsFor', { id: m.id, name: m.profile.name }) : t('admin.pickFirst');
  if (fill) {
    fillProfile(m);
    byId('shift-rows').replaceChildren(...(m?.shifts ?? []).map(shiftRow));
  }
  byId('leave-list').replaceChildren(...(m?.leave ?? []).map((l) => el('li', { 'data-leave': l.id },
    `${when(l.from)} – ${when(l.to)} · ${l.reason}`, ' ',
    el('button', { type: 'button', 'data-key': `${l.id}/cancel`, onclick: () => cancelLeave(l.id) }, t('admin.cancelLeave')))));
}

function select(id, fill) {
  selected = id;
  drawSelected(fill);
  if (fill) byId('p-name').focus();
}

// What a step answered with is the newest version this page knows, whether or not the region's stream carries it.
function answered(m) {
  if (keepNewer(m) && rows.has(m.id)) technicianChanged(m.id);
  if (m.id === selected) drawSelected(false);
}

async function step(form, run, done) {
  clearProblems(form);
  try {
    const result = await run();
    say(done(result));
    return result;
  } catch (error) {
    say(showProblem(form, error), true);
    return null;
  }
}

byId('new-technician').addEventListener('click', () => { selected = null; drawSelected(true); byId('p-id').focus(); });
byId('add-skill').addEventListener('click', () => byId('p-skills').append(skillRow({ name: '', level: 3 }, byId('p-skills').childElementCount)));
byId('add-shift').addEventListener('click', () => byId('shift-rows').append(shiftRow({ days: [], start: '08:00', end: '17:00' }, byId('shift-rows').childElementCount)));

const numberOrNull = (value) => (value === '' ? null : Number(value));

byId('profile').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = event.target;
  const id = byId('p-id').value.trim();
  const body = {
    name: byId('p-name').value, region: byId('p-region').value.trim(), capacity: numberOrNull(byId('p-capacity').value),
    home: { lat: numberOrNull(byId('p-lat').value), lon: numberOrNull(byId('p-lon').value) },
    skills: [...byId('p-skills').children].map((row) => ({ name: row.querySelector('input').value.trim(), level: Number(row.querySelector('select').value) })),
  };
  // The daily shift of an earlier save stays as it was: this form edits the weekly schedule below instead.
  const daily = technicians.get(id)?.profile.shift;
  if (daily) body.shift = { start: daily.start.slice(0, 5), end: daily.end.slice(0, 5) };
  const m = await step(form, () => call('PUT', `/api/technicians/${encodeURIComponent(id)}`, body),
    (r) => t(r.version === 1 ? 'admin.registered' : 'admin.saved', { id: r.id }));
  if (m) { answered(m); select(m.id, false); drawSelected(false); }
});

byId('shifts').addEventListener('submit', async (event) => {
  event.preventDefault();
  if (!selected) { say(t('admin.pickFirst'), true); return; }
  const shifts = [...byId('shift-rows').children].map((row) => ({
    days: [...row.querySelectorAll('input[type=checkbox]:checked')].map((c) => c.value),
    start: row.querySelector('[data-field$=".start"]').value, end: row.querySelector('[data-field$=".end"]').value,
  }));
  const m = await step(event.target, () => call('PUT', `/api/technicians/${encodeURIComponent(selected)}/shifts`, { shifts }),
    (r) => t('admin.shiftsSaved', { id: r.id, count: r.shifts.length }));
  if (m) answered(m);
});

const instant = (value) => (value ? new Date(value).toISOString() : null); // datetime-local is the person's local time

byId('leave').addEventListener('submit', async (event) => {
  event.preventDefault();
  if (!selected) { say(t('admin.pickFirst'), true); return; }
  const body = { from: instant(byId('l-from').value), to: instant(byId('l-to').value), reason: byId('l-reason').value };
  const m = await step(event.target, () => call('POST', `/api/technicians/${encodeURIComponent(selected)}/leave`, body), (r) => t('admin.leaveAdded', { id: r.id }));
  if (m) { answered(m); event.target.reset(); }
});

async function cancelLeave(leaveId) {
  try {
    answered(await call('DELETE', `/api/technicians/${encodeURIComponent(selected)}/leave/${encodeURIComponent(leaveId)}`));
    say(t('admin.leaveCancelled'));
  } catch (error) { say(error.message, true); }
}

// ---- the escalation teams' rosters and on-call; the emergency team's plans ----

function memberRow(m, i) {
  return el('div', { class: 'member' },
    el('label', {}, text('admin.memberId'), ' ', el('input', { 'data-field': `members[${i}].id`, value: m.id, size: 10 })),
    el('label', {}, text('admin.name'), ' ', el('input', { 'data-field': `members[${i}].name`, value: m.name, size: 14 })),
    el('label', {}, text('admin.memberRole'), ' ', el('input', { 'data-field': `members[${i}].role`, value: m.role, size: 12 })),
    el('label', {}, el('input', { type: 'checkbox', checked: m.onCall }), ' ', text('admin.onCall')),
    el('button', { type: 'button', 'data-i18n': 'admin.remove', onclick: (e) => { e.target.closest('.member').remove(); renumber('roster-rows'); } }, t('admin.remove')));
}

function drawRoster() {
  rosterEdited = false;
  byId('roster-rows').replaceChildren(...(rosters.get(byId('team').value) ?? []).map(memberRow));
}

// A team's roster pushed (someone saved it): shown at once unless the person is editing this team's, then said.
function rosterChanged(roster) {
  rosters.set(roster.team, roster.members);
  if (roster.team !== byId('team').value) return;
  if (rosterEdited) say(t('admin.rosterChanged', { team: named('admin.teams', roster.team) }));
  else drawRoster();
}

byId('roster').addEventListener('input', () => { rosterEdited = true; });
byId('team').addEventListener('change', () => { clearProblems(byId('roster')); drawRoster(); });

function drawPlans() {
  byId('plan-list').replaceChildren(...plans.map((p) => el('li', { 'data-plan': p.incidentType, 'data-version': p.version },
    el('strong', {}, `${p.incidentType}: ${p.name}`), ' ',
    t('admin.planVersion', { version: p.version, who: p.updatedBy, when: when(p.updatedAt) }),
    el('ol', {}, ...p.steps.map((s) => el('li', {}, s))),
    el('button', { type: 'button', 'data-key': `${p.incidentType}/revise`, onclick: () => revise(p) }, t('admin.revise', { type: p.incidentType })),
    el('button', { type: 'button', 'data-key': `${p.incidentType}/versions`, onclick: (e) => showVersions(p, e.target) }, t('admin.versions', { type: p.incidentType })),
    el('ol', { class: 'versions', 'data-versions': p.incidentType, hidden: true }))));
}

// Every version of a plan, oldest first, read when asked (an E3 review compares what an order was handled under).
async function showVersions(p, button) {
  const list = button.parentNode.querySelector('[data-versions]');
  try {
    const versions = await call('GET', `/api/emergency/plans/${encodeURIComponent(p.incidentType)}/versions`);
    list.replaceChildren(...versions.map((v) => el('li', { 'data-version': v.version },
      t('admin.planVersion', { version: v.version, who: v.updatedBy, when: when(v.updatedAt) }), ': ', v.steps.join(' → '))));
    list.hidden = false;
  } catch (error) { say(error.message, true); }
}

function revise(p) {
  byId('e-type').value = p.incidentType;
  byId('e-name').value = p.name;
  byId('e-steps').value = p.steps.join('\n');
  byId('e-steps').focus();
}

byId('add-member').addEventListener('click', () => byId('roster-rows').append(memberRow({ id: '', name: '', role: '', onCall: false }, byId('roster-rows').childElementCount)));

byId('roster').addEventListener('submit', async (event) => {
  event.preventDefault();
  const members = [...byId('roster-rows').children].map((row) => {
    const [id, name, memberRole] = row.querySelectorAll('input[data-field]');
    return { id: id.value.trim(), name: name.value, role: memberRole.value, onCall: row.querySelector('input[type=checkbox]').checked };
  });
  const saved = await step(event.target, () => call('PUT', `/api/teams/${byId('team').value}/roster`, { members }),
    (r) => t('admin.rosterSaved', { count: r.length, onCall: r.filter((m) => m.onCall).length }));
  if (saved) { rosters.set(byId('team').value, saved); drawRoster(); }
});

byId('plan').addEventListener('submit', async (event) => {
  event.preventDefault();
  const type = byId('e-type').value.trim();
  const steps = byId('e-steps').value.split('\n').map((s) => s.trim()).filter(Boolean);
  const saved = await step(event.target, () => call('PUT', `/api/emergency/plans/${encodeURIComponent(type || '-')}`, { name: byId('e-name').value, steps }),
    (p) => t('admin.planSaved', { type: p.incidentType, version: p.version }));
  if (saved) planChanged(saved);
});

// The newest version of each plan, whether answered to this page or pushed after someone else's save.
function planChanged(plan) {
  if ((plans.find((p) => p.incidentType === plan.incidentType)?.version ?? 0) > plan.version) return;
  plans = [...plans.filter((p) => p.incidentType !== plan.incidentType), plan].sort((a, b) => a.incidentType.localeCompare(b.incidentType));
  drawPlans();
}

// ---- opening the workspace ----

async function open(region) {
  await Promise.all(streams.map((s) => s.stop()));
  technicians.clear();
  queue = [];
  drawTable();
  drawQueue();
  // The dispatch board's stream of the region: its technicians' every new version (registration, shifts, leave,
  // an offer) arrives pushed, and the region's waiting queue; the board's order cards are not this page's business.
  const board = new LiveStream({
    hub: '/hubs/dispatch', token: () => token(role),
    join: (c, epoch, after) => c.invoke('JoinRegion', region, epoch, after),
    onSnapshot: (s) => {
      technicians.clear();
      s.technicians.forEach((m) => technicians.set(m.id, m));
      queue = s.queue;
      drawTable(); drawQueue(); drawSelected(false);
    },
    onDelta: (d) => {
      if (d.change.technician && keepNewer(d.change.technician)) technicianChanged(d.change.technician.id);
      if (d.change.queue) { queue = d.change.queue; drawQueue(); }
    },
    onState: (what, epoch, sequence) => {
      sayLive(what === 'live' ? t('live.region', { region, sequence }) : t(`live.${what}`));
      document.body.dataset.sequence = sequence ?? '';
    },
  });
  // Every team's roster and the emergency plans, as anyone saves them; a dispatcher may read them (E1) but not
  // change them.
  const teams = new LiveStream({
    hub: '/hubs/dispatch', token: () => token(role),
    join: (c, epoch, after) => c.invoke('JoinTeams', epoch, after),
    onSnapshot: (s) => {
      rosters.clear();
      s.rosters.forEach((r) => rosters.set(r.team, r.members));
      plans = s.plans;
      drawRoster(); drawPlans();
    },
    onDelta: (d) => {
      if (d.change.roster) rosterChanged(d.change.roster);
      if (d.change.plan) planChanged(d.change.plan);
    },
  });
  streams = [board, teams];
  await Promise.all(streams.map((s) => s.start()));
}

byId('join').addEventListener('submit', async (event) => {
  event.preventDefault();
  try {
    role = byId('role').value;
    await signIn(role, byId('user').value);
    await open(byId('region').value.trim());
  } catch (error) { say(error.message, true); }
});

// The rows being edited keep their values: only their words change (data-i18n by translate(), weekdays and legends here).
function relabel() {
  document.querySelectorAll('[data-day]').forEach((n) => { n.textContent = dayName(n.dataset.day); });
  [...byId('shift-rows').children].forEach((row, i) => { row.querySelector('legend').textContent = t('admin.shiftN', { n: i + 1 }); });
}

document.addEventListener('fieldservice:language', () => { drawTable(); drawQueue(); drawSelected(false); drawPlans(); relabel(); });
await ready; // the empty record's labels are text of the catalog
drawSelected(true);
// admin.html?region=north&role=manager opens at once.
const query = new URLSearchParams(location.search);
if (query.get('role')) byId('role').value = query.get('role');
if (query.get('region')) { byId('region').value = query.get('region'); byId('join').requestSubmit(); }
