# The naive baseline for flask-pdm: one stage, the whole project copied
# before the install, pdm left in the image. pdm exports its lock and pip
# installs it, so the packages come from PIP_INDEX_URL (pdm.lock's URLs
# name the public index, which a build step here cannot reach).
# (hishel<2: pdm 2.29.4 does not start with hishel 2.0, the newest on the
# index. --ignore-installed: the Debian stand-in's own python3-packaging has
# no RECORD, so pip cannot upgrade it in place; the official image has no
# such package.)
FROM python:3.14-slim-trixie
ARG PIP_INDEX_URL
WORKDIR /app
COPY . .
RUN pip install --ignore-installed pdm==2.29.4 "hishel<2" \
 && pdm export --prod --no-hashes -o /tmp/requirements.txt \
 && pip install --ignore-installed -r /tmp/requirements.txt
ENV PYTHONPATH=/app/src
CMD ["gunicorn", "--bind", "0.0.0.0:8000", "bookmarks.app:app"]
