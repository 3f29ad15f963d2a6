// TODO(#3): placeholder until the rule is implemented; it reports nothing yet.
import { createRule } from '../util/create-rule.js';

export default createRule({
  name: 'require-backoff-jitter',
  meta: {
    type: 'problem',
    docs: { description: 'TODO' },
    messages: {},
    schema: [],
  },
  defaultOptions: [],
  create() {
    return {};
  },
});
