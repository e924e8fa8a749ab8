// DTypeTests: float16, bfloat16, int8, int16 and uint8 tensors (rounding and wrap-around after every
// op, promotion, printing, conversions, finfo/iinfo, autograd through float16, errors) and
// `import torch.functional`, and float64 network ops (Fixtures/float64_nn.py), run as scripts; their
// output must equal PyTorch's, recorded in Fixtures/dtypes.out and Fixtures/float64_nn.out by
// scripts/torch-fixtures/dtypes.py and float64_nn.py.

import Foundation
import GradEngine
import GradScript
import XCTest

final class DTypeTests: XCTestCase {
    func testProgramPrintsWhatPyTorchPrints() throws {
        try assertFixtureProgramPrintsPyTorchOutput("dtypes")
    }

    /// float64 through softmax, the losses, conv2d, linear and relu in double precision (values to
    /// 10 decimals, where float32 would differ), recorded by scripts/torch-fixtures/float64_nn.py.
    func testFloat64NetworkOpsPrintWhatPyTorchPrints() throws {
        try assertFixtureProgramPrintsPyTorchOutput("float64_nn")
    }

    /// The storage rule at the engine level: a narrow dtype never holds a value it cannot represent,
    /// whichever way the values arrive (op result, constructor, write through `data`).
    func testNarrowDTypesHoldOnlyTheirValues() throws {
        let h = try Tensor(shape: [3], data: [0.1, 70000, 1 / 3], dtype: .float16)
        XCTAssertEqual(h.data, [Float(Float16(0.1)), .infinity, Float(Float16(Float(1) / 3))])
        let u = try Tensor(shape: [2], data: [255, 1], dtype: .uint8)
        XCTAssertEqual(try Tensor.add(u, Tensor.wrappedNumber(1, dtype: .int64)).data, [0, 2])
        u.data = [-1, 256.9]
        XCTAssertEqual(u.data, [255, 0])
        XCTAssertEqual(DType.bfloat16.representable(1.00390625), 1.0)  // a tie rounds to even
        XCTAssertEqual(DType.bfloat16.representable(1.01171875), 1.015625)
        XCTAssertEqual(DType.int8.representable(-129), 127)
    }
}
