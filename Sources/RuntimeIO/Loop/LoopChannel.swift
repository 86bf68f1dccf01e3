/// Something the event loop dispatches readiness events to: a connection, a listener or a
/// connecting TLS handle. All methods are called on the loop thread only.
protocol LoopChannel: AnyObject {
    /// `fd` became ready with the epoll `events` (RT_EPOLLIN, RT_EPOLLOUT, RT_EPOLLERR, RT_EPOLLHUP).
    func handleEvents(fd: Int32, events: UInt32)

    /// The loop is shutting down: close at once and fail pending operations with `.shutDown`.
    func loopWillShutDown()
}
