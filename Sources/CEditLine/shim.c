#include "CEditLine.h"
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

EditLine *sera_el_init(const char *program) {
    return el_init(program, stdin, stdout, stderr);
}

int sera_el_set_client_data(EditLine *editor, void *data) {
    return el_set(editor, EL_CLIENTDATA, data);
}

void *sera_el_client_data(EditLine *editor) {
    void *data = NULL;
    if (el_get(editor, EL_CLIENTDATA, &data) != 0) return NULL;
    return data;
}

int sera_el_set_prompt(EditLine *editor, sera_el_prompt_t prompt) {
    return el_set(editor, EL_PROMPT, prompt);
}

int sera_el_set_editor(EditLine *editor, const char *mode) {
    return el_set(editor, EL_EDITOR, mode);
}

int sera_el_set_signal_handling(EditLine *editor, int enabled) {
    return el_set(editor, EL_SIGNAL, enabled);
}

int sera_el_set_history(EditLine *editor, History *h) {
    return el_set(editor, EL_HIST, history, h);
}

int sera_el_add_function(EditLine *editor, const char *name, const char *help, sera_el_command_t function) {
    return el_set(editor, EL_ADDFN, name, help, function);
}

int sera_el_bind(EditLine *editor, const char *key, const char *command) {
    return el_set(editor, EL_BIND, key, command, NULL);
}

int sera_el_set_edit_tty(EditLine *editor, const char *setting) {
    return el_set(editor, EL_SETTY, "-d", setting, NULL);
}

int sera_history_set_size(History *h, int size) {
    HistEvent event;
    return history(h, &event, H_SETSIZE, size);
}

int sera_history_enter(History *h, const char *line) {
    HistEvent event;
    return history(h, &event, H_ENTER, line);
}

int sera_history_load(History *h, const char *path) {
    HistEvent event;
    return history(h, &event, H_LOAD, path);
}

int sera_history_save(History *h, const char *path) {
    HistEvent event;
    return history(h, &event, H_SAVE, path);
}

int sera_history_count(History *h) {
    HistEvent event;
    if (history(h, &event, H_GETSIZE) != 0) return 0;
    return event.num;
}

const char *sera_history_oldest(History *h) {
    HistEvent event;
    return history(h, &event, H_LAST) == 0 ? event.str : NULL;
}

const char *sera_history_newer(History *h) {
    HistEvent event;
    return history(h, &event, H_PREV) == 0 ? event.str : NULL;
}

static volatile sig_atomic_t interrupt_notify_fd = -1;
static volatile sig_atomic_t interrupt_armed = 0;

static void notify_interrupt(int signal_number) {
    (void)signal_number;
    int saved_errno = errno;
    char byte = 1;
    if (interrupt_armed && interrupt_notify_fd >= 0) (void)write(interrupt_notify_fd, &byte, 1);
    errno = saved_errno;
}

void sera_arm_interrupt_handler(int armed) {
    interrupt_armed = armed;
}

int sera_install_interrupt_handler(int notify_fd) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = notify_interrupt;
    action.sa_flags = SA_RESTART;
    sigemptyset(&action.sa_mask);
    interrupt_notify_fd = notify_fd;
    return sigaction(SIGINT, &action, NULL);
}
