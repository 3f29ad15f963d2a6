// Copies eslint-plugin's generated rules table (eslint-doc-generator writes it into
// eslint-plugin/README.md) into the root README, with the links made relative to the root.
// Run by `npm run docs` right after the generator, so the copy can never be forgotten;
// test/demo/readme.test.ts checks it is current.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const read = (file) => readFileSync(path.join(root, file), 'utf8');

const generated = /<!-- begin auto-generated rules list -->([\s\S]*?)<!-- end auto-generated rules list -->/.exec(read('eslint-plugin/README.md'));
if (!generated) throw new Error('eslint-plugin/README.md has no auto-generated rules list: run `npm run docs -w eslint-plugin` first');
const table = generated[1].trim().replaceAll('](docs/rules/', '](eslint-plugin/docs/rules/');

const readme = read('README.md');
const copy = /(<!-- begin rules table[^>]*-->)[\s\S]*?(<!-- end rules table -->)/;
if (!copy.test(readme)) throw new Error('README.md has no <!-- begin rules table … --> … <!-- end rules table --> markers');
const updated = readme.replace(copy, (_, begin, end) => `${begin}\n${table}\n${end}`);
if (updated !== readme) writeFileSync(path.join(root, 'README.md'), updated);
console.log(updated === readme ? 'README.md: rules table already current' : 'README.md: rules table updated');
