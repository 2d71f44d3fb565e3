# The naive baseline for flask-pipenv: one stage, the whole project copied
# before the install, Pipenv and its virtualenv left in the image.
# (Stand-in only: --ignore-installed, as the Debian stand-in's system Python
# has packages pip cannot replace, and --python, as it runs 3.13 where the
# Pipfile asks for 3.12; the lock is installed as is.)
FROM python:3.12-slim-trixie
ARG PIP_INDEX_URL
WORKDIR /app
COPY . .
RUN pip install --ignore-installed pipenv==2026.10.3 && pipenv install --ignore-pipfile --python "$(command -v python3)"
CMD ["pipenv", "run", "gunicorn", "--bind", "0.0.0.0:8000", "quotes:app"]
