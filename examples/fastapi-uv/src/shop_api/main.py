from fastapi import FastAPI
from pydantic import BaseModel

app = FastAPI(title="shop-api")


class Item(BaseModel):
    sku: str
    name: str
    price_cents: int


CATALOGUE = {
    "tea-001": Item(sku="tea-001", name="Assam tea", price_cents=650),
    "mug-002": Item(sku="mug-002", name="Blue mug", price_cents=1200),
}


@app.get("/items")
def list_items() -> list[Item]:
    return list(CATALOGUE.values())


@app.get("/items/{sku}")
def get_item(sku: str) -> Item:
    return CATALOGUE[sku]


@app.get("/healthz", include_in_schema=False)
def healthz() -> dict[str, str]:
    return {"status": "ok"}
