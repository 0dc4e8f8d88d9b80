// Photos of a work order (issue 14.5): thumbnails of what the order keeps, and — for the technician at work on it —
// the phone's camera for a photo of the fault and one of the finished repair.
//
//   const photos = mountPhotos(container, orderId, { canAdd: true });   // later: photos.refresh()
//
// `canAdd` says the page wants the camera (the technician's page); whether it is shown is the server's verdict on the
// order as it stands (the listing's `mayAdd`: assigned, at a stage where photos are taken, not full), so no lifecycle
// is copied here. Each photo is drawn on a canvas and sent as a JPEG of at most MAX_SIDE px: a phone's original is
// several MB, and re-encoding also drops its EXIF block, which holds the GPS position of the customer's premises (H3).
// The bytes are fetched with the page's credentials (a dev token is a header an <img src> cannot send) and shown from
// object URLs, kept per attachment id since an attachment never changes.
import { session, token, el } from './session.js';
import { t, language, when } from './i18n.js';
import { showProblem, clearProblems, labelled } from './forms.js';

const MAX_SIDE = 1600;
const JPEG_QUALITY = 0.85;
const KINDS = ['fault', 'repair'];
const thumbnails = new Map(); // attachment id -> object URL

class UploadError extends Error {
  constructor(status, problem) {
    const fields = problem?.errors ? Object.values(problem.errors).flat().join('; ') : '';
    super(fields || problem?.detail || problem?.title || t('photos.failed', { status }));
    this.status = status;
    this.problem = problem ?? {};
  }
}

// The headers session.js's api() sends, for the two requests it cannot make (bytes in, bytes out).
async function headersFor(role, method) {
  const state = await session();
  const headers = { 'accept-language': language() };
  if (state.mode === 'oidc') {
    if (method !== 'GET') headers['x-xsrf-token'] = state.antiforgery ?? '';
  } else {
    headers.authorization = `Bearer ${token(role)}`;
  }
  return headers;
}

async function request(role, method, path) {
  const response = await fetch(path, { method, headers: await headersFor(role, method), credentials: 'same-origin' });
  if (!response.ok) {
    const text = await response.text();
    throw new UploadError(response.status, text ? JSON.parse(text) : null);
  }
  return response;
}

async function thumbnail(role, orderId, attachment) {
  if (!thumbnails.has(attachment.id)) {
    const response = await request(role, 'GET', `/api/work-orders/${encodeURIComponent(orderId)}/attachments/${encodeURIComponent(attachment.id)}`);
    thumbnails.set(attachment.id, URL.createObjectURL(await response.blob()));
  }
  return thumbnails.get(attachment.id);
}

// The photo as the server will keep it: drawn at most MAX_SIDE px on its long side, as a JPEG (white behind
// transparency, which JPEG has not). A file the browser cannot draw is sent as it is, for the server to judge.
async function prepare(file) {
  let bitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch {
    return file;
  }
  const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
  const canvas = el('canvas', { width: Math.max(1, Math.round(bitmap.width * scale)), height: Math.max(1, Math.round(bitmap.height * scale)) });
  const context = canvas.getContext('2d');
  context.fillStyle = '#fff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  return new Promise((resolve) => canvas.toBlob((blob) => resolve(blob ?? file), 'image/jpeg', JPEG_QUALITY));
}

// XMLHttpRequest rather than fetch: only it reports upload progress. The Idempotency-Key is the photo's own, so a
// retry of the same photo (the same key) can never keep it twice.
async function send(role, orderId, kind, blob, key, onProgress) {
  const headers = await headersFor(role, 'POST');
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/work-orders/${encodeURIComponent(orderId)}/attachments?kind=${kind}`);
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    xhr.setRequestHeader('content-type', blob.type || 'application/octet-stream');
    xhr.setRequestHeader('idempotency-key', key);
    xhr.upload.onprogress = (event) => { if (event.lengthComputable) onProgress(event.loaded / event.total); };
    xhr.onload = () => {
      const body = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      if (xhr.status >= 200 && xhr.status < 300) resolve(body);
      else reject(new UploadError(xhr.status, body));
    };
    xhr.onerror = () => reject(new UploadError(0, { detail: t('photos.offline') }));
    xhr.send(blob);
  });
}

export function mountPhotos(container, orderId, { canAdd = false, role = 'technician' } = {}) {
  let listing = { items: [], mayAdd: false, maxBytes: 0 };
  let loadError = '';
  const busy = new Set(); // kinds with an upload under way: their forms are kept as they are
  const forms = new Map();

  function form(kind) {
    if (forms.has(kind)) return forms.get(kind);
    const id = `photos-${orderId}-${kind}`;
    const input = el('input', {
      type: 'file', accept: 'image/*', capture: 'environment', id: `${id}-input`, 'data-field': 'content', 'data-key': `${orderId}/photo-${kind}`,
    });
    const progress = el('progress', { max: 1, value: 0, hidden: true, id: `${id}-progress` });
    const node = el('form', { id, class: 'photo-form', 'data-kind': kind },
      labelled(t(`photos.add.${kind}`), input), progress, el('p', { class: 'photo-note', role: 'status' }), el('p', { class: 'form-error error', role: 'alert' }));
    input.addEventListener('change', () => { if (input.files?.[0]) upload(kind, node, input, progress); });
    node.addEventListener('submit', (event) => event.preventDefault());
    forms.set(kind, node);
    return node;
  }

  async function upload(kind, node, input, progress) {
    const file = input.files[0];
    busy.add(kind);
    clearProblems(node);
    node.querySelector('.photo-note').textContent = '';
    progress.hidden = false;
    progress.value = 0;
    progress.setAttribute('aria-label', t('photos.preparing'));
    try {
      const blob = await prepare(file);
      progress.setAttribute('aria-label', t('photos.uploading'));
      await send(role, orderId, kind, blob, crypto.randomUUID(), (share) => { progress.value = share; });
      input.value = '';
      node.querySelector('.photo-note').textContent = t('photos.saved');
    } catch (error) {
      // A 422 lands next to the file input (its errors name `content`), a 413 or 409 in the form's own line.
      showProblem(node, error);
    } finally {
      busy.delete(kind);
      progress.hidden = true;
      await refresh();
    }
  }

  async function render() {
    const items = await Promise.all(listing.items.map(async (attachment, n) => {
      const kindName = t(`photos.kind.${attachment.kind}`, { defaultValue: attachment.kind });
      const alt = attachment.caption
        ? t('photos.altCaption', { kind: kindName, n: n + 1, caption: attachment.caption })
        : t('photos.alt', { kind: kindName, n: n + 1 });
      let image;
      try {
        image = el('img', { src: await thumbnail(role, orderId, attachment), alt, loading: 'lazy', class: 'photo-thumb' });
      } catch (error) {
        image = el('span', { class: 'error' }, t('photos.loadFailed', { message: error.message }));
      }
      return el('li', { 'data-attachment': attachment.id, 'data-kind': attachment.kind },
        el('figure', {}, image, el('figcaption', {}, `${kindName} · ${when(attachment.takenAt)}`)));
    }));
    const controls = canAdd && (listing.mayAdd || busy.size > 0) ? KINDS.map(form) : [];
    for (const kind of KINDS) {
      // Labels follow the language switch; a form in use keeps its state.
      const node = forms.get(kind);
      if (node && !busy.has(kind)) node.querySelector('label').firstChild.textContent = t(`photos.add.${kind}`);
    }
    container.replaceChildren(el('section', { class: 'photos-panel', 'aria-label': t('photos.title') },
      el('h3', {}, t('photos.title')),
      items.length ? el('ul', { class: 'photo-list' }, ...items) : el('p', { class: 'photo-empty' }, loadError || t('photos.none')),
      ...controls));
  }

  async function refresh() {
    try {
      const response = await request(role, 'GET', `/api/work-orders/${encodeURIComponent(orderId)}/attachments`);
      listing = await response.json();
      loadError = '';
    } catch (error) {
      loadError = t('photos.loadFailed', { message: error.message });
    }
    await render();
  }

  document.addEventListener('fieldservice:language', () => render());
  refresh();
  return {
    refresh,
    setCanAdd(value) { if (canAdd !== value) { canAdd = value; render(); } },
  };
}
