# jeugdflow worker image. Runs the TypeScript sources with tsx (no build step) against an existing
# Temporal cluster: set TEMPORAL_ADDRESS (and TEMPORAL_NAMESPACE / TLS / API key, see README).
#   docker build -t jeugdflow .
#   docker run --rm -e TEMPORAL_ADDRESS=temporal.example.nl:7233 jeugdflow
# docker-compose.yml runs it as a scalable `worker` service next to PostgreSQL, Temporal and Mailpit.
FROM node:20-bookworm-slim

ENV NODE_ENV=production \
    # No Temporal CLI / Java test server in the image: those are for `npm start` and `npm test`.
    JEUGDFLOW_SKIP_TOOLCHAIN=1 \
    TEMPORAL_ADDRESS=temporal:7233

WORKDIR /app

# Dependencies first (cached layer). The root postinstall still runs, so its scripts must be there
# (the CLI build finds no sources yet, says so in one line and is run again below).
COPY package.json package-lock.json ./
COPY scripts/installToolchain.mjs scripts/toolchainPaths.mjs scripts/stackVersions.mjs scripts/buildCli.mjs ./scripts/
RUN npm ci --omit=dev && npm cache clean --force

COPY . .
# The CLI compiled ahead of time (dist/cli), so `node bin/jeugdflow.js` starts without tsx.
RUN node scripts/buildCli.mjs

USER node

# The worker: polls TEMPORAL_TASK_QUEUE on TEMPORAL_ADDRESS, drains and exits on SIGTERM.
# Other commands from the same image:
#   node --import tsx scripts/registerSearchAttributes.ts   one-shot: register jeugdflow's search attributes
#   node bin/jeugdflow.js <command>                         the CLI
CMD ["node", "--import", "tsx", "worker/main.ts"]
