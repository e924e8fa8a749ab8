// PyGradstepHelpers.swift: the module `gradstep_helpers`, so a lesson exported by `gradstep export`
// (which starts with `from gradstep_helpers import *`, for real PyTorch) also runs in gradstep:
// here the helpers (show, plot, fit, evaluate, ...) are builtins already, so the module is empty.
// Non-goals: the Python file of that name (GradLessons/ExportHelpers.swift writes it).

extension BuiltinTable {
    func registerGradstepHelpers() {
        _ = namespace("gradstep_helpers")
    }
}
