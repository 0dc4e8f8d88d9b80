// Signing in and calling the API. In the embedded mode (Auth:DevTokens) a page signs in with a dev token for the
// role it serves; the token lives in sessionStorage, per tab.
const key = (role) => `fieldservice.token.${role}`;

export function token(role) {
  return sessionStorage.getItem(key(role));
}

export async function signIn(role, userId, extra = {}) {
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

export async function api(role, method, path, body) {
  const response = await fetch(path, {
    method,
    headers: { authorization: `Bearer ${token(role)}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
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
