// Page modules by the name in <body data-page="...">. Add one line per page.
import { initInferenceServices } from './inferenceservices.js';
import { initControllerPage } from './controller.js';

export const pages = {
  inferenceservices: initInferenceServices,
  controller: initControllerPage,
};
