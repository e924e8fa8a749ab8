// DisplayItem: what the interpreter hands to front ends besides plain text.
// The language knows nothing of the terminal; the console and lesson runner decide how to draw these
// (heatmaps, line charts). `fit`'s progress reports use the engine's `TrainingProgress`. Non-goals: any rendering here.

import GradEngine
import GradFigure

/// Rich output produced by `show`, `imshow`, `plot`, `evaluate(..., show=True)`.
public enum DisplayItem {
    /// Preformatted text (a table, a confusion matrix).
    case text(String)
    /// A picture: a [H, W], [1, H, W] or [N, 1, H, W] tensor (a batch draws as a grid).
    case image(Tensor, title: String?)
    /// Pictures with a caption under each (misclassified images: "true: Shirt / predicted: T-shirt/top").
    /// The tensor is [N, H, W] or [N, 1, H, W]; `captions[i]` belongs to image i.
    case captionedImages(Tensor, title: String?, captions: [String])
    /// A confusion matrix, `matrix[true class][predicted class]` counts, with the class names and a
    /// one-line summary (loss and accuracy) to print above it.
    case confusion(matrix: [[Int]], classNames: [String], summary: String)
    /// One or more series against step/epoch number.
    case lineChart(title: String, series: [(name: String, values: [Double])])
    /// A matplotlib figure from `plt.show()` (GradFigure).
    case figure(Figure)
}

extension TrainingProgress {
    /// True for the report after the last step of an epoch (front ends end their progress line).
    public var epochDone: Bool { step >= total }
}
