// libedit for the line-by-line front: line editing and an in-memory history at a terminal, with
// Ctrl-C and Ctrl-D read as keys rather than as a signal and the end of input. Kept in C because
// el_set takes variable arguments, which Swift cannot pass, and its callbacks are C functions.
//
// libedit is opened when the line front first needs it, not linked: loading it and the libbsd and
// libmd it brings cost every start about 0.17 ms (issue 37), and the full screen never uses it. It is
// still Debian's libedit2 (the package depends on it), so its security updates still apply.
#ifndef INTAKE_CEDIT_SHIM_H
#define INTAKE_CEDIT_SHIM_H

#include <dlfcn.h>
#include <histedit.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

// What ended a line.
enum { INTAKE_LINE_ENTER = 0, INTAKE_LINE_INTERRUPT = 1, INTAKE_LINE_END_OF_TEXT = 2 };

typedef struct intake_editor {
    EditLine *el;
    History *history;
    const char *prompt;
    int ended_by;
} intake_editor;

// A Ctrl-C that arrives as a signal (between prompts, while an answer is saved) is kept for the next
// prompt, which then asks whether to quit, instead of ending the process without the resume hint.
static volatile sig_atomic_t intake_editor_interrupted = 0;
static void intake_editor_on_interrupt(int sig) { (void)sig; intake_editor_interrupted = 1; }

// A closed terminal (SIGHUP) ends every command with status 129, its journal kept and its locks
// released (issue 33, item 7). The handler only notes the signal, so that the command can end in its
// own way (the line front sees the input end, a pager exits); if it has not ended a second later,
// the alarm ends it with _exit(129): every answer is already in the journal, and the kernel releases
// the flock()s. Both handlers are async-signal-safe: a flag, sigaction, alarm and _exit.
static volatile sig_atomic_t intake_hangup_signal = 0;
static void intake_hangup_deadline(int sig) { (void)sig; _exit(129); }
static void intake_on_hangup(int sig) {
    intake_hangup_signal = sig;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = intake_hangup_deadline;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGALRM, &sa, NULL);
    alarm(1);
}

// Installs the hang-up handler, unless SIGHUP is ignored (run under nohup: the user asked to carry on).
// No SA_RESTART: a read blocked on the gone terminal returns at once.
static inline void intake_watch_hangup(void) {
    struct sigaction old;
    if (sigaction(SIGHUP, NULL, &old) == 0 && old.sa_handler == SIG_IGN) return;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = intake_on_hangup;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGHUP, &sa, NULL);
}

static inline int intake_hung_up(void) { return intake_hangup_signal; }

// The libedit functions used here, found in libedit.so.2 on first use.
typedef struct intake_libedit {
    EditLine *(*el_init)(const char *, FILE *, FILE *, FILE *);
    void (*el_end)(EditLine *);
    int (*el_set)(EditLine *, int, ...);
    int (*el_get)(EditLine *, int, ...);
    const char *(*el_gets)(EditLine *, int *);
    History *(*history_init)(void);
    void (*history_end)(History *);
    int (*history)(History *, HistEvent *, int, ...);
} intake_libedit;

// libedit's functions, or NULL when libedit.so.2 cannot be opened or lacks one of them. Opened once;
// only the line front calls this, from one thread.
static inline const intake_libedit *intake_libedit_open(void) {
    static intake_libedit lib;
    static int state = 0;  // 0 not tried, 1 open, -1 unavailable
    if (state != 0) return state > 0 ? &lib : NULL;
    state = -1;
    void *handle = dlopen("libedit.so.2", RTLD_NOW | RTLD_LOCAL);
    if (handle == NULL) return NULL;
#define INTAKE_FIND(name) \
    if ((*(void **)&lib.name = dlsym(handle, #name)) == NULL) { dlclose(handle); return NULL; }
    INTAKE_FIND(el_init) INTAKE_FIND(el_end) INTAKE_FIND(el_set) INTAKE_FIND(el_get) INTAKE_FIND(el_gets)
    INTAKE_FIND(history_init) INTAKE_FIND(history_end) INTAKE_FIND(history)
#undef INTAKE_FIND
    state = 1;
    return &lib;
}

static intake_editor *intake_editor_of(EditLine *el) {
    void *data = NULL;
    const intake_libedit *lib = intake_libedit_open();
    if (lib == NULL) return NULL;
    lib->el_get(el, EL_CLIENTDATA, &data);
    return (intake_editor *)data;
}

static char *intake_editor_prompt(EditLine *el) {
    intake_editor *ed = intake_editor_of(el);
    return (char *)(ed && ed->prompt ? ed->prompt : "");
}

static unsigned char intake_editor_interrupt(EditLine *el, int ch) {
    (void)ch;
    intake_editor *ed = intake_editor_of(el);
    if (ed) ed->ended_by = INTAKE_LINE_INTERRUPT;
    return CC_NEWLINE;
}

static unsigned char intake_editor_end_of_text(EditLine *el, int ch) {
    (void)ch;
    intake_editor *ed = intake_editor_of(el);
    if (ed) ed->ended_by = INTAKE_LINE_END_OF_TEXT;
    return CC_NEWLINE;
}

// An editor on standard input, drawing on standard error (standard output is kept for the record).
// NULL when libedit cannot start (or cannot be opened).
static inline intake_editor *intake_editor_open(const char *program) {
    const intake_libedit *lib = intake_libedit_open();
    if (lib == NULL) return NULL;
    intake_editor *ed = calloc(1, sizeof *ed);
    if (ed == NULL) return NULL;
    ed->el = lib->el_init(program, stdin, stderr, stderr);
    if (ed->el == NULL) { free(ed); return NULL; }
    ed->history = lib->history_init();
    HistEvent event;
    if (ed->history != NULL) {
        lib->history(ed->history, &event, H_SETSIZE, 200);
        lib->history(ed->history, &event, H_SETUNIQUE, 1);
        lib->el_set(ed->el, EL_HIST, lib->history, ed->history);
    }
    lib->el_set(ed->el, EL_CLIENTDATA, (void *)ed);
    lib->el_set(ed->el, EL_EDITOR, "emacs");
    lib->el_set(ed->el, EL_PROMPT, intake_editor_prompt);
    lib->el_set(ed->el, EL_SIGNAL, 1);
    // While a line is edited the terminal sends Ctrl-C as a character, not SIGINT, so it can ask.
    lib->el_set(ed->el, EL_SETTY, "-d", "-isig", NULL);
    lib->el_set(ed->el, EL_ADDFN, "intake-interrupt", "ask whether to quit", intake_editor_interrupt);
    lib->el_set(ed->el, EL_ADDFN, "intake-end-of-text", "end the text", intake_editor_end_of_text);
    lib->el_set(ed->el, EL_BIND, "^C", "intake-interrupt", NULL);
    lib->el_set(ed->el, EL_BIND, "^D", "intake-end-of-text", NULL);
    // The same editing keys as the full screen's text fields, whichever form the terminal sends.
    static const char *const home[] = {"\033[1~", "\033[7~", "\033[H", "\033OH"};
    static const char *const end[] = {"\033[4~", "\033[8~", "\033[F", "\033OF"};
    for (unsigned i = 0; i < 4; i++) {
        lib->el_set(ed->el, EL_BIND, home[i], "ed-move-to-beg", NULL);
        lib->el_set(ed->el, EL_BIND, end[i], "ed-move-to-end", NULL);
    }
    lib->el_set(ed->el, EL_BIND, "\033[3~", "ed-delete-next-char", NULL);
    lib->el_set(ed->el, EL_BIND, "^U", "vi-kill-line-prev", NULL);
    lib->el_set(ed->el, EL_BIND, "^W", "ed-delete-prev-word", NULL);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = intake_editor_on_interrupt;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    return ed;
}

// One line without its line end, malloc'd, or NULL when input has ended (or the terminal is gone).
// `ended_by` says whether Enter, Ctrl-C or Ctrl-D ended it.
static inline char *intake_editor_read(intake_editor *ed, const char *prompt, int *ended_by) {
    *ended_by = INTAKE_LINE_ENTER;
    if (intake_editor_interrupted) {
        intake_editor_interrupted = 0;
        *ended_by = INTAKE_LINE_INTERRUPT;
        return strdup("");
    }
    ed->prompt = prompt;
    ed->ended_by = INTAKE_LINE_ENTER;
    int count = 0;
    // Open already: ed came from intake_editor_open.
    const intake_libedit *lib = intake_libedit_open();
    const char *line = lib->el_gets(ed->el, &count);
    if (intake_editor_interrupted) {
        intake_editor_interrupted = 0;
        ed->ended_by = INTAKE_LINE_INTERRUPT;
    }
    *ended_by = ed->ended_by;
    if (line == NULL || count <= 0) return ed->ended_by == INTAKE_LINE_ENTER ? NULL : strdup("");
    size_t length = strlen(line);
    while (length > 0 && (line[length - 1] == '\n' || line[length - 1] == '\r')) length--;
    char *copy = strndup(line, length);
    if (copy != NULL && length > 0 && ed->ended_by != INTAKE_LINE_INTERRUPT && ed->history != NULL) {
        HistEvent event;
        lib->history(ed->history, &event, H_ENTER, copy);
    }
    return copy;
}

static inline void intake_editor_close(intake_editor *ed) {
    if (ed == NULL) return;
    const intake_libedit *lib = intake_libedit_open();
    if (ed->history != NULL) lib->history_end(ed->history);
    lib->el_end(ed->el);
    free(ed);
}

#endif
