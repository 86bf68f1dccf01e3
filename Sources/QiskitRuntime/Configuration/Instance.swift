extension RuntimeConfiguration {
    /// The hub, group and project under which jobs run (the legacy IBM Quantum instance).
    public struct Instance: Sendable, Hashable, CustomStringConvertible {
        /// The hub, such as `ibm-q`.
        public var hub: String
        /// The group, such as `open`.
        public var group: String
        /// The project, such as `main`.
        public var project: String

        /// Creates an instance.
        public init(hub: String, group: String, project: String) {
            self.hub = hub
            self.group = group
            self.project = project
        }

        /// `hub/group/project`.
        public var description: String { "\(hub)/\(group)/\(project)" }
    }
}
