# The caseops service image. Three stages: the production dependencies alone, the build with
# every dependency, and a slim runtime that takes node_modules from the first and dist from the
# second. Optional dependencies (the embedded PostgreSQL, which only a database-free development
# run uses) stay out: the image always runs against DATABASE_URL.
FROM node:24-bookworm-slim AS dependencies
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --omit=optional --ignore-scripts --no-audit --no-fund \
 && npm cache clean --force

FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY src src
COPY migrations migrations
COPY scripts/mint-token.ts scripts/
RUN npm run build

FROM node:24-bookworm-slim
ENV NODE_ENV=production PORT=3000
WORKDIR /app
COPY --from=dependencies /app/package.json ./
COPY --from=dependencies /app/node_modules node_modules
COPY --from=build /app/dist dist
# The files stay root-owned and read-only to the service's own unprivileged user.
USER 1000:1000
EXPOSE 3000
# The liveness probe needs no token; Node 24's fetch avoids adding curl to the image.
HEALTHCHECK --interval=5s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health/live').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# The same Node flags as `npm run start:prod`; docs/performance.md says why.
CMD ["node", "--max-semi-space-size=8", "dist/src/main.js"]
