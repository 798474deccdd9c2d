FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app

COPY pyproject.toml requirements.lock README.md ./
COPY api ./api
COPY graph ./graph
COPY matching ./matching
COPY ingest ./ingest
COPY viz ./viz
COPY domain ./domain
COPY services ./services
COPY cli ./cli
RUN pip install -c requirements.lock . && useradd --create-home --uid 10001 cgintel \
    && mkdir -p /app/var && chown cgintel /app/var
COPY docker/entrypoint.sh /usr/local/bin/cgintel-entrypoint
USER cgintel
EXPOSE 8000
ENTRYPOINT ["cgintel-entrypoint"]
