# Broadsheet: build with the dev dependencies, run the compiled server as a non-root user.
# docker build -t broadsheet . && docker run -p 3000:3000 -v broadsheet-data:/data broadsheet
# See docs/deploy.md (two processes, PostgreSQL, nginx: compose.yaml).

FROM node:20-bookworm-slim AS build
WORKDIR /app
# The lock file first, so that a change to the sources does not refetch every package.
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
# The native modules' install steps (better-sqlite3, sharp, argon2), then the build
# (TypeScript, the newsroom's editor bundle, the reader stylesheet, the brand files).
RUN npm rebuild --no-audit --no-fund && npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/data
WORKDIR /app
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/public ./public
COPY --from=build /app/bin ./bin
# DATA_DIR: the SQLite file (when DATABASE_URL is empty), the generated secret key, uploaded
# media (unless S3_URL is set) and share cards. Owned by the image's unprivileged user.
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
USER node
EXPOSE 3000
# /healthz answers once the process serves and its database answers.
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM: stop accepting, finish what is in flight, close the pools, exit.
STOPSIGNAL SIGTERM
# Loads the demo magazine into an empty database; use ["node", "bin/broadsheet.js", "serve"] to start empty.
CMD ["node", "dist/main.js"]
