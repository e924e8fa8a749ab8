// TorchrunTests: the bridges to real PyTorch that need torch, run where a Python with torch is
// installed ($GRADSTEP_TORCH_PYTHON, else .torchenv/bin/python in the package), skipped otherwise:
// - the README's example of the slides' recipe under `torchrun --nproc_per_node=2` (gloo, DDP,
//   DistributedSampler): the replicas end identical and rank 0 reports the test set;
// - checkpoints in reverse: PyTorch's safetensors state dict of the slides' Net loads into gradstep
//   and evaluates to the same loss and accuracy (scripts/check-torch-interop-reverse.sh).
import Foundation
import XCTest

final class TorchrunTests: XCTestCase {
    static func torchPython() throws -> String {
        let env = ProcessInfo.processInfo.environment["GRADSTEP_TORCH_PYTHON"] ?? ""
        let candidates = [env, CLI.packageRoot + "/.torchenv/bin/python"].filter { !$0.isEmpty }
        guard let py = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw XCTSkip("no Python with torch: set GRADSTEP_TORCH_PYTHON (e.g. to .torchenv/bin/python)")
        }
        return py
    }

    static func run(_ exe: String, _ args: [String], env: [String: String] = [:]) throws -> CommandResult {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: exe)
        p.arguments = args
        var e = ProcessInfo.processInfo.environment
        for (k, v) in env { e[k] = v }
        p.environment = e
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        nonisolated(unsafe) var errData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        group.wait()
        return CommandResult(
            stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self),
            status: p.terminationStatus)
    }

    func testSlidesRecipeUnderTorchrunOnTwoProcesses() throws {
        let py = try Self.torchPython()
        try CLI.requireFashionMNIST()
        let r = try Self.run(
            py,
            [
                "-m", "torch.distributed.run", "--standalone", "--nproc_per_node=2",
                CLI.packageRoot + "/scripts/torchrun/ddp_recipe.py", "--train-size", "2000",
            ])
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(
            Set(lines.filter { $0.hasPrefix("rank ") }.map { String($0.prefix(22)) }),
            ["rank 0 of 2: epoch 1 d", "rank 1 of 2: epoch 1 d"], r.stdout)
        XCTAssertTrue(lines.contains { $0.hasPrefix("rank 0 of 2: epoch 1 done, 10 steps of 100 images") }, r.stdout)
        XCTAssertTrue(lines.contains("replicas identical: True"), r.stdout)
        XCTAssertTrue(lines.contains { $0.hasPrefix("Test set: Average loss: ") && $0.contains("/10000 (") }, r.stdout)
    }

    func testPyTorchStateDictLoadsIntoGradstepWithTheSameAccuracy() throws {
        let py = try Self.torchPython()
        try CLI.requireFashionMNIST()
        let r = try Self.run(
            CLI.packageRoot + "/scripts/check-torch-interop-reverse.sh", [py, "2000"],
            env: ["GRADSTEP_BIN": try CLI.binary()])
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
        XCTAssertTrue(r.stdout.hasSuffix("same accuracy and loss\n"), r.stdout)
    }
}
