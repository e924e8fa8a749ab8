// swift-tools-version: 6.0
// gradstep: a terminal tutor for deep learning whose every formula runs.
// Layers (arrows point down only; docs/ARCHITECTURE.md, checked by Tests/LayerTests):
//   gradstep (CLI) -> GradLessons, GradConsole -> GradRender, GradScript -> GradEngine -> C libraries
//   GradRender, GradScript -> GradFigure (the figure model; imports nothing)
//   GradBench (benchmarks, the slides' network) -> GradEngine; only the CLI and tests use it.
import PackageDescription

/// Release builds of the numeric code: no bounds checks in the kernels' hot loops.
let fast: [SwiftSetting] = [.unsafeFlags(["-Ounchecked"])]

let package = Package(
    name: "gradstep",
    products: [
        .library(name: "GradEngine", targets: ["GradEngine"]),
        .executable(name: "gradstep", targets: ["gradstep"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2")
    ],
    targets: [
        // C libraries, as system library targets (Debian -dev packages).
        .systemLibrary(name: "CDNNL", path: "Sources/CDNNL"),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        .systemLibrary(name: "CCmark", path: "Sources/CCmark"),
        .target(
            name: "CEngineSupport", path: "Sources/CEngineSupport",
            linkerSettings: [.linkedLibrary("gomp")]),
        // The one SIGINT/SIGWINCH mechanism (handlers, watcher semaphore, deferral around computation).
        .target(name: "CSignals", path: "Sources/CSignals"),
        // readline (line editing, completion, history), linked directly: no module map needed.
        .target(
            name: "CConsoleSupport", dependencies: ["CSignals"], path: "Sources/CConsoleSupport",
            linkerSettings: [.linkedLibrary("readline")]),

        // Engine: tensors, autograd, ops, nn, optim, datasets, checkpoints.
        .target(
            name: "GradEngine", dependencies: ["CDNNL", "CZlib", "CEngineSupport"],
            swiftSettings: fast),
        // Benchmarks and the slides' network: not part of the GradEngine product.
        .target(name: "GradBench", dependencies: ["GradEngine"]),
        // Figure: the one matplotlib figure model (plain data), filled by the language, drawn by GradRender.
        .target(name: "GradFigure"),
        // Script: lexer -> parser -> AST -> interpreter; builtins bind names to the engine.
        .target(name: "GradScript", dependencies: ["GradFigure", "GradEngine"], exclude: ["Declarations.md"]),
        // Render: text pictures of tensors, charts, tables, progress bars; colour and terminal size.
        // Knows neither readline nor lessons nor the language.
        .target(name: "GradRender", dependencies: ["GradFigure", "GradEngine"]),
        // Console: readline REPL, completion, history, REPL commands.
        .target(
            name: "GradConsole",
            dependencies: ["GradRender", "GradScript", "GradEngine", "CConsoleSupport", "CSignals"]),
        // Lessons: markdown (libcmark) -> lesson model -> runner.
        .target(name: "GradLessons", dependencies: ["GradRender", "GradScript", "GradEngine", "CCmark", "CSignals"]),
        .executableTarget(
            name: "gradstep",
            dependencies: [
                "GradLessons", "GradConsole", "GradRender", "GradScript", "GradEngine", "GradBench", "CSignals",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),

        .testTarget(name: "EngineTests", dependencies: ["GradEngine", "GradBench", "CZlib"], exclude: ["Fixtures"]),
        .testTarget(
            name: "ScriptTests", dependencies: ["GradScript", "GradFigure", "GradEngine"], exclude: ["Fixtures"]),
        .testTarget(name: "RenderTests", dependencies: ["GradRender", "GradFigure", "GradEngine"]),
        .testTarget(name: "ConsoleTests", dependencies: ["GradConsole", "GradRender", "GradScript", "GradEngine"]),
        .testTarget(name: "LessonTests", dependencies: ["GradLessons", "GradRender", "GradScript", "GradEngine"]),
        // Scripts/ (programs and the outputs Python recorded) is read from the source tree, not bundled.
        .testTarget(name: "CLITests", dependencies: [], exclude: ["Scripts"]),
        // Reads Package.swift, docs/ARCHITECTURE.md and Sources/ as text: no module dependencies.
        .testTarget(name: "LayerTests", dependencies: []),
    ]
)
