// Import rules of the packages, checked by `pnpm lint`: no cycles, type-only imports included
// (a cycle of types still ties two modules into one), and each layer uses only the one below it.
/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Modules import one way; see docs/architecture.md.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'layers',
      severity: 'error',
      comment: 'sprite → graphics → allocator, never the other way.',
      from: { path: '^packages/(allocator|graphics)/src' },
      to: { path: '^packages/sprite/src' },
    },
    { name: 'allocator-alone', severity: 'error', from: { path: '^packages/allocator/src' }, to: { path: '^packages/graphics/src' } },
    {
      name: 'testing-beside',
      severity: 'error',
      comment: '@webglet/testing stands beside the layers: no layer imports it.',
      from: { path: '^packages/(allocator|graphics|sprite)/src' },
      to: { path: '(^packages/testing/|@webglet/testing)' },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    enhancedResolveOptions: { conditionNames: ['@webglet/source', 'import', 'default'], extensions: ['.ts', '.js'] },
    doNotFollow: { path: 'node_modules' },
  },
};
