// The images page: build (upload with progress, then poll the build's status) and resolve a tag to its digest.
import { api, csrfHeaders, el } from '../common.js';

const FINISHED = ['Succeeded', 'Failed'];

function show(node, visible) {
  node.hidden = !visible;
}

function problemText(body, status) {
  if (body && (body.detail || body.title)) return body.detail || body.title;
  return `The request failed (HTTP ${status}).`;
}

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
      error.textContent = problemText(response.body, response.status);
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
        error.textContent = problemText(response.body, response.status);
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
      error.textContent = problemText(response.body, response.status);
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

export function initImages(root) {
  initBuild(root);
  initResolve(root);
}
