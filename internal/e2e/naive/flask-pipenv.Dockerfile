# The naive baseline for flask-pipenv: one stage, the whole project copied
# before the install, Pipenv and its virtualenv left in the image.
# (--ignore-installed: the Debian stand-in's system Python has packages pip
# cannot replace; the official image's has none to replace.)
FROM python:3.12-slim-trixie
ARG PIP_INDEX_URL
WORKDIR /app
COPY . .
RUN pip install --ignore-installed pipenv==2026.10.3 && pipenv install --deploy
CMD ["pipenv", "run", "gunicorn", "--bind", "0.0.0.0:8000", "quotes:app"]
