// Git's ignore rules for any path: every .gitignore from the repository root (or the filesystem
// root outside a repository) down to the path's folder, plus .git/info/exclude. Each file's patterns
// are relative to its own folder, and a deeper file can re-include what a shallower one excluded,
// as in git.
import fs from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';

interface Layer {
  base: string;
  rules: Ignore;
}

export class GitignoreChain {
  /** Per folder: the layers that apply to paths inside it, outermost first. */
  private readonly chains = new Map<string, readonly Layer[]>();

  isIgnored(filePath: string, isDirectory: boolean): boolean {
    let ignored = false;
    for (const layer of this.chainFor(path.dirname(filePath))) {
      let relative = path.relative(layer.base, filePath).split(path.sep).join('/');
      if (isDirectory) relative += '/';
      const verdict = layer.rules.test(relative);
      if (verdict.ignored) ignored = true;
      else if (verdict.unignored) ignored = false;
    }
    return ignored;
  }

  private chainFor(dir: string): readonly Layer[] {
    const cached = this.chains.get(dir);
    if (cached) return cached;
    const parent = path.dirname(dir);
    // A repository root ends the climb: .gitignore files above it do not apply inside it.
    const isRepoRoot = fs.existsSync(path.join(dir, '.git'));
    const inherited = parent === dir || isRepoRoot ? [] : this.chainFor(parent);
    const own: Layer[] = [];
    if (isRepoRoot) {
      const exclude = readLines(path.join(dir, '.git', 'info', 'exclude'));
      if (exclude) own.push({ base: dir, rules: ignore().add(exclude) });
    }
    const gitignore = readLines(path.join(dir, '.gitignore'));
    if (gitignore) own.push({ base: dir, rules: ignore().add(gitignore) });
    const chain = own.length > 0 ? [...inherited, ...own] : inherited;
    this.chains.set(dir, chain);
    return chain;
  }
}

function readLines(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
