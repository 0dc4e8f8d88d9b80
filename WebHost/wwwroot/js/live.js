// One live stream over SignalR: join (snapshot, or the deltas missed since the last one seen), then apply each delta
// in sequence. A delta out of order or after a gap makes the stream join again from the last sequence it holds, so
// nothing is ever skipped; after a reconnect it does the same. The page never polls.
/* global signalR */
import { t } from './i18n.js';

export class LiveStream {
  constructor({ hub, token, join, onSnapshot, onDelta, onState }) {
    this.join = join;
    this.onSnapshot = onSnapshot;
    this.onDelta = onDelta;
    this.onState = onState ?? (() => {});
    this.epoch = null;
    this.sequence = null;
    this.joining = null;
    this.snapshots = 0; // how often the stream started over from a snapshot (observed by the browser tests)
    this.catchUps = 0; // how often it caught up with missed deltas instead
    this.connection = new signalR.HubConnectionBuilder()
      .withUrl(hub, { accessTokenFactory: token })
      .withAutomaticReconnect([0, 500, 1000, 2000, 5000, 5000, 10000])
      .build();
    this.connection.on('delta', (delta) => this.receive(delta));
    this.connection.onreconnecting(() => this.onState('reconnecting'));
    this.connection.onreconnected(() => this.rejoin());
    this.connection.onclose(() => this.onState('disconnected'));
  }

  async start() {
    await this.connection.start();
    await this.rejoin();
  }

  stop() {
    return this.connection.stop();
  }

  invoke(method, ...args) {
    return this.connection.invoke(method, ...args);
  }

  rejoin() {
    this.joining ??= (async () => {
      try {
        const answer = await this.join(this.connection, this.epoch, this.sequence);
        if (answer.snapshot) { this.snapshots++; this.onSnapshot(answer.snapshot); }
        if (answer.missed) this.catchUps++;
        for (const delta of answer.missed ?? []) this.onDelta(delta);
        this.epoch = answer.epoch;
        this.sequence = answer.sequence;
        this.onState('live', this.epoch, this.sequence);
      } finally {
        this.joining = null;
      }
    })();
    return this.joining;
  }

  async receive(delta) {
    if (this.joining) await this.joining.catch(() => {});
    if (delta.epoch !== this.epoch || delta.sequence > this.sequence + 1) {
      await this.rejoin(); // a gap, or the board restarted: fetch what is missing instead of guessing
      return;
    }
    if (delta.sequence <= this.sequence) return; // already contained in the snapshot or the catch-up
    this.sequence = delta.sequence;
    this.onDelta(delta);
    this.onState('live', this.epoch, this.sequence);
  }
}

// A read that pushes ask for (the figures that follow from what changed): one at a time, and a push that comes while it
// runs makes it run once more afterwards, so the last push is always reflected and a burst costs two reads, not many.
export function coalesced(read) {
  let running = null;
  let again = false;
  const run = () => {
    if (running) { again = true; return running; }
    running = Promise.resolve().then(read).finally(() => {
      running = null;
      if (again) { again = false; run(); }
    });
    return running;
  };
  return run;
}

// The next running deadline of an order and how much of its time is left (0..1), for countdowns.
export function nextDeadline(order, now = Date.now()) {
  const running = (order.clocks ?? []).filter((c) => !c.metAt && !c.stoppedAt && !c.breachedAt);
  const breached = (order.clocks ?? []).some((c) => c.breachedAt && !c.metAt && !c.stoppedAt);
  if (running.length === 0) return { breached, due: null, left: null };
  const clock = running.reduce((a, b) => (Date.parse(a.dueAt) <= Date.parse(b.dueAt) ? a : b));
  const start = Date.parse(clock.startedAt);
  const due = Date.parse(clock.dueAt);
  return { breached, clock, due, left: Math.max(0, (due - now) / Math.max(1, due - start)) };
}

export function countdown(ms) {
  if (ms <= 0) return t('time.overdue');
  const s = Math.floor(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? t('time.hoursMinutes', { h, m: String(m).padStart(2, '0') }) : t('time.minutesSeconds', { m, s: String(s % 60).padStart(2, '0') });
}

export function riskClass(deadline) {
  if (deadline.breached) return 'risk-breached';
  if (deadline.left === null) return 'risk-none';
  if (deadline.left <= 0.2) return 'risk-high';
  if (deadline.left <= 0.5) return 'risk-medium';
  return 'risk-low';
}

// A region's live page: redraws on a language switch, and every second calls tick (countdowns tick locally; data only
// ever arrives pushed) — render itself unless the page updates its countdowns in place; page.html?region=north joins
// that region at once (the #region field and the #join form).
export function regionPage(render, tick = render) {
  document.addEventListener('fieldservice:language', () => render());
  setInterval(tick, 1000);
  const wanted = new URLSearchParams(location.search).get('region');
  if (wanted) {
    document.getElementById('region').value = wanted;
    document.getElementById('join').requestSubmit();
  }
}
