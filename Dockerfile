# syntax=docker/dockerfile:1
# Chartroom: Next.js standalone server on Node 20 (Debian slim), SQLite on the /data volume.
#
#   docker build -t chartroom .
#   docker run -d -p 3000:3000 -v chartroom-data:/data -e AUTH_SECRET="$(openssl rand -base64 32)" chartroom
#   docker exec -it <container> node user.mjs add admin --role admin
#
# CI runs the same steps without Docker (scripts/standalone.mjs; reliability/deploy.spec.ts checks
# that this file's build RUN lines, runtime COPY lines and ENV match the script's lists).

FROM node:20-bookworm-slim AS deps
WORKDIR /app
# Toolchain for better-sqlite3 when no prebuilt binary matches this platform.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
COPY scripts ./scripts
RUN npm ci --no-audit --no-fund

FROM deps AS build
ENV NEXT_TELEMETRY_DISABLED=1
COPY . .
RUN npm run build
RUN node scripts/standalone.mjs cli

FROM node:20-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production
ENV NEXT_TELEMETRY_DISABLED=1
ENV NEXT_MANUAL_SIG_HANDLE=true
# Docker sets HOSTNAME to the container id; the server must listen on every interface.
ENV HOSTNAME=0.0.0.0
ENV PORT=3000
ENV DATABASE_PATH=/data/chartroom.db
RUN groupadd --system --gid 1001 chartroom \
 && useradd --system --uid 1001 --gid chartroom --no-create-home chartroom \
 && mkdir /data \
 && chown chartroom:chartroom /data
COPY --from=build --chown=chartroom:chartroom /app/.next/standalone ./
COPY --from=build --chown=chartroom:chartroom /app/.next/static ./.next/static
COPY --from=build --chown=chartroom:chartroom /app/public ./public
COPY --from=build --chown=chartroom:chartroom /app/lib/jobs/workers ./lib/jobs/workers
COPY --from=build --chown=chartroom:chartroom /app/.next/cli/user.mjs ./user.mjs
COPY --from=build --chown=chartroom:chartroom /app/.next/cli/preflight.mjs ./preflight.mjs
USER chartroom
VOLUME /data
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM (docker stop) drains in-flight requests for up to SHUTDOWN_TIMEOUT_MS (10 s); keep
# docker's stop timeout above it (compose: stop_grace_period).
STOPSIGNAL SIGTERM
# preflight.mjs checks every setting first: a bad one stops the container with one line naming it.
CMD ["node", "--import", "./preflight.mjs", "server.js"]
