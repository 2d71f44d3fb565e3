# The naive baseline for procfile-app: one stage, the whole project copied
# before `pip install -r`, into the image's own Python.
FROM python:3.11.9-slim-bookworm
ARG PIP_INDEX_URL
WORKDIR /app
COPY . .
RUN pip install -r requirements.txt
CMD ["gunicorn", "wsgi:app", "--bind", "0.0.0.0:5000"]
