# syntax=docker/dockerfile:1
# One image for the three roles of the stack: `migrate`, `api` (the default command) and `worker`.

# --- build: all dependencies, compile TypeScript to dist/ -------------------------------------------
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
# Only what the compiler needs, so a local node_modules/, dist/ or .env never enters the image.
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY migrations ./migrations
# The web app (Vite builds it into dist/web, which the API serves).
COPY web ./web
RUN npm run build

# --- runtime: production dependencies, compiled code and the place data -----------------------------
FROM node:22-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
# dist/ holds dist/src (API, worker, CLIs), dist/migrations (compiled from migrations/) and dist/web (the app).
COPY --from=build /app/dist ./dist
# The shipped PC4 place table (MIT notice in data/places/LICENSE); the Places migration loads it.
COPY data ./data
USER node
EXPOSE 3000
CMD ["node", "dist/src/main.js"]
