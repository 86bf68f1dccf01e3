/// One page of ``RuntimeJobList/pages``: the jobs of one `GET /jobs` answer.
public struct RuntimeJobPage: Sendable {
    /// The jobs of the page, in the list's order.
    public let jobs: [RuntimeJob]
    /// How many jobs match the filters in all (the service's exact `count`), when it says.
    public let totalCount: Int?
    /// The position of the page's first job in the whole list (the `offset` it was read at).
    public let offset: Int
}
