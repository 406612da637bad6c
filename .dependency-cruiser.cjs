// Architectural rules, checked by `npm run lint`.
// The domain is plain TypeScript: no framework, no drivers, no I/O. Libraries never reach into apps.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-plain-typescript',
      comment:
        'libs/domain and the ids codec hold decisions, not I/O: no NestJS, no drivers, no node I/O modules.',
      severity: 'error',
      from: { path: '^libs/(domain|ids/src/codec)' },
      to: {
        path: '(^|/)node_modules/(@nestjs|pg|ioredis|memjs|@aws-sdk|kafkajs|@eventstore|@parse|fastify)',
      },
    },
    {
      name: 'domain-no-node-io',
      severity: 'error',
      from: { path: '^libs/domain' },
      to: { dependencyTypes: ['core'], path: '^(fs|net|http|http2|child_process|dgram|tls)$' },
    },
    {
      name: 'libs-do-not-import-apps',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
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
    exclude: { path: '(^|/)(dist|\\.services)/' },
  },
};
