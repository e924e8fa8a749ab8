// StackGuard: deep recursion in a script ends in RecursionError, never in a stack overflow.
// The call-depth limit covers ordinary recursion; this guard also covers recursion whose every level
// nests large expressions, and interpreters running on threads with small stacks. At the start of a
// run it reads the current thread's stack size once; every call then compares the stack pointer
// (the address of a local) against a floor: half the thread's stack below the entry point.
// Non-goals: guarding Swift code outside the interpreter (engine ops are iterative).

import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

enum StackGuard {
    /// Lowest safe stack address for the current thread, measured from `entry` (the stack address
    /// when the interpreter was entered): half the thread's stack size below it (0: no check).
    static func floor(entry: Int) -> Int {
        var size = Thread.isMainThread ? mainStackSize() : Thread.current.stackSize
        if size <= 0 { size = 512 << 10 }
        return entry - size / 2
    }

    static func mainStackSize() -> Int {
        var r = rlimit()
        #if canImport(Glibc)
        guard getrlimit(Int32(RLIMIT_STACK.rawValue), &r) == 0 else { return 8 << 20 }
        #else
        guard getrlimit(RLIMIT_STACK, &r) == 0 else { return 8 << 20 }
        #endif
        if r.rlim_cur > 1 << 30 { return 8 << 20 }  // unlimited or huge: assume the usual 8 MiB
        return Int(r.rlim_cur)
    }

    @inline(never)
    static func currentAddress() -> Int {
        var x = 0
        return withUnsafeMutablePointer(to: &x) { Int(bitPattern: $0) }
    }
}

extension Interpreter {
    /// Throws RecursionError when the stack is nearly used up.
    @inline(__always)
    func checkStack() throws {
        if stackFloor != 0 && StackGuard.currentAddress() < stackFloor {
            throw ScriptError(
                kind: "RecursionError", message: "maximum recursion depth exceeded (the program nests calls too deeply)"
            )
        }
    }
}
