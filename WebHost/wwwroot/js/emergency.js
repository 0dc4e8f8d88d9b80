import { signIn, token, api, el, say, sayLive } from './session.js';
import { LiveStream } from './live.js';
import { t, named } from './i18n.js';
import { showProblem, redraw } from './forms.js';
import './shell.js';

const escalations = new Map();
let stream = null;

function render() {
  const items = [...escalations.values()].sort((a, b) => a.raisedAt.localeCompare(b.raisedAt)).map((e) =>
    el('li', { 'data-escalation': e.id, 'data-acknowledged': e.acknowledgedAt ? 'yes' : 'no', class: e.acknowledgedAt ? '' : 'card risk-high' },
      `${named('clause', e.clause)} · ${t('emergency.order', { id: e.workOrderId.slice(0, 8) })} · ${e.reason}`,
      e.assignedTo ? ` · ${t('emergency.to', { who: e.assignedTo })}` : '', ` · ${t('emergency.raised', { count: e.raises })}`,
      e.acknowledgedAt ? ` · ${t('emergency.acknowledgedBy', { who: e.acknowledgedBy })}`
        : el('button', { type: 'button', 'data-key': `${e.id}/acknowledge`, onclick: () => stream.invoke('Acknowledge', e.id).then(() => say(t('emergency.acknowledged'))).catch((x) => say(x.message, true)) }, t('emergency.acknowledge')),
      el('button', { type: 'button', 'data-key': `${e.id}/review`, onclick: () => { document.getElementById('review-order').value = e.workOrderId; document.getElementById('causes').focus(); } }, t('emergency.reviewIt'))));
  redraw(document.getElementById('escalations'), items);
}

async function loadPlans() {
  const plans = await api('emergency', 'GET', '/api/emergency/plans');
  const list = Array.isArray(plans) ? plans : plans.items ?? [];
  document.getElementById('plans').replaceChildren(...list.map((p) =>
    el('div', { class: 'card risk-none' }, el('strong', {}, `${p.incidentType}: ${p.name}`), el('ol', {}, ...p.steps.map((s) => el('li', {}, s))))));
}

document.getElementById('join').addEventListener('submit', async (event) => {
  event.preventDefault();
  try {
    await signIn('emergency', document.getElementById('user').value);
    await stream?.stop();
    escalations.clear();
    stream = new LiveStream({
      hub: '/hubs/emergency', token: () => token('emergency'),
      join: (c, epoch, after) => c.invoke('Join', epoch, after),
      onSnapshot: (s) => { escalations.clear(); s.escalations.forEach((e) => escalations.set(e.id, e)); render(); },
      onDelta: (d) => {
        const e = d.change.escalation;
        if (e && (escalations.get(e.id)?.version ?? 0) <= e.version) escalations.set(e.id, e);
        render();
      },
      onState: (what, epoch, sequence) => sayLive(what === 'live' ? t('live.live', { sequence }) : t(`live.${what}`)),
    });
    await stream.start();
    await loadPlans();
  } catch (error) { say(error.message, true); }
});

const reviewForm = document.getElementById('review');
reviewForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  try {
    await api('emergency', 'POST', `/api/work-orders/${document.getElementById('review-order').value.trim()}/review`, {
      causes: document.getElementById('causes').value,
      shortfalls: document.getElementById('shortfalls').value,
      planChanges: document.getElementById('plan-changes').value,
    });
    say(t('emergency.recorded'));
  } catch (error) { say(showProblem(reviewForm, error), true); }
});

document.addEventListener('fieldservice:language', () => render());
