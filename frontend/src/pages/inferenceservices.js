// The InferenceService list updates itself: it polls the page endpoint /inferenceservices/rows (same filters
// as the page) and re-renders the rows when the inventory's revision or freshness changed. No page reload.
import { el, formatTime, show } from '../common.js';

const POLL_MS = 500;

function badgeForReady(ready) {
  if (ready === null || ready === undefined) return el('span', { class: 'badge', text: 'unknown' });
  return ready ? el('span', { class: 'badge badge-ok', text: 'Ready' }) : el('span', { class: 'badge badge-err', text: 'Not ready' });
}

function row(item) {
  const key = `${item.namespace}/${item.name}`;
  const href = `/inferenceservices/${encodeURIComponent(item.namespace)}/${encodeURIComponent(item.name)}`;
  const storage = item.storage.length === 0
    ? [el('span', { class: 'muted', text: 'none' })]
    : item.storage.map((u) => el('div', { class: 'storage-line' },
      el('code', { text: u.uri }),
      u.oci ? [' ', el('span', { class: 'badge', text: u.oci.pullPolicy })] : []));
  const warnings = item.warnings.map((w) => el('span', { class: 'badge badge-warn warning-code', title: w.message, text: w.code }));
  return el('tr', { 'data-testid': 'isvc-row', 'data-key': key },
    el('td', {}, el('a', { href, text: key })),
    el('td', {}, badgeForReady(item.ready)),
    el('td', {}, el('span', { class: `badge verdict verdict-${item.verdict}`, 'data-testid': 'verdict', text: item.verdict })),
    el('td', {}, storage),
    el('td', {}, warnings));
}

function render(root, table, body) {
  const tbody = table.querySelector('tbody');
  tbody.replaceChildren(...body.items.map(row));
  const total = root.querySelector('#isvc-total');
  if (total) total.textContent = String(body.total);
  const empty = root.querySelector('#isvc-empty');
  show(empty, body.items.length === 0);
}

function renderState(root, body) {
  const status = root.querySelector('#live-status');
  if (!status) return;
  if (body.stale) {
    status.className = 'live-note stale';
    status.textContent = `Cluster unreachable: data as of ${body.asOf ? formatTime(body.asOf) : 'unknown'}. Retrying.`;
  } else {
    status.className = 'live-note';
    status.textContent = 'Updates live.';
  }
}

export function initInferenceServices(root) {
  const table = root.querySelector('#isvc-table');
  if (!table) return;
  const url = table.dataset.rowsUrl;
  let revision = table.dataset.revision;
  let stale = null;
  let busy = false;
  const poll = async () => {
    if (busy || document.hidden) return;
    busy = true;
    try {
      const response = await fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
      if (response.ok) {
        const body = await response.json();
        if (String(body.revision) !== String(revision)) {
          revision = body.revision;
          table.dataset.revision = String(revision);
          render(root, table, body);
        }
        if (body.stale !== stale) {
          stale = body.stale;
          renderState(root, body);
        }
      }
    } catch {
      // the console itself is unreachable: keep the rows, try again
    } finally {
      busy = false;
    }
  };
  setInterval(poll, POLL_MS);
}
