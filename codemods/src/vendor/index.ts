// The vendored runtime: one self-contained file built from runtime/src at build time
// (scripts/build-vendor.mjs writes dist/vendor/breakwater-runtime.{ts,js,d.ts}) and written into the
// user's project by `breakwater fix --runtime vendor`.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { vendorDeclarationPath } from '../transforms/api.js';

const FILE = 'breakwater-runtime';

/** Where the built files are: beside this module once built, or in dist/ when run from src/. */
function vendorDir(): string {
  for (const rel of ['./', '../../dist/vendor/']) {
    const dir = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(`${dir}${FILE}.ts`)) return dir;
  }
  throw new Error(`breakwater: the vendored runtime (${FILE}.ts) is missing from @breakwater/codemods; run \`npm run build:bundles -w codemods\``);
}

/**
 * The files to write for a vendored runtime at `vendorPath`: a `.ts` path gets the TypeScript
 * bundle (types included); a `.js`/`.mjs` path gets the ESM bundle plus its declaration file
 * beside it (`vendorDeclarationPath`: `.d.ts`/`.d.mts`).
 */
export function vendorFiles(vendorPath: string): Array<{ path: string; text: string }> {
  const dir = vendorDir();
  if (/\.[cm]?tsx?$/.test(vendorPath)) return [{ path: vendorPath, text: readFileSync(`${dir}${FILE}.ts`, 'utf8') }];
  const js = readFileSync(`${dir}${FILE}.js`, 'utf8');
  const dts = readFileSync(`${dir}${FILE}.d.ts`, 'utf8');
  const dtsPath = vendorDeclarationPath(vendorPath);
  return [{ path: vendorPath, text: js }, ...(dtsPath ? [{ path: dtsPath, text: dts }] : [])];
}
