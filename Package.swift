// swift-tools-version: 6.0
// gradstep: a terminal tutor for deep learning whose every formula runs.
// Layers (arrows point down only):
//   gradstep (CLI) -> GradLessons, GradConsole -> GradScript -> GradEngine -> C libraries
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
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // C libraries, as system library targets (Debian -dev packages).
        .systemLibrary(name: "CDNNL", path: "Sources/CDNNL"),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        .systemLibrary(name: "CCmark", path: "Sources/CCmark"),
        .systemLibrary(name: "CReadline", path: "Sources/CReadline"),
        .target(name: "CEngineSupport", path: "Sources/CEngineSupport",
                linkerSettings: [.linkedLibrary("gomp")]),
        .target(name: "CConsoleSupport", path: "Sources/CConsoleSupport",
                linkerSettings: [.linkedLibrary("readline")]),

        // Engine: tensors, autograd, ops, nn, optim, datasets, checkpoints.
        .target(name: "GradEngine", dependencies: ["CDNNL", "CZlib", "CEngineSupport"],
                swiftSettings: fast),
        // Script: lexer -> parser -> AST -> interpreter; builtins bind names to the engine.
        .target(name: "GradScript", dependencies: ["GradEngine"], exclude: ["Declarations.md"]),
        // Console: readline REPL, completion, history, rendering.
        .target(name: "GradConsole", dependencies: ["GradScript", "GradEngine", "CReadline", "CConsoleSupport"]),
        // Lessons: markdown (libcmark) -> lesson model -> runner.
        .target(name: "GradLessons", dependencies: ["GradScript", "GradConsole", "GradEngine", "CCmark"]),
        .executableTarget(name: "gradstep", dependencies: [
            "GradLessons", "GradConsole", "GradScript", "GradEngine",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        .testTarget(name: "EngineTests", dependencies: ["GradEngine"]),
        .testTarget(name: "ScriptTests", dependencies: ["GradScript", "GradEngine"]),
        .testTarget(name: "ConsoleTests", dependencies: ["GradConsole", "GradScript", "GradEngine"]),
        .testTarget(name: "LessonTests", dependencies: ["GradLessons", "GradScript", "GradEngine"]),
        .testTarget(name: "CLITests", dependencies: []),
    ]
)
