// EngineError: the one error type the engine throws.
// Every message names the op that failed and, where shapes are involved, the shapes:
//   matmul: shapes [4, 3] and [2, 5] cannot be multiplied (3 != 2)
// Nothing a user can type should trap the process; ops validate their arguments and throw this.

/// An error raised by an engine operation. `description` is the message a learner sees.
public struct EngineError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The op or function that failed, e.g. `"matmul"`, `"F.max_pool2d"`, `"backward"`.
    public let op: String
    /// What went wrong, without the op name.
    public let message: String

    /// What kind of failure it is, for front ends that map errors to exception types.
    public let kind: Kind

    public enum Kind: Sendable, Equatable {
        /// Anything else (Python's RuntimeError).
        case runtime
        /// A result or buffer would exceed a size limit (Python's MemoryError).
        case memory
        /// Nesting too deep to follow, e.g. printing a module that contains itself (RecursionError).
        case recursion
        /// The front end asked the op to stop (KeyboardInterrupt); see `EngineInterrupt`.
        case interrupt
        /// An index outside its range where PyTorch raises IndexError (`embedding`).
        case index
        /// A bad argument value where PyTorch raises ValueError (`nn.LSTM(3, 0)`).
        case value
        /// A failed argument check where PyTorch asserts (`padding_idx` out of range).
        case assertion
        /// A path whose folder does not exist (Python's FileNotFoundError, as `open` raises).
        case fileNotFound
    }

    public init(_ op: String, _ message: String, kind: Kind = .runtime) {
        self.op = op
        self.message = message
        self.kind = kind
    }

    /// `op: message`, or the message alone when `op` is empty (a message quoted from PyTorch).
    public var description: String { op.isEmpty ? message : "\(op): \(message)" }
}

/// Formats a shape the way every gradstep message does: `[4, 3]` (`[]` for a scalar). The one shape
/// formatter: the language (`torch.Size([4, 3])`) and the renderers use it too.
public func shapeText(_ shape: [Int]) -> String { "[" + shape.map(String.init).joined(separator: ", ") + "]" }

/// A shape as Python prints a tuple: `(4, 3)`, `(3,)`, `()` (numpy's shapes, `size=` in a tensor repr).
public func shapeTupleText(_ shape: [Int]) -> String {
    shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
}

/// The engine's short name for `shapeText`, used in its messages.
@inline(__always)
func fmt(_ shape: [Int]) -> String { shapeText(shape) }
