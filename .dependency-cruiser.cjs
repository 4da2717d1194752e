/**
 * The boundary rules of DESIGN section 2, run by `npm test` (as `npm run lint:deps`); a violation names the rule,
 * the importing file and the import. By hand: `npm run lint:deps`.
 *
 * The parts: src/<feature>/ folders, each with an index.ts that is its whole public face; src/lib (helpers that know
 * no feature); src/db (the connection, which knows no feature either); the app's top-level files src/*.ts (createApp,
 * its AppDeps type, boot, seed, env, the OpenAPI export: they put the features together); web/ (pages and HTML
 * routes, which use src through the features' faces); scripts/ (the CLI, benchmarks). Tests may import anything.
 * Type-only imports count (tsPreCompilationDeps): a type reaches into a feature as much as a value does.
 */

// Features from the bottom up: each may import those before it, never those after it, so no two feature folders
// import each other (and no cycle runs through folders). auth comes first because every feature with protected routes
// uses its sessions and policy; its users table names the catalog's departments only as a foreign key (see `tables`).
// Versions belong to datasets and count downloads, records read versions' rows, demands reference all of them.
const order = ['auth', 'catalog', 'keys', 'usage', 'versions', 'records', 'demand', 'apps', 'monitoring', 'interop'];
const features = `(${order.join('|')})`;
// A table's foreign keys name another feature's table: drizzle needs the column object, and the tables form one
// schema. Table files may import table files, and nothing that runs. *.pg-table.ts: the same tables for PostgreSQL.
const tables = '\\.(pg-)?table\\.ts$';

module.exports = {
  forbidden: [
    {
      name: 'src-not-to-web',
      comment: 'src/ holds the API and the services; pages live in web/ and call src, never the other way round.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^web/' },
    },
    {
      name: 'feature-only-through-index',
      comment:
        "From outside a feature, import only its index.ts, its public face (inside, anything). Table files may name " +
        "another feature's tables for foreign keys. scripts/bench may reach the internals it measures.",
      severity: 'error',
      // $1: the importer's own part (src/<feature>, src/app.ts, web, scripts/cli ...), so a feature's own files match ^$1/
      from: { path: '^(src/[^/]+|web|scripts/[^/]+)', pathNot: `^scripts/bench/|${tables}` },
      // src/versions/rows/index.ts: the rows tables' narrower face, for worker threads that must not load all of versions.
      to: { path: `^src/${features}/`, pathNot: '^$1/|^src/[^/]+/index\\.ts$|^src/versions/rows/index\\.ts$' },
    },
    {
      name: 'table-files-import-only-tables',
      comment: 'A *.table.ts holds drizzle tables only; it may import other tables (foreign keys), lib types and drizzle.',
      severity: 'error',
      from: { path: tables },
      to: { path: '^(src|web)/', pathNot: `${tables}|^src/lib/` },
    },
    ...order.slice(0, -1).map((feature, i) => ({
      name: 'features-one-way',
      comment: `${feature} may import ${['lib', 'db', ...order.slice(0, i)].join(', ')}; ${order.slice(i + 1).join(', ')} build on it. ` +
        'A piece both need goes to its owner (the lower one), to src/lib when it knows no feature, or is passed in through AppDeps.',
      severity: 'error',
      from: { path: `^src/${feature}/`, pathNot: tables },
      to: { path: `^src/(${order.slice(i + 1).join('|')})/` },
    })),
    {
      name: 'features-not-to-app',
      comment: "A feature may import from the app's top level only the AppDeps type and the settings (env.ts); createApp, boot and seed put the features together.",
      severity: 'error',
      from: { path: `^src/(${order.join('|')}|lib|db)/` },
      to: { path: '^src/[^/]+$', pathNot: '^src/(app-deps|env)\\.ts$' },
    },
    {
      name: 'no-cycles',
      comment:
        'Two files that import each other, directly or round a loop, are one piece in two files or a piece in the wrong one. ' +
        'Loops closed only by type imports are allowed (they are gone at run time): AppDeps names types of several ' +
        'features, and their files name AppDeps.',
      severity: 'error',
      from: { path: '^(src|web|scripts)/' },
      to: { circular: true, dependencyTypesNot: ['type-only'], viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'lib-imports-no-feature',
      comment: 'src/lib holds helpers any part may use; it knows no feature, nor the db, nor web: only itself and the settings type.',
      severity: 'error',
      from: { path: '^src/lib/' },
      to: { path: '^(src|web)/', pathNot: '^src/lib/|^src/env\\.ts$' },
    },
    {
      name: 'db-imports-no-feature',
      comment: 'src/db is the connection (open, migrate, close); it knows no feature. drizzle-kit finds the tables by their file names.',
      severity: 'error',
      from: { path: '^src/db/' },
      to: { path: '^(src|web)/', pathNot: '^src/db/' },
    },
    {
      name: 'db-client-only-in-stores',
      comment:
        "Only a feature's store files (*.store.ts, *.sql.ts) use the connection; the app's top level and web/server.ts open and " +
        'close it, scripts/bench builds its fixtures. The Db type may be named anywhere (type-only imports are allowed).',
      severity: 'error',
      from: { path: '^(src|web|scripts)/', pathNot: '\\.(store|sql)\\.tsx?$|^src/db/|^src/[^/]+\\.ts$|^web/server\\.ts$|^scripts/bench/' },
      to: { path: '^src/db/client\\.ts$', dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Tests (tests/, and *.test.ts beside the code) may import anything: they test internals.
    exclude: { path: '(^|/)node_modules/|^tests/|\\.test\\.tsx?$' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.json', '.d.ts'],
    },
  },
};
