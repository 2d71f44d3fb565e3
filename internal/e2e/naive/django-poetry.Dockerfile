# The naive baseline for django-poetry: one stage, the whole project copied
# before the install, Poetry and the compiler left in the image. System
# packages come first, as most hand-written files do.
FROM python:3.13-slim-trixie
RUN apt-get update && apt-get install -y gcc libpq-dev
ARG PIP_INDEX_URL
WORKDIR /app
COPY . .
RUN pip install poetry==2.1.2 && poetry install --only main --no-root
CMD ["poetry", "run", "gunicorn", "--bind", "0.0.0.0:8000", "mysite.wsgi:application"]
