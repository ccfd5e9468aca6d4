// The images page: build (upload with progress, then poll the build's status) and resolve a tag to its digest.
import { api, csrfHeaders, el, problemText, show } from '../common.js';

const FINISHED = ['Succeeded', 'Failed'];

function upload(form, onProgress) {
  const data = new FormData();
  for (const input of form.querySelectorAll('input[name]:not([type=file])')) {
    if (input.value.trim()) data.append(input.name, input.value.trim());
  }
  for (const file of form.querySelector('#files').files) data.append('files', file, file.name);
  for (const file of form.querySelector('#folder').files) {
    data.append('files', file, file.webkitRelativePath || file.name);
  }
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', form.action);
    xhr.setRequestHeader('Accept', 'application/json, application/problem+json');
    for (const [name, value] of Object.entries(csrfHeaders())) xhr.setRequestHeader(name, value);
    xhr.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    });
    xhr.addEventListener('load', () => {
      let body = null;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        body = null;
      }
      resolve({ ok: xhr.status >= 200 && xhr.status < 300, status: xhr.status, body });
    });
    xhr.addEventListener('error', () => resolve({ ok: false, status: 0, body: { detail: 'The upload was interrupted (network error or the upload is too large).' } }));
    xhr.send(data);
  });
}

function renderBuild(root, build) {
  root.querySelector('#build-state').textContent = build.state;
  root.querySelector('#build-state').className = `badge ${build.state === 'Succeeded' ? 'badge-ok' : build.state === 'Failed' ? 'badge-err' : 'badge-info'}`;
  root.querySelector('#build-progress').value = build.progress;
  root.querySelector('#build-message').textContent = build.message || '';
  const steps = root.querySelector('#build-steps');
  steps.replaceChildren(...(build.steps || []).map((step) => el('li', { text: step.message })));
  const result = root.querySelector('#build-result');
  show(result, build.state === 'Succeeded');
  if (build.uri) root.querySelector('#build-uri').value = build.uri;
  const error = root.querySelector('#build-error');
  if (build.state === 'Failed' && build.error) {
    error.textContent = build.error.detail || build.error.title;
    show(error, true);
  }
}

async function poll(root, id) {
  for (;;) {
    const response = await api('GET', `/images/builds/${encodeURIComponent(id)}`);
    if (!response.ok) {
      const error = root.querySelector('#build-error');
      error.textContent = problemText(response);
      show(error, true);
      return;
    }
    renderBuild(root, response.body);
    if (FINISHED.includes(response.body.state)) return;
    await new Promise((r) => setTimeout(r, 700));
  }
}

function initBuild(root) {
  const form = root.querySelector('#build-form');
  if (!form) return;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const error = root.querySelector('#build-error');
    const button = form.querySelector('button[type=submit]');
    show(error, false);
    const chosen = [...form.querySelector('#files').files, ...form.querySelector('#folder').files];
    const total = chosen.reduce((sum, file) => sum + file.size, 0);
    const max = Number(form.dataset.maxBytes || 0);
    if (max > 0 && total > max) {
      error.textContent = `The files add up to ${total} bytes, over the limit of ${max} bytes; nothing was uploaded.`;
      show(error, true);
      return;
    }
    show(root.querySelector('#build-status'), true);
    show(root.querySelector('#build-result'), false);
    root.querySelector('#build-state').textContent = 'Uploading';
    root.querySelector('#build-steps').replaceChildren();
    button.disabled = true;
    try {
      const response = await upload(form, (fraction) => {
        root.querySelector('#build-progress').value = Math.round(fraction * 100);
        root.querySelector('#build-message').textContent = `Uploading: ${Math.round(fraction * 100)} %`;
      });
      if (!response.ok) {
        error.textContent = problemText(response);
        show(error, true);
        show(root.querySelector('#build-status'), false);
        return;
      }
      renderBuild(root, response.body);
      await poll(root, response.body.id);
    } finally {
      button.disabled = false;
    }
  });
}

function initResolve(root) {
  const form = root.querySelector('#resolve-form');
  if (!form) return;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const value = (id) => root.querySelector(id).value.trim();
    const body = { reference: value('#reference') };
    if (value('#resolveSecretName')) {
      body.pullSecret = { namespace: value('#resolveSecretNamespace'), name: value('#resolveSecretName') };
    }
    if (value('#isvcNamespace') && value('#isvcName') && value('#isvcPath')) {
      body.inferenceService = { namespace: value('#isvcNamespace'), name: value('#isvcName'), path: value('#isvcPath') };
    }
    const error = root.querySelector('#resolve-error');
    const result = root.querySelector('#resolve-result');
    show(error, false);
    show(result, false);
    const response = await api('POST', form.action, { body });
    if (!response.ok) {
      error.textContent = problemText(response);
      show(error, true);
      return;
    }
    root.querySelector('#resolve-digest').textContent = response.body.digest;
    root.querySelector('#pinned-uri').value = response.body.pinnedUri;
    root.querySelector('#kubectl-patch').textContent = response.body.kubectlPatch || '';
    show(root.querySelector('#patch-block'), Boolean(response.body.kubectlPatch));
    show(result, true);
  });
}

function pinRow(pin) {
  const outcome = pin.error
    ? el('td', {}, el('span', { class: 'badge badge-err', text: pin.error.title }), ' ', pin.error.detail)
    : el('td', {},
      el('code', { 'data-testid': 'pinned', text: pin.pinnedUri }),
      pin.pullSecret ? el('p', { class: 'help', text: `with pull secret ${pin.pullSecret}` }) : null,
      pin.kubectlPatch ? el('pre', { text: pin.kubectlPatch }) : null);
  return el('tr', {},
    el('td', {}, el('code', { text: pin.path })),
    el('td', {}, el('code', { text: pin.uri }), ' ',
      ...pin.warnings.map((w) => el('span', { class: 'badge badge-warn', text: w }))),
    outcome);
}

function initPins(root) {
  const form = root.querySelector('#pins-form');
  if (!form) return;
  const run = async () => {
    const namespace = root.querySelector('#pinNamespace').value.trim();
    const name = root.querySelector('#pinName').value.trim();
    const error = root.querySelector('#pins-error');
    const table = root.querySelector('#pins-table');
    show(error, false);
    show(table, false);
    show(root.querySelector('#pins-none'), false);
    if (!namespace || !name) {
      error.textContent = 'Give the namespace and the name of the InferenceService.';
      show(error, true);
      return;
    }
    const response = await api('GET', `/images/pins/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`);
    if (!response.ok) {
      error.textContent = problemText(response);
      show(error, true);
      return;
    }
    const pins = response.body.pins || [];
    show(root.querySelector('#pins-none'), pins.length === 0);
    table.querySelector('tbody').replaceChildren(...pins.map(pinRow));
    show(table, pins.length > 0);
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    run();
  });
  if (root.querySelector('#pinNamespace').value && root.querySelector('#pinName').value) run();
}

export function initImages(root) {
  initBuild(root);
  initPins(root);
  initResolve(root);
}
