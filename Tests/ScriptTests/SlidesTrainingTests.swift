import GradEngine
import GradScript
// The slides' training code runs verbatim on a slice of Fashion-MNIST: the loss falls and `correct`
// equals a Swift-side count over the same model and batches.
import XCTest

let slidesCode = """
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
    import torch.optim as optim

    class Net(nn.Module):
        def __init__(self):
            super(Net, self).__init__()
            self.conv1 = nn.Conv2d(1, 10, kernel_size=5)
            self.conv2 = nn.Conv2d(10, 20, kernel_size=5)
            self.fc1 = nn.Linear(320, 50)
            self.fc2 = nn.Linear(50, 10)

        def forward(self, x):
            x = F.relu(F.max_pool2d(self.conv1(x), 2))
            x = F.relu(F.max_pool2d(self.conv2(x), 2))
            x = x.view(-1, 320)
            x = F.relu(self.fc1(x))
            x = F.dropout(x, training=self.training)
            x = self.fc2(x)
            return x

    learning_rate = 0.01
    network = Net()
    optimizer = optim.SGD(network.parameters(), lr=learning_rate)
    n_epochs = 1
    for epoch in range(n_epochs):
        for step, (data, target) in enumerate(train_loader):
            output = network(data)
            loss = F.cross_entropy(output, target)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        test_loss = 0
        correct = 0
        for step, (data, target) in enumerate(test_loader):
            output = network(data)
            test_loss += F.cross_entropy(output, target).item()
            pred = output.max(dim=1)[1]
            correct += (pred == target).sum()
    """

/// Loaders over a small slice, made by our own data-loading call (torchvision does not exist here).
let loaderSetup = """
    torch.manual_seed(1)
    transform = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.1307,), (0.3081,))])
    train_loader = DataLoader(Subset(datasets.FashionMNIST(train=True, transform=transform), range(6000)), \
    batch_size=100, shuffle=True)
    test_loader = DataLoader(Subset(datasets.FashionMNIST(train=False, transform=transform), range(500)), \
    batch_size=100)
    """

final class SlidesTrainingTests: XCTestCase {
    func testSlidesCodeRunsVerbatim() throws {
        try XCTSkipUnless(
            FileManager.default.fileExists(atPath: "/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz"),
            "Fashion-MNIST not installed")
        let interp = Interpreter()
        try interp.execute(loaderSetup, file: "setup")
        try interp.execute(slidesCode, file: "slides.py")

        let net = try XCTUnwrap(interp.global("network")?.asModule)
        XCTAssertEqual(net.parameters().count, 8)
        XCTAssertEqual(
            net.namedParameters().map(\.0),
            [
                "conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias", "fc1.weight", "fc1.bias", "fc2.weight",
                "fc2.bias",
            ])

        // `correct` from the script equals a Swift-side count with the same model in the same mode.
        guard case .tensor(let correctT)? = interp.global("correct") else { return XCTFail("correct is not a tensor") }
        XCTAssertEqual(correctT.dtype, .int64)
        var swiftCorrect = 0
        var swiftLoss = 0.0
        // The slides never call eval(), so dropout was on while `correct` was counted; recount in
        // eval mode, once by the script and once in Swift, over the same batches.
        net.eval()
        try interp.execute(
            """
            correct2 = 0
            for data, target in test_loader:
                output = network(data)
                correct2 += (output.max(dim=1)[1] == target).sum().item()
            """, file: "check")
        try interp.execute(
            "eval_loss = 0.0\nbatches = []\nfor data, target in test_loader:\n    batches.append((data, target))\n",
            file: "collect")
        guard let batches = interp.global("batches")?.asArray else { return XCTFail("no batches") }
        for b in batches {
            guard let pair = b.asArray, let data = pair[0].asTensor, let target = pair[1].asTensor else {
                return XCTFail("bad batch")
            }
            let out = try net(data)
            swiftLoss += Double(try Functional.crossEntropy(out, target).item())
            let pred = try out.argmax(dim: 1)
            for (p, t) in zip(pred.data, target.data) where p == t { swiftCorrect += 1 }
        }
        guard case .int(let scriptCorrect2)? = interp.global("correct2") else { return XCTFail("correct2 missing") }
        XCTAssertEqual(scriptCorrect2, swiftCorrect)

        // The loss fell: the trained test loss is below an untrained network's on the same batches.
        guard case .float(let testLoss)? = interp.global("test_loss") else { return XCTFail("test_loss missing") }
        try interp.execute(
            """
            fresh = Net()
            untrained_loss = 0
            for data, target in test_loader:
                untrained_loss += F.cross_entropy(fresh(data), target).item()
            """, file: "baseline")
        guard case .float(let untrained)? = interp.global("untrained_loss") else { return XCTFail("baseline missing") }
        XCTAssertLessThan(
            testLoss, untrained - 0.25,
            "test loss \(testLoss / 5) per batch did not fall below the untrained \(untrained / 5)")
        XCTAssertGreaterThan(Int(correctT.data[0]), 100, "accuracy should beat chance (50 of 500)")
    }

    func testLossFallsDuringTraining() throws {
        try XCTSkipUnless(
            FileManager.default.fileExists(atPath: "/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz"),
            "Fashion-MNIST not installed")
        let interp = Interpreter()
        try interp.execute(loaderSetup, file: "setup")
        try interp.execute(slidesCode.components(separatedBy: "learning_rate = 0.01")[0], file: "slides.py")
        try interp.execute(
            """
            network = Net()
            optimizer = optim.SGD(network.parameters(), lr=0.05)
            losses = []
            for step, (data, target) in enumerate(train_loader):
                output = network(data)
                loss = F.cross_entropy(output, target)
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
                losses.append(loss.item())
            first = sum(losses[:4]) / 4
            last = sum(losses[-4:]) / 4
            """, file: "loop")
        guard case .float(let first)? = interp.global("first"), case .float(let last)? = interp.global("last") else {
            return XCTFail("missing losses")
        }
        XCTAssertLessThan(last, first * 0.8, "loss did not fall: first \(first), last \(last)")
    }
}
