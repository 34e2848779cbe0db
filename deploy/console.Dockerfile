# syntax=docker/dockerfile:1.7
#
# The console's image: the web pages, their templates and styles, and the HTTP client they call
# the services with; no service, no Kafka or PostgreSQL driver of its own use.
#   docker run -p 8010:8010 lattice-console          (configuration: docs/console.md)
# Build from the repository root:  docker build -f deploy/console.Dockerfile -t lattice-console .
# Built like deploy/Dockerfile: locked dependencies, then the packages (non-editable), then only
# the virtual environment on a clean slim base, run as an unprivileged user on a read-only root.

ARG PYTHON_IMAGE=python:3.11-slim-bookworm
ARG UV_IMAGE=ghcr.io/astral-sh/uv:0.13.9

FROM ${UV_IMAGE} AS uv

FROM ${PYTHON_IMAGE} AS build
COPY --from=uv /uv /usr/local/bin/uv
ENV UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    UV_PYTHON=/usr/local/bin/python3.11 \
    UV_PROJECT_ENVIRONMENT=/app/.venv
WORKDIR /src

# `uv sync --locked` needs every workspace member's pyproject.toml to check the lock.
COPY pyproject.toml uv.lock ./
COPY shared/pyproject.toml shared/pyproject.toml
COPY services/profile/pyproject.toml services/profile/pyproject.toml
COPY services/openings/pyproject.toml services/openings/pyproject.toml
COPY services/learning/pyproject.toml services/learning/pyproject.toml
COPY services/notifier/pyproject.toml services/notifier/pyproject.toml
COPY services/insights/pyproject.toml services/insights/pyproject.toml
COPY services/webhooks/pyproject.toml services/webhooks/pyproject.toml
COPY console/pyproject.toml console/pyproject.toml
COPY devstack/pyproject.toml devstack/pyproject.toml
COPY clients/python/pyproject.toml clients/python/pyproject.toml
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --locked --no-dev --no-install-workspace --package lattice-console

COPY shared/src shared/src
COPY console/src console/src
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --locked --no-dev --no-editable --package lattice-console

FROM ${PYTHON_IMAGE} AS runtime
LABEL org.opencontainers.image.title="lattice-console" \
      org.opencontainers.image.description="Lattice console: pages for employees, managers and HR"
RUN groupadd --system --gid 10001 lattice \
 && useradd --system --uid 10001 --gid lattice --no-create-home --home-dir /nonexistent \
        --shell /usr/sbin/nologin lattice
COPY --from=build /app/.venv /app/.venv
ENV PATH=/app/.venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    TMPDIR=/tmp \
    HOME=/tmp
WORKDIR /tmp
USER 10001:10001
EXPOSE 8010
CMD ["lattice-console", "serve"]
