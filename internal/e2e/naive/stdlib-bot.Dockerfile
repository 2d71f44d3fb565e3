# The naive baseline for stdlib-bot: standard library only, nothing to
# install; the project copied into the image.
FROM python:3.13-slim-trixie
WORKDIR /app
COPY . .
CMD ["python", "bot.py"]
