// RecurrentReferenceTests: nn.RNN / LSTM / GRU, their cells, Embedding, LayerNorm and gradient
// clipping against PyTorch's own outputs, recorded in Tests/Fixtures/recurrent-torch.json by
// scripts/record-recurrent-reference.py (torch 2.15). Each case loads PyTorch's parameters by name,
// runs the same input (and initial state), and compares the outputs, every parameter's gradient
// and the gradients of the input and state for loss = Σ (out ⊙ w) with the recorded w.
// Tolerances: float32 (1e-5 + 1e-4·|x|).

import Foundation
import GradEngine
import XCTest

final class RecurrentReferenceTests: XCTestCase {
    nonisolated(unsafe) static let fixture: [String: Any] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/recurrent-torch.json")
        guard let d = try? Data(contentsOf: url), let j = try? JSONSerialization.jsonObject(with: d) as? [String: Any]
        else { return [:] }
        return j
    }()

    func section(_ k: String) throws -> [String: Any] {
        try XCTUnwrap(
            Self.fixture[k] as? [String: Any],
            "fixture section \(k) missing (run "
                + "scripts/record-recurrent-reference.py)")
    }
    func floats(_ v: Any?) -> [Float] { (v as? [Any] ?? []).map { Float(($0 as? NSNumber)?.doubleValue ?? .nan) } }
    func ints(_ v: Any?) -> [Int] { (v as? [Any] ?? []).map { ($0 as? NSNumber)?.intValue ?? -1 } }
    /// A recorded `{"shape": ..., "values": ...}`.
    func recorded(_ v: Any?) throws -> Tensor {
        let d = try XCTUnwrap(v as? [String: Any])
        return try Tensor(shape: ints(d["shape"]), data: floats(d["values"]))
    }
    /// The same weights as the recorder: sin-based values (see `filled` in the script).
    func filled(_ shape: [Int], _ scale: Double, _ shift: Double) throws -> Tensor {
        let n = shape.reduce(1, *)
        var v = [Float](repeating: 0, count: n)
        for i in 0..<n {
            let d = Double(i)
            let s: Double = sin(1.3 * d + shift) * scale
            v[i] = Float(s + 0.05 * Double(i % 3))
        }
        return try Tensor(shape: shape, data: v)
    }

    func kind(_ module: String, _ kwargs: [String: Any]) -> RecurrentKind {
        switch module {
        case "LSTM", "LSTMCell": return .lstm
        case "GRU", "GRUCell": return .gru
        default: return kwargs["nonlinearity"] as? String == "relu" ? .rnnReLU : .rnnTanh
        }
    }

    func testRecurrentLayersAndCellsMatchPyTorch() throws {
        let cases = try section("recurrent")
        XCTAssertEqual(cases.count, 29)
        for (name, any) in cases.sorted(by: { $0.key < $1.key }) {
            let c = try XCTUnwrap(any as? [String: Any])
            let module = try XCTUnwrap(c["module"] as? String)
            let kw = try XCTUnwrap(c["kwargs"] as? [String: Any])
            let k = kind(module, kw)
            let inSize = (kw["input_size"] as? Int) ?? 0, hidden = (kw["hidden_size"] as? Int) ?? 0
            let bias = (kw["bias"] as? Bool) ?? true
            let m: Module
            let isCell = module.hasSuffix("Cell")
            if isCell {
                m = try RecurrentCell(k, inputSize: inSize, hiddenSize: hidden, bias: bias)
            } else {
                m = try RecurrentLayer(
                    k, inputSize: inSize, hiddenSize: hidden, numLayers: (kw["num_layers"] as? Int) ?? 1, bias: bias,
                    batchFirst: (kw["batch_first"] as? Bool) ?? false,
                    bidirectional: (kw["bidirectional"] as? Bool) ?? false)
            }
            XCTAssertEqual(m.description, c["repr"] as? String, "\(name) repr")
            let params = try XCTUnwrap(c["params"] as? [String: Any])
            XCTAssertEqual(Set(m.namedParameters().map(\.0)), Set(params.keys), "\(name) parameter names")
            for (pname, p) in m.namedParameters() {
                let want = try recorded(params[pname])
                XCTAssertEqual(p.shape, want.shape, "\(name) \(pname) shape")
                p.data = want.data
            }
            let x = try recorded(c["input"])
            x.requiresGrad = true
            let h0 = try c["h0"].map { try recorded($0) }, c0 = try c["c0"].map { try recorded($0) }
            h0?.requiresGrad = true
            c0?.requiresGrad = true
            var outs: [(String, Tensor)] = []
            if let cell = m as? RecurrentCell {
                let (h, cc) = try cell.forward(x, hx: h0, cx: c0)
                outs = [("h", h)] + (cc.map { [("c", $0)] } ?? [])
            } else if let layer = m as? RecurrentLayer {
                let (o, h, cc) = try layer.forward(x, hx: h0, cx: c0)
                outs = [("output", o), ("h", h)] + (cc.map { [("c", $0)] } ?? [])
            }
            var loss = Tensor(0)
            for (key, t) in outs {
                assertClose(t, try recorded(c[key]), "\(name) \(key)")
                let w = try filled(t.shape, 1.0, 5.0 + Double(key.count))
                loss = try Tensor.add(loss, try Tensor.mul(t, w).sum())
            }
            try loss.backward()
            let grads = try XCTUnwrap(c["grads"] as? [String: Any])
            for (pname, p) in m.namedParameters() {
                let g = try XCTUnwrap(p.grad, "\(name) \(pname) has no gradient")
                assertClose(g, try Tensor(shape: p.shape, data: floats(grads[pname])), "\(name) d\(pname)")
            }
            assertClose(try XCTUnwrap(x.grad), try Tensor(shape: x.shape, data: floats(c["grad_input"])), "\(name) dx")
            if let h0 {
                assertClose(
                    try XCTUnwrap(h0.grad), try Tensor(shape: h0.shape, data: floats(c["grad_h0"])),
                    "\(name) "
                        + "dh0")
            }
            if let c0 {
                assertClose(
                    try XCTUnwrap(c0.grad), try Tensor(shape: c0.shape, data: floats(c["grad_c0"])),
                    "\(name) "
                        + "dc0")
            }
        }
    }

    func testEmbeddingMatchesPyTorch() throws {
        let e = try section("embedding")
        let m = try Embedding(6, 3, paddingIdx: 2)
        XCTAssertEqual(m.description, e["repr"] as? String)
        let w = try XCTUnwrap(m.parameter("weight"))
        XCTAssertEqual(w.data[6..<9].map { $0 }, [0, 0, 0], "the padding row starts at zero")
        w.data = floats(e["weight"])
        let idx = try Tensor(shape: [2, 3], data: ints(e["indices"]).map(Float.init), dtype: .int64)
        let y = try m(idx)
        assertClose(y, try recorded(e["output"]), "embedding output")
        XCTAssertEqual(y.gradFn?.name, "EmbeddingBackward0")
        try Tensor.mul(y, try filled(y.shape, 1.0, 1.5)).sum().backward()
        assertClose(try XCTUnwrap(w.grad), try Tensor(shape: [6, 3], data: floats(e["grad_weight"])), "embedding dW")
        XCTAssertEqual(try Embedding(4, 2, paddingIdx: -1).parameter("weight")?.data[6...].map { $0 }, [0, 0])
    }

    func testLayerNormMatchesPyTorch() throws {
        let e = try section("layer_norm")
        let ln = try LayerNorm([3, 4])
        XCTAssertEqual(ln.description, e["repr"] as? String)
        XCTAssertEqual(try LayerNorm([5], eps: 1e-3, elementwiseAffine: false).description, e["repr_plain"] as? String)
        let w = try XCTUnwrap(ln.parameter("weight")), b = try XCTUnwrap(ln.parameter("bias"))
        w.data = floats(e["weight"])
        b.data = floats(e["bias"])
        let x = try recorded(e["input"])
        x.requiresGrad = true
        let y = try ln(x)
        assertClose(y, try recorded(e["output"]), "layer_norm output")
        try Tensor.mul(y, try filled(y.shape, 1.0, 3.0)).sum().backward()
        assertClose(try XCTUnwrap(x.grad), try Tensor(shape: x.shape, data: floats(e["grad_input"])), "layer_norm dx")
        assertClose(try XCTUnwrap(w.grad), try Tensor(shape: [3, 4], data: floats(e["grad_weight"])), "layer_norm dw")
        assertClose(try XCTUnwrap(b.grad), try Tensor(shape: [3, 4], data: floats(e["grad_bias"])), "layer_norm db")
        let x2 = try recorded(e["plain_input"])
        x2.requiresGrad = true
        let y2 = try Functional.layerNorm(x2, normalizedShape: [5], weight: nil, bias: nil, eps: 1e-3)
        assertClose(y2, try recorded(e["plain_output"]), "F.layer_norm output")
        try Tensor.mul(y2, try filled(y2.shape, 1.0, 4.0)).sum().backward()
        assertClose(
            try XCTUnwrap(x2.grad), try Tensor(shape: x2.shape, data: floats(e["plain_grad"])),
            "F.layer_norm "
                + "dx")
    }

    func testGradientClippingMatchesPyTorch() throws {
        let e = try section("clip")
        for (i, any) in try XCTUnwrap(e["norm"] as? [Any]).enumerated() {
            let c = try XCTUnwrap(any as? [String: Any])
            let before = try XCTUnwrap(c["before"] as? [Any]), after = try XCTUnwrap(c["after"] as? [Any])
            let ps = [try Tensor.zeros([2, 3]), try Tensor.zeros([4])]
            for (p, b) in zip(ps, before) { p.grad = try Tensor(shape: p.shape, data: floats(b)) }
            let normType = c["norm_type"] as? String == "inf" ? Double.infinity : (c["norm_type"] as? Double ?? 2)
            let total = try ClipGrad.clipGradNorm(ps, maxNorm: c["max_norm"] as? Double ?? 0, normType: normType)
            assertClose(total, Tensor(Float(c["total"] as? Double ?? .nan)), "clip case \(i) total norm")
            for (j, (p, a)) in zip(ps, after).enumerated() {
                assertClose(
                    try XCTUnwrap(p.grad), try Tensor(shape: p.shape, data: floats(a)),
                    "clip case \(i) grad "
                        + "\(j)")
            }
        }
        let v = try XCTUnwrap(e["value"] as? [String: Any])
        let p = try Tensor.zeros([2, 3])
        p.grad = try Tensor(shape: [2, 3], data: floats(v["before"]))
        ClipGrad.clipGradValue([p], clipValue: v["clip"] as? Double ?? 0)
        assertClose(try XCTUnwrap(p.grad), try Tensor(shape: [2, 3], data: floats(v["after"])), "clip_grad_value_")
    }
}
