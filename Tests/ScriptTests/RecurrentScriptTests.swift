// RecurrentScriptTests: nn.Embedding, nn.RNN / LSTM / GRU and their cells, nn.LayerNorm and
// nn.utils.clip_grad_* used from a script (Fixtures/recurrent_api.py): printing, attributes,
// parameter names, tuple results, numbers with arange-based weights, gradients and errors must be
// PyTorch's, recorded in Fixtures/recurrent_api.out by scripts/torch-fixtures/recurrent_api.py.

import Foundation
import GradScript
import XCTest

final class RecurrentScriptTests: XCTestCase {
    func testProgramPrintsWhatPyTorchPrints() throws {
        try assertFixtureProgramPrintsPyTorchOutput("recurrent_api")
    }

    /// A checkpoint PyTorch wrote (scripts/record-recurrent-reference.py, safetensors) loads by
    /// PyTorch's keys into the same model written in gradstep, which then computes PyTorch's output.
    func testPyTorchCheckpointLoadsByItsKeys() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/recurrent-model.safetensors").path
        let source = """
            import torch
            import torch.nn as nn
            class Tagger(nn.Module):
                def __init__(self):
                    super().__init__()
                    self.emb = nn.Embedding(10, 4, padding_idx=0)
                    self.lstm = nn.LSTM(4, 5, num_layers=2, batch_first=True)
                    self.gru = nn.GRU(5, 3, bidirectional=True)
                    self.norm = nn.LayerNorm(6)
                    self.cell = nn.LSTMCell(6, 2)
                def forward(self, x):
                    o, _ = self.lstm(self.emb(x))
                    o, _ = self.gru(o)
                    h, c = self.cell(self.norm(o[:, -1]))
                    return h
            state = torch.load(\"\(path)\")
            expected = state.pop("expected_output")
            m = Tagger()
            m.load_state_dict(state)
            y = m(torch.tensor([[1, 2, 3], [4, 0, 9]]))
            print(y.shape, torch.allclose(y, expected, atol=1e-5))
            """
        let interp = Interpreter()
        var out = ""
        interp.output = { out += $0 + "\n" }
        _ = try interp.execute(source)
        XCTAssertEqual(out, "torch.Size([2, 2]) True\n")
    }

    func testLSTMInsideSequentialSaysWhy() throws {
        let interp = Interpreter()
        XCTAssertThrowsError(try interp.execute("import torch\nnn.Sequential(nn.LSTM(2, 3))(torch.zeros(4, 1, 2))")) {
            XCTAssertTrue("\($0)".contains("nn.Sequential cannot take"), "\($0)")
        }
    }
}
