// Signing in and calling the API, both ways the host offers (GET /auth/session says which):
// - "oidc": the web host signs the person in at the OpenID Connect provider and keeps a cookie session (BFF). The page
//   holds no token: calls carry the cookie, state-changing ones the antiforgery token; a 401 means the session ended,
//   and the page goes back through the provider, which signs the person in again without a form while its own session
//   lives (renewal).
// - "dev" (the embedded mode, Auth:DevTokens): a page signs in with a dev token for the role it serves; the token
//   lives in sessionStorage, per tab.
import { ready, t, language } from './i18n.js';

const key = (role) => `fieldservice.token.${role}`;
const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
let current = null;

export function session() {
  current ??= fetch('/auth/session', { credentials: 'same-origin' })
    .then((r) => (r.ok ? r.json() : { mode: 'dev', signedIn: false }))
    .catch(() => ({ mode: 'dev', signedIn: false }));
  return current;
}

export function token(role) {
  return sessionStorage.getItem(key(role));
}

// Leaves for the provider; the promise never settles, as the page is gone.
function signInAtProvider() {
  location.assign(`/auth/sign-in?returnUrl=${encodeURIComponent(location.pathname + location.search)}`);
  return new Promise(() => {});
}

// Tells the shell (shell.js) who is now signed in, so it can show the person and their workspaces.
const signedIn = (role) => document.dispatchEvent(new CustomEvent('fieldservice:signed-in', { detail: { role } }));

export async function signIn(role, userId, extra = {}) {
  await ready; // what follows renders text
  const state = await session();
  if (state.mode === 'oidc') {
    sessionStorage.removeItem(key(role)); // the cookie session speaks for the person; no token in the page
    if (!state.signedIn) return signInAtProvider();
    signedIn(role);
    return null;
  }
  const response = await fetch('/api/dev/tokens', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId, roles: [role], ...extra }),
  });
  if (!response.ok) throw new Error(t('problem.signInRefused', { status: response.status }));
  const issued = await response.json();
  sessionStorage.setItem(key(role), issued.token);
  signedIn(role);
  return issued.token;
}

// Sign-out goes through the host (a form post with the antiforgery token), which ends the session at the provider too.
// A dev token is only forgotten.
export async function signOut() {
  const state = await session();
  if (state.mode !== 'oidc') {
    Object.keys(sessionStorage).filter((k) => k.startsWith('fieldservice.token.')).forEach((k) => sessionStorage.removeItem(k));
    location.reload();
    return;
  }
  const form = el('form', { method: 'post', action: '/auth/sign-out', hidden: true },
    el('input', { type: 'hidden', name: '__RequestVerificationToken', value: state.antiforgery ?? '' }));
  document.body.append(form);
  form.submit();
}

// extraHeaders: e.g. the Idempotency-Key of a step the technician page may send again.
export async function api(role, method, path, body, extraHeaders = {}) {
  const state = await session();
  const headers = { ...extraHeaders, ...(body === undefined ? {} : { 'content-type': 'application/json' }) };
  headers['accept-language'] = language(); // the problem details come back in the language the page shows
  if (state.mode === 'oidc') {
    if (unsafeMethods.has(method)) headers['x-xsrf-token'] = state.antiforgery ?? '';
  } else {
    headers.authorization = `Bearer ${token(role)}`;
  }
  const response = await fetch(path, {
    method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 401 && state.mode === 'oidc') return signInAtProvider(); // the session ended: renew it
  const text = await response.text();
  const json = text ? JSON.parse(text) : null;
  if (!response.ok) throw new ProblemError(response.status, json, method, path);
  return json;
}

// A refusal with its RFC 9457 problem details: status, title (in the page's language: the host follows
// Accept-Language), detail, and for a 422 the bad fields (errors), for a 409 the order's currentStatus. The message
// says what was wrong, not only that something was.
export class ProblemError extends Error {
  constructor(status, problem, method, path) {
    const fields = problem?.errors ? Object.values(problem.errors).flat().join('; ') : '';
    super(fields || (problem?.detail ?? problem?.title ?? t('problem.failed', { method, path, status })));
    this.status = status;
    this.problem = problem ?? {};
  }
}

export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else if (value !== undefined && value !== null && value !== false) node.setAttribute(name, value === true ? '' : value);
  }
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}

// The live connection's state has a line of its own (#live), so that a push arriving right after a refusal does
// not overwrite the refusal's message in #status.
export function sayLive(message) {
  const live = document.getElementById('live') ?? document.getElementById('status');
  if (live) live.textContent = message;
}

export function say(message, isError = false) {
  const status = document.getElementById('status');
  if (status) {
    status.textContent = message;
    status.className = isError ? 'error' : '';
  }
}
