// The controller page: restart button, live progress bar and the pods old and new.
import { api, el, formatTime, renderProblem, show } from '../common.js';
import { followRestart, startRestart } from '../restart-progress.js';

function renderPods(tbody, pods, oldPods) {
  tbody.replaceChildren(...pods.map((pod) => {
    let role = '';
    if (oldPods) role = oldPods.includes(pod.name) ? 'old' : 'new';
    const state = pod.terminating ? 'Terminating' : pod.ready ? 'Ready'
      : (pod.containers.map((c) => c.waitingReason).find((r) => r) || pod.phase || 'Unknown');
    const restarts = pod.containers.reduce((sum, c) => sum + c.restartCount, 0);
    return el('tr', { 'data-pod': pod.name },
      el('td', { class: 'mono', text: pod.name }),
      el('td', {}, el('span', { class: `badge ${pod.ready ? 'badge-ok' : 'badge-warn'}`, text: state })),
      el('td', { text: String(restarts) }),
      el('td', { text: formatTime(pod.createdAt) }),
      el('td', { text: role }));
  }));
}

function renderDeployment(root, d) {
  if (!d) return;
  const set = (name, text) => {
    const node = root.querySelector(`[data-live="${name}"]`);
    if (node) node.textContent = text;
  };
  set('ready', `${d.readyReplicas} / ${d.desiredReplicas}`);
  set('updated', `${d.updatedReplicas} / ${d.availableReplicas}`);
  const progressing = d.progressing ? ` Progressing: ${d.progressing.status} (${d.progressing.reason}).` : '';
  set('rollout', `Generation ${d.generation}, observed ${d.observedGeneration}.${progressing}`
    + (d.paused ? ' Paused.' : ''));
}

export function initControllerPage(root) {
  const form = root.querySelector('#restart-form');
  const box = root.querySelector('#restart-progress');
  const errorBox = root.querySelector('#restart-error');
  const button = root.querySelector('#restart-button');
  const tbody = root.querySelector('#controller-pods');
  if (!form || !box) return;
  // a finished restart re-enables the button only for users who may restart (not viewers, not operators on production)
  const allowed = button.dataset.allowed === 'true';

  const follow = async (restart) => {
    button.disabled = true;
    const refreshPods = async (current) => {
      const response = await api('GET', '/controller/pods');
      if (!response.ok) return;
      if (tbody) renderPods(tbody, response.body.pods, current.oldPods);
      renderDeployment(root, response.body.deployment);
    };
    const final = await followRestart(restart.id, box, { onUpdate: refreshPods });
    button.disabled = !allowed;
    return final;
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    show(errorBox, false);
    button.disabled = true;
    const response = await startRestart(form.elements.strategy.value);
    if (response.status !== 202) {
      renderProblem(errorBox, response);
      button.disabled = !allowed;
      return;
    }
    follow(response.body);
  });

  if (box.dataset.restartId) {
    follow({ id: box.dataset.restartId, oldPods: [] });
  }
}
