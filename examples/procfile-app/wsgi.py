from flask import Flask

app = Flask(__name__)


@app.get("/")
def index():
    return {"message": "hello from a Procfile app"}


@app.get("/ping")
def ping():
    return "pong"
