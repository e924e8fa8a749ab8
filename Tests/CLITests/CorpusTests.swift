// The beginner corpus: Python programs in the spirit of public PyTorch beginner material
// (Tests/Corpus/programs), each run with `gradstep run FILE.py` and compared with what real PyTorch
// printed for it (Tests/Corpus/expected, recorded by scripts/record-corpus.py). Text must match
// exactly; numbers match to float32 precision (relative 2e-4, or 1e-5 absolute), since gradstep
// computes in float32 with its own summation order. Exit statuses must match.
//
// `testCorpusScore` runs every program and prints the score (programs that match end to end);
// it fails when a program listed in `passing` no longer matches, so the list only grows.
import Foundation
import XCTest

final class CorpusTests: XCTestCase {
    static let corpus = CLI.packageRoot + "/Tests/Corpus"

    /// Programs that match PyTorch end to end today (a regression guard).
    static let passing: Set<String> = [
        "01_tensors", "02_autograd", "03_numpy_polynomial", "04_tensor_polynomial", "05_nn_polynomial",
        "06_custom_module", "07_quickstart", "08_datasets", "09_build_model", "10_mnist_example", "11_slides_recipe",
        "12_tensor_ops", "13_python_features", "14_inplace_and_versions", "15_dtypes_devices", "16_optim_schedulers",
        "17_numpy_basics", "18_init_weights", "19_micrograd_value", "30_tensor_tutorial", "31_datasets_transforms",
        "32_autograd_tutorials", "33_neural_networks", "34_image_classifier", "35_with_examples", "36_what_is_torch_nn",
        "37_d2l_preliminaries",
        "38_d2l_linear_regression", "39_float64", "40_d2l_softmax_mlp",
        "90_activations", "91_loss_options", "92_dataset_attributes", "93_autograd_details", "94_custom_transforms",
        "95_dict_views",
        "60_lstm_pos_tagger", "61_word_embeddings_ngram", "62_char_rnn_classification", "63_lstmcell_sine_waves",
        "64_char_rnn_generation",
        // corpus helper's batch 41-48
        "41_state_dict_recipes", "42_examples_regression", "43_examples_mnist_main", "44_vae", "45_introyt_tensors",
        "46_introyt_autograd", "47_introyt_models", "48_d2l_builders_guide", "49_basics_optimization_saveload",
        "50_autograd_mechanics",
        // probe's batch: course-notebook habits, a script importing its own helper module
        "96_course_notebook_habits", "97_local_helper_module", "98_multinomial_sampling",
        "99_pprint_state_dicts", "89_svd_diag_out",
    ]

    func testCorpusScore() throws {
        try CLI.requireFashionMNIST()
        let programs = try FileManager.default.contentsOfDirectory(atPath: CorpusTests.corpus + "/programs")
            .filter { $0.hasSuffix(".py") }.sorted()
        XCTAssertFalse(programs.isEmpty)
        let scratch = CLI.tempDir("corpus")
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let raw = scratch + "/data/FashionMNIST/raw"
        try FileManager.default.createDirectory(atPath: raw, withIntermediateDirectories: true)
        for f in try FileManager.default.contentsOfDirectory(atPath: CLI.dataRoot) where f.hasSuffix(".gz") {
            try FileManager.default.createSymbolicLink(
                atPath: raw + "/" + f, withDestinationPath: CLI.dataRoot + "/" + f)
        }
        var matched: [String] = []
        var report: [String] = []
        for file in programs {
            let name = String(file.dropLast(3))
            let expectedPath = CorpusTests.corpus + "/expected/\(name).out"
            guard let expected = try? String(contentsOfFile: expectedPath, encoding: .utf8) else {
                XCTFail("\(name): no recorded PyTorch output (run scripts/record-corpus.py)")
                continue
            }
            let work = scratch + "/" + name
            try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(atPath: work + "/data", withDestinationPath: scratch + "/data")
            let r = try CLI.run(["run", CorpusTests.corpus + "/programs/" + file], cwd: work, timeout: 600)
            let actual = r.stdout + "[exit status \(r.status)]\n"
            if let diff = CorpusTests.difference(expected: expected, actual: actual) {
                report.append(
                    "\(name): \(diff)"
                        + (r.stderr.isEmpty
                            ? ""
                            : "\n    stderr: "
                                + r.stderr.split(separator: "\n").suffix(3).joined(separator: "\n            ")))
                if CorpusTests.passing.contains(name) {
                    XCTFail("\(name) matched PyTorch before and does not now: \(diff)\n\(r.stderr)")
                }
            } else {
                matched.append(name)
            }
        }
        print("corpus: \(matched.count) of \(programs.count) programs match PyTorch end to end")
        for line in report { print("  " + line) }
    }

    /// Nil when the outputs agree (text exact, numbers to float32 precision), else the first difference.
    static func difference(expected: String, actual: String) -> String? {
        let e = expected.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        let a = actual.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        for i in 0..<max(e.count, a.count) {
            let el = i < e.count ? e[i] : "<end>", al = i < a.count ? a[i] : "<end>"
            if !linesAgree(el, al) {
                return "line \(i + 1): expected \(el.debugDescription), got \(al.debugDescription)"
            }
        }
        return nil
    }

    static func linesAgree(_ e: String, _ a: String) -> Bool {
        if e == a { return true }
        let et = tokens(e), at = tokens(a)
        guard et.count == at.count else { return false }
        for (x, y) in zip(et, at) where x != y {
            guard let dx = Double(x), let dy = Double(y) else { return false }
            if dx == dy { continue }
            if abs(dx - dy) <= 1e-5 + 2e-4 * max(abs(dx), abs(dy)) { continue }
            return false
        }
        return true
    }

    /// Splits into numbers and single non-number characters, dropping spaces (PyTorch pads columns).
    static func tokens(_ s: String) -> [String] {
        var out: [String] = []
        let cs = Array(s)
        var i = 0
        while i < cs.count {
            let c = cs[i]
            if c == " " {
                i += 1
                continue
            }
            if c.isNumber || ((c == "-" || c == ".") && i + 1 < cs.count && cs[i + 1].isNumber) {
                var j = i + 1
                while j < cs.count,
                    cs[j].isNumber || cs[j] == "." || cs[j] == "e"
                        || ((cs[j] == "-" || cs[j] == "+") && cs[j - 1] == "e")
                { j += 1 }
                out.append(String(cs[i..<j]))
                i = j
            } else {
                out.append(String(c))
                i += 1
            }
        }
        return out
    }
}
