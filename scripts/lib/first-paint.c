/* first-paint: how long a program takes, from exec, to write MARKER on an 80x24 terminal.
 *
 *   first-paint MARKER PROGRAM [ARG...]
 *
 * Prints the seconds from just before fork to the read that completes MARKER on the pseudo-terminal
 * (TERM=xterm-256color, LANG=C.UTF-8), then ends the program with SIGKILL and reaps it. Exit 1, with
 * the last bytes written, if the program ends or 10 seconds pass first. scripts/bench-first-screen
 * starts every program it compares through this one launcher, so no interpreter's own start-up (a
 * Python harness added 2-2.5 ms to each) is counted against any of them (issue 37).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double since(const struct timespec *t0) {
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: first-paint MARKER PROGRAM [ARG...]\n");
        return 2;
    }
    const char *marker = argv[1];
    size_t mlen = strlen(marker);
    struct winsize size = {.ws_row = 24, .ws_col = 80};
    setenv("TERM", "xterm-256color", 1);
    setenv("LANG", "C.UTF-8", 1);
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int master;
    pid_t pid = forkpty(&master, NULL, NULL, &size);
    if (pid < 0) { perror("forkpty"); return 1; }
    if (pid == 0) {
        execvp(argv[2], argv + 2);
        _exit(127);
    }
    /* Everything read is kept (a first screen is a few kilobytes), so a marker split across two
     * reads is still found. */
    size_t cap = 1 << 20, have = 0;
    char *seen = malloc(cap);
    double found = -1;
    while (found < 0) {
        struct pollfd p = {.fd = master, .events = POLLIN};
        int left = (int)((10.0 - since(&t0)) * 1000);
        if (left <= 0 || poll(&p, 1, left) <= 0) break;
        if (have == cap) { memmove(seen, seen + cap / 2, cap / 2); have = cap / 2; }
        ssize_t n = read(master, seen + have, cap - have);
        if (n <= 0) break;
        size_t from = have > mlen ? have - mlen : 0;
        have += (size_t)n;
        if (memmem(seen + from, have - from, marker, mlen)) found = since(&t0);
    }
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    close(master);
    if (found < 0) {
        size_t tail = have > 300 ? 300 : have;
        fprintf(stderr, "first-paint: %s never wrote the marker; its last bytes: %.*s\n", argv[2], (int)tail, seen + have - tail);
        return 1;
    }
    printf("%.6f\n", found);
    return 0;
}
