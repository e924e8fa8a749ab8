// GradConsole
