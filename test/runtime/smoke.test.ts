import assert from 'node:assert/strict';
import * as runtime from '@breakwater/runtime';

describe('runtime package', () => {
  it('loads through the workspace link', () => {
    assert.equal(typeof runtime, 'object');
  });
});
