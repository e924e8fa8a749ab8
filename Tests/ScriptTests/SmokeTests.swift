import GradEngine
import GradScript
// Quick end-to-end checks of the interpreter on small programs.
import XCTest

final class SmokeTests: XCTestCase {
    func run(_ src: String) throws -> (out: [String], value: Value?) {
        let interp = Interpreter()
        var out: [String] = []
        interp.output = { out.append($0) }
        let v = try interp.execute(src)
        return (out, v)
    }

    func testBasics() throws {
        let r = try run(
            """
            x = [1, 2, 3]
            s = 0
            for i in x:
                s += i
            print(s, 7 // 2, 7 / 2, 2 ** 10, -7 % 3)
            def f(a, b=2):
                return a * b
            print(f(3), f(3, b=4), f"{3.14159:.2f}")
            t = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True)
            print(t)
            y = (t * t).sum()
            y.backward()
            print(t.grad)
            t.shape
            """)
        print(r.out.joined(separator: "\n"))
        print(r.value?.repr ?? "nil")
        XCTAssertEqual(r.out[0], "6 3 3.5 1024 2")
    }
}
