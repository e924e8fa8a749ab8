// PyMath: the rest of Python's `math` module (Builtins.swift declares sqrt, exp, log, sin, cos,
// tanh, floor, ceil, log2, log10, fabs, isnan and the constants): log with a base, pow, trig and
// hyperbolic functions, isclose, isinf, isfinite, prod, fsum, gcd, lcm, factorial, comb, perm,
// degrees, radians, hypot, trunc, copysign, erf, erfc, gamma, lgamma, tau.
// Errors are Python's: `math domain error` (ValueError), OverflowError for results past float range.
// Non-goals: exact ints beyond 64 bits (factorial(21) is an OverflowError here).

import Foundation
import GradEngine

extension BuiltinTable {
    func registerMath() {
        guard case .object(let math as Namespace)? = modules["math"] else { return }
        section = "math"
        math.set("tau", .float(2 * Double.pi))
        let unary: [(String, (Double) -> Double, String)] = [
            ("tan", Foundation.tan, "Tangent (radians)."), ("asin", Foundation.asin, "Arc sine, in radians."),
            ("acos", Foundation.acos, "Arc cosine, in radians."), ("atan", Foundation.atan, "Arc tangent, in radians."),
            ("sinh", Foundation.sinh, "Hyperbolic sine."), ("cosh", Foundation.cosh, "Hyperbolic cosine."),
            ("asinh", Foundation.asinh, "Inverse hyperbolic sine."),
            ("acosh", Foundation.acosh, "Inverse hyperbolic cosine."),
            ("atanh", Foundation.atanh, "Inverse hyperbolic tangent."),
            ("expm1", Foundation.expm1, "exp(x) - 1, accurate near 0."),
            ("log1p", Foundation.log1p, "log(1 + x), accurate near 0."), ("erf", Foundation.erf, "The error function."),
            ("erfc", Foundation.erfc, "1 - erf(x)."), ("gamma", Foundation.tgamma, "The gamma function."),
            ("lgamma", Foundation.lgamma, "log|gamma(x)|."), ("exp2", Foundation.exp2, "2 ** x."),
            ("degrees", { $0 * 180 / Double.pi }, "Radians to degrees."),
            ("radians", { $0 * Double.pi / 180 }, "Degrees to radians."),
        ]
        for (n, f, summary) in unary {
            def(
                "math.\(n)", "math.\(n)(x, /)", summary, "import math\nmath.\(n)(\(n == "acosh" ? "1.5" : "0.5"))",
                in: math
            ) { b, _ in
                let x = try b.double("x")
                let r = f(x)
                if r.isNaN && !x.isNaN { throw valueError("math domain error") }
                if r.isInfinite && x.isFinite {
                    if ["gamma", "lgamma"].contains(n) && x == x.rounded() && x <= 0 {
                        throw valueError("math domain error")
                    }
                    throw ScriptError(kind: "OverflowError", message: "math range error")
                }
                return .float(r)
            }
        }
        // log with an optional base replaces the one-argument declaration.
        def(
            "math.log", "math.log(x, base=None, /)", "Natural logarithm, or the logarithm to base.",
            "import math\nmath.log(8, 2)", in: math
        ) { b, _ in
            let x = try b.double("x")
            guard x > 0 else { throw valueError("math domain error") }
            guard let base = try b.optDouble("base") else { return .float(Foundation.log(x)) }
            guard base > 0, base != 1 else {
                throw base == 1
                    ? ScriptError(kind: "ZeroDivisionError", message: "float division by zero")
                    : valueError("math domain error")
            }
            return .float(Foundation.log(x) / Foundation.log(base))
        }
        def("math.pow", "math.pow(x, y, /)", "x ** y as floats.", "import math\nmath.pow(2, 10)", in: math) { b, _ in
            let x = try b.double("x"), y = try b.double("y")
            let r = Foundation.pow(x, y)
            if r.isNaN && !x.isNaN && !y.isNaN { throw valueError("math domain error") }
            if r.isInfinite && x.isFinite && y.isFinite {
                if x == 0 { throw valueError("math domain error") }
                throw ScriptError(kind: "OverflowError", message: "math range error")
            }
            return .float(r)
        }
        def(
            "math.atan2", "math.atan2(y, x, /)", "The angle of the point (x, y), in radians.",
            "import math\nmath.atan2(1, 1)", in: math
        ) { b, _ in
            .float(Foundation.atan2(try b.double("y"), try b.double("x")))
        }
        def(
            "math.hypot", "math.hypot(*coordinates)", "The Euclidean length of the coordinates.",
            "import math\nmath.hypot(3, 4)", in: math
        ) { b, _ in
            .float(try b.rest.map { try toDouble($0, "math.hypot()") }.reduce(0) { $0 + $1 * $1 }.squareRoot())
        }
        def(
            "math.copysign", "math.copysign(x, y, /)", "x with the sign of y.", "import math\nmath.copysign(2, -1)",
            in: math
        ) { b, _ in
            .float(Foundation.copysign(try b.double("x"), try b.double("y")))
        }
        def(
            "math.trunc", "math.trunc(x, /)", "x rounded toward 0, as an int.", "import math\nmath.trunc(-2.5)",
            in: math
        ) { b, _ in
            switch b.raw("x") ?? .none {
            case .int(let i): return .int(i)
            case let v:
                let d = try toDouble(v, "math.trunc()")
                guard d.isFinite, Swift.abs(d) < 9.2e18 else {
                    throw ScriptError(kind: "OverflowError", message: "cannot convert float \(d) to integer")
                }
                return .int(Int(d.rounded(.towardZero)))
            }
        }
        def(
            "math.isclose", "math.isclose(a, b, *, rel_tol=1e-09, abs_tol=0.0)",
            "Whether a and b are equal within the tolerances.",
            "import math\nmath.isclose(0.1 + 0.2, 0.3)", in: math
        ) { b, _ in
            let x = try b.double("a"), y = try b.double("b"), rt = try b.double("rel_tol"), at = try b.double("abs_tol")
            guard rt >= 0, at >= 0 else { throw valueError("tolerances must be non-negative") }
            if x == y { return .bool(true) }
            if x.isInfinite || y.isInfinite { return .bool(false) }
            let d = Swift.abs(x - y)
            return .bool(d <= Swift.max(rt * Swift.max(Swift.abs(x), Swift.abs(y)), at))
        }
        def(
            "math.isinf", "math.isinf(x, /)", "Whether x is an infinity.", "import math\nmath.isinf(math.inf)", in: math
        ) { b, _ in
            .bool(try b.double("x").isInfinite)
        }
        def(
            "math.isfinite", "math.isfinite(x, /)", "Whether x is neither an infinity nor NaN.",
            "import math\nmath.isfinite(1.0)", in: math
        ) { b, _ in
            .bool(try b.double("x").isFinite)
        }
        def(
            "math.fsum", "math.fsum(iterable, /)", "An accurate float sum (compensated).",
            "import math\nmath.fsum([0.1] * 10)", in: math
        ) { b, interp in
            // Shewchuk's algorithm, as CPython: exact partial sums, rounded once.
            var partials: [Double] = []
            for v in try interp.toList(b.raw("iterable") ?? .none) {
                var x = try toDouble(v, "math.fsum()")
                var i = 0
                for var y in partials {
                    if Swift.abs(x) < Swift.abs(y) { swap(&x, &y) }
                    let hi = x + y
                    let lo = y - (hi - x)
                    if lo != 0 {
                        partials[i] = lo
                        i += 1
                    }
                    x = hi
                }
                partials.removeSubrange(i...)
                partials.append(x)
            }
            return .float(partials.reduce(0, +))
        }
        def(
            "math.prod", "math.prod(iterable, /, *, start=1)", "The product of the items.",
            "import math\nmath.prod([2, 3, 4])", in: math
        ) { b, interp in
            var acc = b.raw("start") ?? .int(1)
            let next = try interp.iterate(b.raw("iterable") ?? .none)
            while let x = try next() { acc = try interp.binaryOp(.mul, acc, x) }
            return acc
        }
        def(
            "math.gcd", "math.gcd(*integers)", "The greatest common divisor.", "import math\nmath.gcd(12, 18)", in: math
        ) { b, _ in
            var g = 0
            for v in b.rest {
                var x = try toInt(v, "math.gcd()").magnitude, y = UInt(g)
                while x != 0 { (x, y) = (y % x, x) }
                guard let r = Int(exactly: y) else {  // gcd(-2**63) is 2**63
                    throw ScriptError(kind: "OverflowError", message: "math.gcd: result does not fit in 64 bits")
                }
                g = r
            }
            return .int(g)
        }
        def("math.lcm", "math.lcm(*integers)", "The least common multiple.", "import math\nmath.lcm(4, 6)", in: math) {
            b, _ in
            var l = 1
            for v in b.rest {
                let i = try toInt(v, "math.lcm()")
                if i == 0 { return .int(0) }
                guard i != Int.min else {
                    throw ScriptError(kind: "OverflowError", message: "math.lcm: result does not fit in 64 bits")
                }
                let x = Swift.abs(i)
                var a = l, c = x
                while c != 0 { (a, c) = (c, a % c) }
                let (m, o) = (l / a).multipliedReportingOverflow(by: x)
                if o { throw ScriptError(kind: "OverflowError", message: "math.lcm: result does not fit in 64 bits") }
                l = m
            }
            return .int(l)
        }
        def(
            "math.factorial", "math.factorial(n, /)", "n! for an int n >= 0.", "import math\nmath.factorial(5)",
            in: math
        ) { b, _ in
            guard case .int(let n)? = b.raw("n") else {
                throw typeError("'\(b.raw("n")?.typeName ?? "NoneType")' object cannot be interpreted as an integer")
            }
            guard n >= 0 else { throw valueError("factorial() not defined for negative values") }
            var r = 1
            if n > 1 {
                for k in 2...n {
                    let (m, o) = r.multipliedReportingOverflow(by: k)
                    if o {
                        throw ScriptError(
                            kind: "OverflowError", message: "factorial(\(n)) does not fit in 64 bits (gradstep's ints)")
                    }
                    r = m
                }
            }
            return .int(r)
        }
        for n in ["comb", "perm"] {
            def(
                "math.\(n)", "math.\(n)(n, k\(n == "perm" ? "=None" : ""), /)",
                n == "comb" ? "Ways to choose k of n items." : "Ordered ways to choose k of n items.",
                "import math\nmath.\(n)(5, 2)", in: math
            ) { b, _ in
                let total = try b.int("n")
                let k = try b.optInt("k") ?? total
                guard total >= 0, k >= 0 else { throw valueError("n must be a non-negative integer") }
                if k > total { return .int(0) }
                var r = 1
                let steps = n == "comb" ? Swift.min(k, total - k) : k
                if steps > 0 {
                    for i in 0..<steps {
                        let (m, o) = r.multipliedReportingOverflow(by: total - i)
                        if o {
                            throw ScriptError(
                                kind: "OverflowError", message: "math.\(n): result does not fit in 64 bits")
                        }
                        r = n == "comb" ? m / (i + 1) : m
                    }
                }
                return .int(r)
            }
        }
    }
}
