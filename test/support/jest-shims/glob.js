'use strict';
// See README.md: used only when @fastify/static is registered with `wildcard: false`.
exports.glob = async function glob() {
  throw new Error('glob is not available under Jest (see test/support/jest-shims/README.md)');
};
