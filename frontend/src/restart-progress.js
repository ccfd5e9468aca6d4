// Starting a controller restart from a page and following it to the end. Used by the controller page and by
// "Save and restart" on the configuration page. Talks to the page endpoints (/controller/...), never to /api/**.
import { api, formatTime, renderProblem, show } from './common.js';

/** Starts a restart; resolves to {ok, status, body} (body: the restart, or a Problem). */
export function startRestart(strategy) {
  return api('POST', '/controller/restarts', { body: strategy ? { strategy } : {} });
}

/**
 * Shows a restart's progress in `box` (an element with [data-field=state|message|id] children and a .progress bar)
 * until it is Succeeded or Failed. Calls onUpdate(restart) after every poll; resolves to the final restart.
 */
export function followRestart(id, box, { intervalMs = 1000, onUpdate = () => {} } = {}) {
  show(box, true);
  box.dataset.restartId = id;
  return new Promise((resolve) => {
    const tick = async () => {
      const response = await api('GET', `/controller/restarts/${encodeURIComponent(id)}`);
      if (response.ok) {
        showRestart(box, response.body);
        onUpdate(response.body);
        if (response.body.done) {
          resolve(response.body);
          return;
        }
      }
      window.setTimeout(tick, intervalMs);
    };
    tick();
  });
}

/** Renders one restart into the progress box. */
export function showRestart(box, restart) {
  const field = (name) => box.querySelector(`[data-field="${name}"]`);
  if (field('id')) field('id').textContent = restart.id;
  if (field('state')) {
    field('state').textContent = restart.state;
    field('state').className = `badge ${badgeFor(restart.state)}`;
  }
  if (field('message')) field('message').textContent = restart.message || '';
  const bar = box.querySelector('.progress');
  if (bar) {
    const percent = restart.state === 'Succeeded' ? 100 : restart.percent;
    bar.setAttribute('aria-valuenow', String(percent));
    bar.classList.toggle('succeeded', restart.state === 'Succeeded');
    bar.classList.toggle('failed', restart.state === 'Failed');
    bar.querySelector('span').style.width = `${percent}%`;
  }
  box.dataset.state = restart.state;
}

export function badgeFor(state) {
  if (state === 'Succeeded') return 'badge-ok';
  if (state === 'Failed') return 'badge-err';
  return 'badge-info';
}

export { formatTime };

/**
 * "Save and restart": on click, runs save() (which must save with the page's optimistic locking and resolve to the
 * saved view, or to null when nothing was saved), then starts a controller restart and follows it in `box`.
 * A refusal of the restart (422 unsafe start-up key, 409 paused or already running) is shown in `errorBox`; the
 * saved configuration stays saved.
 */
export function initSaveAndRestart(button, { save, box, errorBox, strategy } = {}) {
  if (!button || !box) return;
  button.addEventListener('click', async () => {
    show(errorBox, false);
    button.disabled = true;
    try {
      const saved = await save();
      if (!saved) return;
      const response = await startRestart(strategy);
      if (response.status !== 202) {
        if (errorBox) renderProblem(errorBox, response);
        return;
      }
      showRestart(box, response.body);
      await followRestart(response.body.id, box);
    } finally {
      button.disabled = false;
    }
  });
}
