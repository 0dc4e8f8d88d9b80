// Signing in and calling the API, both ways the host offers (GET /auth/session says which):
// - "oidc": the web host signs the person in at the OpenID Connect provider and keeps a cookie session (BFF). The page
//   holds no token: calls carry the cookie, state-changing ones the antiforgery token; a 401 means the session ended,
//   and the page goes back through the provider, which signs the person in again without a form while its own session
//   lives (renewal).
// - "dev" (the embedded mode, Auth:DevTokens): a page signs in with a dev token for the role it serves; the token
//   lives in sessionStorage, per tab.
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

export async function signIn(role, userId, extra = {}) {
  const state = await session();
  if (state.mode === 'oidc') {
    sessionStorage.removeItem(key(role)); // the cookie session speaks for the person; no token in the page
    if (!state.signedIn) return signInAtProvider();
    showPerson(state);
    return null;
  }
  const response = await fetch('/api/dev/tokens', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId, roles: [role], ...extra }),
  });
  if (!response.ok) throw new Error(`sign-in refused (${response.status}): dev tokens are on only in the embedded mode`);
  const issued = await response.json();
  sessionStorage.setItem(key(role), issued.token);
  return issued.token;
}

// Sign-out goes through the host (a form post with the antiforgery token), which ends the session at the provider too.
export async function signOut() {
  const state = await session();
  const form = el('form', { method: 'post', action: '/auth/sign-out', hidden: true },
    el('input', { type: 'hidden', name: '__RequestVerificationToken', value: state.antiforgery ?? '' }));
  document.body.append(form);
  form.submit();
}

// The signed-in person and a sign-out button in the page's header (OIDC mode only).
async function showPerson(state) {
  const header = document.querySelector('header');
  if (!header || document.getElementById('me')) return;
  const me = await api(null, 'GET', '/api/me');
  header.append(el('span', { id: 'me', 'data-subject': me.subject }, `${me.name} (${me.roles.join(', ')})`),
    el('button', { id: 'sign-out', type: 'button', onclick: () => signOut() }, 'Sign out'));
}

export async function api(role, method, path, body) {
  const state = await session();
  const headers = body === undefined ? {} : { 'content-type': 'application/json' };
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
  if (!response.ok) {
    // A 422 names each bad field: show what was wrong, not only that something was.
    const fields = json?.errors ? Object.values(json.errors).flat().join('; ') : '';
    throw new Error(fields || (json?.detail ?? json?.title ?? `${method} ${path}: ${response.status}`));
  }
  return json;
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

export function say(message, isError = false) {
  const status = document.getElementById('status');
  if (status) {
    status.textContent = message;
    status.className = isError ? 'error' : '';
  }
}
