// The storage-initializer configuration page: typed form + raw JSON, preview, save, and the conflict flow that
// keeps the user's edits when the cluster changed meanwhile. Talks only to /configuration/* (session + CSRF).
import { api, el } from '../common.js';

const clone = (value) => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));
const show = (node, visible) => { if (node) node.hidden = !visible; };
const shown = (value) => (value === undefined ? '(absent)' : JSON.stringify(value));

/** Key-level differences between two objects: [{key, before, after}], undefined meaning "absent". */
export function diffObjects(before, after) {
  const a = before && typeof before === 'object' && !Array.isArray(before) ? before : {};
  const b = after && typeof after === 'object' && !Array.isArray(after) ? after : {};
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return keys
    .filter((key) => JSON.stringify(a[key]) !== JSON.stringify(b[key]) || (key in a) !== (key in b))
    .map((key) => ({ key, before: key in a ? a[key] : undefined, after: key in b ? b[key] : undefined }));
}

/** The user's changes (from base to mine) applied over the cluster's current object. */
export function reapply(current, yours) {
  const next = clone(current && typeof current === 'object' ? current : {});
  for (const change of yours) {
    if (change.after === undefined) delete next[change.key];
    else next[change.key] = clone(change.after);
  }
  return next;
}

export default function initConfiguration(root) {
  const section = root.querySelector('section.configuration');
  const editor = root.querySelector('[data-testid="config-editor"]');
  if (!section || !editor) return;
  const canWrite = section.dataset.canWrite === 'true';
  const form = editor.querySelector('#panel-form');
  const rawPanel = editor.querySelector('#panel-raw');
  const raw = editor.querySelector('#raw-json');
  const status = editor.querySelector('[data-testid="status"]');
  const preview = editor.querySelector('[data-testid="preview"]');
  const conflict = editor.querySelector('[data-testid="conflict"]');
  const problems = editor.querySelector('[data-testid="problems"]');
  const fields = [...form.querySelectorAll('.field[data-key]')];

  const state = { version: null, base: null, baseRaw: null, managedBy: null, mine: {}, mode: 'form', current: null };

  function setStatus(text) { status.textContent = text || ''; }

  function fillForm(config) {
    for (const field of fields) {
      const input = field.querySelector('input, select');
      const { key, type } = field.dataset;
      const value = config ? config[key] : undefined;
      if (value === undefined || value === null) input.value = '';
      else if (type === 'boolean') input.value = value === true ? 'true' : value === false ? 'false' : '';
      else input.value = typeof value === 'string' ? value : JSON.stringify(value);
    }
  }

  /** The form's values over the object being edited: unknown keys and key order stay as they are. */
  function readForm() {
    const next = clone(state.mine) || {};
    for (const field of fields) {
      const input = field.querySelector('input, select');
      const { key, type } = field.dataset;
      const value = input.value.trim();
      const had = key in next;
      if (value === '') {
        if (type === 'boolean' || type === 'oci_model_mode') delete next[key];
        else if (had && type === 'integer') next[key] = null;
        else if (had && typeof next[key] === 'string') next[key] = '';
        else if (had) delete next[key];
      } else if (type === 'boolean') next[key] = value === 'true';
      else if (type === 'integer') next[key] = /^-?\d+$/.test(value) ? Number(value) : value;
      else next[key] = value;
    }
    return next;
  }

  function selectTab(name) {
    if (name === state.mode) return true;
    if (name === 'raw') {
      state.mine = readForm();
      raw.value = JSON.stringify(state.mine, null, 4);
    } else {
      let parsed;
      try {
        parsed = JSON.parse(raw.value);
      } catch (error) {
        showRawError(`Not valid JSON: ${error.message}. Fix it here first.`);
        return false;
      }
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
        showRawError('The value must be a JSON object ({...}).');
        return false;
      }
      state.mine = parsed;
      fillForm(parsed);
    }
    state.mode = name;
    for (const tab of editor.querySelectorAll('[role="tab"]')) {
      tab.setAttribute('aria-selected', String(tab.dataset.tab === name));
    }
    show(form, name === 'form');
    show(rawPanel, name === 'raw');
    clearErrors();
    return true;
  }

  function clearErrors() {
    for (const node of editor.querySelectorAll('.field-error')) { node.textContent = ''; node.hidden = true; }
  }

  function showRawError(text) {
    const node = editor.querySelector('[data-error-for="raw"]');
    node.textContent = text;
    node.hidden = false;
  }

  function showFieldProblems(list, severity) {
    const unplaced = [];
    for (const problem of list || []) {
      const selector = severity === 'error' ? `[data-error-for="${CSS.escape(problem.field)}"]`
        : `[data-notice-for="${CSS.escape(problem.field)}"]`;
      const node = state.mode === 'form' && problem.field ? form.querySelector(selector) : null;
      if (node) {
        node.textContent = problem.message;
        node.hidden = false;
      } else {
        unplaced.push(problem);
      }
    }
    return unplaced;
  }

  function renderProblems(view) {
    for (const node of editor.querySelectorAll('.field-notice')) { node.textContent = ''; node.hidden = true; }
    const list = problems.querySelector('ul');
    list.replaceChildren();
    const errors = (view.problems || []).filter((p) => p.severity === 'error');
    const notices = (view.problems || []).filter((p) => p.severity !== 'error');
    const rest = [...showFieldProblems(errors, 'error'), ...showFieldProblems(notices, 'notice')];
    for (const problem of rest) {
      list.append(el('li', { class: problem.severity === 'error' ? 'error' : 'notice' },
        problem.field ? el('code', { text: problem.field }) : null, problem.field ? ': ' : '', problem.message));
    }
    show(problems, rest.length > 0);
  }

  function renderDiff(tbody, changes) {
    tbody.replaceChildren(...changes.map((change) => el('tr', {},
      el('th', { scope: 'row', text: change.key }),
      el('td', {}, el('code', { text: shown(change.before) })),
      el('td', {}, el('code', { text: shown(change.after) })))));
  }

  function load(view) {
    state.version = view.resourceVersion;
    state.base = view.config;
    state.baseRaw = view.raw;
    state.managedBy = view.managedBy;
    state.mine = clone(view.config) || {};
    fillForm(view.config);
    raw.value = view.raw ?? '';
    const version = root.querySelector('[data-testid="config-resource-version"]');
    if (version) version.textContent = view.resourceVersion;
    renderProblems(view);
  }

  function content() {
    return state.mode === 'raw' ? { raw: raw.value } : { config: readForm() };
  }

  function minePreviewable() {
    if (state.mode === 'raw') {
      try { return JSON.parse(raw.value); } catch { return null; }
    }
    return readForm();
  }

  async function send(url) {
    clearErrors();
    setStatus('Checking…');
    const response = await api('POST', url, { body: { resourceVersion: state.version, ...content() } });
    if (response.ok) return response.body;
    const body = response.body || {};
    if (response.status === 409 && body.conflict) {
      showConflict(body.current);
      setStatus('Not saved: the configuration changed in the cluster.');
    } else if (response.status === 422 && body.errors) {
      const rest = showFieldProblems(body.errors.map((e) => ({ ...e, severity: 'error' })), 'error');
      if (rest.length) showRawError(rest.map((e) => `${e.field || 'value'}: ${e.message}`).join('\n'));
      if (rest.length && state.mode === 'form') setStatus(rest.map((e) => `${e.field}: ${e.message}`).join(' '));
      else setStatus('KServe would reject this configuration; see the messages next to the fields.');
    } else if (response.status === 400 && body.parseError) {
      showRawError(`Not valid JSON: ${body.parseError.message} (line ${body.parseError.line}, column ${body.parseError.column}).`);
      setStatus('Not valid JSON.');
    } else {
      setStatus(body.detail || `The request failed (HTTP ${response.status}). Nothing was saved.`);
    }
    show(preview, false);
    return null;
  }

  async function doPreview() {
    show(conflict, false);
    const view = await send('/configuration/preview');
    if (!view) return;
    const tbody = preview.querySelector('tbody');
    renderDiff(tbody, view.diff || []);
    show(preview.querySelector('.empty'), (view.diff || []).length === 0);
    show(preview.querySelector('table'), (view.diff || []).length > 0);
    const warning = preview.querySelector('[data-testid="save-ownership-warning"]');
    const owner = state.managedBy;
    show(warning, Boolean(owner && owner.willRevert));
    if (owner && owner.willRevert) warning.textContent = `${owner.owner} will revert this change. ${owner.hint}`;
    renderProblems(view);
    show(preview, true);
    setStatus('Review the changes, then save.');
  }

  async function doSave() {
    const view = await send('/configuration/save');
    if (!view) return;
    load(view);
    state.mode = 'raw';
    selectTab('form');
    show(preview, false);
    setStatus(`Saved. The ConfigMap is now at version ${view.resourceVersion}. Existing model pods pick the change up when they are recreated.`);
  }

  function showConflict(current) {
    state.current = current;
    const mine = minePreviewable();
    const yours = diffObjects(state.base, mine);
    const theirs = diffObjects(state.base, current.config);
    state.yours = yours;
    renderDiff(conflict.querySelector('[data-testid="conflict-yours"] tbody'), yours);
    renderDiff(conflict.querySelector('[data-testid="conflict-theirs"] tbody'), theirs);
    show(conflict, true);
  }

  async function doReapply() {
    const current = state.current;
    if (!current) return;
    if (state.mode === 'raw' && minePreviewable() === null) {
      showRawError('Your raw JSON is not valid; fix it before re-applying.');
      return;
    }
    const next = reapply(current.config, state.yours || []);
    load(current);
    state.mine = next;
    fillForm(next);
    raw.value = JSON.stringify(next, null, 4);
    show(conflict, false);
    state.current = null;
    await doPreview();
  }

  for (const tab of editor.querySelectorAll('[role="tab"]')) {
    tab.addEventListener('click', () => selectTab(tab.dataset.tab));
  }
  editor.querySelector('[data-action="preview"]')?.addEventListener('click', doPreview);
  editor.querySelector('[data-action="save"]')?.addEventListener('click', doSave);
  editor.querySelector('[data-action="reapply"]')?.addEventListener('click', doReapply);
  editor.querySelector('[data-action="reset"]')?.addEventListener('click', async () => {
    const response = await api('GET', '/configuration/state');
    if (response.ok) {
      load(response.body.view);
      state.mode = 'raw';
      selectTab(response.body.view.config ? 'form' : 'raw');
      show(preview, false);
      show(conflict, false);
      setStatus('Reloaded from the cluster.');
    }
  });
  form.addEventListener('input', () => show(preview, false));
  raw.addEventListener('input', () => show(preview, false));
  form.addEventListener('submit', (event) => event.preventDefault());
  if (!canWrite) {
    for (const input of editor.querySelectorAll('input, select, textarea')) input.disabled = true;
  }

  api('GET', '/configuration/state').then((response) => {
    if (!response.ok) {
      setStatus(response.body?.detail || 'Could not load the configuration.');
      return;
    }
    const { view } = response.body;
    load(view);
    if (!view.config) {
      // A broken stored value is shown raw, exactly as stored, with the position of the error.
      state.mode = 'form';
      selectTabRawKeepingText(view);
    }
    editor.dataset.ready = 'true';
  });

  function selectTabRawKeepingText(view) {
    state.mode = 'raw';
    for (const tab of editor.querySelectorAll('[role="tab"]')) {
      tab.setAttribute('aria-selected', String(tab.dataset.tab === 'raw'));
    }
    show(form, false);
    show(rawPanel, true);
    raw.value = view.raw ?? '';
    if (view.parseError) {
      showRawError(`Not valid JSON: ${view.parseError.message} (line ${view.parseError.line}, column ${view.parseError.column}).`);
    }
  }
}
