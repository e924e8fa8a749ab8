// GradScript
