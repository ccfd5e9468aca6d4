// The configuration editor's state without the page: what was loaded from the cluster, what the user made of it,
// and the conflict arithmetic (your changes, theirs, re-applied on top of the current version). No DOM here: the
// page module renders, this module decides. Unit-tested with `node --test` (frontend/test).

/** A deep copy of a JSON value (undefined stays undefined). */
export const clone = (value) => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));

const isObject = (value) => Boolean(value) && typeof value === 'object' && !Array.isArray(value);

/** Key-level differences between two objects: [{key, before, after}], undefined meaning "absent". */
export function diffObjects(before, after) {
  const a = isObject(before) ? before : {};
  const b = isObject(after) ? after : {};
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return keys
    .filter((key) => JSON.stringify(a[key]) !== JSON.stringify(b[key]) || (key in a) !== (key in b))
    .map((key) => ({ key, before: key in a ? a[key] : undefined, after: key in b ? b[key] : undefined }));
}

/** The user's changes (from base to mine) applied over the cluster's current object. */
export function reapply(current, yours) {
  const next = clone(isObject(current) ? current : {});
  for (const change of yours) {
    if (change.after === undefined) delete next[change.key];
    else next[change.key] = clone(change.after);
  }
  return next;
}

/** What a form field of this type shows for a stored value ('' for absent or null). */
export function formValue(value, type) {
  if (value === undefined || value === null) return '';
  if (type === 'boolean') return value === true ? 'true' : value === false ? 'false' : '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * The form's entries ([{key, type, value}], value as typed) applied over the object being edited: keys the form
 * does not show, and the key order, stay as they are. An emptied field removes its key, except where removing
 * would hide a value the user did not type (an integer left empty becomes null so that validation names it; a
 * string stays an empty string).
 */
export function applyForm(mine, entries) {
  const next = clone(mine) || {};
  for (const { key, type, value: typed } of entries) {
    const value = String(typed ?? '').trim();
    const had = key in next;
    if (value === '') {
      if (type === 'boolean' || type === 'oci_model_mode') delete next[key];
      else if (had && type === 'integer') next[key] = null;
      else if (had && typeof next[key] === 'string') next[key] = '';
      else if (had) delete next[key];
    } else if (type === 'boolean') next[key] = value === 'true';
    else if (type === 'integer') next[key] = /^-?\d+$/.test(value) ? Number(value) : value;
    else next[key] = value;
  }
  return next;
}

/** The raw view's text as an object: {value} when it is a JSON object, else {error} saying what is wrong. */
export function parseRaw(text) {
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { error: `Not valid JSON: ${error.message}.` };
  }
  if (!isObject(parsed)) return { error: 'The value must be a JSON object ({...}).' };
  return { value: parsed };
}

/** One editing session of the storageInitializer value, from a loaded view to a save or a conflict. */
export class ConfigEdit {
  constructor() {
    this.version = null;
    this.base = null;
    this.managedBy = null;
    this.mine = {};
    this.current = null;
    this.yours = [];
  }

  /** Starts over from a view the console sent (state, a save, or the current version after a conflict). */
  load(view) {
    this.version = view.resourceVersion;
    this.base = view.config;
    this.managedBy = view.managedBy;
    this.mine = clone(view.config) || {};
    this.current = null;
    this.yours = [];
  }

  /** The body of a preview or save: always the resourceVersion that was read. */
  request(content) {
    return { resourceVersion: this.version, ...content };
  }

  /** The cluster's value changed: remembers it and says what each side changed since the loaded version. */
  conflict(current, mine) {
    this.current = current;
    this.yours = diffObjects(this.base, mine);
    return { yours: this.yours, theirs: diffObjects(this.base, current.config) };
  }

  /**
   * The user's changes re-applied on top of the conflicting version, which becomes the new base (its
   * resourceVersion is the one the next save carries). Null when there is no conflict to resolve.
   */
  reapplyOnCurrent() {
    if (!this.current) return null;
    const yours = this.yours;
    const current = this.current;
    this.load(current);
    this.mine = reapply(current.config, yours);
    return this.mine;
  }
}
