# The naive baseline for flask-pdm: one stage, the whole project copied
# before the install, pdm left in the image. (hishel<2: pdm 2.29.4 does not
# start with hishel 2.0, the newest on the index. --ignore-installed: the
# Debian stand-in's own python3-packaging has no RECORD, so pip cannot
# upgrade it in place; the official image has no such package.)
FROM python:3.14-slim-trixie
ARG PIP_INDEX_URL
ARG PDM_PYPI_URL
WORKDIR /app
COPY . .
RUN pip install --ignore-installed pdm==2.29.4 "hishel<2" && pdm install --prod
CMD ["pdm", "run", "gunicorn", "--bind", "0.0.0.0:8000", "bookmarks.app:app"]
