// GradLessons
