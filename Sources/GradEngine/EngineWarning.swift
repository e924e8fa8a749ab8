// EngineWarning: PyTorch's UserWarnings raised inside the engine (a deprecated input form that still
// runs), handed to whoever runs the engine. The language prints them on standard error as Python
// does, once per message (Python's default filter shows a warning once per place).
// Non-goals: warning categories other than the name printed, filters (the language's `warnings`).

public enum EngineWarning {
    /// Receives `(category, message)`; nil: warnings are dropped (e.g. inside benchmarks).
    nonisolated(unsafe) public static var handler: ((String, String) -> Void)?

    /// Hands a warning to the handler, if any.
    public static func warn(_ message: String, category: String = "UserWarning") {
        handler?(category, message)
    }
}
