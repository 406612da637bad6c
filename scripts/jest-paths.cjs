// Maps tsconfig "paths" (@photofeed/*) to jest's moduleNameMapper, so the aliases live in one place.
const path = require('node:path');
const tsconfig = require('../tsconfig.json');

function pathsToModuleNameMapper() {
  const mapper = {};
  for (const [alias, [target]] of Object.entries(tsconfig.compilerOptions.paths)) {
    mapper[`^${alias.replace('/', '\\/')}$`] = path.join('<rootDir>', target);
  }
  return mapper;
}

module.exports = { pathsToModuleNameMapper };
