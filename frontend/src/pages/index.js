// Page modules by the name in <body data-page="...">. Add one import and one entry per page, just above the
// "end of" markers (the file merges as a union: see .gitattributes).
import { initInferenceServices } from './inferenceservices.js';
import { initControllerPage } from './controller.js';
import { initImages } from './images.js';
import configuration from './configuration.js';
// end of imports

export const pages = {
  inferenceservices: initInferenceServices,
  controller: initControllerPage,
  images: initImages,
  configuration,
  // end of pages
};
