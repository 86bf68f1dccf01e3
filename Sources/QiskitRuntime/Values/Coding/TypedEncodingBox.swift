/// A node of the ``RuntimeValue`` tree that ``TypedValueEncoder`` is building. Containers keep
/// a reference to their node so that nested containers can be filled in any order.
final class TypedEncodingBox {
    enum Content {
        case empty
        case single(RuntimeValue)
        case keyed([(String, TypedEncodingBox)])
        case unkeyed([TypedEncodingBox])
    }

    var content: Content = .empty

    init() {}

    init(_ value: RuntimeValue) {
        content = .single(value)
    }

    /// Appends a member (keyed content) and returns its box.
    func member(_ key: String) -> TypedEncodingBox {
        let child = TypedEncodingBox()
        if case .keyed(var members) = content {
            members.append((key, child))
            content = .keyed(members)
        } else {
            content = .keyed([(key, child)])
        }
        return child
    }

    /// Appends an element (unkeyed content) and returns its box.
    func element() -> TypedEncodingBox {
        let child = TypedEncodingBox()
        if case .unkeyed(var elements) = content {
            elements.append(child)
            content = .unkeyed(elements)
        } else {
            content = .unkeyed([child])
        }
        return child
    }

    var elementCount: Int {
        if case .unkeyed(let elements) = content { return elements.count }
        return 0
    }

    /// The finished value; a type that encoded nothing becomes an empty object.
    var value: RuntimeValue {
        switch content {
        case .empty: return .object(RuntimeObject())
        case .single(let value): return value
        case .keyed(let members): return .object(RuntimeObject(members.map { ($0.0, $0.1.value) }))
        case .unkeyed(let elements): return .array(elements.map(\.value))
        }
    }
}
