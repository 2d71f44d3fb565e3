from fastapi.testclient import TestClient

from shop_api.main import app


def test_list_items():
    assert len(TestClient(app).get("/items").json()) == 2
