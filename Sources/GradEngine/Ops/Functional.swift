// Functional: the `F` namespace (PyTorch's torch.nn.functional). The ops live in their concept
// files (Matmul.swift: linear; Conv.swift; Pooling.swift; Activation.swift; Softmax.swift;
// Losses.swift; Dropout.swift) as extensions of this enum.

/// PyTorch's `torch.nn.functional`: stateless layer ops.
public enum Functional {}

/// How a loss reduces its per-element values.
public enum Reduction: String, Sendable, CaseIterable {
    case mean, sum, none
}
