// Public API of @breakwater/codemods (scan and fix), built under issue #4.
export {};
