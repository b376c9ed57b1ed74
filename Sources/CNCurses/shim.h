// The parts of ncursesw that Swift cannot import directly: function-like macros, the stdscr global
// (Swift 6 rejects mutable C globals), and async-signal-safe signal bookkeeping.
#ifndef INTAKE_CNCURSES_SHIM_H
#define INTAKE_CNCURSES_SHIM_H

#define NCURSES_WIDECHAR 1
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <ncursesw/curses.h>
#include <ncursesw/term.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static inline int intake_color_pair(int n) { return (int)COLOR_PAIR(n); }
static inline int intake_a_bold(void) { return (int)A_BOLD; }
static inline int intake_a_reverse(void) { return (int)A_REVERSE; }
static inline int intake_a_underline(void) { return (int)A_UNDERLINE; }
static inline int intake_a_dim(void) { return (int)A_DIM; }
static inline int intake_key_f(int n) { return KEY_F(n); }
static inline int intake_rows(WINDOW *w) { int y, x; getmaxyx(w, y, x); (void)x; return y; }
static inline int intake_cols(WINDOW *w) { int y, x; getmaxyx(w, y, x); (void)y; return x; }

// Signals: the handler only records the number; the event loop notices it within its poll interval,
// restores the terminal and exits. A crash signal restores the terminal at once (best effort: the
// process is going down anyway), then dies by the same signal.
static volatile sig_atomic_t intake_pending_signal = 0;

static void intake_on_signal(int sig) { intake_pending_signal = sig; }

// Bracketed paste (xterm's mode 2004): the terminal marks pasted text, so a paste is never taken for
// keys. Written with write(2), which is safe in a signal handler; terminals without the mode ignore it.
static inline void intake_bracketed_paste(int on) {
    const char *s = on ? "\033[?2004h" : "\033[?2004l";
    ssize_t ignored = write(2, s, strlen(s));
    (void)ignored;
}

static void intake_on_crash(int sig) {
    intake_bracketed_paste(0);
    endwin();
    signal(sig, SIG_DFL);
    raise(sig);
}

static inline void intake_handle(int sig, void (*handler)(int)) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sigemptyset(&sa.sa_mask);
    sigaction(sig, &sa, NULL);
}

static inline void intake_install_signal_handlers(void) {
    // A write to a closed terminal then fails with EPIPE instead of killing the process mid-save.
    signal(SIGPIPE, SIG_IGN);
    const int quit[] = {SIGTERM, SIGHUP, SIGINT};
    const int crash[] = {SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT};
    for (unsigned i = 0; i < sizeof quit / sizeof quit[0]; i++) intake_handle(quit[i], intake_on_signal);
    for (unsigned i = 0; i < sizeof crash / sizeof crash[0]; i++) intake_handle(crash[i], intake_on_crash);
}

// Back to the default actions, for when the full screen is not used after all: the line front
// relies on Ctrl-C and a hang-up ending the process, not on a flag nobody reads.
static inline void intake_default_signal_handlers(void) {
    const int quit[] = {SIGTERM, SIGHUP, SIGINT};
    for (unsigned i = 0; i < sizeof quit / sizeof quit[0]; i++) signal(quit[i], SIG_DFL);
}

static inline int intake_take_signal(void) {
    int sig = intake_pending_signal;
    intake_pending_signal = 0;
    return sig;
}

// Opens curses on the given streams (the screen on stderr leaves stdout free for the record) and
// returns its standard window.
// Returns NULL also for a terminal that cannot place the cursor (TERM=dumb and the like): the screen
// would stay blank while keys answered questions unseen.
static inline WINDOW *intake_open(FILE *out, FILE *in) {
    SCREEN *screen = newterm(NULL, out, in);
    if (screen == NULL) return NULL;
    set_term(screen);
    const char *cup = tigetstr("cup");
    if (cup == NULL || cup == (char *)-1) {
        endwin();
        delscreen(screen);
        return NULL;
    }
    return stdscr;
}

// Whether standard input has hung up (the terminal closed without a SIGHUP reaching us): reads then
// return nothing at once, and the loop would spin.
static inline int intake_input_closed(void) {
    struct pollfd p = { .fd = 0, .events = POLLIN, .revents = 0 };
    if (poll(&p, 1, 0) < 0) return 0;
    return (p.revents & (POLLHUP | POLLERR | POLLNVAL)) != 0;
}

static inline FILE *intake_stderr(void) { return stderr; }
static inline FILE *intake_stdin(void) { return stdin; }

#endif
