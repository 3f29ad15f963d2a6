// Public entry point of @breakwater/runtime. The policies are being built under issue #2.
export {};
