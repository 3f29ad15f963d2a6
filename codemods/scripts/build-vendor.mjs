// Builds the vendored runtime that `breakwater fix --runtime vendor` writes into a project, from
// runtime/src (never a hand copy), into codemods/dist/vendor/:
//   breakwater-runtime.ts    one TypeScript module: the runtime's sources concatenated in ESM
//                            evaluation order, imports between them removed, private names made
//                            unique; `// @ts-nocheck` so the user's own strictness flags never
//                            report errors in it, while its annotations still type the exports.
//   breakwater-runtime.js    the esbuild ESM bundle of runtime/src (for JavaScript projects)
//   breakwater-runtime.d.ts  declarations for the .js, emitted from the .ts above
// The build checks itself: the .ts bundle, compiled, must export exactly what the package exports.
import { build, transform } from 'esbuild';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';

const here = dirname(fileURLToPath(import.meta.url));
const runtimeRoot = resolve(here, '../../runtime');
const srcDir = join(runtimeRoot, 'src');
const outDir = resolve(here, '../dist/vendor');
const version = JSON.parse(readFileSync(join(runtimeRoot, 'package.json'), 'utf8')).version;
const NAME = 'breakwater-runtime';

function fail(message) {
  console.error(`build-vendor: ${message}`);
  process.exit(1);
}

// ---- 1. Modules in ESM evaluation order (post-order DFS of value and type imports alike).
const parsed = new Map();
function parse(file) {
  let sf = parsed.get(file);
  if (!sf) {
    sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
    parsed.set(file, sf);
  }
  return sf;
}
/** The modules `sf` loads, in order. `import type` loads nothing (it is erased); with `valuesOnly`
 * false, type imports are included too (to find every module). */
function relativeTargets(sf, valuesOnly) {
  const out = [];
  for (const st of sf.statements) {
    if ((ts.isImportDeclaration(st) || ts.isExportDeclaration(st)) && st.moduleSpecifier && ts.isStringLiteral(st.moduleSpecifier)) {
      const typeOnly = ts.isImportDeclaration(st) ? st.importClause?.isTypeOnly : st.isTypeOnly;
      if (valuesOnly && typeOnly) continue;
      const spec = st.moduleSpecifier.text;
      if (!spec.startsWith('.')) fail(`${sf.fileName} imports '${spec}': the runtime must have no dependencies`);
      out.push(resolve(dirname(sf.fileName), spec.replace(/\.js$/, '.ts')));
    }
  }
  return out;
}
const order = [];
const visiting = new Set();
function visit(file, valuesOnly) {
  if (order.includes(file) || visiting.has(file)) return;
  visiting.add(file);
  for (const dep of relativeTargets(parse(file), valuesOnly)) visit(dep, valuesOnly);
  order.push(file);
}
const entry = join(srcDir, 'index.ts');
// Value imports decide the order (classes must follow the classes they extend); modules reached
// only through `import type` hold nothing but types and go last.
for (const dep of relativeTargets(parse(entry), true)) visit(dep, true);
visiting.clear();
for (const dep of relativeTargets(parse(entry), false)) visit(dep, false);
const modules = order;

// ---- 2. The public surface: what index.ts exports, from which module, under which name.
const exportsOf = new Map(); // file -> Set of exported names
function collectExports(sf) {
  const names = new Set();
  for (const st of sf.statements) {
    const mods = ts.canHaveModifiers(st) ? ts.getModifiers(st) ?? [] : [];
    if (mods.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword)) fail(`${sf.fileName}: default exports are not supported`);
    if (!mods.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) continue;
    for (const n of declaredNames(st)) names.add(n);
  }
  return names;
}
for (const f of modules) exportsOf.set(f, collectExports(parse(f)));

const publicExports = []; // { file, name, as, typeOnly }
for (const st of parse(entry).statements) {
  if (!ts.isExportDeclaration(st)) continue;
  if (!st.moduleSpecifier) fail('index.ts: local export lists are not supported');
  const file = resolve(srcDir, st.moduleSpecifier.text.replace(/\.js$/, '.ts'));
  if (!st.exportClause) {
    for (const name of exportsOf.get(file) ?? []) publicExports.push({ file, name, as: name, typeOnly: st.isTypeOnly });
  } else if (ts.isNamedExports(st.exportClause)) {
    for (const el of st.exportClause.elements) {
      publicExports.push({ file, name: (el.propertyName ?? el.name).text, as: el.name.text, typeOnly: st.isTypeOnly || el.isTypeOnly });
    }
  } else fail('index.ts: `export * as ns` is not supported');
}

// ---- 3. Top-level names must be unique once the modules share one scope: rename private clashes.
function declaredNames(st) {
  if (ts.isVariableStatement(st)) return st.declarationList.declarations.flatMap((d) => bindingNames(d.name));
  if ((ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st) || ts.isInterfaceDeclaration(st) || ts.isTypeAliasDeclaration(st) || ts.isEnumDeclaration(st) || ts.isModuleDeclaration(st)) && st.name) return [st.name.text];
  return [];
}
function bindingNames(name) {
  if (ts.isIdentifier(name)) return [name.text];
  return name.elements.flatMap((e) => (ts.isOmittedExpression(e) ? [] : bindingNames(e.name)));
}
const owners = new Map(); // name -> [file]
for (const f of modules) {
  for (const st of parse(f).statements) for (const n of declaredNames(st)) if (!owners.get(n)?.includes(f)) owners.set(n, [...(owners.get(n) ?? []), f]);
}
const service = ts.createLanguageService(
  {
    getScriptFileNames: () => modules,
    getScriptVersion: () => '1',
    getScriptSnapshot: (f) => {
      try {
        return ts.ScriptSnapshot.fromString(readFileSync(f, 'utf8'));
      } catch {
        return undefined;
      }
    },
    getCurrentDirectory: () => srcDir,
    getCompilationSettings: () => ({ target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'], strict: true, types: [] }),
    getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
    fileExists: ts.sys.fileExists,
    readFile: ts.sys.readFile,
    readDirectory: ts.sys.readDirectory,
  },
  ts.createDocumentRegistry(),
);
const edits = new Map(modules.map((f) => [f, []])); // file -> [{ start, end, text }]
const stem = (f) => f.slice(srcDir.length + 1).replace(/\.ts$/, '').replace(/\W/g, '_');
for (const [name, files] of owners) {
  if (files.length < 2) continue;
  const exporters = files.filter((f) => exportsOf.get(f).has(name));
  if (exporters.length > 1) fail(`'${name}' is exported by ${exporters.join(' and ')}; the single-file runtime needs unique names`);
  for (const f of files) {
    if (exporters.includes(f)) continue;
    const decl = parse(f).statements.find((st) => declaredNames(st).includes(name));
    const id = findIdentifier(decl, name);
    const locations = service.findRenameLocations(f, id.getStart(), false, false, { providePrefixAndSuffixTextForRename: false }) ?? [];
    for (const loc of locations) {
      if (loc.fileName !== f) fail(`renaming private '${name}' of ${f} would touch ${loc.fileName}`);
      edits.get(f).push({ start: loc.textSpan.start, end: loc.textSpan.start + loc.textSpan.length, text: `${name}_${stem(f)}` });
    }
  }
}
function findIdentifier(node, name) {
  let found;
  (function walk(n) {
    if (found) return;
    if (ts.isIdentifier(n) && n.text === name) found = n;
    else ts.forEachChild(n, walk);
  })(node);
  return found;
}

// ---- 4. Concatenate: drop imports and local export lists, keep `export` only on public names.
const publicByFile = new Map();
for (const p of publicExports) if (p.name === p.as) publicByFile.set(p.file, new Set([...(publicByFile.get(p.file) ?? []), p.name]));
const renamedExports = publicExports.filter((p) => p.name !== p.as);
const parts = [];
for (const f of modules) {
  const sf = parse(f);
  const fileEdits = edits.get(f);
  for (const st of sf.statements) {
    if (ts.isImportDeclaration(st) || ts.isExportDeclaration(st) || ts.isImportEqualsDeclaration(st)) {
      if (ts.isImportDeclaration(st) && st.importClause?.name) fail(`${f}: default imports are not supported`);
      if (ts.isImportDeclaration(st) && st.importClause?.namedBindings && ts.isNamedImports(st.importClause.namedBindings)) {
        for (const el of st.importClause.namedBindings.elements) if (el.propertyName) fail(`${f}: aliased import '${el.propertyName.text} as ${el.name.text}' is not supported`);
      } else if (ts.isImportDeclaration(st) && st.importClause?.namedBindings) fail(`${f}: namespace imports are not supported`);
      fileEdits.push({ start: st.getFullStart(), end: st.getEnd(), text: '' });
      continue;
    }
    const mods = ts.canHaveModifiers(st) ? ts.getModifiers(st) ?? [] : [];
    const exp = mods.find((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    if (!exp) continue;
    const keep = declaredNames(st).some((n) => publicByFile.get(f)?.has(n));
    if (!keep) {
      const text = sf.getFullText();
      let end = exp.getEnd();
      while (/\s/.test(text[end])) end++;
      fileEdits.push({ start: exp.getStart(), end, text: '' });
    }
  }
  const text = sf.getFullText();
  let out = '';
  let cursor = 0;
  for (const e of fileEdits.sort((a, b) => a.start - b.start)) {
    if (e.start < cursor) continue; // a rename inside a removed import
    out += text.slice(cursor, e.start) + e.text;
    cursor = e.end;
  }
  out += text.slice(cursor);
  parts.push(`// ---- ${f.slice(srcDir.length + 1)}\n${out.replace(/^\s*\n/, '').trimEnd()}\n`);
}
const valueRenames = renamedExports.filter((p) => !p.typeOnly).map((p) => `${p.name} as ${p.as}`);
const typeRenames = renamedExports.filter((p) => p.typeOnly).map((p) => `${p.name} as ${p.as}`);
if (valueRenames.length) parts.push(`export { ${valueRenames.join(', ')} };\n`);
if (typeRenames.length) parts.push(`export type { ${typeRenames.join(', ')} };\n`);

const header = (lang) =>
  [
    ...(lang === 'dts' ? [] : ['// @ts-nocheck — vendored code: your compiler flags (and checkJs) are not its concern; its types still apply.']),
    `// @breakwater/runtime ${version}, vendored by \`breakwater fix --runtime vendor\`.`,
    '// Generated from the runtime\'s sources: do not edit; run the fix again to update it.',
    '/* eslint-disable */',
    '',
  ].join('\n');
const tsText = header('ts') + '\n' + parts.join('\n');

// ---- 5. The JavaScript bundle, and declarations for it.
const jsBundle = await build({
  entryPoints: [join(srcDir, 'index.ts')],
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  write: false,
  logLevel: 'warning',
});
const jsText = header('js') + jsBundle.outputFiles[0].text;

let dtsText = '';
{
  const file = join(outDir, `${NAME}.ts`);
  const options = { declaration: true, emitDeclarationOnly: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'], types: [], skipLibCheck: true, strict: true };
  const host = ts.createCompilerHost(options);
  const read = host.readFile.bind(host);
  host.readFile = (f) => (resolve(f) === file ? tsText : read(f));
  const exists = host.fileExists.bind(host);
  host.fileExists = (f) => resolve(f) === file || exists(f);
  host.writeFile = (name, text) => {
    if (name.endsWith('.d.ts')) dtsText = text;
  };
  const program = ts.createProgram([file], options, host);
  const result = program.emit();
  if (result.emitSkipped || !dtsText) fail('declaration emit for the vendored runtime failed');
  dtsText = header('dts') + dtsText.replace(/^\/\/ @ts-nocheck.*\n/, '');
}

// ---- 6. Self-check: the concatenated TypeScript, compiled, exports what the package exports.
{
  const compiled = await transform(tsText, { loader: 'ts', format: 'esm', target: 'es2022' });
  const tmp = join(outDir, `.check-${process.pid}.mjs`);
  mkdirSync(outDir, { recursive: true });
  writeFileSync(tmp, compiled.code);
  const jsTmp = join(outDir, `.check-js-${process.pid}.mjs`);
  writeFileSync(jsTmp, jsText);
  try {
    const fromTs = Object.keys(await import(pathToFileURL(tmp).href)).sort();
    const fromJs = Object.keys(await import(pathToFileURL(jsTmp).href)).sort();
    const expected = [...new Set(publicExports.filter((p) => !p.typeOnly).map((p) => p.as))].sort();
    for (const [what, got] of [['.ts bundle', fromTs], ['.js bundle', fromJs]]) {
      const missing = expected.filter((n) => !got.includes(n));
      if (missing.length) fail(`the ${what} lacks ${missing.join(', ')}`);
    }
  } finally {
    for (const t of [tmp, jsTmp]) try { (await import('node:fs')).rmSync(t); } catch {}
  }
}

mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, `${NAME}.ts`), tsText);
writeFileSync(join(outDir, `${NAME}.js`), jsText);
writeFileSync(join(outDir, `${NAME}.d.ts`), dtsText);
console.log(`build-vendor: ${NAME}.{ts,js,d.ts} from ${modules.length} runtime modules (@breakwater/runtime ${version})`);
