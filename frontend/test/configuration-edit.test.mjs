import test from 'node:test';
import assert from 'node:assert/strict';
import { ConfigEdit, applyForm, diffObjects, formValue, parseRaw, reapply } from '../src/pages/configuration-edit.js';

test('diffObjects names added, removed and changed keys, and nothing else', () => {
  const changes = diffObjects({ a: 1, b: 'x', c: true }, { a: 1, b: 'y', d: null });
  assert.deepEqual(changes, [
    { key: 'b', before: 'x', after: 'y' },
    { key: 'd', before: undefined, after: null },
    { key: 'c', before: true, after: undefined },
  ]);
  assert.deepEqual(diffObjects({ a: [1, 2] }, { a: [1, 2] }), []);
});

test('reapply puts my changes over the current object and keeps keys only they changed', () => {
  const yours = diffObjects({ memoryLimit: '1Gi', old: 1 }, { memoryLimit: '2Gi' });
  const next = reapply({ memoryLimit: '1Gi', old: 1, theirs: 'kept' }, yours);
  assert.deepEqual(next, { memoryLimit: '2Gi', theirs: 'kept' });
});

test('applyForm keeps unknown keys and key order, types booleans and integers', () => {
  const mine = { unknownKey: 'kept', enableModelcar: false, uidModelcar: 1010 };
  const next = applyForm(mine, [
    { key: 'enableModelcar', type: 'boolean', value: 'true' },
    { key: 'uidModelcar', type: 'integer', value: ' 2000 ' },
    { key: 'memoryLimit', type: 'quantity', value: '1Gi' },
  ]);
  assert.deepEqual(Object.keys(next), ['unknownKey', 'enableModelcar', 'uidModelcar', 'memoryLimit']);
  assert.deepEqual(next, { unknownKey: 'kept', enableModelcar: true, uidModelcar: 2000, memoryLimit: '1Gi' });
  assert.deepEqual(mine, { unknownKey: 'kept', enableModelcar: false, uidModelcar: 1010 }, 'input untouched');
});

test('applyForm: an emptied field removes its key, but an integer becomes null and a string stays empty', () => {
  const next = applyForm({ enableModelcar: true, uidModelcar: 1010, image: 'x', cpuLimit: 1 }, [
    { key: 'enableModelcar', type: 'boolean', value: '' },
    { key: 'uidModelcar', type: 'integer', value: '' },
    { key: 'image', type: 'string', value: '' },
    { key: 'cpuLimit', type: 'quantity', value: '' },
    { key: 'absent', type: 'string', value: '' },
  ]);
  assert.deepEqual(next, { uidModelcar: null, image: '' });
});

test('applyForm leaves a non-numeric integer as typed, for validation to name', () => {
  assert.deepEqual(applyForm({}, [{ key: 'uidModelcar', type: 'integer', value: '12a' }]), { uidModelcar: '12a' });
});

test('formValue shows each type as the form expects', () => {
  assert.equal(formValue(undefined, 'string'), '');
  assert.equal(formValue(null, 'integer'), '');
  assert.equal(formValue(true, 'boolean'), 'true');
  assert.equal(formValue('yes', 'boolean'), '');
  assert.equal(formValue(1010, 'integer'), '1010');
  assert.equal(formValue('1Gi', 'quantity'), '1Gi');
});

test('parseRaw accepts only a JSON object', () => {
  assert.deepEqual(parseRaw('{"a":1}'), { value: { a: 1 } });
  assert.match(parseRaw('{"a":').error, /^Not valid JSON/);
  assert.equal(parseRaw('[1]').error, 'The value must be a JSON object ({...}).');
  assert.equal(parseRaw('null').error, 'The value must be a JSON object ({...}).');
});

test('a conflict keeps my edits and re-applies them on the current version, whose resourceVersion is sent next', () => {
  const edit = new ConfigEdit();
  edit.load({ resourceVersion: '5', config: { memoryLimit: '1Gi', cpuLimit: '1' } });
  assert.deepEqual(edit.request({ config: { memoryLimit: '2Gi' } }), { resourceVersion: '5', config: { memoryLimit: '2Gi' } });

  const mine = { memoryLimit: '2Gi', cpuLimit: '1' };
  const current = { resourceVersion: '7', config: { memoryLimit: '1Gi', cpuLimit: '2' } };
  const { yours, theirs } = edit.conflict(current, mine);
  assert.deepEqual(yours, [{ key: 'memoryLimit', before: '1Gi', after: '2Gi' }]);
  assert.deepEqual(theirs, [{ key: 'cpuLimit', before: '1', after: '2' }]);

  assert.deepEqual(edit.reapplyOnCurrent(), { memoryLimit: '2Gi', cpuLimit: '2' });
  assert.equal(edit.version, '7');
  assert.deepEqual(edit.base, current.config);
  assert.equal(edit.reapplyOnCurrent(), null, 'nothing left to re-apply');
});
