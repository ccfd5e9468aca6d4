// Page modules by the name in <body data-page="...">. Add one line per page.
export const pages = {
};
