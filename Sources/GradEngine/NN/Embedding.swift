// Embedding: a lookup table of learnable vectors indexed by integers (PyTorch's nn.Embedding and
// F.embedding), forward and backward side by side.
//
//   forward:  y[p, :] = W[idx[p], :]                 for every position p of the index tensor
//   backward: dW[k, :] = Σ_{p : idx[p] = k} dy[p, :]  (repeated indices add), and dW[padding_idx] = 0
// Shapes: idx [*] (int64, any shape, 0-d included), W [num_embeddings, embedding_dim] → y [*, dim].
// Non-goals: max_norm renormalisation, scale_grad_by_freq, sparse gradients, EmbeddingBag.

extension Functional {
    /// Rows of `weight` picked by the int64 tensor `indices` (PyTorch's `F.embedding`).
    ///
    /// The gradient of the row `paddingIdx` (if given, already normalised to 0..<num_embeddings)
    /// stays zero, so that row is never trained. Indices must lie in 0..<num_embeddings.
    public static func embedding(_ indices: Tensor, weight: Tensor, paddingIdx: Int? = nil) throws -> Tensor {
        guard indices.dtype == .int64 || indices.dtype == .int32 else {
            throw EngineError(
                "",
                "Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int; "
                    + "but got torch.\(indices.dtype.legacyTypeName) instead (while checking arguments for embedding)")
        }
        guard weight.ndim == 2 else {
            throw EngineError("", "'weight' must be 2-D, got \(fmt(weight.shape))")
        }
        let rows = weight.shape[0], dim = weight.shape[1]
        let outShape = indices.shape + [dim]
        try Tensor.checkShape(outShape, op: "embedding")
        var positions = [Int](repeating: 0, count: indices.count)
        for (p, v) in indices.data.enumerated() {
            guard v >= 0, v < Float(rows) else {
                throw EngineError("", "index out of range in self", kind: .index)
            }
            positions[p] = Int(v)
        }
        let w = weight.data
        var out = [Float](repeating: 0, count: positions.count * dim)
        for (p, k) in positions.enumerated() {
            for j in 0..<dim { out[p * dim + j] = w[k * dim + j] }
        }
        let count = weight.count
        return Tensor.result(
            "embedding", shape: outShape, data: out, inputs: [weight], saves: .none, name: "EmbeddingBackward0"
        ) { g in
            var gw = [Float](repeating: 0, count: count)
            for (p, k) in positions.enumerated() where k != paddingIdx {
                for j in 0..<dim { gw[k * dim + j] += g[p * dim + j] }
            }
            return [gw]
        }
    }
}

/// `nn.Embedding(num_embeddings, embedding_dim, padding_idx=None)`: a table of `num_embeddings`
/// vectors of size `embedding_dim`; `embedding(idx)` returns the rows `idx` names.
///
/// Shape: idx [*] int64 → [*, embedding_dim].
/// Attributes: `weight` [num_embeddings, embedding_dim], initialised N(0, 1), with the row
/// `padding_idx` (if any) set to zeros; that row's gradient is always zero.
public final class Embedding: Module, @unchecked Sendable {
    public let numEmbeddings: Int
    public let embeddingDim: Int
    /// The padding row, normalised to 0..<numEmbeddings (a negative `padding_idx` counts from the end).
    public let paddingIdx: Int?

    /// A new table. `weight`, if given, is used as the table (PyTorch's `_weight=` and
    /// `from_pretrained`); otherwise it is drawn N(0, 1) from `RNG.global`.
    public init(_ numEmbeddings: Int, _ embeddingDim: Int, paddingIdx: Int? = nil, weight: Tensor? = nil) throws {
        guard numEmbeddings >= 0, embeddingDim >= 0 else {
            throw EngineError(
                "nn.Embedding",
                "num_embeddings and embedding_dim must be non-negative, got \(numEmbeddings) and \(embeddingDim)")
        }
        try Init.checkSize("nn.Embedding", [numEmbeddings, embeddingDim])
        var pad = paddingIdx
        if let p = paddingIdx {
            guard p < numEmbeddings, p >= -numEmbeddings else {
                throw EngineError("", "Padding_idx must be within num_embeddings", kind: .assertion)
            }
            if p < 0 { pad = p + numEmbeddings }
        }
        self.numEmbeddings = numEmbeddings
        self.embeddingDim = embeddingDim
        self.paddingIdx = pad
        let w: Tensor
        if let weight {
            guard weight.shape == [numEmbeddings, embeddingDim] else {
                throw EngineError(
                    "", "Shape of weight does not match num_embeddings and embedding_dim", kind: .assertion)
            }
            w = weight
        } else {
            var rng = RNG.global
            var v = [Float](repeating: 0, count: numEmbeddings * embeddingDim)
            for i in 0..<v.count { v[i] = rng.normal() }
            RNG.global = rng
            if let pad { for j in 0..<embeddingDim { v[pad * embeddingDim + j] = 0 } }
            w = Tensor(unchecked: [numEmbeddings, embeddingDim], v)
        }
        super.init()
        registerParameter("weight", w)
    }

    public override var requiredParameters: [String] { ["weight"] }

    public override var hyperParameters: [(name: String, value: HyperParameter)] {
        [
            ("num_embeddings", .int(numEmbeddings)), ("embedding_dim", .int(embeddingDim)),
            ("padding_idx", paddingIdx.map { .int($0) } ?? .none),
        ]
    }

    public override func forward(_ x: Tensor) throws -> Tensor {
        guard let w = parameter("weight") else { throw EngineError("Embedding", "the layer has no weight") }
        return try Functional.embedding(x, weight: w, paddingIdx: paddingIdx)
    }

    public override func extraRepr() -> String {
        "\(numEmbeddings), \(embeddingDim)" + (paddingIdx.map { ", padding_idx=\($0)" } ?? "")
    }
}
