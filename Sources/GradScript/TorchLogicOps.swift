// The torch functions and tensor methods for comparisons as functions (`torch.eq`, `torch.gt`, ...),
// bitwise and logical ops, float predicates (`isfinite`, `isnan`, `isinf`), `unique`, a little
// linear algebra (`torch.linalg.cross`, `torch.linalg.det`, `torch.linalg.matmul`), the in-place
// pointwise functions (`torch.sin_(x)`).
// Each binds to the engine op of the same meaning (Bitwise.swift, LinearAlgebra.swift).
// Non-goals: `out=` on these (refused by name), `unique(dim=)`.

import GradEngine

extension BuiltinTable {
    static let comparisons: [(String, CompareOp, String)] = [
        ("eq", .eq, "input == other"), ("ne", .ne, "input != other"), ("lt", .lt, "input < other"),
        ("le", .le, "input <= other"), ("gt", .gt, "input > other"), ("ge", .ge, "input >= other"),
        ("greater", .gt, "input > other"), ("less", .lt, "input < other"),
        ("greater_equal", .ge, "input >= other"), ("less_equal", .le, "input <= other"),
        ("not_equal", .ne, "input != other"),
    ]
    static let bitwiseOps: [(String, BitwiseOp)] = [("and", .and), ("or", .or), ("xor", .xor)]

    /// `torch.unique(...)`'s value: the sorted values, plus the inverse and counts when asked.
    static func uniqueResult(_ t: Tensor, _ b: Bound) throws -> Value {
        if b.passed("dim"), b.value("dim") != nil {
            throw ScriptError(kind: "TypeError", message: "unique(): dim= is not supported by gradstep")
        }
        let (values, inverse, counts) = t.unique()
        let inv = try b.bool("return_inverse"), cnt = try b.bool("return_counts")
        if !inv && !cnt { return .tensor(values) }
        return .tuple([.tensor(values)] + (inv ? [.tensor(inverse)] : []) + (cnt ? [.tensor(counts)] : []))
    }

    func registerLogicOps(torch: Namespace) {
        section = "torch: operations"
        for (name, op, summary) in BuiltinTable.comparisons where torch.members[name] == nil {
            def(
                "torch.\(name)", "torch.\(name)(input, other)", summary + " elementwise (a bool tensor).",
                "torch.\(name)(torch.tensor([1, 2, 3]), 2)", in: torch, unsupported: ["out"]
            ) { b, _ in
                .tensor(try Tensor.compare(try b.tensor("input"), try b.tensor("other"), op))
            }
        }
        for (name, op) in BuiltinTable.bitwiseOps {
            def(
                "torch.bitwise_\(name)", "torch.bitwise_\(name)(input, other)",
                "Bitwise \(name) of integer or bool tensors (the `\(name == "and" ? "&" : name == "or" ? "|" : "^")` "
                    + "operator).",
                "torch.bitwise_\(name)(torch.tensor([1, 5, 11]), torch.tensor([2, 7, 10]))", in: torch,
                unsupported: ["out"]
            ) { b, _ in
                .tensor(try Tensor.bitwise(try b.tensor("input"), try b.tensor("other"), op))
            }
            def(
                "torch.logical_\(name)", "torch.logical_\(name)(input, other)",
                "Logical \(name), nonzero counting as True (a bool tensor).",
                "torch.logical_\(name)(torch.tensor([True, False]), torch.tensor([True, True]))", in: torch,
                unsupported: ["out"]
            ) { b, _ in
                .tensor(try Tensor.logical(try b.tensor("input"), try b.tensor("other"), op))
            }
        }
        def(
            "torch.bitwise_not", "torch.bitwise_not(input)", "Bitwise not (the `~` operator).",
            "torch.bitwise_not(torch.tensor([0, 5]))", in: torch, unsupported: ["out"]
        ) { b, _ in .tensor(try (try b.tensor("input")).bitwiseNot()) }
        def(
            "torch.logical_not", "torch.logical_not(input)", "True where input is 0.",
            "torch.logical_not(torch.tensor([0.0, 2.0]))", in: torch, unsupported: ["out"]
        ) { b, _ in .tensor((try b.tensor("input")).logicalNot()) }
        let predicates: [(String, String, (Tensor) -> Tensor)] = [
            ("isfinite", "True where the value is neither inf nor nan.", { $0.isFinite() }),
            ("isnan", "True where the value is nan.", { $0.isNaN() }),
            ("isinf", "True where the value is +inf or -inf.", { $0.isInf() }),
        ]
        for (name, summary, f) in predicates {
            def(
                "torch.\(name)", "torch.\(name)(input)", summary,
                "torch.\(name)(torch.tensor([1.0, float('inf'), float('nan')]))", in: torch
            ) { b, _ in .tensor(f(try b.tensor("input"))) }
        }
        def(
            "torch.unique", "torch.unique(input, sorted=True, return_inverse=False, return_counts=False, dim=None)",
            "The distinct values in ascending order (with where each element's value is, and counts, when asked).",
            "torch.unique(torch.tensor([1, 2, 1, 2, 1, 2]))", in: torch
        ) { b, _ in try BuiltinTable.uniqueResult(try b.tensor("input"), b) }
        for (name, summary, f) in BuiltinTable.pointwise where torch.members[name + "_"] == nil {
            def(
                "torch.\(name)_", "torch.\(name)_(input)", "In place: " + summary,
                "torch.\(name)_(torch.tensor([0.5, 2.0]))", in: torch
            ) { b, _ in .tensor(try (try b.tensor("input")).inPlace(f)) }
        }

        let linalg = namespace("torch.linalg")
        torch.set("linalg", .object(linalg))
        section = "torch.linalg"
        def(
            "torch.linalg.cross", "torch.linalg.cross(input, other, *, dim=-1)",
            "Cross product of 3-vectors along dim (broadcasting).",
            "torch.linalg.cross(torch.tensor([1.0, 0.0, 0.0]), torch.tensor([0.0, 1.0, 0.0]))", in: linalg,
            unsupported: ["out"]
        ) { b, _ in
            .tensor(try Tensor.cross(try b.tensor("input"), try b.tensor("other"), dim: try b.int("dim")))
        }
        def(
            "torch.cross", "torch.cross(input, other, dim=None)",
            "Cross product of 3-vectors along dim (default: the first dim of size 3).",
            "torch.cross(torch.tensor([1.0, 0.0, 0.0]), torch.tensor([0.0, 1.0, 0.0]))", in: torch,
            unsupported: ["out"]
        ) { b, _ in
            let x = try b.tensor("input"), y = try b.tensor("other")
            let dim = try b.optInt("dim") ?? (x.shape.firstIndex(of: 3) ?? -1)
            return .tensor(try Tensor.cross(x, y, dim: dim))
        }
        def(
            "torch.linalg.det", "torch.linalg.det(A)", "Determinant of a square matrix (or of each in a batch).",
            "torch.linalg.det(torch.tensor([[2.0, 1.0], [1.0, 3.0]]))", in: linalg, unsupported: ["out"]
        ) { b, _ in .tensor(try (try b.tensor("A")).det()) }
        def(
            "torch.det", "torch.det(input)", "Determinant of a square matrix (or of each in a batch).",
            "torch.det(torch.tensor([[2.0, 1.0], [1.0, 3.0]]))", in: torch
        ) { b, _ in .tensor(try (try b.tensor("input")).det()) }
        def(
            "torch.linalg.matmul", "torch.linalg.matmul(input, other)", "Same as torch.matmul.",
            "torch.linalg.matmul(torch.ones(2, 3), torch.ones(3, 2))", in: linalg, unsupported: ["out"]
        ) { b, _ in .tensor(try Tensor.matmul(try b.tensor("input"), try b.tensor("other"))) }
    }
}

enum TensorLogicMethods {
    /// Adds the methods of this file to the tensor's method table.
    static func add(to m: MethodTable<Tensor>, example x: String) {
        for (name, op, summary) in BuiltinTable.comparisons where m.declaration(name) == nil {
            m.def(name, "other", summary + " elementwise (a bool tensor).", x + "x.\(name)(3)") { t, b, _ in
                .tensor(try Tensor.compare(t, try b.tensor("other"), op))
            }
        }
        for (name, op) in BuiltinTable.bitwiseOps {
            m.def(
                "bitwise_\(name)", "other", "Bitwise \(name) (integer or bool tensors).",
                "torch.tensor([1, 5]).bitwise_\(name)(3)"
            ) { t, b, _ in .tensor(try Tensor.bitwise(t, try b.tensor("other"), op))
            }
            m.def(
                "logical_\(name)", "other", "Logical \(name), nonzero counting as True.", x + "x.logical_\(name)(x)"
            ) { t, b, _ in .tensor(try Tensor.logical(t, try b.tensor("other"), op))
            }
        }
        m.def("bitwise_not", "", "Bitwise not (integer or bool tensors).", "torch.tensor([0, 5]).bitwise_not()") {
            t, _, _ in .tensor(try t.bitwiseNot())
        }
        m.def("logical_not", "", "True where the value is 0.", x + "x.logical_not()") { t, _, _ in
            .tensor(t.logicalNot())
        }
        m.def("isfinite", "", "True where the value is neither inf nor nan.", x + "x.isfinite()") { t, _, _ in
            .tensor(t.isFinite())
        }
        m.def("isnan", "", "True where the value is nan.", x + "x.isnan()") { t, _, _ in .tensor(t.isNaN()) }
        m.def("isinf", "", "True where the value is +inf or -inf.", x + "x.isinf()") { t, _, _ in .tensor(t.isInf()) }
        m.def(
            "unique", "sorted=True, return_inverse=False, return_counts=False, dim=None",
            "The distinct values in ascending order.", "torch.tensor([3, 1, 3]).unique()"
        ) { t, b, _ in try BuiltinTable.uniqueResult(t, b) }
        m.def("det", "", "Determinant of a square matrix.", x + "x.det()") { t, _, _ in .tensor(try t.det()) }
        m.def("cross", "other, dim=None", "Cross product of 3-vectors.", "torch.ones(3).cross(torch.ones(3))") {
            t, b, _ in
            let dim = try b.optInt("dim") ?? (t.shape.firstIndex(of: 3) ?? -1)
            return .tensor(try Tensor.cross(t, try b.tensor("other"), dim: dim))
        }
    }
}
