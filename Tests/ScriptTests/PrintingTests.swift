import GradEngine
import GradScript
// Exact-output tests: values print as Python and PyTorch print them.
import XCTest

final class PrintingTests: XCTestCase {
    func echo(_ src: String, setup: String = "", file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let interp = Interpreter()
        if !setup.isEmpty { try interp.execute(setup) }
        return try interp.execute(src)?.repr ?? "None"
    }

    func testPythonValues() throws {
        XCTAssertEqual(try echo("0.1 + 0.2"), "0.30000000000000004")
        XCTAssertEqual(try echo("1e-5"), "1e-05")
        XCTAssertEqual(try echo("1e16"), "1e+16")
        XCTAssertEqual(try echo("1e15"), "1000000000000000.0")
        XCTAssertEqual(try echo("3.0"), "3.0")
        XCTAssertEqual(try echo("7 / 2"), "3.5")
        XCTAssertEqual(try echo("[1, 'a', (2,), None, True]"), "[1, 'a', (2,), None, True]")
        XCTAssertEqual(try echo("{'lr': 0.01}"), "{'lr': 0.01}")
        XCTAssertEqual(try echo("\"it's\""), "\"it's\"")
        XCTAssertEqual(try echo("f'{2/3:.3f} {10:>4}|{\"x\":<3}|'"), "'0.667   10|x  |'")
        XCTAssertEqual(try echo("'%d of %.1f' % (3, 2.25)"), "'3 of 2.2'")
        XCTAssertEqual(try echo("'{} {:.2e}'.format(1, 12345.678)"), "'1 1.23e+04'")
    }

    func testTensors() throws {
        XCTAssertEqual(
            try echo("torch.tensor([[1., 2.], [3., 4.]], requires_grad=True)"),
            "tensor([[1., 2.],\n        [3., 4.]], requires_grad=True)")
        XCTAssertEqual(try echo("torch.tensor([0.1, 0.25])"), "tensor([0.1000, 0.2500])")
        XCTAssertEqual(try echo("torch.tensor([1e-5, 1e3])"), "tensor([1.0000e-05, 1.0000e+03])")
        XCTAssertEqual(try echo("torch.tensor([3, 1, 4])"), "tensor([3, 1, 4])")
        XCTAssertEqual(try echo("torch.tensor([1, 2]) == torch.tensor([1, 3])"), "tensor([ True, False])")
        XCTAssertEqual(try echo("torch.tensor(2.5)"), "tensor(2.5000)")
        XCTAssertEqual(try echo("torch.tensor([-1.0, 10.0])"), "tensor([-1., 10.])")
        XCTAssertEqual(try echo("torch.zeros(0)"), "tensor([])")
        XCTAssertEqual(
            try echo("x = torch.tensor([1.0, 2.0], requires_grad=True)\nx * 2"),
            "tensor([2., 4.], grad_fn=<MulBackward0>)")
        XCTAssertEqual(
            try echo("torch.arange(2000).float()"),
            "tensor([0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 1.9970e+03, 1.9980e+03,\n        1.9990e+03])")
        XCTAssertEqual(try echo("torch.zeros(2000)"), "tensor([0., 0., 0.,  ..., 0., 0., 0.])")
        XCTAssertEqual(try echo("torch.ones(2, 3).shape"), "torch.Size([2, 3])")
        XCTAssertEqual(
            try echo("torch.zeros(3, 400)"),
            "tensor([[0., 0., 0.,  ..., 0., 0., 0.],\n        [0., 0., 0.,  ..., 0., 0., 0.],\n        [0., 0., 0.,  "
                + "..., 0., 0., 0.]])"
        )
        XCTAssertEqual(
            try echo("torch.arange(12).view(2, 2, 3)"),
            "tensor([[[ 0,  1,  2],\n         [ 3,  4,  5]],\n\n        [[ 6,  7,  8],\n         [ 9, 10, 11]]])")
    }

    func testMaxDimAndItem() throws {
        XCTAssertEqual(try echo("torch.tensor([[1., 5.], [7., 2.]]).max(dim=1)[1]"), "tensor([1, 0])")
        XCTAssertEqual(try echo("torch.tensor([[1., 5.], [7., 2.]]).max(dim=1).values"), "tensor([5., 7.])")
        XCTAssertEqual(try echo("torch.tensor([1., 2.]).sum().item()"), "3.0")
        XCTAssertEqual(try echo("(torch.tensor([1, 2]) == torch.tensor([1, 2])).sum()"), "tensor(2)")
    }

    func testModules() throws {
        let src = """
            class Net(nn.Module):
                def __init__(self):
                    super(Net, self).__init__()
                    self.conv1 = nn.Conv2d(1, 10, kernel_size=5)
                    self.conv2 = nn.Conv2d(10, 20, kernel_size=5)
                    self.fc1 = nn.Linear(320, 50)
                    self.fc2 = nn.Linear(50, 10)
            Net()
            """
        XCTAssertEqual(
            try echo(src),
            """
            Net(
              (conv1): Conv2d(1, 10, kernel_size=(5, 5), stride=(1, 1))
              (conv2): Conv2d(10, 20, kernel_size=(5, 5), stride=(1, 1))
              (fc1): Linear(in_features=320, out_features=50, bias=True)
              (fc2): Linear(in_features=50, out_features=10, bias=True)
            )
            """)
        XCTAssertEqual(
            try echo("len(list(Net().parameters()))", setup: src.replacingOccurrences(of: "\nNet()", with: "")), "8")
    }

    func testPrintFunction() throws {
        let interp = Interpreter()
        var out: [String] = []
        interp.output = { out.append($0) }
        try interp.execute("print('a', 1, 2.0, sep='-')\nprint('x', end='')\nprint('y')\nprint(torch.tensor([1., 2.]))")
        XCTAssertEqual(out, ["a-1-2.0", "xy", "tensor([1., 2.])"])
    }
}
