// Steps taken while the connection is down wait here, in the order they were taken, and are sent when it returns.
// Each carries the Idempotency-Key made the moment it was taken: a step that did reach the server before the
// connection dropped (only its answer was lost) is answered, when sent again, with the order as it is, never applied
// twice (the work order remembers its recent keys).
// localStorage rather than IndexedDB: a write is synchronous, so a step is kept the instant it is taken even if the
// phone closes the page right after, and the queue is a handful of small JSON requests.
import { api, ProblemError } from './session.js';

// A random (version 4) UUID. crypto.randomUUID exists only in secure contexts; getRandomValues everywhere.
export function stepKey() {
  if (globalThis.crypto?.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

// The server did not answer (network down, or an outage answered 503): the step may be sent again later.
const unanswered = (error) => !(error instanceof ProblemError) || error.status === 503;

export class StepQueue {
  // online(): whether to try sending at once; onApplied(step, order) / onRefused(step, error) report a replayed step;
  // onChange() whenever the queue's content changes.
  constructor({ role, storageKey, online, onApplied, onRefused, onChange }) {
    Object.assign(this, { role, storageKey, online, onApplied, onRefused, onChange });
    this.steps = JSON.parse(localStorage.getItem(storageKey) ?? '[]');
    this.replaying = null;
    // While something waits, try again now and then (the 'online' event is not the only way back).
    setInterval(() => { if (this.steps.length > 0 && navigator.onLine) this.replay(); }, 5000);
    window.addEventListener('online', () => this.replay());
  }

  save() {
    localStorage.setItem(this.storageKey, JSON.stringify(this.steps));
    this.onChange();
  }

  post(step) {
    return api(this.role, 'POST', step.path, step.body, { 'Idempotency-Key': step.key });
  }

  // Takes a step: sent at once when online and nothing waits before it (steps keep their order), else queued.
  // Resolves { order } when applied or { queued: true }; a refusal (409, 422...) is thrown as the ProblemError.
  async take(fields) {
    const step = { key: stepKey(), takenAt: new Date().toISOString(), ...fields };
    if (this.steps.length > 0 || !this.online()) return this.enqueue(step);
    try {
      return { order: await this.post(step) };
    } catch (error) {
      if (unanswered(error)) return this.enqueue(step); // same key: if it did arrive, the replay is recognised
      throw error;
    }
  }

  enqueue(step) {
    this.steps.push(step);
    this.save();
    return { queued: true };
  }

  // Sends what waits, oldest first, one at a time; stops at the first step the server does not answer. A step the
  // server refuses is dropped (it changed nothing) and reported, and the next one is tried.
  replay() {
    // Cleared in a later turn (finally runs after the assignment), even when there was nothing to send.
    this.replaying ??= this.drain().finally(() => { this.replaying = null; });
    return this.replaying;
  }

  async drain() {
    while (this.steps.length > 0) {
      const step = this.steps[0];
      try {
        const order = await this.post(step);
        this.steps.shift();
        this.save();
        this.onApplied(step, order);
      } catch (error) {
        if (unanswered(error)) return;
        this.steps.shift();
        this.save();
        this.onRefused(step, error);
      }
    }
  }
}
