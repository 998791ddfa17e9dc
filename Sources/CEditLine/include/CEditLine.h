#ifndef CEDITLINE_H
#define CEDITLINE_H

/*
 * libedit for Swift. el_set(), el_get() and history() are variadic, and Swift cannot call a
 * variadic C function, so each use Sera makes of them has a fixed-argument wrapper here. The
 * non-variadic calls (el_gets, el_line, el_insertstr, el_deletestr, el_push, el_resize,
 * el_source, el_end, history_init, history_end) are called from Swift directly.
 */
#include <histedit.h>

/* An editor command bound to a key (EL_ADDFN): returns one of the CC_* codes. */
typedef unsigned char (*sera_el_command_t)(EditLine *editor, int key);
/* The prompt callback (EL_PROMPT). */
typedef char *(*sera_el_prompt_t)(EditLine *editor);

/* An editor on the process's stdin, stdout and stderr (el_init needs the FILE globals). */
EditLine *sera_el_init(const char *program);

/* EL_CLIENTDATA: the Swift object behind an editor, so callbacks need no global. */
int sera_el_set_client_data(EditLine *editor, void *data);
void *sera_el_client_data(EditLine *editor);

int sera_el_set_prompt(EditLine *editor, sera_el_prompt_t prompt);
/* EL_EDITOR: "emacs" or "vi". */
int sera_el_set_editor(EditLine *editor, const char *mode);
/* EL_SIGNAL: libedit restores the terminal on signals and follows window size changes. */
int sera_el_set_signal_handling(EditLine *editor, int enabled);
/* EL_HIST with the narrow history() function. */
int sera_el_set_history(EditLine *editor, History *h);
/* EL_ADDFN: a named editor command that `bind` (and ~/.editrc) can use. */
int sera_el_add_function(EditLine *editor, const char *name, const char *help, sera_el_command_t function);
/* EL_BIND: `bind KEY COMMAND`, as in ~/.editrc. */
int sera_el_bind(EditLine *editor, const char *key, const char *command);
/* EL_SETTY -d: a terminal setting (e.g. "-isig") applied while a line is being edited. */
int sera_el_set_edit_tty(EditLine *editor, const char *setting);

/* history(): size cap, add an entry, load and save the file, count and walk the entries. */
int sera_history_set_size(History *h, int size);
int sera_history_enter(History *h, const char *line);
int sera_history_load(History *h, const char *path);
int sera_history_save(History *h, const char *path);
int sera_history_count(History *h);
/* The oldest entry (H_LAST) and the next newer one (H_PREV); NULL past the newest. */
const char *sera_history_oldest(History *h);
const char *sera_history_newer(History *h);

/*
 * SIGINT while a command runs: when armed, the handler writes one byte to `notify_fd` (a pipe
 * the shell reads on another thread) and does nothing else, which is all a signal handler may
 * safely do. A handler gets no context pointer, so the descriptor and the armed flag are the
 * statics of this file. Installed with sigaction() before the editor first reads a line, so
 * libedit, which saves and restores the handlers around each line, always restores this one.
 */
int sera_install_interrupt_handler(int notify_fd);
/* Armed while a command runs; a SIGINT at any other time is dropped here. */
void sera_arm_interrupt_handler(int armed);

#endif
