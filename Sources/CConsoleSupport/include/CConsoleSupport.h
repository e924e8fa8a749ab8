#ifndef GRADSTEP_CCONSOLESUPPORT_H
#define GRADSTEP_CCONSOLESUPPORT_H
// CConsoleSupport: small readline shims for the REPL (line reading, completion, history).
//
// Why C: readline's configuration lives in global variables (rl_attempted_completion_function,
// rl_catch_signals, ...) that Swift 6 language mode rejects as shared mutable state, and its
// completion hooks are C function pointers. Everything here is tiny and stateless from Swift's
// point of view. readline is linked directly (Package.swift), without a module map of its own.
//
// Non-goals: any REPL logic (that is GradConsole's, in Swift), signals (CSignals).

#include <stddef.h>

// ---- readline --------------------------------------------------------------------------------

/// Completion callback from Swift: `line` is the whole line buffer, `start`/`end` the byte range of
/// the word being completed. It adds candidates with `gs_completion_add` (each the full
/// replacement for that word).
typedef void (*gs_completer_fn)(const char *line, int start, int end);

/// Configures readline for gradstep: application name (for ~/.inputrc `$if gradstep`), no signal
/// catching (we handle SIGINT), word break characters, and the completion callback (may be NULL).
void gs_rl_configure(const char *app_name, const char *word_breaks, gs_completer_fn completer);
/// Adds one candidate during a completion callback (copied).
void gs_completion_add(const char *candidate);
/// Character appended after a unique completion ('\0' for none); reset by readline per completion.
void gs_completion_set_append(int ch);

/// Reads one line with readline's callback interface so that Ctrl-C can clear the line.
/// Returns a malloc'd line (caller frees with `gs_free`), or NULL. On NULL, `*status` is
/// 1 for end of input (Ctrl-D on an empty line), 2 for Ctrl-C, 3 for an I/O error.
char *gs_readline(const char *prompt, int *status);
/// Frees a line returned by `gs_readline`.
void gs_free(void *p);

/// Wrappers over readline's history library.
void gs_history_add(const char *line);
/// Reads a history file; returns 0 or an errno value.
int gs_history_read(const char *path);
/// Appends the last `n` entries to `path` (creating it); returns 0 or an errno value.
int gs_history_append(const char *path, int n);
/// Keeps only the last `lines` lines of the file; returns 0 or an errno value.
int gs_history_truncate(const char *path, int lines);
/// Limits the in-memory history to `n` entries.
void gs_history_stifle(int n);
/// Number of entries in memory.
int gs_history_length(void);
/// Entry `i` (0 = oldest) in memory, or NULL.
const char *gs_history_get(int i);

#endif
