import Testing
@testable import QiskitRuntime
import RuntimeWire

/// One memory budget per decoded document: the total the `ndarray` values of a result (or an
/// interim result) may inflate to, checked against each array's declared size before its data
/// is inflated, and enforced while inflating when there is no regular header.
@Suite("Decode budget of one document", .timeLimit(.minutes(2)))
struct DecodeBudgetTests {
    /// A `.npy` preamble and header (format 1.0, `|u1`) declaring `elements` bytes of data.
    static func npyHeader(elements: Int) -> [UInt8] {
        var header = "{'descr': '|u1', 'fortran_order': False, 'shape': (\(elements),), }"
        while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
        header += "\n"
        let length = header.utf8.count
        return NPY.magic + [1, 0, UInt8(length & 0xFF), UInt8(length >> 8)] + Array(header.utf8)
    }

    /// An ndarray value whose header declares `elements` bytes but whose stream holds `data` only
    /// (a lie or a truncation: decoding it in full fails, but only after inflating).
    static func declaring(_ elements: Int, data: [UInt8] = [1, 2, 3]) -> String {
        let stream = StoredZlib.wrap(npyHeader(elements: elements) + data)
        return "{\"__type__\": \"ndarray\", \"__value__\": \"\(Base64.encode(stream))\"}"
    }

    /// A real ndarray of `count` zero bytes: a few KB of text that inflate to `count` bytes.
    static func zeros(_ count: Int) throws -> String {
        RuntimeValue.ndarray(try NDArray(uint8s: [UInt8](repeating: 0, count: count))).json
    }

    static func budgetError(_ body: () throws -> RuntimeValue) -> RuntimeError? {
        do {
            _ = try body()
            return nil
        } catch let error as RuntimeError {
            return error
        } catch {
            return RuntimeError(.invalidValue, "unexpected \(error)")
        }
    }

    @Test("an array declaring more than what is left of the budget fails before its data is inflated, naming the budget")
    func declaredOverBudget() throws {
        // A small document's default budget is 64 MiB. The first array (real, 40 MB of zeros in
        // a few KB of text) fits; the second declares 40 MB too but holds 3 bytes: refused on
        // its declaration, before anything is inflated or allocated for it.
        let document = "[" + (try Self.zeros(40_000_000)) + ", " + Self.declaring(40_000_000) + "]"
        let error = Self.budgetError { try RuntimeValue(json: document) }
        #expect(error?.code == .decodeBudgetExceeded)
        #expect(error?.message.contains("\(64 << 20) bytes") == true)
        // Alone, that array gets as far as inflating, and fails on its truncated data.
        #expect(Self.budgetError { try RuntimeValue(json: Self.declaring(40_000_000)) }?.code == .invalidValue)
        // The largest budget is 1 GiB, whatever the text.
        let large = RuntimeConfiguration.DecodeBudget(minimumBytes: 4 << 30)
        let bigError = Self.budgetError { try RuntimeValue(json: Self.declaring(2_000_000_000), decodeBudget: large) }
        #expect(bigError?.code == .decodeBudgetExceeded)
        #expect(bigError?.message.contains("\(1 << 30) bytes") == true)
    }

    @Test("the default budget of a small document is 64 MiB; a large one scales with its text up to 1 GiB")
    func defaultLimits() {
        let budget = RuntimeConfiguration.DecodeBudget()
        #expect(budget.limit(forDocumentBytes: 0) == 64 << 20)
        #expect(budget.limit(forDocumentBytes: 1 << 20) == 64 << 20)
        #expect(budget.limit(forDocumentBytes: 4 << 20) == 256 << 20)
        #expect(budget.limit(forDocumentBytes: 250_000_000) == 1 << 30)
        #expect(budget.limit(forDocumentBytes: .max) == 1 << 30)
        // A small document may not ask for 100 MB.
        #expect(Self.budgetError { try RuntimeValue(json: Self.declaring(100_000_000)) }?.code == .decodeBudgetExceeded)
    }

    @Test("real arrays within the budget decode; one more array over it fails with the budget in the message")
    func realArrays() throws {
        let budget = RuntimeConfiguration.DecodeBudget(maximumBytes: 1 << 20, bytesPerInputByte: 1, minimumBytes: 1 << 20)
        let array = try Self.zeros(300_000)
        let three = "[" + Array(repeating: array, count: 3).joined(separator: ", ") + "]"
        let value = try RuntimeValue(json: three, decodeBudget: budget)
        #expect(value[0]?.ndarrayValue?.bytes.count == 300_000)
        let four = "[" + Array(repeating: array, count: 4).joined(separator: ", ") + "]"
        let error = Self.budgetError { try RuntimeValue(json: four, decodeBudget: budget) }
        #expect(error?.code == .decodeBudgetExceeded)
        #expect(error?.message.contains("\(1 << 20) bytes") == true)
        // The default budget (64 MiB for this small text) takes all four.
        #expect(try RuntimeValue(json: four).arrayValue?.count == 4)
    }

    @Test("a zlib bomb without a .npy header is cut off at the budget, not at the 1 GiB array limit")
    func bombWithoutHeader() throws {
        guard Zlib.isAvailable else { return }
        let bomb = try Zlib.deflate([UInt8](repeating: 0x41, count: 24 << 20))
        let document = "{\"__type__\": \"ndarray\", \"__value__\": \"\(Base64.encode(bomb))\"}"
        let budget = RuntimeConfiguration.DecodeBudget(maximumBytes: 4 << 20, bytesPerInputByte: 1, minimumBytes: 0)
        let error = Self.budgetError { try RuntimeValue(json: document, decodeBudget: budget) }
        #expect(error?.code == .decodeBudgetExceeded)
        // Within 1 GiB the same stream inflates in full and fails as what it is: not a .npy file.
        #expect(Self.budgetError { try RuntimeValue(json: document) }?.code == .invalidValue)
    }

    @Test("a large document decoded on the compute pool stops at the same array as one decoded in order")
    func prefetchKeepsOrder() throws {
        let arrays = try NDArrayPrefetchTests.arrays(8)
        let texts = arrays.map { RuntimeValue.ndarray($0).json }
        let document = "[" + texts.joined(separator: ", ") + "]"
        #expect(document.utf8.count > NDArrayPrefetch.minimumTotalBytes)
        let perArray = arrays[0].bytes.count + 128
        // Room for five arrays and a half.
        let budget = RuntimeConfiguration.DecodeBudget(maximumBytes: perArray * 11 / 2, bytesPerInputByte: 1, minimumBytes: 0)
        let allowance = ByteAllowance(limit: budget.limit(forDocumentBytes: document.utf8.count))
        let prefetch = NDArrayPrefetch(try JSONParser.parse(document), allowance: allowance, maxArrayBytes: 1 << 30)
        _ = prefetch
        // Whatever order the threads reserved in, the prefetch keeps at most the five arrays that
        // fit in document order (the rest were given back), never more than the budget.
        #expect(allowance.limit - allowance.available <= 5 * perArray)
        let error = Self.budgetError { try RuntimeValue(json: document, decodeBudget: budget) }
        #expect(error?.code == .decodeBudgetExceeded)
        let fits = "[" + texts.prefix(5).joined(separator: ", ") + "]"
        #expect(try RuntimeValue(json: fits, decodeBudget: budget).arrayValue?.count == 5)
    }

    @Test("with a tight budget, a corrupt array before the crossing point gives its own error, as in order")
    func corruptBeforeBudget() throws {
        var texts = try NDArrayPrefetchTests.arrays(8).map { RuntimeValue.ndarray($0).json }
        var bytes = Array(texts[3].utf8)
        let at = bytes.count / 2
        bytes[at] = bytes[at] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        texts[3] = String(decoding: bytes, as: UTF8.self)
        let document = "[" + texts.joined(separator: ", ") + "]"
        let perArray = 20_000 * 8 + 128
        let budget = RuntimeConfiguration.DecodeBudget(maximumBytes: perArray * 11 / 2, bytesPerInputByte: 1, minimumBytes: 0)
        for _ in 0..<5 {
            let error = Self.budgetError { try RuntimeValue(json: document, decodeBudget: budget) }
            #expect(error?.code == .invalidValue)
        }
    }

    @Test("result() and interim results use the configuration's budget; a decoder of your own uses its own")
    func configurationBudget() async throws {
        let transport = ScriptedTransport()
        var configuration = Fixtures.configuration(transport)
        configuration.decodeBudget = RuntimeConfiguration.DecodeBudget(maximumBytes: 1 << 20, bytesPerInputByte: 1, minimumBytes: 1 << 20)
        let service = try await RuntimeService(configuration: configuration)
        Fixtures.statuses(transport, "j1", "Completed")
        let document = "{\"a\": " + Self.declaring(2 << 20) + "}"
        transport.on("GET", "/jobs/j1/results", .response(RuntimeHTTPResponse(status: 200, body: Array(document.utf8))))
        transport.on("GET", "/jobs/j1/interim_results", json: "[" + WireJSON.quoted(document) + "]")
        let job = try await service.job("j1")
        await #expect(throws: RuntimeError.self) { try await job.result() }
        do {
            _ = try await job.result()
        } catch let error as RuntimeError {
            #expect(error.code == .decodeBudgetExceeded)
            #expect(error.message.contains("\(1 << 20) bytes"))
        }
        do {
            _ = try await job.fetchInterimResults()
            Issue.record("expected .decodeBudgetExceeded")
        } catch let error as RuntimeError {
            #expect(error.code == .decodeBudgetExceeded)
        }
        // The default budget (64 MiB) lets the 2 MiB declaration through to the truncated data.
        do {
            _ = try await job.result(decoder: RuntimeValueDecoder())
            Issue.record("expected .invalidValue")
        } catch let error as RuntimeError {
            #expect(error.code == .invalidValue)
        }
    }
}
