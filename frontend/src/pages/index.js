// Page modules by the name in <body data-page="...">. Add one line per page.
import { initImages } from './images.js';

export const pages = {
  images: initImages,
};
