from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route

from inventory.health import routes as health_routes

_STOCK = {"apples": 3, "pears": 5}


async def stock(request):
    return JSONResponse(_STOCK)


app = Starlette(routes=[Route("/stock", stock), *health_routes])
