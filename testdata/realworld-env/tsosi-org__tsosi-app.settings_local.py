# The settings_local.py an operator writes at deployment (backend/README.md,
# deployment/README.md:101-104: copy settings_local.prod.py and fill in the
# secrets), for the realworld run: the harness's Postgres and Redis, dummy
# secrets, log files where the container's user may write.
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "HOST": "127.0.0.1",
        "USER": "tsosi",
        "NAME": "tsosi",
        "PASSWORD": "tsosi",
        "PORT": 15432,
    }
}

SECRET_KEY = "not-secret-realworld-run"
DEBUG = False
MEDIA_ROOT = "/tmp/tsosi_media"
MEDIA_URL = "media/"
STATIC_URL = "static/"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
TSOSI_MAIN_LOG_FILE = "/tmp/tsosi_app.log"
TSOSI_DATA_LOG_FILE = "/tmp/tsosi_data.log"
TSOSI_DJANGO_LOG_FILE = "/tmp/django.log"
TSOSI_ERROR_OUTPUT_FOLDER = "/tmp/tsosi_errors"
DJANGO_LOG_LEVEL = "INFO"
TSOSI_LOG_LEVEL = "INFO"
ERROR_LOG_FILE = "/tmp/error.log"
TSOSI_REDIS_HOST = "127.0.0.1"
TSOSI_REDIS_PORT = 16379
TSOSI_REDIS_DB = 0
TSOSI_CELERY_BROKER_URL = (
    f"redis://{TSOSI_REDIS_HOST}:{TSOSI_REDIS_PORT}/{TSOSI_REDIS_DB}"
)
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": f"redis://{TSOSI_REDIS_HOST}:{TSOSI_REDIS_PORT}/{TSOSI_REDIS_DB}",
    }
}
TSOSI_TO_INGEST_DIR = "/tmp/tsosi_ingest"
TSOSI_TRIGGER_JOBS = True
TSOSI_API_WHITELIST_IPS = ["127.0.0.1"]
DRF_NUM_PROXIES = 0
TSOSI_FRONTEND_CUSTOM_HEADER = "X-Frontend-Origin"
TSOSI_PUBLIC_RELPATH = "../public/"
