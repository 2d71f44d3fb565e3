from flask import Flask, request

from bookmarks.health import bp as health_bp

app = Flask(__name__)
app.register_blueprint(health_bp)
_saved: list[str] = []


@app.post("/bookmarks")
def save():
    _saved.append(request.get_json(force=True)["url"])
    return {"count": len(_saved)}, 201


@app.get("/bookmarks")
def listing():
    return {"bookmarks": _saved}
