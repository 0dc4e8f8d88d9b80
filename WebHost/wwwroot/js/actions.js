import { api } from './session.js';

// What the signed-in caller may do next with each order is the server's to say (the allowedActions of the order as
// they read it), so no page keeps its own copy of the lifecycle. Boards push cards without it: each card's version is
// read once, a few at a time, and its buttons appear when the read arrives (onChange names the order read; none after retry()). The read
// is the order as this caller may see it (H3), so a board can show what its cards leave out, such as the address.
export function actionCache(role, onChange, parallel = 4) {
  const known = new Map(); // order id -> { version, actions, order } as last read
  const asked = new Map(); // order id -> the newest version queued or being read
  const queue = [];
  let running = 0;

  function pump() {
    while (running < parallel && queue.length > 0) {
      const { id, version } = queue.shift();
      running++;
      api(role, 'GET', `/api/work-orders/${id}`)
        .then((order) => remember(order))
        // A refusal (status) means gone or no longer this caller's; without one the network failed, and what was
        // known is kept until retry() (the connection is back).
        .catch((error) => { if (error.status) known.set(id, { version, actions: [] }); })
        .finally(() => { running--; onChange(id); pump(); });
    }
  }

  // Keeps the newest read of an order (never an older one that arrived late).
  function remember(order) {
    if ((known.get(order.id)?.version ?? -1) <= order.version) known.set(order.id, { version: order.version, actions: order.allowedActions ?? [], order });
  }

  return {
    // The order as last read (the whole of it, with what the caller may see of the customer), or null.
    order(id) { return known.get(id)?.order ?? null; },
    // An order this page has just been answered with (a step's response): no need to read it again.
    seen(order) { remember(order); onChange(order.id); },
    // The actions allowed on this card's version; none until that version has been read.
    of(card) {
      const entry = known.get(card.id);
      if (entry && entry.version >= card.version) return entry.actions;
      if ((asked.get(card.id) ?? -1) < card.version) {
        asked.set(card.id, card.version);
        queue.push({ id: card.id, version: card.version });
        pump();
      }
      return [];
    },
    // The order as last read for this caller (any version), or undefined before the first read.
    read(id) { return known.get(id)?.order; },
    clear() { known.clear(); asked.clear(); queue.length = 0; },
    // Reads again whatever is newer than the last successful read (after the network came back).
    retry() { asked.clear(); onChange(); },
  };
}
