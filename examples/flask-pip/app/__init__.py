import os

from flask import Flask
from redis import Redis


def create_app() -> Flask:
    app = Flask(__name__)
    app.config["REDIS_URL"] = os.environ.get("REDIS_URL", "redis://localhost:6379/0")

    from .health import bp as health_bp

    app.register_blueprint(health_bp)

    @app.post("/hits")
    def hit():
        count = Redis.from_url(app.config["REDIS_URL"]).incr("hits")
        return {"hits": count}

    @app.get("/")
    def index():
        return {"service": "visit-counter"}

    return app
