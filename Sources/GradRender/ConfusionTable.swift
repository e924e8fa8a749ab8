// ConfusionTable: an evaluation's confusion matrix as a table with class names.
//
//   confusion matrix (rows: true class, columns: predicted class)
//                     0    1    2  recall
//   0 T-shirt/top   812    3   40   81.2%
//   ...
//   accuracy 77.0% (7700 of 10000)
// The diagonal (correct predictions) is bold when colour is on. Row `recall` is the fraction of
// that class's images classified correctly.
//
// Non-goals: normalised matrices, plots of the matrix.

import Foundation

public enum ConfusionTable {
    /// The table for `matrix[true][predicted]` counts and the class names (indices when missing).
    public static func render(_ matrix: [[Int]], classNames: [String], colorMode: ColorMode = .none) -> String {
        let c = matrix.count
        guard c > 0 else { return "confusion matrix: (empty)" }
        let names = (0..<c).map { i in i < classNames.count ? classNames[i] : String(i) }
        let labelW = (0..<c).map { "\($0) \(names[$0])".count }.max() ?? 1
        let maxCount = matrix.flatMap { $0 }.max() ?? 0
        let cellW = max(4, String(maxCount).count + 1, String(c - 1).count + 1)
        func padL(_ s: String, _ w: Int) -> String { String(repeating: " ", count: max(0, w - s.count)) + s }
        func padR(_ s: String, _ w: Int) -> String { s + String(repeating: " ", count: max(0, w - s.count)) }
        var lines = ["confusion matrix (rows: true class, columns: predicted class)"]
        lines.append(padR("", labelW) + (0..<c).map { padL(String($0), cellW) }.joined() + "  recall")
        var correct = 0, all = 0
        for i in 0..<c {
            var row = padR("\(i) \(names[i])", labelW)
            let counts = (0..<c).map { j in j < matrix[i].count ? matrix[i][j] : 0 }
            for (j, v) in counts.enumerated() {
                let cell = padL(String(v), cellW)
                row += (i == j && colorMode != .none) ? ANSI.bold + cell + ANSI.reset : cell
            }
            let rowSum = counts.reduce(0, +)
            let diag = i < counts.count ? counts[i] : 0
            correct += diag
            all += rowSum
            row += rowSum > 0 ? padL(String(format: "%.1f%%", 100 * Double(diag) / Double(rowSum)), 8) : padL("-", 8)
            lines.append(row)
        }
        if all > 0 {
            lines.append(
                String(format: "accuracy %.1f%% (%d of %d)", 100 * Double(correct) / Double(all), correct, all))
        }
        return lines.joined(separator: "\n")
    }
}
