// Public API of @breakwater/codemods: the same pieces the `breakwater` CLI and the VS Code
// extension use. `scan` inventories outbound calls and runs the plugin's rules; `fix` drives the
// transforms with the engine's guarantees (dry run unless `write`).
export { scan, PARALLEL_THRESHOLD, type ScanOptions } from './scan/scan.js';
export type * from './scan/types.js';
export { callRecord, fanOutRecord, groupByService, computeTotals, isNonIdempotent } from './scan/inventory.js';
export { describeRules, PRESETS, type Preset, type RuleInfo } from './scan/lint-runner.js';
export { fix, DEFAULT_POLICY_MODULE, DEFAULT_TIMEOUT_MS, DEFAULT_MAX_MS } from './fix/engine.js';
export { writeFileAtomic, type AtomicWriteHooks } from './fix/atomic-write.js';
export type * from './fix/types.js';
export { ALL_TRANSFORMS, type TransformName, type ChangeNote, type FixOptions, type FixSession, type FileFixResult } from './transforms/api.js';
export { formatTable } from './report/table.js';
export { createProgress, type Progress, type ProgressStream } from './report/progress.js';
export { toSarif } from './report/sarif.js';
export { collectFiles, SOURCE_EXTENSIONS, SKIPPED_DIRECTORIES } from './files/walk.js';
export type { ProjectConventions, ImportExtension } from './files/conventions.js';
export { loadSettingsFile, checkSettings } from './settings.js';
export { UsageError } from './usage-error.js';
