// Interrupt: how a long engine op notices Ctrl-C. The front end owns the interrupt request; the
// engine only asks "was I interrupted?" through `EngineInterrupt.isRequested`, a hook the front end
// sets. Large GEMMs run in rounds of row blocks and poll between rounds (`Gemm.sgemmParallel`);
// matmul, linear and conv2d poll once more when they finish and then throw an `.interrupt` error
// instead of returning, so `b = a @ a @ a @ a` stops within a fraction of a second of Ctrl-C.
// Non-goals: stopping inside one GEMM call, or inside the elementwise ops (at most about a second
// each at the element limit).

public enum EngineInterrupt {
    /// Answers "did the user ask to stop?". Called from the thread running the op, between GEMM
    /// rounds and at the end of long ops; must be cheap. Default: never.
    nonisolated(unsafe) public static var isRequested: () -> Bool = { false }

    /// Throws an `.interrupt` error naming `op` when an interrupt was requested.
    @inline(__always)
    public static func check(_ op: String) throws {
        if isRequested() { throw EngineError(op, "interrupted", kind: .interrupt) }
    }
}
