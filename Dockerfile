# One image for both Container Apps: ROLE=api|worker|all is set by the platform, not here (ADR 0038).
# The base is pinned by Debian release, Node patch version and index digest; Dependabot proposes bumps.

FROM node:20.20.2-bookworm-slim@sha256:2cf067cfed83d5ea958367df9f966191a942351a2df77d6f0193e162b5febfc0 AS build
WORKDIR /app
# Only for node-gyp, when a native module's prebuilt binary cannot be had; none of it reaches the runtime stage.
RUN apt-get update \
  && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json .npmrc ./
COPY web/package.json web/
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY src src
COPY web web
RUN npx nest build \
  && npm run --silent build:web \
  && npm prune --omit=dev --no-audit --no-fund

FROM node:20.20.2-bookworm-slim@sha256:2cf067cfed83d5ea958367df9f966191a942351a2df77d6f0193e162b5febfc0 AS runtime
# The converters the pipeline runs (src/conversion): poppler (text, covered text, image listing), qpdf, tesseract
# (English, Welsh, orientation), LibreOffice's four document modules, the fonts text and email pages are drawn
# with, and util-linux for prlimit. Not mupdf-tools (REDACTION_ENGINE=mupdf is an opt-in AGPL engine) nor chromium
# (browser tests only).
RUN apt-get update \
  && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
    poppler-utils \
    qpdf \
    tesseract-ocr tesseract-ocr-eng tesseract-ocr-cym tesseract-ocr-osd \
    libreoffice-writer-nogui libreoffice-calc-nogui libreoffice-impress-nogui libreoffice-draw-nogui \
    fonts-dejavu-core fonts-wqy-microhei \
    util-linux \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production APP_ENV=production HOST=0.0.0.0 PORT=3000
# package.json says "type": "module", which dist/ needs; config/routes.yaml is the committed route table.
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/web/dist ./web/dist
COPY config ./config
# Code stays root-owned and read-only to the service; only DATA_DIR (./data, scratch and embedded state) is its own.
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health/live').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/main.js"]
