// OutputMatcher.swift: doctest-style comparison of a block's actual output with the output written
// in the lesson, and the line diff shown when they differ.
//
// Rules (documented in the README, "Writing a lesson"):
// - Both texts are cut into tokens: numbers, `...`, line breaks, and single other characters;
//   spaces and tabs only separate tokens, so column alignment never matters.
// - A number must be written exactly as printed: `tensor(1.)` does not match `tensor(1.0000)`, and
//   `0.77` does not match `0.7699999809265137` (round in the code instead: `round(x, 4)`, `f"{x:.4f}"`).
// - A number the author marks with `~` (`~0.2231`) matches an actual number equal to it to the digits
//   written: `~0.2231` matches `0.22314355` (rounding) and `0.22318` (truncation), not `0.2233`.
//   Writing fewer digits than PyTorch prints is thus a choice the page shows, never the default.
// - `...` matches any text, across lines too (as doctest's ELLIPSIS).
// - Blank lines at the start and end, and trailing spaces, are ignored; blank lines inside count.
// Non-goals: regular expressions, per-block tolerance settings.
import Foundation

public enum OutputMatcher {
    enum Token: Equatable {
        /// `approx`: written as `~0.2231`, compared to the digits written; otherwise compared as text.
        case number(text: String, value: Double, decimals: Int, exponent: Int, isInteger: Bool, approx: Bool)
        case ellipsis
        case newline
        case char(Character)
    }

    /// True when `actual` matches the `expected` text under the rules above.
    public static func matches(expected: String, actual: String) -> Bool {
        let e = tokenize(expected), a = tokenize(actual)
        var memo = [Int: Bool]()
        return match(e, 0, a, 0, &memo)
    }

    static func match(_ e: [Token], _ i: Int, _ a: [Token], _ j: Int, _ memo: inout [Int: Bool]) -> Bool {
        let key = i * (a.count + 1) + j
        if let m = memo[key] { return m }
        var result: Bool
        if i == e.count {
            result = j == a.count
        } else if case .ellipsis = e[i] {
            // `...` swallows zero or more actual tokens.
            result = false
            var k = j
            while k <= a.count {
                if match(e, i + 1, a, k, &memo) {
                    result = true
                    break
                }
                k += 1
            }
        } else if j < a.count && tokenMatches(e[i], a[j]) {
            result = match(e, i + 1, a, j + 1, &memo)
        } else {
            result = false
        }
        memo[key] = result
        return result
    }

    static func tokenMatches(_ e: Token, _ a: Token) -> Bool {
        switch (e, a) {
        case let (.number(et, ev, decimals, exponent, isInteger, approx), .number(at, av, _, _, _, _)):
            if !approx { return et == at }
            if isInteger { return ev == av }
            // One unit in the last written digit.
            let unit = pow(10.0, Double(exponent - decimals))
            let diff = av - ev
            if abs(diff) <= 0.5 * unit * (1 + 1e-9) { return true }  // rounded to the digits written
            let towardZero = ev >= 0 ? diff : -diff  // truncated to them
            return towardZero >= 0 && towardZero < unit * (1 - 1e-9)
        case (.ellipsis, .ellipsis), (.newline, .newline): return true
        case let (.char(x), .char(y)): return x == y
        default: return false
        }
    }

    /// Trailing spaces and leading/trailing blank lines removed.
    public static func normalize(_ s: String) -> String {
        var lines = s.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n").map { line -> String in
            var t = Substring(line)
            while let last = t.last, last == " " || last == "\t" { t = t.dropLast() }
            return String(t)
        }
        while lines.first?.isEmpty == true { lines.removeFirst() }
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines.joined(separator: "\n")
    }

    static func tokenize(_ text: String) -> [Token] {
        let chars = Array(normalize(text))
        var out: [Token] = []
        var i = 0
        func isDigit(_ c: Character) -> Bool { c >= "0" && c <= "9" }
        while i < chars.count {
            let c = chars[i]
            if c == " " || c == "\t" {
                i += 1
                continue
            }
            if c == "\n" {
                out.append(.newline)
                i += 1
                continue
            }
            if c == ".", i + 2 < chars.count, chars[i + 1] == ".", chars[i + 2] == "." {
                out.append(.ellipsis)
                i += 3
                while i < chars.count && chars[i] == "." { i += 1 }
                continue
            }
            // A number: optional '-', digits, optional '.digits', optional exponent. Digits after a
            // letter are a number too (`64x320`, `conv2`), so both sides tokenize alike whatever precedes.
            var k = i
            var approx = false
            if chars[k] == "~", k + 1 < chars.count, isDigit(chars[k + 1]) || chars[k + 1] == "-" || chars[k + 1] == "."
            {
                approx = true
                k += 1
            }
            let numberStart = k
            if chars[k] == "-" && k + 1 < chars.count
                && (isDigit(chars[k + 1]) || (chars[k + 1] == "." && k + 2 < chars.count && isDigit(chars[k + 2])))
            {
                k += 1
            }
            if k < chars.count,
                isDigit(chars[k])
                    || (chars[k] == "." && k + 1 < chars.count && isDigit(chars[k + 1])
                        && !(k > 0 && isDigit(chars[k - 1])))
            {
                var intDigits = 0, decimals = 0, hasPoint = false, exponent = 0, hasExp = false
                while k < chars.count && isDigit(chars[k]) {
                    k += 1
                    intDigits += 1
                }
                if k < chars.count && chars[k] == "." && !(k + 1 < chars.count && chars[k + 1] == ".") {
                    hasPoint = true
                    k += 1
                    while k < chars.count && isDigit(chars[k]) {
                        k += 1
                        decimals += 1
                    }
                }
                if k < chars.count, chars[k] == "e" || chars[k] == "E" {
                    var m = k + 1
                    if m < chars.count && (chars[m] == "-" || chars[m] == "+") { m += 1 }
                    if m < chars.count && isDigit(chars[m]) {
                        var expText = String(chars[(k + 1)..<m])
                        while m < chars.count && isDigit(chars[m]) {
                            expText.append(chars[m])
                            m += 1
                        }
                        exponent = Int(expText) ?? 0
                        hasExp = true
                        k = m
                    }
                }
                let text = String(chars[numberStart..<k])
                if let v = Double(
                    text.hasSuffix(".")
                        ? text + "0"
                        : (text.first == "." ? "0" + text : text.replacingOccurrences(of: "-.", with: "-0.")))
                {
                    out.append(
                        .number(
                            text: text, value: v, decimals: decimals, exponent: exponent,
                            isInteger: !hasPoint && !hasExp, approx: approx))
                    i = k
                    continue
                }
            }
            out.append(.char(c))
            i += 1
        }
        return out
    }

    /// A line diff of expected versus actual: lines only in the expected text start with `-`, lines
    /// only in the actual output with `+`, common lines with two spaces.
    public static func diff(expected: String, actual: String) -> String {
        let e = normalize(expected).components(separatedBy: "\n")
        let a = normalize(actual).components(separatedBy: "\n")
        // Longest common subsequence of lines, where a pair of lines is common when they match.
        let n = e.count, m = a.count
        var lcs = Array(repeating: Array(repeating: 0, count: m + 1), count: n + 1)
        if n > 0 && m > 0 {
            for i in stride(from: n - 1, through: 0, by: -1) {
                for j in stride(from: m - 1, through: 0, by: -1) {
                    lcs[i][j] =
                        matches(expected: e[i], actual: a[j]) && !e[i].contains("...")
                        ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
                }
            }
        }
        var out: [String] = ["--- expected", "+++ actual"]
        var i = 0, j = 0
        while i < n || j < m {
            if i < n, j < m, matches(expected: e[i], actual: a[j]), !e[i].contains("..."),
                lcs[i][j] == lcs[i + 1][j + 1] + 1
            {
                out.append("  " + a[j])
                i += 1
                j += 1
            } else if i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1]) {
                out.append("- " + e[i])
                i += 1
            } else {
                out.append("+ " + a[j])
                j += 1
            }
        }
        return out.joined(separator: "\n")
    }
}
