#ifndef GRADSTEP_CCONSOLESUPPORT_H
#define GRADSTEP_CCONSOLESUPPORT_H
// CConsoleSupport: small C shims for the REPL.
//
// Why C: readline's configuration lives in global variables (rl_attempted_completion_function,
// rl_catch_signals, ...) that Swift 6 language mode rejects as shared mutable state, its
// completion hooks are C function pointers, and a SIGINT handler must only touch
// async-signal-safe state. Everything here is tiny and stateless from Swift's point of view.
//
// Non-goals: any REPL logic (that is GradConsole's, in Swift).

#include <stddef.h>

// ---- SIGINT / SIGWINCH ----------------------------------------------------------------------

/// Installs handlers for SIGINT (counts, wakes `gs_sigint_wait`, interrupts `select`) and SIGWINCH.
/// Without SA_RESTART, so a blocking read returns EINTR. Idempotent.
void gs_signals_install(void);
/// Restores the default SIGINT disposition.
void gs_signals_restore(void);
/// Returns the number of SIGINTs received since the last call, and resets it.
int gs_sigint_take(void);
/// Blocks the calling thread until a SIGINT arrives (for a watcher thread). Returns 0, or -1 on error.
int gs_sigint_wait(void);
/// Sets / reads the "a command is running" flag the watcher thread consults. Setting it also
/// defers signals on the calling thread (gs_defer_signals), so they reach the watcher thread.
void gs_set_busy(int busy);
int gs_is_busy(void);
/// Makes the calling thread (one that only waits) take SIGINT and SIGWINCH, and enables
/// gs_defer_signals. `gs_sigint_wait` calls it itself.
void gs_signals_watch_here(void);
/// on != 0: the calling thread stops taking SIGINT and SIGWINCH, so they go to the watcher thread;
/// calls nest. No-op until a watcher exists (gs_signals_watch_here). Used around computation:
/// a signal handled on a thread inside oneDNN's GEMM corrupted memory (see shim.c).
void gs_defer_signals(int on);
/// Sends SIGINT to this process (tests and `kill -INT` equivalent).
void gs_raise_sigint(void);

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

// ---- terminal --------------------------------------------------------------------------------

/// Columns of the terminal on `fd`, or 0 when it is not a terminal.
int gs_terminal_columns(int fd);
/// Rows of the terminal on `fd`, or 0 when it is not a terminal.
int gs_terminal_rows(int fd);

#endif
