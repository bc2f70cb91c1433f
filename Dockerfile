# syntax=docker/dockerfile:1

# Multi-stage image for the omni-channel sales-assist service.
# One image serves both roles:
#   app    -> CMD ["node", "dist/main.js"]   (HTTP + socket.io, the default)
#   worker -> command: ["node", "dist/worker.js"] (set by docker-compose.yml)
# The container runs node directly (not `npm start`, which is for development).

# ---------------------------------------------------------------------------
# build: install every dependency from the lockfile, compile TypeScript, then
# drop the devDependencies and gather what the runtime needs in /out.
# ---------------------------------------------------------------------------
FROM node:20-bookworm-slim AS build
WORKDIR /app

# .npmrc must be present for `npm ci`: it sets yes=true, which the
# botbuilder-dialogs postinstall (`npx rimraf`) needs to run non-interactively.
COPY package.json package-lock.json .npmrc ./
RUN --mount=type=cache,target=/root/.npm \
    npm ci

COPY . .
RUN npm run build \
    && npm prune --omit=dev \
    && mkdir -p /out \
    && cp -R dist node_modules package.json /out/ \
    && if [ -d public ]; then cp -R public /out/; fi

# ---------------------------------------------------------------------------
# runtime: production dependencies + compiled output only, as the non-root
# `node` user. Files stay root-owned, so the process cannot rewrite its code.
# ---------------------------------------------------------------------------
FROM node:20-bookworm-slim AS runtime
# HOST: the service binds 127.0.0.1 by default, unreachable from outside a container.
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    NODE_OPTIONS=--enable-source-maps
WORKDIR /app

COPY --from=build /out/ ./

USER node
EXPOSE 3000

# Liveness only (/ready also checks MongoDB and Redis; compose uses that for the app).
# The slim image has no curl/wget, so Node's built-in fetch does the probe.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

CMD ["node", "dist/main.js"]
