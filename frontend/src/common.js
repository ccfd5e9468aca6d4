// Small helpers shared by the page modules.

/** The CSRF header and token that Spring Security put into the page's meta tags. */
export function csrfHeaders() {
  const token = document.querySelector('meta[name="_csrf"]')?.content;
  const header = document.querySelector('meta[name="_csrf_header"]')?.content;
  return token && header ? { [header]: token } : {};
}

/** fetch() with the session's CSRF token and JSON bodies; resolves to {ok, status, headers, body}. */
export async function api(method, url, { body, headers = {}, contentType = 'application/json' } = {}) {
  const init = {
    method,
    credentials: 'same-origin',
    headers: { Accept: 'application/json, application/problem+json', ...csrfHeaders(), ...headers },
  };
  if (body !== undefined) {
    init.headers['Content-Type'] = contentType;
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
  }
  const response = await fetch(url, init);
  const text = await response.text();
  let parsed = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = { detail: text };
  }
  return { ok: response.ok, status: response.status, headers: response.headers, body: parsed };
}

/** Creates an element with text content only (never innerHTML with data). */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else if (key.startsWith('on') && typeof value === 'function') node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** Shows or hides a node (absent nodes are ignored). */
export function show(node, visible) {
  if (node) node.hidden = !visible;
}

/** One sentence for a failed request: the Problem's detail, else its title, else the HTTP status. */
export function problemText(response, fallback = 'The request failed') {
  const body = response.body || {};
  return body.detail || body.title || `${fallback} (HTTP ${response.status}).`;
}

/** Shows a Problem in an alert element: its title, its detail and the list of field errors it carries. */
export function renderProblem(alertBox, response) {
  const body = response.body || {};
  alertBox.replaceChildren(
    el('strong', { text: body.title || `Error ${response.status}` }),
    document.createTextNode(` ${body.detail || ''}`),
  );
  if (Array.isArray(body.errors)) {
    alertBox.append(el('ul', {}, body.errors.map((e) => el('li', { text: `${e.key || e.field}: ${e.message}` }))));
  }
  show(alertBox, true);
}

/** Formats an ISO instant as a short local date-time. */
export function formatTime(iso) {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

function initTimes(root) {
  for (const node of root.querySelectorAll('time[datetime]')) {
    node.title = node.getAttribute('datetime');
    node.textContent = formatTime(node.getAttribute('datetime'));
  }
}

/** Buttons with data-confirm ask before their form is submitted. */
function initConfirmations(root) {
  for (const button of root.querySelectorAll('[data-confirm]')) {
    button.addEventListener('click', (event) => {
      if (!window.confirm(button.dataset.confirm)) {
        event.preventDefault();
      }
    });
  }
}

export function initCommon() {
  initTimes(document);
  initConfirmations(document);
}
