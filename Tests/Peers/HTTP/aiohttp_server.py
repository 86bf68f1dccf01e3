"""An independent HTTP/1.1 peer for RuntimeIO's HTTP client tests: an aiohttp server on an
ephemeral 127.0.0.1 port. Prints the port on the first line of stdout. Optional arguments:
CERT KEY to serve TLS."""
import asyncio
import os
import signal
import ssl
import sys
import threading

from aiohttp import web


async def echo(request):
    body = await request.read()
    peer = request.transport.get_extra_info("peername")
    return web.Response(body=body, headers={
        "X-Method": request.method,
        "X-Peer-Port": str(peer[1]),
        "X-Chunked-Request": "yes" if request.headers.get("Transfer-Encoding", "").lower() == "chunked" else "no",
    })


async def chunked(request):
    response = web.StreamResponse()
    response.enable_chunked_encoding()
    await response.prepare(request)
    for index in range(200):
        await response.write(b"chunk%03d;" % index)
    await response.write_eof()
    return response


async def big(request):
    return web.Response(body=b"x" * int(request.query.get("n", "1000")))


async def main():
    app = web.Application(client_max_size=64 * 1024 * 1024)
    app.router.add_route("*", "/echo", echo)
    app.router.add_get("/chunked", chunked)
    app.router.add_get("/big", big)
    runner = web.AppRunner(app)
    await runner.setup()
    context = None
    if len(sys.argv) >= 3:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(sys.argv[1], sys.argv[2])
    site = web.TCPSite(runner, "127.0.0.1", 0, ssl_context=context)
    await site.start()
    print(site._server.sockets[0].getsockname()[1], flush=True)
    await asyncio.Event().wait()


def exit_when_parent_goes():
    # The test keeps our stdin open; end of file means it finished or died.
    sys.stdin.read()
    os._exit(0)


signal.signal(signal.SIGTERM, signal.SIG_DFL)
threading.Thread(target=exit_when_parent_goes, daemon=True).start()
asyncio.run(main())
