// Whether the retry and fan-out finders let their errors surface instead of skipping the construct
// they could not read: `options.strict`, or the `__breakwaterStrictAnalysis` global that the
// robustness tests set (they reach the finders through analyzeText, whose `analysisErrors` then
// records what was thrown).
export function strictAnalysis(options: { strict?: boolean }): boolean {
  return options.strict ?? (globalThis as { __breakwaterStrictAnalysis?: unknown }).__breakwaterStrictAnalysis === true;
}
