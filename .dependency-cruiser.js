/**
 * The layer rules. The domain is plain TypeScript: it imports nothing outside the domain
 * folders, so it never depends on Nest, TypeORM, Swagger or the HTTP layer.
 */
module.exports = {
  forbidden: [
    {
      name: 'domain-stays-pure',
      comment: 'A domain folder imports only other domain code.',
      severity: 'error',
      from: { path: '^src/[^/]+/domain/' },
      to: { pathNot: ['^src/[^/]+/domain/', '^src/common/domain/'] },
    },
    {
      name: 'application-ignores-transport',
      comment: 'Use cases know nothing of HTTP or of the database implementation.',
      severity: 'error',
      from: { path: '^src/[^/]+/application/' },
      to: {
        path: [
          '^src/[^/]+/http/',
          '^src/[^/]+/infrastructure/',
          '^node_modules/(express|typeorm|@nestjs/typeorm)/',
        ],
      },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
  },
};
