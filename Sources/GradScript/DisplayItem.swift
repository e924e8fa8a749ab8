// DisplayItem: what the interpreter hands to front ends besides plain text.
// The language knows nothing of the terminal; the console and lesson runner decide how to draw these
// (heatmaps, line charts). `fit`'s progress reports use the engine's `TrainingProgress`. Non-goals: any rendering here.

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


extension TrainingProgress {
    /// True for the report after the last step of an epoch (front ends end their progress line).
    public var epochDone: Bool { step >= total }
}
