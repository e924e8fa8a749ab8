import GradEngine
import GradScript
// Fuzz: at least 100,000 random and mutated programs (made from the lessons' code blocks, the slides'
// code, the builtins' examples and these tests' programs) go through the parser and the interpreter,
// each with a step budget, a tensor-size limit and a call-depth limit. Every one must end in a value
// or a ScriptError — never a crash, a hang or another error type.
import XCTest

final class FuzzTests: XCTestCase {
    /// A small deterministic generator (the fuzz must be reproducible).
    struct SplitMix {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func int(_ n: Int) -> Int { n <= 0 ? 0 : Int(next() % UInt64(n)) }
    }

    static let extraSeeds = [
        "x = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True)\ny = (x * x).sum()\ny.backward()\nprint(x.grad)",
        "def f(n, acc=0):\n    if n <= 0:\n        return acc\n    return f(n - 1, acc + n)\nprint(f(10))",
        "xs = [i * i for i in range(10) if i % 2 == 0]\nd = {k: v for k, v in zip('abc', xs)}\nprint(xs, d, "
            + "f'{xs[1]:>4}')",
        "w = torch.randn(3, 2, requires_grad=True)\nfor step in range(3):\n    loss = ((torch.ones(4, 3) @ w) ** "
            + "2).mean()\n    loss.backward()\n    with torch.no_grad():\n        w -= 0.1 * w.grad\n    "
            + "w.grad.zero_()",
        "class A:\n    def __init__(self, v):\n        self.v = v\n    def get(self):\n        return self.v\na = "
            + "A(3)\nprint(a.get() + 1)",
        "m = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))\nopt = optim.Adam(m.parameters(), lr=0.01)\nx "
            + "= torch.randn(5, 4)\nloss = F.cross_entropy(m(x), torch.tensor([0, 1, 0, 1, "
            + "1]))\nopt.zero_grad()\nloss.backward()\nopt.step()\nprint(m)",
        "x = torch.arange(12).view(3, 4)\nprint(x[:, 1:3], x[-1], x[..., 0], x.t().shape, x.max(dim=1)[1])",
        "i = 0\nwhile i < 5:\n    i += 1\n    if i == 3:\n        continue\n    if i > 4:\n        break\nelse:\n    "
            + "pass\nprint(i)",
        "try:\n    1 / 0\nexcept ZeroDivisionError as e:\n    print('caught', e)\nfinally:\n    print('done')",
        "a, *b = [1, 2, 3]\nx = y = 2\nx **= 3\nprint(a, b, x, y, 7 // 2, -7 % 3, 1 < 2 < 3, not True or False)",
    ]

    static func seeds() -> [String] {
        var out = extraSeeds
        out.append(
            slidesCode.components(separatedBy: "learning_rate = 0.01")[0]
                + "net = Net()\nout = net(torch.randn(2, 1, 28, 28))\nprint(out.shape)")
        out += Builtins.docs.map(\.example).filter {
            !["network", "loader", "datasets", "DataLoader", "Subset", "save", "load", "fit", "evaluate", "# needs"]
                .contains(where: $0.contains)
        }
        // Code blocks of the lessons (python fences), when present.
        let lessons = ReferenceDocTests.repoRoot.appendingPathComponent("lessons")
        if let files = try? FileManager.default.contentsOfDirectory(atPath: lessons.path) {
            for f in files.sorted() where f.hasSuffix(".md") {
                guard let text = try? String(contentsOf: lessons.appendingPathComponent(f), encoding: .utf8) else {
                    continue
                }
                let parts = text.components(separatedBy: "```")
                for (i, p) in parts.enumerated() where i % 2 == 1 {
                    let lines = p.split(separator: "\n", omittingEmptySubsequences: false)
                    guard let head = lines.first, head.hasPrefix("python") else { continue }
                    let body = lines.dropFirst().joined(separator: "\n")
                    if [
                        "datasets", "DataLoader", "Subset", "fit(", "evaluate(", "save(", "load(", "train_loader",
                        "test_loader",
                    ].contains(where: body.contains) {
                        continue
                    }
                    out.append(body)
                }
            }
        }
        return out
    }

    static let fragments = [
        "(", ")", "[", "]", ":", ",", ".", "=", "==", "+", "-", "*", "/", "//", "%", "**", "@", " ", "\n", "    ",
        "x", "y", "i", "0", "1", "-1", "2", "0.5", "1e9", "None", "True", "'s'", "f'{x}'", "not", "and", "if", "for",
        "in", "while", "def", "return", "class", "lambda", "with", "import", "torch", "nn", "F", ".sum()", ".grad",
        ".backward()", ".view(-1)", "[:, 1:]", "range(3)", "print", "len", "self", "break", "continue", "\\", "\"",
        "'''",
        "#", "*", "**", "super()", "...", "{", "}", "global", "del", "try:", "except:", "raise", "1000000",
    ]

    static func mutate(_ s: String, _ rng: inout SplitMix) -> String {
        var chars = Array(s)
        let kind = rng.int(9)
        switch kind {
        case 0 where !chars.isEmpty:  // delete a span
            let a = rng.int(chars.count), n = 1 + rng.int(8)
            chars.removeSubrange(a..<min(chars.count, a + n))
        case 1:  // insert a fragment
            let f = fragments[rng.int(fragments.count)]
            chars.insert(contentsOf: f, at: rng.int(chars.count + 1))
        case 2:  // duplicate a line
            var lines = String(chars).split(separator: "\n", omittingEmptySubsequences: false)
            if !lines.isEmpty {
                let i = rng.int(lines.count)
                lines.insert(lines[i], at: rng.int(lines.count + 1))
            }
            chars = Array(lines.joined(separator: "\n"))
        case 3:  // swap two lines
            var lines = String(chars).split(separator: "\n", omittingEmptySubsequences: false)
            if lines.count > 1 { lines.swapAt(rng.int(lines.count), rng.int(lines.count)) }
            chars = Array(lines.joined(separator: "\n"))
        case 4:  // replace a digit run with another number
            if let i = chars.indices.filter({ chars[$0].isNumber }).randomElementDet(&rng) {
                let nums = ["0", "1", "-1", "2", "7", "100", "0.5", "3", "1000"]
                chars.replaceSubrange(i...i, with: nums[rng.int(nums.count)])
            }
        case 5:  // change indentation of a line
            var lines = String(chars).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            if !lines.isEmpty {
                let i = rng.int(lines.count)
                lines[i] = rng.int(2) == 0 ? "    " + lines[i] : String(lines[i].drop(while: { $0 == " " }))
            }
            chars = Array(lines.joined(separator: "\n"))
        case 6:  // truncate
            chars = Array(chars.prefix(rng.int(chars.count + 1)))
        case 7:  // replace a character
            if !chars.isEmpty {
                let pool = Array("()[]:,.=+-*/ \n'\"#xy01")
                chars[rng.int(chars.count)] = pool[rng.int(pool.count)]
            }
        default:  // random soup
            chars = Array((0..<(1 + rng.int(20))).map { _ in fragments[rng.int(fragments.count)] }.joined())
        }
        return String(chars)
    }

    func testHundredThousandPrograms() throws {
        let seeds = FuzzTests.seeds()
        XCTAssertGreaterThan(seeds.count, 50)
        // Mutated programs write files (the examples of open, np.save, os.remove): in a fresh folder.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gradstep-fuzz-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let saved = FileManager.default.currentDirectoryPath
        FileManager.default.changeCurrentDirectoryPath(dir.path)
        defer {
            FileManager.default.changeCurrentDirectoryPath(saved)
            try? FileManager.default.removeItem(at: dir)
        }
        var rng = SplitMix(state: 20261128)
        let total = Int(ProcessInfo.processInfo.environment["GRADSTEP_FUZZ_COUNT"] ?? "") ?? 100_000
        var values = 0, errors = 0
        var kinds: [String: Int] = [:]
        let start = Date()
        var interp = Interpreter()
        for n in 0..<total {
            if n % 200 == 0 {
                interp = Interpreter()
                interp.output = { _ in }
                interp.display = { _ in }
                interp.stepLimit = 2_000
                interp.maxTensorElements = 1 << 18
                interp.maxCallDepth = 40
                RNG.manualSeed(UInt64(n))
            }
            var program = seeds[rng.int(seeds.count)]
            for _ in 0...rng.int(3) { program = FuzzTests.mutate(program, &rng) }
            if let trace = ProcessInfo.processInfo.environment["GRADSTEP_FUZZ_TRACE"] {
                try? program.write(toFile: trace, atomically: false, encoding: .utf8)
            }
            do {
                _ = try interp.execute(program, file: "fuzz\(n)")
                values += 1
            } catch let e as ScriptError {
                errors += 1
                kinds[e.kind, default: 0] += 1
                XCTAssertFalse(e.description.isEmpty)
            } catch {
                XCTFail("program \(n) ended in a non-script error \(error):\n\(program)")
            }
            GradMode.isEnabled = true
        }
        let seconds = Date().timeIntervalSince(start)
        print(
            "fuzz: \(total) programs in \(String(format: "%.1f", seconds)) s: \(values) values, \(errors) errors; "
                + "kinds: \(kinds.sorted { $0.value > $1.value }.prefix(8))"
        )
        XCTAssertEqual(values + errors, total)
        XCTAssertGreaterThan(
            values, total / 20, "too few mutated programs run to completion; the mutations are too destructive")
    }
}

extension Array where Element == Int {
    func randomElementDet(_ rng: inout FuzzTests.SplitMix) -> Int? { isEmpty ? nil : self[rng.int(count)] }
}
