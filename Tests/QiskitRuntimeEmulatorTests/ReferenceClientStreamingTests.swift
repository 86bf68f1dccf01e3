import Foundation
import RuntimeWire
import Testing
@testable import QiskitRuntimeEmulator

@Suite("Reference Python client with result streaming", .timeLimit(.minutes(2)))
struct ReferenceClientStreamingTests {
    /// Runs hello-world with a callback through the reference client (qiskit-ibmq-provider 0.20.2).
    ///
    /// The one change the issue allows to the client: its `runtime_url.replace('https', 'wss')`
    /// rewrite must also map `http` to `ws` (the emulator is plain HTTP). Rather than editing the
    /// venv, the script applies it at runtime by wrapping `RuntimeWebsocketClient.__init__` (where
    /// the rewritten URL arrives): an `http://` URL becomes `ws://`; anything else is unchanged,
    /// and the wrapper is installed once (idempotent).
    static let script = #"""
import json, sys, time, warnings
warnings.filterwarnings("ignore")
import logging
logging.disable(logging.CRITICAL)
from qiskit import IBMQ
from qiskit.providers.ibmq.api.clients import runtime_ws

# The one change the issue allows: the client's https->wss rewrite of the runtime URL also maps
# http->ws. Applied at runtime where the rewritten URL arrives (idempotent: a ws/wss URL is kept).
_original_init = runtime_ws.RuntimeWebsocketClient.__init__
def _init(self, websocket_url, *args, **kwargs):
    if websocket_url.startswith("http://"):
        websocket_url = "ws://" + websocket_url[len("http://"):]
    _original_init(self, websocket_url, *args, **kwargs)
if not getattr(runtime_ws.RuntimeWebsocketClient.__init__, "_http_to_ws", False):
    _init._http_to_ws = True
    runtime_ws.RuntimeWebsocketClient.__init__ = _init

url, token = sys.argv[1], sys.argv[2]
out = {}
provider = IBMQ.enable_account(token, url=url)
service = provider.runtime
received = []
def cb(job_id, message):
    received.append([job_id, message])
t0 = time.time()
job = service.run(program_id="hello-world", inputs={"iterations": 3}, options={"backend_name": "ibmq_qasm_simulator"}, callback=cb)
out["result"] = job.result(timeout=30, wait=0.05)
deadline = time.time() + 20
while len(received) < 3 and time.time() < deadline:
    time.sleep(0.01)
out["elapsed"] = time.time() - t0
out["callback_ids"] = sorted(set(r[0] for r in received))
out["callback"] = [r[1] for r in received]
out["job_id"] = job.job_id()
out["status"] = job.status().name
out["logs"] = job.logs()
other = service.run(program_id="hello-world", inputs={"iterations": 50}, options={"backend_name": "ibmq_qasm_simulator"}, callback=cb)
other.cancel()
out["cancel_status"] = other.status().name
fetched = service.job(job.job_id())
out["fetched_status"] = fetched.status().name
out["fetched_program"] = fetched.program_id
out["jobs"] = sorted(j.job_id() for j in service.jobs(limit=None))
out["other_id"] = other.job_id()
print("RESULT " + json.dumps(out))
"""#

    @Test("the callback receives exactly the 3 interim results; result, cancel, logs, job, jobs work")
    func streaming() async throws {
        guard let python = try await LegacyClientPeer.python(
            importing: "qiskit.providers.ibmq, websocket", for: "the reference-client streaming test") else { return }
        // Five seconds in QUEUED leave the client (its websocket thread, on a loaded machine) time
        // to open its stream before the first result: the emulator does not replay earlier ones.
        let emulator = try await Emulator.start(configuration: EmulatorConfiguration(
            apiToken: "stream-token", timing: EmulatorTiming(queued: .seconds(5), interval: .milliseconds(100))))
        let run = try await EmulatorServerTests.run(python, ["-c", Self.script, emulator.authURL, "stream-token"])
        await emulator.shutdown()
        let line = run.output.split(separator: "\n").last(where: { $0.hasPrefix("RESULT ") })
        let text = try #require(line.map { String($0.dropFirst(7)) }, "no result; output: \(run.output)")
        let out = try JSONParser.parse(text)
        let id = try #require(out["job_id"]?.stringValue)
        #expect(out["result"] == .string("All done!"))
        let callback = try #require(out["callback"]?.arrayValue)
        #expect(callback.count == 3)
        #expect(callback.map { $0["iteration"] } == [.integer(0), .integer(1), .integer(2)])
        #expect(callback.allSatisfy { $0["counts"]?["00"] != nil })
        #expect(out["callback_ids"] == .array([.string(id)]))
        #expect(out["status"] == .string("DONE"))
        #expect(out["logs"]?.stringValue?.contains("Published interim result 3.") == true)
        #expect(out["cancel_status"] == .string("CANCELLED"))
        #expect(out["fetched_status"] == .string("DONE"))
        #expect(out["fetched_program"] == .string("hello-world"))
        let other = try #require(out["other_id"]?.stringValue)
        #expect(out["jobs"] == .array([id, other].sorted().map { .string($0) }))
    }
}
