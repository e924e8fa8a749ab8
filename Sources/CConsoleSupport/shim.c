// CConsoleSupport: readline configuration, the Ctrl-C-aware line reader and history wrappers.
// See include/CConsoleSupport.h for the contract of every function. Signals are CSignals'.
#define _GNU_SOURCE
#include "CConsoleSupport.h"
#include "CSignals.h"

#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/select.h>
#include <unistd.h>

#include <readline/readline.h>
#include <readline/history.h>

// ---- completion ------------------------------------------------------------------------------

static gs_completer_fn swift_completer = NULL;
static char **candidates = NULL;
static size_t candidate_count = 0, candidate_cap = 0;

void gs_completion_add(const char *candidate) {
    if (!candidate) return;
    if (candidate_count == candidate_cap) {
        size_t cap = candidate_cap ? candidate_cap * 2 : 32;
        char **grown = realloc(candidates, cap * sizeof *grown);
        if (!grown) return;
        candidates = grown;
        candidate_cap = cap;
    }
    char *copy = strdup(candidate);
    if (copy) candidates[candidate_count++] = copy;
}

void gs_completion_set_append(int ch) { rl_completion_append_character = ch; }

static void clear_candidates(void) {
    for (size_t i = 0; i < candidate_count; i++) free(candidates[i]);
    candidate_count = 0;
}

// Generator for rl_completion_matches: hands out the stored candidates one by one (readline
// frees what we return).
static char *candidate_generator(const char *text, int state) {
    static size_t next;
    (void)text;
    if (state == 0) next = 0;
    if (next < candidate_count) return strdup(candidates[next++]);
    return NULL;
}

static char **attempted_completion(const char *text, int start, int end) {
    rl_attempted_completion_over = 1;  // never fall back to file names
    rl_completion_append_character = '\0';
    clear_candidates();
    if (swift_completer) swift_completer(rl_line_buffer, start, end);
    if (candidate_count == 0) return NULL;
    return rl_completion_matches(text, candidate_generator);
}

void gs_rl_configure(const char *app_name, const char *word_breaks, gs_completer_fn completer) {
    static char name_buf[64];
    static char breaks_buf[128];
    if (app_name) {
        strncpy(name_buf, app_name, sizeof name_buf - 1);
        rl_readline_name = name_buf;
    }
    if (word_breaks) {
        strncpy(breaks_buf, word_breaks, sizeof breaks_buf - 1);
        rl_basic_word_break_characters = breaks_buf;
        rl_completer_word_break_characters = breaks_buf;
    }
    rl_catch_signals = 0;
    rl_catch_sigwinch = 0;
    rl_change_environment = 0;  // keep LINES/COLUMNS out of the environment
    swift_completer = completer;
    rl_attempted_completion_function = completer ? attempted_completion : NULL;
}

// ---- line reading ----------------------------------------------------------------------------

static char *read_line = NULL;
static int read_done = 0;

static void line_handler(char *line) {
    read_line = line;
    read_done = 1;
    rl_callback_handler_remove();  // do not redisplay the prompt after accepting
}

char *gs_readline(const char *prompt, int *status) {
    *status = 0;
    read_line = NULL;
    read_done = 0;
    (void)gs_sigint_take();  // a Ctrl-C from before this prompt does not clear it
    rl_callback_handler_install(prompt, line_handler);
    int fd = fileno(rl_instream ? rl_instream : stdin);
    while (!read_done) {
        if (gs_sigwinch_take()) {
            rl_resize_terminal();
        }
        fd_set fds;
        FD_ZERO(&fds);
        FD_SET(fd, &fds);
        int r = select(fd + 1, &fds, NULL, NULL, NULL);
        if (r < 0) {
            if (errno != EINTR) {
                rl_callback_handler_remove();
                *status = 3;
                return NULL;
            }
            if (gs_sigint_pending()) {  // left counted: the caller may ask (learn's prompt)
                // Ctrl-C: leave what was typed visible with "^C" after it, drop it, start afresh.
                FILE *out = rl_outstream ? rl_outstream : stdout;
                rl_point = rl_end;
                rl_redisplay();
                fputs("^C", out);
                rl_crlf();
                fflush(out);
                rl_free_line_state();
                rl_callback_sigcleanup();
                rl_callback_handler_remove();
                *status = 2;
                return NULL;
            }
            continue;
        }
        rl_callback_read_char();
    }
    if (!read_line) *status = 1;
    return read_line;
}

void gs_free(void *p) { free(p); }

// ---- history ---------------------------------------------------------------------------------

void gs_history_add(const char *line) { if (line && *line) add_history(line); }
int gs_history_read(const char *path) { return read_history(path); }
int gs_history_append(const char *path, int n) {
    if (access(path, F_OK) != 0) {
        int e = write_history(path);  // creates the file with the whole (short) history
        return e;
    }
    return append_history(n, path);
}
int gs_history_truncate(const char *path, int lines) { return history_truncate_file(path, lines); }
void gs_history_stifle(int n) { stifle_history(n); }
int gs_history_length(void) { return history_length; }
const char *gs_history_get(int i) {
    HIST_ENTRY *e = history_get(history_base + i);
    return e ? e->line : NULL;
}
