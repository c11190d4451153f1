# dat-sim as a container image for batch runs (Kubernetes indexed Jobs, AWS Batch, ...).
#   docker build -t dat-sim:0.1.0 .
#   docker run --rm dat-sim:0.1.0 mc scenarios/contagion.json --paths 2000 --workers 2
# The image holds the packed npm package installed as a user would (no dev dependencies, no
# sources): node_modules/dat-sim with its only runtime dependency (zod). Working folder /app;
# the saved scenarios are at /app/scenarios.

FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN npm run build:lib && npm pack --ignore-scripts --pack-destination /tmp && mv /tmp/dat-sim-*.tgz /tmp/dat-sim.tgz

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /tmp/dat-sim.tgz /tmp/dat-sim.tgz
RUN npm init -y >/dev/null \
 && npm install --omit=dev --no-audit --no-fund /tmp/dat-sim.tgz \
 && rm /tmp/dat-sim.tgz \
 && ln -s node_modules/dat-sim/scenarios scenarios \
 && npm cache clean --force
USER node
ENTRYPOINT ["node", "/app/node_modules/dat-sim/bin/dat-sim.mjs"]
CMD ["--help"]
