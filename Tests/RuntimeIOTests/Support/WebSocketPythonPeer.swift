import Foundation

/// The Python `websockets` peer of the WebSocket tests, run through ``PythonPeer`` (it prints its
/// port first and exits when the test process ends). Paths: `/close4001` closes with 4001 "bye";
/// `/token` first sends the X-Access-Token value; `/fragments` first sends "fragmented" in three
/// fragments; `/ping` pings with "abc", waits for the pong and sends "ponged"; `/slow` sends
/// "late" after 0.3 s; then every path echoes. Arguments `cert.pem key.pem` turn on TLS.
enum WebSocketPythonPeer {
    /// Whether python3 with `websockets` (and openssl) is here; prints a notice when tests skip.
    /// With QISKIT_RUNTIME_REQUIRE_PEERS=1 the tests run regardless and fail when it is missing.
    static func available() async -> Bool {
        let present = await PeerCheck.cached("python3 websockets") {
            PeerCheck.runs(["python3", "-c", "import websockets.asyncio.server"])
        }
        if !present && !TLSPeers.requirePeers {
            print("◇ NOTICE: WebSocket peer tests skipped: python3 with `websockets` is missing (pip install websockets); set QISKIT_RUNTIME_REQUIRE_PEERS=1 to fail instead")
        }
        let tools = await TLSPeers.toolsPresent()
        return (present && tools) || TLSPeers.requirePeers
    }

    static let script = """
    import asyncio, os, sys, ssl, threading
    from websockets.asyncio.server import serve

    async def handler(ws):
        path = ws.request.path
        if path == "/close4001":
            await ws.close(4001, "bye")
            return
        if path == "/token":
            await ws.send(ws.request.headers.get("X-Access-Token", "<none>"))
        if path == "/fragments":
            await ws.send(["frag", "ment", "ed"])
        if path == "/ping":
            waiter = await ws.ping(b"abc")
            await waiter
            await ws.send("ponged")
        if path == "/slow":
            await asyncio.sleep(0.3)
            await ws.send("late")
        async for message in ws:
            await ws.send(message)

    def watchdog():
        sys.stdin.read()
        os._exit(0)

    async def main():
        threading.Thread(target=watchdog, daemon=True).start()
        context = None
        if len(sys.argv) > 2:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(sys.argv[1], sys.argv[2])
        async with serve(handler, "127.0.0.1", 0, ssl=context, max_size=16 * 2**20, ping_interval=None) as server:
            print(server.sockets[0].getsockname()[1], flush=True)
            await asyncio.get_running_loop().create_future()

    asyncio.run(main())
    """
}
