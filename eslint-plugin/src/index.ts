// eslint-plugin-breakwater: rules and flat-config presets. Built under issue #3.
export {};
