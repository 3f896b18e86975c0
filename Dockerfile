# syntax=docker/dockerfile:1
# Build stage: compile TypeScript and the better-sqlite3 native addon, then drop dev dependencies.
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# Scripts are skipped here because `prepare` needs the sources; the one native addon is built explicitly.
RUN npm ci --ignore-scripts && npm rebuild better-sqlite3
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY scripts ./scripts
RUN npm run build && npm prune --omit=dev

# Runtime stage: production dependencies and the compiled code only, as the unprivileged `node` user.
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    CORPUS_DIR=/app/corpus \
    DATA_DIR=/app/data
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY corpus ./corpus
RUN mkdir -p /app/data && chown -R node:node /app/data /app/corpus
USER node
VOLUME ["/app/corpus", "/app/data"]
# Exec form: node is PID 1 and receives SIGTERM directly, so the bot shuts down cleanly.
CMD ["node", "dist/main.js"]
