// The plugin's identity for ESLint's cache and `--print-config`. The version is kept equal to
// package.json's by a test (test/eslint-plugin/plugin.test.ts): reading package.json at run time
// would break when the plugin is bundled (the VS Code extension bundles it).
export const PLUGIN_NAME = 'eslint-plugin-breakwater';
export const PLUGIN_VERSION = '0.1.0';
