// DisplayItem and TrainingProgress: what the interpreter hands to front ends besides plain text.
// The language knows nothing of the terminal; the console and lesson runner decide how to draw these
// (heatmaps, line charts, progress bars). Non-goals: any rendering here.

import GradEngine

/// Rich output produced by `show`, `imshow`, `plot`, `evaluate(..., show=True)`.
public enum DisplayItem {
    /// Preformatted text (a table, a confusion matrix).
    case text(String)
    /// A picture: a [H, W], [1, H, W] or [N, 1, H, W] tensor (a batch draws as a grid).
    case image(Tensor, title: String?)
    /// One or more series against step/epoch number.
    case lineChart(title: String, series: [(name: String, values: [Double])])
}

/// One progress report of `fit` (a training step finished).
public struct TrainingProgress: Sendable {
    /// 1-based epoch and the number of epochs.
    public var epoch: Int
    public var epochs: Int
    /// Steps done in this epoch and the steps per epoch.
    public var step: Int
    public var total: Int
    /// Running mean loss and accuracy (0...1) over this epoch so far.
    public var loss: Double
    public var accuracy: Double?
    /// Seconds since this epoch started.
    public var elapsed: Double
    /// True for the report after the last step of an epoch.
    public var epochDone: Bool

    public init(epoch: Int, epochs: Int, step: Int, total: Int, loss: Double, accuracy: Double?,
                elapsed: Double, epochDone: Bool) {
        self.epoch = epoch
        self.epochs = epochs
        self.step = step
        self.total = total
        self.loss = loss
        self.accuracy = accuracy
        self.elapsed = elapsed
        self.epochDone = epochDone
    }
}
