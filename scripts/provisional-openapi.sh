#!/usr/bin/env bash
# Provisional (until issue 12's `npm run openapi`): boots the built API on a scratch port, saves /api/docs-json
# as openapi.json and generates web/src/lib/api/schema.d.ts from it.
set -euo pipefail
cd "$(dirname "$0")/.."
npx tsc -p tsconfig.build.json
DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/praktijkmatch_test_web} REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/5} \
  SMTP_URL=smtp://127.0.0.1:2599 MAIL_FROM=x@example.test PUBLIC_URL=http://localhost:3999 PORT=3999 \
  JWT_SECRET=provisional-provisional-provisional-0123 QUEUE_PREFIX=pmopenapi LOG_LEVEL=error WORKER_TIMERS=false \
  node dist/src/main.js &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -sf localhost:3999/api/health >/dev/null && break; sleep 0.5; done
curl -sf localhost:3999/api/docs-json | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>process.stdout.write(JSON.stringify(JSON.parse(s),null,2)+"\n"))' > openapi.json
npx openapi-typescript openapi.json -o web/src/lib/api/schema.d.ts
