// The managers' and auditors' dashboard (S1, H2): GET /api/reports/kpis for a period and region, drawn as charts
// (Chart.js, served from /lib/chartjs) each with its figures as a table; the compliance lines with the orders behind
// every count; the compliance CSV; the technician ranking and one technician's assessment; the audit-trail search.
// Every figure is the server's: the page formats numbers, it computes none. A report over a period is read on demand
// (README, Live boards): it reads the whole period's audit trail, so it is recomputed when asked, not on every push.
import { signIn, session, token, api, el, say } from './session.js';
import { t, named, language, when } from './i18n.js';
import { showProblem, clearProblems, redraw } from './forms.js';
import './shell.js';

const Chart = globalThis.Chart;
let role = 'manager';
let dashboard = null; // the last GET /api/reports/kpis answer
let ranking = null;
let query = null; // the period and region of what is shown: { from, to, region, bucket }
let auditPage = 1;
const charts = new Map(); // chart id -> Chart instance, destroyed before it is drawn again
const filters = document.getElementById('filters');
const auditForm = document.getElementById('audit-search');

// The report lines in the server's order, each with a colour that stays the same in every chart.
const palette = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];

const percent = (rate) => (rate === null || rate === undefined ? '—' : `${(rate * 100).toFixed(1)}%`);
const number = (value, digits = 1) => (value === null || value === undefined ? '—' : Number(value).toLocaleString(language(), { maximumFractionDigits: digits }));
const line = (clause) => t(`manager.line.${clause}`, { defaultValue: clause });
const isoDay = (date) => date.toISOString().slice(0, 10);

// The day inputs are UTC days; "to" is included, so the period ends at the next midnight.
function periodOf() {
  const from = document.getElementById('from').value;
  const to = document.getElementById('to').value;
  const next = to ? new Date(`${to}T00:00:00Z`) : null;
  next?.setUTCDate(next.getUTCDate() + 1);
  return {
    from: from ? `${from}T00:00:00Z` : '', to: next ? next.toISOString().replace('.000', '') : '',
    region: document.getElementById('region').value.trim(), bucket: document.getElementById('bucket').value,
  };
}

const params = (q, extra = {}) => new URLSearchParams(Object.entries({ from: q.from, to: q.to, ...(q.region ? { region: q.region } : {}), ...extra })
  .filter(([, v]) => v !== '' && v !== undefined && v !== null)).toString();

function bucketLabel(bucket) {
  const options = query.bucket === 'month' ? { year: 'numeric', month: 'short', timeZone: 'UTC' } : { month: 'short', day: 'numeric', timeZone: 'UTC' };
  return new Date(bucket.from).toLocaleDateString(language(), options);
}

// --- Drill-down: the orders behind a figure ------------------------------------------------------------------------

function drill(what, orders) {
  const section = document.getElementById('drill');
  section.hidden = false;
  section.dataset.what = what;
  document.getElementById('drill-what').textContent = t('manager.drillWhat', { what, count: orders.length });
  redraw(document.getElementById('drill-orders'), orders.map((id) => el('li', { 'data-order': id },
    el('a', { href: '#audit-title', 'data-key': `drill/${id}`, onclick: (e) => { e.preventDefault(); searchOrder(id); } }, id))));
  section.focus();
}

const drillButton = (key, shown, what, orders) =>
  el('button', { type: 'button', class: 'count link', 'data-key': key, 'aria-label': t('manager.drillButton', { what, count: shown }), onclick: () => drill(what, orders) }, String(shown));

// --- Compliance ----------------------------------------------------------------------------------------------------

function drawCompliance() {
  const rows = dashboard.period.compliance.clauses.map((c) => el('tr', { 'data-clause': c.clause },
    el('th', { scope: 'row' }, line(c.clause)),
    el('td', { class: 'met' }, drillButton(`${c.clause}/met`, c.met, `${line(c.clause)} · ${t('manager.met')}`, c.metOrders)),
    el('td', { class: 'breached' }, drillButton(`${c.clause}/breached`, c.breached, `${line(c.clause)} · ${t('manager.breached')}`, c.breachedOrders)),
    el('td', { class: 'open' }, String(c.open)),
    el('td', { class: 'rate' }, percent(c.rate))));
  redraw(document.querySelector('#compliance tbody'), rows);
}

// --- Charts, each with its figures as a table ----------------------------------------------------------------------

// spec: { id, title, type, percent, datasets: [{ label, value(figures) }], total: [nodes] }
function chartSection(spec) {
  const labels = dashboard.buckets.map(bucketLabel);
  const canvas = el('canvas', { role: 'img', 'aria-label': t('manager.chartLabel', { title: spec.title }) }, t('manager.chartFallback'));
  const head = el('tr', {}, el('th', { scope: 'col' }, t(`manager.buckets.${query.bucket}`)), ...spec.datasets.map((d) => el('th', { scope: 'col' }, d.label)));
  const body = dashboard.buckets.map((b, i) => el('tr', {}, el('th', { scope: 'row' }, labels[i]),
    ...spec.datasets.map((d) => el('td', {}, spec.percent ? percent(d.value(b)) : number(d.value(b), 2)))));
  const section = el('section', { 'aria-labelledby': `${spec.id}-title`, 'data-chart': spec.id },
    el('h2', { id: `${spec.id}-title` }, spec.title),
    el('div', { class: 'figure' }, ...spec.total),
    el('div', { class: 'chart-box' }, canvas),
    el('details', {}, el('summary', {}, t('manager.asTable')),
      el('div', { class: 'scroll' }, el('table', {}, el('caption', {}, spec.title), el('thead', {}, head), el('tbody', {}, ...body)))));
  const data = {
    labels,
    datasets: spec.datasets.map((d, i) => {
      const colour = d.colour ?? palette[i % palette.length];
      return { label: d.label, data: dashboard.buckets.map((b) => { const v = d.value(b); return v === null || v === undefined ? null : spec.percent ? v * 100 : v; }),
        borderColor: colour, backgroundColor: colour, spanGaps: true };
    }),
  };
  if (Chart) {
    charts.get(spec.id)?.destroy();
    charts.set(spec.id, new Chart(canvas, {
      type: spec.type ?? 'bar', data,
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        scales: { y: { beginAtZero: true, ...(spec.percent ? { max: 100, ticks: { callback: (v) => `${v}%` } } : {}) } },
        plugins: { legend: { display: spec.datasets.length > 1, position: 'bottom', labels: { boxWidth: 10 } } },
      },
    }));
  }
  return section;
}

function drawCharts() {
  const p = dashboard.period;
  const ratio = (share) => t('manager.ratio', { part: share.part, whole: share.whole, rate: percent(share.rate) });
  const specs = [
    {
      id: 'chart-compliance', title: t('manager.complianceOverTime'), type: 'line', percent: true,
      datasets: p.compliance.clauses.map((c, i) => ({ label: line(c.clause), colour: palette[i], value: (b) => b.compliance.clauses[i].rate })),
      total: [t('manager.complianceTotal', { orders: p.compliance.orders })],
    },
    {
      id: 'chart-ftf', title: t('manager.ftfTitle'), percent: true, datasets: [{ label: t('manager.ftf'), value: (b) => b.firstTimeFix.rate }],
      total: [ratio(p.firstTimeFix), ' ', drillButton('ftf/part', p.firstTimeFix.part, t('manager.ftf'), p.firstTimeFix.partOrders),
        ' / ', drillButton('ftf/whole', p.firstTimeFix.whole, t('manager.completed'), p.firstTimeFix.wholeOrders)],
    },
    {
      id: 'chart-mttr', title: t('manager.mttrTitle'), datasets: [{ label: t('manager.minutes'), value: (b) => b.repairMinutes.mean }],
      total: [t('manager.mttrTotal', { minutes: number(p.repairMinutes.mean) }), ' ',
        drillButton('mttr', p.repairMinutes.count, t('manager.mttrTitle'), p.repairMinutes.orders)],
    },
    {
      id: 'chart-inspection', title: t('manager.inspectionTitle'), type: 'line', percent: true,
      datasets: [{ label: t('manager.inspectedShare'), value: (b) => b.compliance.inspection.inspectedShare },
        { label: t('manager.passRate'), value: (b) => b.inspectionPass.rate }],
      total: [t('manager.inspectionTotal', { share: percent(p.compliance.inspection.inspectedShare), pass: percent(p.inspectionPass.rate) }), ' ',
        drillButton('inspection/inspected', p.compliance.inspection.inspected, t('manager.inspectedShare'), p.compliance.inspection.inspectedOrders),
        ' ', drillButton('inspection/passed', p.inspectionPass.part, t('manager.passRate'), p.inspectionPass.partOrders)],
    },
    {
      id: 'chart-satisfaction', title: t('manager.satisfactionTitle'), datasets: [{ label: t('manager.satisfaction'), value: (b) => b.satisfaction.mean }],
      total: [t('manager.satisfactionTotal', { mean: number(p.satisfaction.mean, 2), count: p.satisfaction.count }), ' ',
        drillButton('satisfaction', p.satisfaction.count, t('manager.satisfaction'), p.satisfaction.orders)],
    },
    {
      id: 'chart-complaints', title: t('manager.complaintsTitle'), datasets: [{ label: t('manager.complaints'), value: (b) => b.complaints.count }],
      total: [t('manager.complaintsTotal', { count: p.complaints.count }), ' ',
        drillButton('complaints', p.complaints.count, t('manager.complaints'), p.complaints.orders)],
    },
    {
      id: 'chart-utilisation', title: t('manager.utilisationTitle'), percent: true,
      datasets: [{ label: t('manager.utilisation'), value: (b) => b.utilisation.rate }],
      total: [t('manager.utilisationTotal', { rate: percent(p.utilisation.rate), assigned: number(p.utilisation.assignedMinutes, 0), shift: number(p.utilisation.shiftMinutes, 0) }), ' ',
        drillButton('utilisation', [...new Set(p.utilisation.technicians.flatMap((u) => u.orders))].length, t('manager.utilisation'),
          [...new Set(p.utilisation.technicians.flatMap((u) => u.orders))].sort())],
    },
  ];
  for (const chart of charts.values()) chart.destroy();
  charts.clear();
  document.getElementById('charts').replaceChildren(...specs.map(chartSection));
}

// --- Ranking and assessment ----------------------------------------------------------------------------------------

function drawRanking() {
  const rows = (ranking?.technicians ?? []).map((r) => {
    const a = r.assessment;
    return el('tr', { 'data-technician': a.technicianId },
      el('td', {}, String(r.rank)),
      el('th', { scope: 'row' }, el('button', { type: 'button', class: 'link', 'data-key': `rank/${a.technicianId}`, onclick: () => assess(a.technicianId) },
        r.name ? `${r.name} (${a.technicianId})` : a.technicianId)),
      el('td', {}, number(r.score)), el('td', {}, String(a.completed)), el('td', {}, percent(a.firstTimeFixRate)), el('td', {}, percent(a.slaRate)));
  });
  redraw(document.querySelector('#ranking tbody'), rows);
}

async function assess(id) {
  try {
    const a = await api(role, 'GET', `/api/technicians/${encodeURIComponent(id)}/assessment?${params(query)}`);
    const pair = (key, value) => [el('dt', {}, t(`manager.assessment.${key}`)), el('dd', {}, value)];
    const box = document.getElementById('assessment');
    box.replaceChildren(el('h3', {}, t('manager.assessmentOf', { id })), el('dl', {},
      ...pair('completed', String(a.completed)),
      ...pair('ftf', `${a.firstTimeFixes} (${percent(a.firstTimeFixRate)})`),
      ...pair('mttr', number(a.meanTimeToRepairMinutes)),
      ...pair('rework', `${a.reworked} (${percent(a.reworkRate)})`),
      ...a.sla.map((s) => pair('sla', `${line(s.clause)}: ${s.met} / ${s.breached} (${percent(s.rate)})`)).flat(),
      ...pair('inspections', `${a.inspectionsPassed} / ${a.inspections} (${percent(a.inspectionPassRate)})`),
      ...pair('satisfaction', `${number(a.meanSatisfaction, 2)} (${a.callbacks})`),
      ...pair('complaints', String(a.complaints)),
      ...pair('missedAccepts', String(a.missedAccepts))));
    box.hidden = false;
    box.dataset.technician = id;
    box.focus();
  } catch (error) { say(error.message, true); }
}

// --- Audit trail ---------------------------------------------------------------------------------------------------

async function searchAudit(page = 1) {
  if (!query) return;
  clearProblems(auditForm);
  const workOrderId = document.getElementById('audit-order').value.trim();
  const technicianId = document.getElementById('audit-technician').value.trim();
  try {
    const found = await api(role, 'GET', `/api/audit?${params({ from: query.from, to: query.to }, { workOrderId, technicianId, page, pageSize: 50 })}`);
    auditPage = found.page;
    // Shown as the server gives them: the trail carries ids, steps and reasons, never contact data (H3).
    redraw(document.querySelector('#audit tbody'), found.items.map((e) => el('tr', { 'data-subject': e.subjectId, 'data-action': e.action },
      el('td', {}, when(e.at)),
      el('td', {}, `${e.subjectType} ${e.subjectId}`),
      el('td', {}, e.action),
      el('td', {}, e.fromStatus || e.toStatus ? `${named('status', e.fromStatus) || '—'} → ${named('status', e.toStatus) || '—'}` : ''),
      el('td', {}, `${e.actor.id} (${named('role', e.actor.role)})`),
      el('td', {}, e.reason ?? ''))));
    const pages = Math.max(1, Math.ceil(found.total / found.pageSize));
    document.getElementById('audit-page').textContent = t('manager.auditPage', { page: found.page, pages, total: found.total });
    document.getElementById('audit-more').hidden = found.page >= pages;
  } catch (error) { say(showProblem(auditForm, error), true); }
}

function searchOrder(id) {
  document.getElementById('audit-order').value = id;
  document.getElementById('audit-technician').value = '';
  searchAudit(1).then(() => document.getElementById('audit-title').scrollIntoView());
}

auditForm.addEventListener('submit', (event) => { event.preventDefault(); searchAudit(1); });
document.getElementById('audit-more').addEventListener('click', () => searchAudit(auditPage + 1));

// --- Loading -------------------------------------------------------------------------------------------------------

function drawAll() {
  if (!dashboard) return;
  // The period as the UTC days chosen: "to" is the midnight after the last day included.
  const day = (iso) => new Date(iso).toLocaleDateString(language(), { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
  document.getElementById('period-said').textContent = t('manager.periodSaid', {
    from: day(dashboard.from), to: day(new Date(Date.parse(dashboard.to) - 1).toISOString()), region: dashboard.region ?? t('manager.allRegions'),
  });
  drawCompliance();
  drawCharts();
  drawRanking();
}

async function load() {
  clearProblems(filters);
  const wanted = periodOf();
  try {
    const [kpis, ranked] = await Promise.all([
      api(role, 'GET', `/api/reports/kpis?${params(wanted, { bucket: wanted.bucket })}`),
      api(role, 'GET', `/api/reports/technicians?${params(wanted)}`),
    ]);
    query = wanted;
    dashboard = kpis;
    ranking = ranked;
    document.getElementById('drill').hidden = true;
    drawAll();
    document.getElementById('live').textContent = t('manager.readAt', { at: new Date().toLocaleTimeString(language()) });
    say(t('manager.loaded', { orders: kpis.period.compliance.orders }));
  } catch (error) { say(showProblem(filters, error), true); }
}

// The compliance CSV is the endpoint's own (format=csv), fetched with the page's credentials and saved as a file.
async function downloadCsv() {
  const wanted = periodOf();
  const state = await session();
  const headers = { 'accept-language': language(), ...(state.mode === 'oidc' ? {} : { authorization: `Bearer ${token(role)}` }) };
  const response = await fetch(`/api/reports/compliance?${params(wanted, { format: 'csv' })}`, { headers, credentials: 'same-origin' });
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    say(showProblem(filters, { status: response.status, problem, message: problem.title ?? String(response.status) }), true);
    return;
  }
  const link = el('a', { href: URL.createObjectURL(await response.blob()), download: `compliance-${wanted.from.slice(0, 10)}.csv` });
  document.body.append(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(link.href);
}

filters.addEventListener('submit', (event) => { event.preventDefault(); load(); });
document.getElementById('csv').addEventListener('click', () => downloadCsv().catch((error) => say(error.message, true)));
document.getElementById('drill-close').addEventListener('click', () => { document.getElementById('drill').hidden = true; });

document.getElementById('join').addEventListener('submit', async (event) => {
  event.preventDefault();
  role = document.getElementById('role').value;
  try {
    await signIn(role, document.getElementById('user').value);
    await load();
  } catch (error) { say(error.message, true); }
});

document.addEventListener('fieldservice:language', drawAll);

// The last seven UTC days by default; the address may name a period (?from=2026-11-01&to=2026-11-30&region=north).
const asked = new URLSearchParams(location.search);
const today = new Date();
const weekAgo = new Date(today);
weekAgo.setUTCDate(today.getUTCDate() - 6);
document.getElementById('from').value = asked.get('from') ?? isoDay(weekAgo);
document.getElementById('to').value = asked.get('to') ?? isoDay(today);
document.getElementById('region').value = asked.get('region') ?? '';
if (['day', 'week', 'month'].includes(asked.get('bucket'))) document.getElementById('bucket').value = asked.get('bucket');
if (asked.has('role')) document.getElementById('role').value = asked.get('role');
if (asked.has('start')) document.getElementById('join').requestSubmit();
