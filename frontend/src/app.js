// Entry point of the console's browser code. Every page says which module it wants with
// <body data-page="...">; no inline script or style is ever needed, so the CSP stays strict.
import { pages } from './pages/index.js';
import { initCommon } from './common.js';

document.addEventListener('DOMContentLoaded', () => {
  initCommon();
  const name = document.body.dataset.page;
  const init = name && pages[name];
  if (init) {
    init(document);
  }
});
