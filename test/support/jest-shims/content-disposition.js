'use strict';
// See README.md: a minimal RFC 6266 header builder with the `create` factory @fastify/static imports.
exports.create = function create() {
  return function contentDisposition(filename) {
    return filename ? `attachment; filename="${String(filename).replace(/["\\\r\n]/g, '_')}"` : 'attachment';
  };
};
