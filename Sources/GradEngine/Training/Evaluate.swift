// Evaluate: loss, accuracy, confusion matrix and misclassified samples of a model on a dataset.
//
// Runs in eval mode (dropout off) under `noGrad`, batch by batch in dataset order, without moving
// the loader's position (so evaluating never disturbs a training run's shuffling). The model's
// previous train/eval mode is restored afterwards.
//
// Non-goals: metrics beyond accuracy (precision/recall can be read off the confusion matrix).

import Foundation

/// The result of `evaluate`.
public struct Evaluation: Sendable, CustomStringConvertible {
    /// Mean loss per sample.
    public let loss: Double
    /// Fraction correct (0...1).
    public let accuracy: Double
    public let correct: Int
    public let total: Int
    /// confusion[true class][predicted class] = count.
    public let confusion: [[Int]]
    public let classNames: [String]
    /// Dataset indices of the misclassified samples, ascending.
    public let misclassified: [Int]
    /// The predicted class of every sample, by dataset index.
    public let predictions: [Int]

    /// Accuracy of each true class (nan for a class with no samples).
    public var perClassAccuracy: [Double] {
        confusion.enumerated().map { i, row in
            let n = row.reduce(0, +)
            return n > 0 ? Double(row[i]) / Double(n) : .nan
        }
    }

    /// The PyTorch example's summary line: `Test set: Average loss: 0.5123, Accuracy: 8123/10000 (81%)`.
    public var summary: String {
        String(format: "Test set: Average loss: %.4f, Accuracy: %d/%d (%.0f%%)", loss, correct, total, 100 * accuracy)
    }

    /// The summary and the confusion matrix as a plain table (rows: true class, columns: predicted).
    public var description: String {
        let k = confusion.count
        let labelWidth = min(14, (classNames.map(\.count).max() ?? 1))
        let cellWidth = max(5, String(confusion.flatMap { $0 }.max() ?? 0).count + 1)
        var s = summary + "\nConfusion matrix (rows: true class, columns: predicted)\n"
        s += String(repeating: " ", count: labelWidth + 1)
        for j in 0..<k { s += pad(String(j), cellWidth) }
        s += "\n"
        for i in 0..<k {
            let name = String(classNames[i].prefix(labelWidth))
            s += name + String(repeating: " ", count: labelWidth - name.count + 1)
            for j in 0..<k { s += pad(String(confusion[i][j]), cellWidth) }
            if i < k - 1 { s += "\n" }
        }
        return s
    }

    private func pad(_ s: String, _ w: Int) -> String { String(repeating: " ", count: max(0, w - s.count)) + s }
}

/// Evaluates `model` on every sample of `loader.dataset` (in order, in batches of the loader's size).
/// `lossFn` returns the mean loss of a batch; the result's `loss` is the mean over samples.
public func evaluate(model: Module, loader: DataLoader, lossFn: LossFunction = crossEntropyLoss) throws -> Evaluation {
    let ds = loader.dataset
    let k = ds.numClasses
    guard ds.count > 0 else { throw EngineError("evaluate", "the dataset is empty") }
    let wasTraining = model.training
    model.eval()
    defer { model.train(wasTraining) }
    var confusion = [[Int]](repeating: [Int](repeating: 0, count: k), count: k)
    var predictions = [Int](repeating: 0, count: ds.count)
    var misclassified: [Int] = []
    var lossSum = 0.0, correct = 0
    try noGrad {
        var lo = 0
        while lo < ds.count {
            let hi = lo + min(loader.batchSize, ds.count - lo)
            let batch = try loader.gather(Array(lo..<hi))
            let out = try model(batch.data)
            guard out.ndim == 2, out.shape[0] == hi - lo, out.shape[1] == k else {
                throw EngineError(
                    "evaluate", "expected model output [\(hi - lo), \(k)] (one score per class), got \(fmt(out.shape))")
            }
            let l = try lossFn(out, batch.target)
            guard l.count == 1 else {
                throw EngineError("evaluate", "the loss must be a single value, got shape \(fmt(l.shape))")
            }
            lossSum += Double(l.data[0]) * Double(hi - lo)
            out.data.withUnsafeBufferPointer { o in
                for r in 0..<(hi - lo) {
                    var best = 0
                    var bv = o[r * k]
                    for j in 1..<k where o[r * k + j] > bv {
                        bv = o[r * k + j]
                        best = j
                    }
                    let idx = lo + r
                    let truth = ds.labelValues[idx]
                    predictions[idx] = best
                    confusion[truth][best] += 1
                    if best == truth { correct += 1 } else { misclassified.append(idx) }
                }
            }
            lo = hi
        }
    }
    return Evaluation(
        loss: lossSum / Double(ds.count), accuracy: Double(correct) / Double(ds.count),
        correct: correct, total: ds.count, confusion: confusion, classNames: ds.classNames,
        misclassified: misclassified, predictions: predictions)
}

/// Evaluates `model` on one epoch of any batch source (a DataLoader over a user Dataset or a
/// TensorDataset): the classes are the columns of the model's output [N, C], the targets must be
/// class indices 0..<C. Samples are numbered in the order the source gives them.
public func evaluate(
    model: Module, batches source: any BatchSource, lossFn: LossFunction = crossEntropyLoss
) throws -> Evaluation {
    let wasTraining = model.training
    model.eval()
    defer { model.train(wasTraining) }
    var k = 0
    var confusion: [[Int]] = []
    var predictions: [Int] = []
    var misclassified: [Int] = []
    var lossSum = 0.0, correct = 0
    try noGrad {
        try source.startEpoch()
        while let batch = try source.nextBatch() {
            let out = try model(batch.data)
            let n = batch.target.shape.first ?? 0
            guard out.ndim == 2, batch.target.ndim == 1, out.shape[0] == n, out.shape[1] > 0 else {
                throw EngineError(
                    "evaluate",
                    "expected model output [N, classes] and targets [N] (class indices), got \(fmt(out.shape)) and "
                        + "\(fmt(batch.target.shape))")
            }
            if k == 0 {
                k = out.shape[1]
                confusion = [[Int]](repeating: [Int](repeating: 0, count: k), count: k)
            }
            guard out.shape[1] == k else {
                throw EngineError("evaluate", "the model gave \(out.shape[1]) scores per sample, then \(k)")
            }
            let l = try lossFn(out, batch.target)
            guard l.count == 1 else {
                throw EngineError("evaluate", "the loss must be a single value, got shape \(fmt(l.shape))")
            }
            lossSum += Double(l.data[0]) * Double(n)
            let scores = out.data, targets = batch.target.data
            for r in 0..<n {
                let t = targets[r]
                guard t == t.rounded(), t >= 0, t < Float(k) else {
                    throw EngineError(
                        "evaluate", "targets must be class indices 0..\(k - 1) (the model's outputs), got \(t)")
                }
                var best = 0
                for j in 1..<k where scores[r * k + j] > scores[r * k + best] { best = j }
                let truth = Int(t)
                confusion[truth][best] += 1
                if best == truth { correct += 1 } else { misclassified.append(predictions.count) }
                predictions.append(best)
            }
        }
    }
    let total = predictions.count
    guard total > 0 else { throw EngineError("evaluate", "the dataset is empty") }
    return Evaluation(
        loss: lossSum / Double(total), accuracy: Double(correct) / Double(total), correct: correct, total: total,
        confusion: confusion, classNames: (0..<k).map(String.init), misclassified: misclassified,
        predictions: predictions)
}
