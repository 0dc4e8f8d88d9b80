// The arithmetic of the dispatcher's day timeline, apart from the drawing: today's bounds in the page's time zone,
// a technician's shifts (kept in UTC, weekly or daily) and leave within them, and where an order's item sits.
const hour = 3_600_000;
const weekdays = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

export function dayOf(now) {
  const start = new Date(now);
  start.setHours(0, 0, 0, 0);
  const end = new Date(start);
  end.setDate(end.getDate() + 1);
  return { start: start.getTime(), end: end.getTime() };
}

// "08:30:00" (a TimeOnly) as milliseconds after midnight.
const timeOfDay = (text) => {
  const [h, m, s] = String(text).split(':').map(Number);
  return ((h * 60 + (m || 0)) * 60 + (s || 0)) * 1000;
};

const weekday = (day) => (typeof day === 'number' ? day : weekdays.indexOf(String(day).toLowerCase()));

const clip = (span, day) => (span.to <= day.start || span.from >= day.end ? null
  : { ...span, from: Math.max(span.from, day.start), to: Math.min(span.to, day.end) });

// The technician's working hours that fall in the day. A shift is in UTC on its UTC weekday and may run past
// midnight, so the UTC days around the local day are all looked at. Without any schedule the technician works any
// time (as dispatch reads it), shown as the whole day.
export function shiftsOn(technician, day) {
  const weekly = technician.shifts?.length ? technician.shifts
    : technician.profile.shift ? [{ days: [0, 1, 2, 3, 4, 5, 6], start: technician.profile.shift.start, end: technician.profile.shift.end }]
      : null;
  if (!weekly) return [{ from: day.start, to: day.end }];
  const spans = [];
  for (let utcDay = Math.floor(day.start / (24 * hour)) - 1; utcDay * 24 * hour < day.end; utcDay++) {
    const midnight = utcDay * 24 * hour;
    const dow = new Date(midnight).getUTCDay();
    for (const shift of weekly) {
      if (!shift.days.map(weekday).includes(dow)) continue;
      const from = midnight + timeOfDay(shift.start);
      let to = midnight + timeOfDay(shift.end);
      if (to <= from) to += 24 * hour;
      const span = clip({ from, to }, day);
      if (span) spans.push(span);
    }
  }
  return spans;
}

export function leaveOn(technician, day) {
  return (technician.leave ?? []).map((l) => clip({ from: Date.parse(l.from), to: Date.parse(l.to), reason: l.reason }, day)).filter(Boolean);
}

// Where an order sits: from its arrival, else its ETA, else its agreed window, else its dispatch, else now; an hour
// long, or to the end of the agreed window when that is what places it.
export function itemSpan(card, read, now) {
  const window = read?.agreedArrival;
  const at = read?.arrivedAt ?? card.eta ?? window?.from ?? read?.dispatchedAt;
  const from = at ? Date.parse(at) : now;
  const until = !read?.arrivedAt && !card.eta && window ? Date.parse(window.to) : from + hour;
  return { from, to: Math.max(until, from + hour / 4) };
}

// The CSS placing a span on the day (kept on the day's edges when it reaches beyond them).
export function percent(span, day) {
  const length = day.end - day.start;
  const from = Math.min(Math.max(span.from, day.start), day.end - hour / 4);
  const to = Math.max(Math.min(span.to, day.end), from + hour / 4);
  return `left:${(((from - day.start) / length) * 100).toFixed(3)}%;width:${(((to - from) / length) * 100).toFixed(3)}%`;
}
