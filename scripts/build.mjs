// Compiles the portal into dist/ so `npm start` neither compiles TypeScript nor loads ~800 module files at every
// start: `npm ci` runs this through `prepare`, and scripts/start.mjs runs it again when the sources changed.
// Plain JavaScript on purpose: it runs before anything can compile TypeScript.
//
// Layout: the server and each worker are bundled (with their npm packages, except native and lazily loaded ones)
// into dist/<name>.js plus shared chunks, all at the top of dist/. Every other file under src/, web/ and datasets/
// is copied to the same path under dist/, and each module's `import.meta.url` is rewritten to where the module
// would be in that mirror (dist/src/db/client.js), so paths taken from it (migrations, static assets, manifests,
// word lists) resolve exactly as from the sources. config/ and openapi/ are linked, not copied: operators edit
// config/ while the server runs.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('..', import.meta.url));
export const distDir = path.join(root, 'dist');
const sourceDirs = ['src', 'web', 'datasets'];
const linkedDirs = ['config', 'openapi'];
const buildInputs = ['package.json', 'package-lock.json', 'tsconfig.json', 'scripts/build.mjs'];
/** Native addons (their loaders pick a binary at run time) and modules that are only ever imported lazily. */
const externalPackages = ['better-sqlite3', '@node-rs/jieba', '@node-rs/argon2', 'exceljs', 'tsx', 'esbuild'];
const serverEntry = 'web/server.ts';
const isTypeScript = (f) => /\.tsx?$/.test(f) && !f.endsWith('.d.ts');
const isTest = (f) => /\.test\.tsx?$/.test(f) || f.includes(`${path.sep}__tests__${path.sep}`);

function walk(dir, out = []) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (entry.isFile()) out.push(full);
  }
  return out;
}

const sourceFiles = () => sourceDirs.flatMap((d) => walk(path.join(root, d))).filter((f) => !isTest(f));

/**
 * Worker entries: a `name.ts` beside a `name.mjs` (the shim that registers tsx when running from the sources).
 * Compiled, a worker is dist/<name>.js; src/lib/worker-url.ts picks one or the other.
 */
const workerEntries = (files) => files.filter((f) => f.endsWith('.mjs') && files.includes(f.replace(/\.mjs$/, '.ts'))).map((f) => f.replace(/\.mjs$/, '.ts'));

/**
 * What the build depends on: every source file's path, size and modification time (one stat per file, a few ms
 * for the whole tree), so an edit, a new or deleted file, a checkout or a new lockfile triggers a rebuild.
 */
export function sourceStamp() {
  const hash = crypto.createHash('sha256');
  for (const file of [...sourceFiles(), ...buildInputs.map((f) => path.join(root, f))]) {
    const st = fs.statSync(file, { throwIfNoEntry: false });
    hash.update(`${path.relative(root, file)}\0${st ? `${st.size}:${st.mtimeMs}` : '-'}\n`);
  }
  return hash.digest('hex');
}

export function builtStamp() {
  try {
    return fs.readFileSync(path.join(distDir, '.build-stamp'), 'utf8');
  } catch {
    return null;
  }
}

/** Rewrites `import.meta.url` of our own modules to their place in dist/'s mirror of the tree (see the top). */
const mirrorImportMetaUrl = {
  name: 'mirror-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /\.tsx?$/ }, (args) => {
      if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
      const source = fs.readFileSync(args.path, 'utf8');
      const rel = path.relative(root, args.path).split(path.sep).join('/');
      if (/import\.meta\.(dirname|filename)/.test(source)) {
        return { errors: [{ text: `${rel}: use import.meta.url (the build maps it into dist/), not import.meta.dirname or filename` }] };
      }
      const url = `new URL(${JSON.stringify(`./${rel.replace(/\.tsx?$/, '.js')}`)}, import.meta.url).href`;
      return { contents: source.replaceAll('import.meta.url', url), loader: args.path.endsWith('.tsx') ? 'tsx' : 'ts' };
    });
  },
};

/**
 * Builds into a scratch folder and then swaps it in, so two starts building at once do not write into each
 * other's output, and a server running from dist/ keeps finding whole files.
 */
export async function build() {
  const stamp = sourceStamp();
  const { build: esbuild } = await import('esbuild');
  // Beside dist/, at its depth: the source maps' relative paths stay right after the rename.
  const tmp = `${distDir}.build-${process.pid}-${Date.now()}`;
  const files = sourceFiles();
  const entries = [path.join(root, serverEntry), ...workerEntries(files)];
  const names = entries.map((f) => path.basename(f).replace(/\.tsx?$/, ''));
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice) throw new Error(`build: two entries are named ${twice} (each becomes dist/${twice}.js): rename one`);
  try {
    await esbuild({
      entryPoints: entries,
      outdir: tmp,
      entryNames: '[name]',
      chunkNames: 'chunk-[hash]',
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20.11', // package.json engines; also keeps `with { type: 'json' }`
      external: externalPackages,
      // The same settings tsx takes from tsconfig.json: hono/jsx for .tsx, imports kept as written.
      tsconfig: path.join(root, 'tsconfig.json'),
      jsx: 'automatic',
      jsxImportSource: 'hono/jsx',
      // Bundled CommonJS packages call require() for Node's built-ins.
      banner: { js: "import { createRequire as __kaifangCreateRequire } from 'node:module'; const require = __kaifangCreateRequire(import.meta.url);" },
      plugins: [mirrorImportMetaUrl],
      sourcemap: 'linked', // start.mjs turns them on: stack traces name the TypeScript files
      sourcesContent: false,
      legalComments: 'none',
      logLevel: 'warning',
    });
    for (const file of files.filter((f) => !isTypeScript(f))) {
      const target = path.join(tmp, path.relative(root, file));
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.copyFileSync(file, target);
    }
    for (const dir of linkedDirs) {
      // Windows junctions need an absolute target (and no privilege); elsewhere a relative link survives moving the checkout.
      if (process.platform === 'win32') fs.symlinkSync(path.join(root, dir), path.join(tmp, dir), 'junction');
      else fs.symlinkSync(path.join('..', dir), path.join(tmp, dir));
    }
    fs.writeFileSync(path.join(tmp, '.build-stamp'), stamp);
    const old = `${distDir}.old-${process.pid}-${Date.now()}`;
    if (fs.existsSync(distDir)) fs.renameSync(distDir, old);
    try {
      fs.renameSync(tmp, distDir);
    } catch (err) {
      // Another start swapped its build in between our two renames: it compiled the same sources, so keep it.
      if (!['ENOTEMPTY', 'EEXIST', 'EPERM'].includes(err.code) || builtStamp() === null) throw err;
    }
    fs.rmSync(old, { recursive: true, force: true });
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const t0 = performance.now();
  await build();
  console.log(`[kaifang] compiled src/, web/ and datasets/ into dist/ in ${(performance.now() - t0).toFixed(0)} ms`);
}
