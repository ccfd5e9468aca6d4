// Page modules by the name in <body data-page="...">. Add one line per page.
import configuration from './configuration.js';

export const pages = {
  configuration,
};
