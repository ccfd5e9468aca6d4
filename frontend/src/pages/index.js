// Page modules by the name in <body data-page="...">. Add one line per page.
import { initControllerPage } from './controller.js';

export const pages = {
  controller: initControllerPage,
};
