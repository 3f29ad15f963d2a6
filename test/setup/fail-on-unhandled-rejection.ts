// Any unhandled promise rejection fails the run: a policy must never lose an error on the floor.
const rejections: unknown[] = [];
const onRejection = (reason: unknown) => rejections.push(reason);

export const mochaHooks = {
  beforeAll() {
    process.on('unhandledRejection', onRejection);
  },
  afterEach() {
    if (rejections.length > 0) {
      const reasons = rejections.splice(0);
      throw new Error(`unhandled promise rejection(s) during this test: ${reasons.map(String).join('; ')}`);
    }
  },
};
