// Showing refusals where they belong: each 422 error next to the field it names (ProblemDetails `errors` keys such
// as "customer.name" or "checklist[2].passed" matched against the form's data-field names, most specific first), a
// 409 as the order's current status. Pages redraw with redraw(), which keeps the keyboard focus on the same control.
import { el } from './session.js';
import { t, named } from './i18n.js';

function fieldFor(form, key) {
  const fields = [...form.querySelectorAll('[data-field]')];
  const parts = key.split('.');
  for (let n = parts.length; n > 0; n--) {
    const name = parts.slice(0, n).join('.').toLowerCase();
    const field = fields.find((f) => f.dataset.field.toLowerCase() === name);
    if (field) return field;
  }
  return null;
}

export function clearProblems(form) {
  form.querySelectorAll('.field-error').forEach((n) => n.remove());
  form.querySelectorAll('[aria-invalid]').forEach((n) => { n.removeAttribute('aria-invalid'); n.removeAttribute('aria-describedby'); });
  const general = form.querySelector('.form-error');
  if (general) general.textContent = '';
}

// Returns the text to show in the page's status line.
export function showProblem(form, error) {
  clearProblems(form);
  const unplaced = [];
  let n = 0;
  for (const [key, messages] of Object.entries(error.problem?.errors ?? {})) {
    const field = fieldFor(form, key);
    if (!field) { unplaced.push(...messages); continue; }
    const note = el('span', { class: 'field-error error', id: `${form.id}-error-${n++}` }, messages.join(' '));
    field.setAttribute('aria-invalid', 'true');
    field.setAttribute('aria-describedby', note.id);
    (field.closest('label') ?? field).after(note);
  }
  const general = form.querySelector('.form-error');
  const text = error.status === 409 ? conflict(error) : unplaced.join(' ') || (n > 0 ? t('problem.invalid') : error.message);
  if (general) general.textContent = text;
  return n > 0 && unplaced.length === 0 ? `${t('problem.invalid')} ${error.message}` : text;
}

// A 409 names the state the step was refused in.
export function conflict(error) {
  return error.problem?.currentStatus ? t('problem.conflict', { status: named('status', error.problem.currentStatus) }) : error.message;
}

// Replaces a container's content; a control that had the focus (known by its data-key) gets it back.
export function redraw(container, nodes) {
  const focused = container.contains(document.activeElement) ? document.activeElement?.dataset?.key : undefined;
  container.replaceChildren(...nodes);
  if (focused) container.querySelector(`[data-key="${CSS.escape(focused)}"]`)?.focus();
}

// A labelled form control: <label>text <input></label>, so every control has its name.
export function labelled(text, control) {
  return el('label', {}, text, ' ', control);
}

// A page's one dialog for steps that need answers: ask(title, fields, submit) opens it with those fields, Confirm runs
// submit (which resolves whether the step was taken), and the dialog stays open when it was not, to show a 422 by its
// fields. close() drops what was asked (a 409 closes it: the view is refreshed instead).
export function stepDialog(dialog) {
  const form = dialog.querySelector('form');
  let answer = null;
  const close = () => { answer = null; if (dialog.open) dialog.close(); };
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!answer) return;
    if (await answer()) close();
  });
  dialog.querySelector('[data-cancel]')?.addEventListener('click', close);
  return {
    form,
    close,
    get open() { return dialog.open; },
    ask(title, fields, submit) {
      form.querySelector('h2').textContent = title;
      form.querySelector('.dialog-fields').replaceChildren(...fields);
      clearProblems(form);
      answer = submit;
      dialog.showModal();
      dialog.querySelector('input, textarea, select')?.focus();
      return null;
    },
  };
}
