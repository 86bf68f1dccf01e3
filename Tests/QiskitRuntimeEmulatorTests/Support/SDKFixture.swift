#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import QiskitRuntime
import QiskitRuntimeEmulator

/// An emulator on an ephemeral loopback port and a ``RuntimeService`` connected to it.
struct SDKFixture {
    /// How the service logs in.
    enum Login {
        /// `POST /api/users/loginWithToken` with the emulator's API token.
        case legacy
        /// A pre-issued access token and the runtime URL (no login).
        case accessToken
    }

    static let apiToken = "sdk-integration-api-token"
    static let accessToken = "sdk-integration-access-token"

    let emulator: RunningEmulator
    let clock: EmulatorClock
    let service: RuntimeService
    let transport: CountingTransport

    /// Starts an emulator (manual clock by default) and connects a service to it; runs `body`,
    /// then shuts both down, whether `body` returns or throws.
    static func with<Result>(
        login: Login = .legacy,
        clock: EmulatorClock = .manual(),
        timing: EmulatorTiming = EmulatorTiming(),
        configure: (inout RuntimeConfiguration) -> Void = { _ in },
        _ body: (SDKFixture) async throws -> Result
    ) async throws -> Result {
        let emulator = try await Emulator.start(configuration: EmulatorConfiguration(
            apiToken: apiToken, accessTokens: [accessToken], timing: timing, clock: clock))
        let transport = CountingTransport(base: RuntimeHTTPTransport())
        let account: RuntimeConfiguration.Account = switch login {
        case .legacy: .legacyToken(apiToken, authURL: emulator.authURL)
        case .accessToken: .accessToken(accessToken, runtimeURL: emulator.runtimeURL)
        }
        var configuration = RuntimeConfiguration(account: account, transport: transport)
        configuration.pollInterval = .milliseconds(20)
        configuration.retryPolicy = RetryPolicy(initialBackoff: .milliseconds(10), maximumBackoff: .milliseconds(50))
        configure(&configuration)
        let service: RuntimeService
        do {
            service = try await RuntimeService(configuration: configuration)
        } catch {
            await emulator.shutdown()
            throw error
        }
        let fixture = SDKFixture(emulator: emulator, clock: clock, service: service, transport: transport)
        do {
            let result = try await body(fixture)
            await service.shutdown()
            await emulator.shutdown()
            return result
        } catch {
            await service.shutdown()
            await emulator.shutdown()
            throw error
        }
    }

    /// Moves the manual clock forward.
    func advance(seconds: Double) {
        clock.advance(by: .microseconds(Int64(seconds * 1_000_000)))
    }

    /// The instant of the manual clock's start (2026-01-01T00:00:00Z).
    static let clockStart = Date(timeIntervalSince1970: 1_767_225_600)
}
