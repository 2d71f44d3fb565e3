"""Status page of the LDAP to MariaDB account sync."""

import os

import ldap
import MySQLdb
from flask import Flask, jsonify

app = Flask(__name__)


def ldap_url() -> str:
    return os.environ.get("LDAP_URL", "ldap://ldap.internal:389")


@app.get("/healthz")
def healthz():
    # Both client libraries are compiled extensions: answering at all means
    # their shared libraries load in this image.
    return jsonify(status="ok", ldap=ldap.__version__, mysqlclient=".".join(map(str, MySQLdb.version_info[:3])))


@app.get("/sync/status")
def sync_status():
    conn = MySQLdb.connect(
        host=os.environ.get("DB_HOST", "db"),
        user=os.environ.get("DB_USER", "sync"),
        password=os.environ.get("DB_PASSWORD", ""),
        database=os.environ.get("DB_NAME", "reporting"),
    )
    try:
        cur = conn.cursor()
        cur.execute("SELECT COUNT(*) FROM staff")
        (count,) = cur.fetchone()
    finally:
        conn.close()
    return jsonify(accounts=count, directory=ldap_url())
