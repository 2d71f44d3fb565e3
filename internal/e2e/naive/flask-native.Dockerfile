# The naive baseline for flask-native: one stage, the whole project copied
# before the install, Poetry, the compiler and the headers left in the image.
# System packages come first, as most hand-written files do.
FROM python:3.13-slim-trixie
RUN apt-get update && apt-get install -y gcc default-libmysqlclient-dev pkg-config libldap-dev libsasl2-dev
ARG PIP_INDEX_URL
WORKDIR /app
COPY . .
RUN pip install poetry==2.1.2 && poetry install --only main --no-root
CMD ["poetry", "run", "gunicorn", "--bind", "0.0.0.0:8000", "app:app"]
