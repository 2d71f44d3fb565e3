from flask import Flask

from quotes.health import bp as health_bp

app = Flask(__name__)
app.register_blueprint(health_bp)

_QUOTES = ["Simple is better than complex.", "Readability counts."]


@app.get("/quotes")
def listing():
    return {"quotes": _QUOTES}
