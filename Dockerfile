# Faultline API: migrates and seeds its database on start, serves on port 8000.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    HOST=0.0.0.0 \
    PORT=8000 \
    DATABASE_URL=sqlite:////data/faultline.db

WORKDIR /srv/faultline

# Dependencies in their own layer: rebuilt only when pyproject.toml changes.
COPY pyproject.toml README.md ./
RUN mkdir app && echo '__version__ = "0"' > app/__init__.py \
    && pip install . \
    && pip uninstall -y faultline \
    && rm -rf app

COPY app ./app
COPY migrations ./migrations
RUN pip install --no-deps -e . \
    && useradd --system --uid 10001 --home-dir /srv/faultline faultline \
    && mkdir /data && chown faultline /data

USER 10001
VOLUME ["/data"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import urllib.request,os; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('PORT', '8000'), timeout=2)"]
CMD ["faultline", "serve"]
