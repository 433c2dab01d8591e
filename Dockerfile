# syntax=docker/dockerfile:1
# One image for every Umlauf service: `umlauf serve NAME`, `umlauf migrate`, `umlauf up`.
#   docker build -t umlauf:latest .
ARG PYTHON_IMAGE=python:3.11.14-slim-bookworm

# --- build: a virtual environment from the lock file, nothing else -------------------
FROM ${PYTHON_IMAGE} AS build
ARG UV_VERSION=0.13.9
RUN pip install --no-cache-dir --disable-pip-version-check "uv==${UV_VERSION}"
ENV UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    UV_PYTHON=/usr/local/bin/python3.11
WORKDIR /app
# Dependencies first: this layer is rebuilt only when the lock file changes.
COPY pyproject.toml uv.lock README.md ./
RUN uv sync --frozen --no-dev --no-install-project
COPY shared ./shared
COPY services ./services
COPY umlauf ./umlauf
RUN uv sync --frozen --no-dev

# --- runtime: the same Python, the environment and the code, run as a non-root user ---
FROM ${PYTHON_IMAGE} AS runtime
RUN groupadd --system --gid 10001 umlauf \
 && useradd --system --uid 10001 --gid umlauf --home-dir /app --no-create-home umlauf
WORKDIR /app
COPY --from=build --chown=root:root /app /app
# var/ holds outgoing mail when no relay is configured; the only place the app writes.
RUN mkdir -p /app/var && chown umlauf:umlauf /app/var
ENV PATH=/app/.venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    UMLAUF_VAR_DIR=/app/var \
    UMLAUF_HOST=0.0.0.0 \
    UMLAUF_SMTP_HOST=0.0.0.0
USER 10001:10001
EXPOSE 8080 8081 8082 8083 8084 2525
ENTRYPOINT ["umlauf"]
CMD ["up"]
