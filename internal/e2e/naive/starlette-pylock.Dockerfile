# The naive baseline for starlette-pylock: one stage, the whole project copied
# before the install, uv installed with pip and left in the image.
FROM python:3.13-slim-trixie
ARG PIP_INDEX_URL
WORKDIR /app
COPY . .
RUN pip install uv==0.13.9 && uv venv && uv pip sync pylock.toml
CMD [".venv/bin/uvicorn", "inventory.app:app", "--host", "0.0.0.0", "--port", "8000"]
