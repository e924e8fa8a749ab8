// Activation: the `F.relu`, `F.sigmoid`, `F.tanh` spellings of the elementwise ops in
// Elementwise.swift (forward and backward live there).

extension Functional {
    /// max(x, 0) elementwise.
    public static func relu(_ x: Tensor) -> Tensor { x.relu() }
    /// 1 / (1 + e⁻ˣ) elementwise.
    public static func sigmoid(_ x: Tensor) -> Tensor { x.sigmoid() }
    /// tanh(x) elementwise.
    public static func tanh(_ x: Tensor) -> Tensor { x.tanh() }
}
