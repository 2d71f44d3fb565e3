# The naive baseline for fastapi-uv: one stage, the whole project copied
# before the install, uv installed with pip and left in the image.
FROM python:3.13-slim-trixie
ARG PIP_INDEX_URL
WORKDIR /app
COPY . .
RUN pip install uv==0.13.9 && uv sync --locked --no-dev
CMD ["uv", "run", "uvicorn", "shop_api.main:app", "--host", "0.0.0.0", "--port", "8000"]
