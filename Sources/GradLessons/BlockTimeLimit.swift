// BlockTimeLimit: the per-block time limit of `gradstep run` and `check`, so a lesson with an
// endless loop fails with the block's place instead of hanging CI. A timer interrupts the
// interpreter when the limit passes (and every quarter second after, since `fit` finishes its
// batch and returns on an interrupt); the runner then reports the block as failed.
// Non-goals: limits in `learn` (a learner may run long loops on purpose; Ctrl-C stops them).
import Dispatch
import GradScript
import Synchronization

final class BlockTimeLimit: @unchecked Sendable {
    /// Default limit of `run` and `check` per block; a lesson sets its own with `timeout:` in its
    /// front matter. Generous: the slowest lesson block (a training epoch) takes about 10 s.
    static let defaultSeconds = 600.0

    let seconds: Double
    private let timer: DispatchSourceTimer
    private let firedFlag = Atomic<Bool>(false)

    /// Starts the clock for one block run by `interpreter`.
    init(seconds: Double, interpreter: Interpreter) {
        self.seconds = seconds
        timer = DispatchSource.makeTimerSource(queue: .global())
        timer.schedule(deadline: .now() + seconds, repeating: 0.25)
        timer.setEventHandler { [weak self, weak interpreter] in
            self?.firedFlag.store(true, ordering: .relaxed)
            interpreter?.interrupt()
        }
        timer.resume()
    }

    /// Whether the limit passed while the block ran.
    var fired: Bool { firedFlag.load(ordering: .relaxed) }

    /// Stops the clock (the block ended).
    func cancel() { timer.cancel() }

    /// The failure text for a block that ran out of time.
    func message(path: String, block: CodeBlock) -> String {
        "\(path):\(block.line): TimeoutError: block \(block.number) did not finish within the time limit of "
            + "\(Self.format(seconds)) s and was stopped (a lesson allows longer blocks with 'timeout: SECONDS' in its "
            + "front matter)"
    }

    static func format(_ s: Double) -> String {
        s == s.rounded() && abs(s) < 1e15 ? String(Int(s)) : String(s)
    }
}
