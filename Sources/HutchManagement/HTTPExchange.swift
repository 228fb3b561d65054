import Foundation
import Synchronization

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// One HTTP request with a hard deadline: the answer, or an error, always comes back
/// by then — whatever the transport does.
///
/// An authentication challenge (HTTP 401) is answered at once, as a refusal: the
/// request carries its credentials from the start, so a challenge means they are wrong.
/// (URLSession would otherwise wait for credentials it never gets.)
enum HTTPExchange {
    /// How a request ended.
    enum Outcome: Sendable {
        /// The server answered with this status and body.
        case answered(status: Int, body: Data)
        /// The server asked for credentials: the ones sent were refused (401).
        case unauthorized
        /// No answer came: the transport's reason.
        case failed(String)
        /// No answer came before the deadline.
        case timedOut
    }

    /// Sends `request` and waits at most `timeout` for the whole answer.
    static func send(_ request: URLRequest, timeout: Duration) async -> Outcome {
        let refusal = ChallengeRefusal()
        let configuration = URLSessionConfiguration.ephemeral
        let seconds = timeout.timeInterval
        configuration.timeoutIntervalForRequest = seconds
        configuration.timeoutIntervalForResource = seconds
        let session = URLSession(configuration: configuration, delegate: refusal, delegateQueue: nil)
        defer { session.invalidateAndCancel() }
        let outcome = try? await Deadline.run(within: timeout) { () async -> Outcome in
            let task = Mutex<URLSessionDataTask?>(nil)
            return await withTaskCancellationHandler {
                await withCheckedContinuation { continuation in
                    let dataTask = session.dataTask(with: request) { data, response, error in
                        if refusal.refused {
                            continuation.resume(returning: .unauthorized)
                        } else if let response = response as? HTTPURLResponse {
                            continuation.resume(returning: .answered(status: response.statusCode, body: data ?? Data()))
                        } else if (error as? URLError)?.code == .timedOut {
                            continuation.resume(returning: .timedOut)
                        } else {
                            continuation.resume(returning: .failed(error?.localizedDescription ?? "no HTTP response"))
                        }
                    }
                    task.withLock { $0 = dataTask }
                    dataTask.resume()
                }
            } onCancel: {
                task.withLock { $0?.cancel() }
            }
        }
        return outcome ?? .timedOut
    }

    /// Refuses every authentication challenge (on Linux only HTTP authentication raises
    /// them), remembering that it did.
    final class ChallengeRefusal: NSObject, URLSessionTaskDelegate, Sendable {
        private let refusedFlag = Mutex(false)

        /// Whether a challenge was refused.
        var refused: Bool { refusedFlag.withLock { $0 } }

        func urlSession(
            _ session: URLSession, task: URLSessionTask, didReceive challenge: URLAuthenticationChallenge,
            completionHandler: @escaping @Sendable (URLSession.AuthChallengeDisposition, URLCredential?) -> Void
        ) {
            refusedFlag.withLock { $0 = true }
            completionHandler(.cancelAuthenticationChallenge, nil)
        }
    }
}
