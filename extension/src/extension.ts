// VS Code extension entry point, built under issue #5.
export {};
