# The naive baseline for flask-pip: one stage, the whole project copied
# before `pip install -r`, into the image's own Python.
FROM python:3.13-slim-trixie
ARG PIP_INDEX_URL
WORKDIR /app
COPY . .
RUN pip install -r requirements.txt
CMD ["gunicorn", "--bind", "0.0.0.0:8000", "app:create_app()"]
