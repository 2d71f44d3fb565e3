# The naive baseline for fastapi-poetry2: one stage, the whole project copied
# before the install, Poetry in the image, the project installed editable.
FROM python:3.13-slim-trixie
ARG PIP_INDEX_URL
WORKDIR /app
COPY . .
RUN pip install poetry==2.1.2 && poetry install --only main
CMD ["poetry", "run", "uvicorn", "notes_service.main:app", "--host", "0.0.0.0", "--port", "8000"]
