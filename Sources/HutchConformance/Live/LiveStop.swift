/// A live run stopped from outside (SIGINT, SIGTERM): once ``request()`` returns, the
/// run creates no more vhosts and none is being created, so every vhost it created is
/// on the broker, to be found and deleted.
package actor LiveStop {
    private var requested = false
    private var creating = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    /// A run not stopped.
    package init() {}

    /// Whether the run may create a vhost now (false once a stop is requested); when
    /// true, ``endCreating()`` must follow.
    func beginCreating() -> Bool {
        guard !requested else { return false }
        creating = true
        return true
    }

    /// The vhost creation ``beginCreating()`` allowed is over (done or failed).
    func endCreating() {
        creating = false
        for continuation in waiting { continuation.resume() }
        waiting = []
    }

    /// Stops the run's vhost creation; returns once none is under way.
    package func request() async {
        requested = true
        guard creating else { return }
        await withCheckedContinuation { waiting.append($0) }
    }
}
