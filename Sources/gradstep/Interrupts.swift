// Interrupts: the one Ctrl-C mechanism of gradstep's interactive commands (`repl`, `learn`).
//
// The front end owns it: `Interrupts.install` puts CSignals' SIGINT/SIGWINCH handlers in place
// and starts the one watcher thread. The handler only counts and posts a semaphore (a signal
// handler may not call into Swift, which allocates and locks); the watcher waits on it and,
// while a command runs (the busy flag: REPL.guarded, LearnSession.guarded, `:step`), calls
// `interrupt()` on the interpreter running it, which raises KeyboardInterrupt at the next
// statement or training step. At a prompt (readline, for the REPL and learn) the handler's EINTR
// ends the read, and library code only asks whether Ctrl-C came (`gs_sigint_take`): the REPL clears
// the line, learn saves and returns 130. No library code installs handlers or exits.
//
// Signal safety (README, "How it is built"): while busy the computing thread blocks SIGINT and
// SIGWINCH, so they are handled on the watcher, which only waits, never on a thread inside oneDNN.
//
// Non-goals: piped input (no handler then: Ctrl-C ends the process like any filter), SIGTERM.

import CSignals
import Foundation
import GradScript
import Synchronization

enum Interrupts {
    /// The interpreter Ctrl-C interrupts while a command runs (asked at each Ctrl-C: `learn`
    /// replaces its interpreter when it goes back).
    private static let target = Mutex<(@Sendable () -> Interpreter?)?>(nil)
    private static let started = Atomic<Bool>(false)

    /// Installs the handlers and starts the watcher (once per process); Ctrl-C during a command
    /// then interrupts `interpreter()`. Call it only when standard input is a terminal.
    static func install(interrupting interpreter: @escaping @Sendable () -> Interpreter?) {
        target.withLock { $0 = interpreter }
        gs_signals_install()
        guard !started.exchange(true, ordering: .relaxed) else { return }
        let thread = Thread {
            while gs_sigint_wait() == 0 {
                guard gs_is_busy() != 0 else { continue }  // at a prompt: the read sees EINTR
                target.withLock { $0 }?()?.interrupt()
            }
        }
        thread.stackSize = 1 << 16
        thread.start()
    }
}
