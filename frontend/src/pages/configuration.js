// The storage-initializer configuration page: typed form + raw JSON, preview, save, and the conflict flow that
// keeps the user's edits when the cluster changed meanwhile. Talks only to /configuration/* (session + CSRF).
// This module renders; what the edit is (loaded version, my changes, conflicts) lives in configuration-edit.js.
import { api, el, problemText, show } from '../common.js';
import { initSaveAndRestart } from '../restart-progress.js';
import { ConfigEdit, applyForm, formValue, parseRaw } from './configuration-edit.js';

export { diffObjects, reapply } from './configuration-edit.js';

const shown = (value) => (value === undefined ? '(absent)' : JSON.stringify(value));

/** The page's parts, found once by id (behaviour never hooks on test ids). */
function parts(root) {
  const editor = root.querySelector('#config-editor');
  if (!editor) return null;
  const $ = (selector) => editor.querySelector(selector);
  return {
    section: root.querySelector('section.configuration'),
    editor,
    form: $('#panel-form'),
    rawPanel: $('#panel-raw'),
    raw: $('#raw-json'),
    rawError: $('#raw-error'),
    status: $('#config-status'),
    preview: $('#config-preview'),
    conflict: $('#config-conflict'),
    problems: $('#config-problems'),
    version: root.querySelector('#config-resource-version'),
    tabs: [...editor.querySelectorAll('[role="tab"]')],
    fields: [...editor.querySelectorAll('#panel-form .field[data-key]')],
  };
}

export default function initConfiguration(root) {
  const page = parts(root);
  if (!page) return;
  const { editor, form, raw, status, preview, conflict, problems, fields } = page;
  const canWrite = page.section?.dataset.canWrite === 'true';
  const edit = new ConfigEdit();
  let mode = 'form';

  const setStatus = (text) => { status.textContent = text || ''; };
  const input = (field) => field.querySelector('input, select');

  function fillForm(config) {
    for (const field of fields) input(field).value = formValue(config ? config[field.dataset.key] : undefined, field.dataset.type);
  }

  function readForm() {
    return applyForm(edit.mine, fields.map((field) => ({ ...field.dataset, value: input(field).value })));
  }

  function setRaw(value) {
    raw.value = typeof value === 'string' ? value : JSON.stringify(value, null, 4);
  }

  /** Shows one tab; its content is already in place. */
  function showTab(name) {
    mode = name;
    for (const tab of page.tabs) tab.setAttribute('aria-selected', String(tab.dataset.tab === name));
    show(form, name === 'form');
    show(page.rawPanel, name === 'raw');
  }

  /** Switches tabs carrying the edit across; the raw view must hold a JSON object to go back to the form. */
  function selectTab(name) {
    if (name === mode) return;
    if (name === 'raw') {
      edit.mine = readForm();
      setRaw(edit.mine);
    } else {
      const parsed = parseRaw(raw.value);
      if (parsed.error) {
        showRawError(`${parsed.error} Fix it here first.`);
        return;
      }
      edit.mine = parsed.value;
      fillForm(parsed.value);
    }
    showTab(name);
    clearErrors();
  }

  function clearErrors() {
    for (const node of editor.querySelectorAll('.field-error')) { node.textContent = ''; show(node, false); }
  }

  function showRawError(text) {
    page.rawError.textContent = text;
    show(page.rawError, true);
  }

  function showParseError(parseError) {
    showRawError(`Not valid JSON: ${parseError.message} (line ${parseError.line}, column ${parseError.column}).`);
  }

  /** Puts each problem beside its field; returns those that have no field on screen. */
  function placeProblems(list, severity) {
    const attribute = severity === 'error' ? 'data-error-for' : 'data-notice-for';
    return (list || []).filter((problem) => {
      const node = mode === 'form' && problem.field
        ? form.querySelector(`[${attribute}="${CSS.escape(problem.field)}"]`) : null;
      if (node) {
        node.textContent = problem.message;
        show(node, true);
      }
      return !node;
    });
  }

  function renderProblems(view) {
    for (const node of editor.querySelectorAll('.field-notice')) { node.textContent = ''; show(node, false); }
    const all = view.problems || [];
    const rest = [...placeProblems(all.filter((p) => p.severity === 'error'), 'error'),
      ...placeProblems(all.filter((p) => p.severity !== 'error'), 'notice')];
    problems.querySelector('ul').replaceChildren(...rest.map((problem) => el('li',
      { class: problem.severity === 'error' ? 'error' : 'notice' },
      problem.field ? el('code', { text: problem.field }) : null, problem.field ? ': ' : '', problem.message)));
    show(problems, rest.length > 0);
  }

  function renderDiff(tbody, changes) {
    tbody.replaceChildren(...changes.map((change) => el('tr', {},
      el('th', { scope: 'row', text: change.key }),
      el('td', {}, el('code', { text: shown(change.before) })),
      el('td', {}, el('code', { text: shown(change.after) })))));
  }

  /** Shows a view from the cluster: the form, the raw text as stored, its version and what KServe makes of it. */
  function load(view) {
    edit.load(view);
    fillForm(view.config);
    setRaw(view.raw ?? '');
    if (page.version) page.version.textContent = view.resourceVersion;
    renderProblems(view);
  }

  /** After a load: the form when the stored value parses, else the raw text exactly as stored, with its error. */
  function showLoaded(view) {
    clearErrors();
    if (view.config) {
      showTab('form');
    } else {
      showTab('raw');
      if (view.parseError) showParseError(view.parseError);
    }
    show(preview, false);
    show(conflict, false);
  }

  function content() {
    return mode === 'raw' ? { raw: raw.value } : { config: readForm() };
  }

  /** My edit as an object for the conflict view (null while the raw text does not parse). */
  function mine() {
    return mode === 'raw' ? (parseRaw(raw.value).value ?? null) : readForm();
  }

  /** Sends the edit to /configuration/{preview,save}; the view on success, else null with the reason shown. */
  async function send(url) {
    clearErrors();
    setStatus('Checking…');
    const response = await api('POST', url, { body: edit.request(content()) });
    if (response.ok) return response.body;
    const body = response.body || {};
    if (response.status === 409 && body.conflict) {
      showConflict(body.current);
      setStatus('Not saved: the configuration changed in the cluster.');
    } else if (response.status === 422 && body.errors) {
      const rest = placeProblems(body.errors.map((e) => ({ ...e, severity: 'error' })), 'error');
      if (rest.length) showRawError(rest.map((e) => `${e.field || 'value'}: ${e.message}`).join('\n'));
      setStatus(rest.length && mode === 'form' ? rest.map((e) => `${e.field}: ${e.message}`).join(' ')
        : 'KServe would reject this configuration; see the messages next to the fields.');
    } else if (response.status === 400 && body.parseError) {
      showParseError(body.parseError);
      setStatus('Not valid JSON.');
    } else {
      setStatus(`${problemText(response)} Nothing was saved.`);
    }
    show(preview, false);
    return null;
  }

  async function doPreview() {
    show(conflict, false);
    const view = await send('/configuration/preview');
    if (!view) return;
    const diff = view.diff || [];
    renderDiff(preview.querySelector('tbody'), diff);
    show(preview.querySelector('.empty'), diff.length === 0);
    show(preview.querySelector('table'), diff.length > 0);
    const warning = preview.querySelector('.ownership-warning');
    const owner = edit.managedBy;
    show(warning, Boolean(owner && owner.willRevert));
    if (owner && owner.willRevert) warning.textContent = `${owner.owner} will revert this change. ${owner.hint}`;
    renderProblems(view);
    show(preview, true);
    setStatus('Review the changes, then save.');
  }

  async function doSave() {
    const view = await send('/configuration/save');
    if (!view) return null;
    load(view);
    showLoaded(view);
    setStatus(`Saved. The ConfigMap is now at version ${view.resourceVersion}. Existing model pods pick the change up when they are recreated.`);
    return view;
  }

  function showConflict(current) {
    const { yours, theirs } = edit.conflict(current, mine());
    renderDiff(conflict.querySelector('.conflict-yours tbody'), yours);
    renderDiff(conflict.querySelector('.conflict-theirs tbody'), theirs);
    show(conflict, true);
  }

  async function doReapply() {
    if (!edit.current) return;
    if (mode === 'raw' && mine() === null) {
      showRawError('Your raw JSON is not valid; fix it before re-applying.');
      return;
    }
    const current = edit.current;
    const next = edit.reapplyOnCurrent();
    if (page.version) page.version.textContent = current.resourceVersion;
    renderProblems(current);
    fillForm(next);
    setRaw(next);
    show(conflict, false);
    await doPreview();
  }

  async function reload(message) {
    const response = await api('GET', '/configuration/state');
    if (!response.ok) {
      setStatus(problemText(response, 'Could not load the configuration'));
      return false;
    }
    load(response.body.view);
    showLoaded(response.body.view);
    setStatus(message);
    return true;
  }

  for (const tab of page.tabs) {
    tab.addEventListener('click', (event) => {
      event.preventDefault();
      selectTab(tab.dataset.tab);
    });
  }
  const action = (name) => editor.querySelector(`[data-action="${name}"]`);
  action('preview')?.addEventListener('click', doPreview);
  action('save')?.addEventListener('click', doSave);
  // "Save and restart": the same rv-locked save, then a controller restart followed live (rollout feature).
  initSaveAndRestart(action('save-restart'), {
    save: doSave,
    box: editor.querySelector('#restart-progress'),
    errorBox: editor.querySelector('#restart-error'),
  });
  action('reapply')?.addEventListener('click', doReapply);
  action('reset')?.addEventListener('click', () => reload('Reloaded from the cluster.'));
  form.addEventListener('input', () => show(preview, false));
  raw.addEventListener('input', () => show(preview, false));
  form.querySelector('form')?.addEventListener('submit', (event) => event.preventDefault());
  if (!canWrite) {
    for (const node of editor.querySelectorAll('input, select, textarea')) node.disabled = true;
  }

  reload('').then((loaded) => {
    if (loaded) editor.dataset.ready = 'true';
  });
}
