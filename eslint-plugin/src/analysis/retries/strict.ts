// Whether the retry and fan-out finders let their errors surface instead of skipping the construct
// they could not read: the `__breakwaterStrictAnalysis` global that the robustness tests set (they
// reach the finders through analyzeText, whose `analysisErrors` then records what was thrown).
export function strictAnalysis(): boolean {
  return (globalThis as { __breakwaterStrictAnalysis?: unknown }).__breakwaterStrictAnalysis === true;
}
