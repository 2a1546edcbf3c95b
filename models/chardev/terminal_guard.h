// Process-wide terminal guard: puts a terminal into raw mode for the simulation and restores
// its original settings on every way out of the process — normal exit and std::exit (atexit),
// std::quick_exit (at_quick_exit), an uncaught exception (std::terminate handler) and the fatal
// signals SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGSEGV, SIGBUS, SIGFPE, SIGILL and SIGABRT
// (the handler restores the terminal, then re-raises the signal with its previous action; a
// signal the process ignores, such as SIGPIPE in vp, stays ignored). Only _exit() and SIGKILL
// escape it.
#pragma once

namespace vp::terminal {

// Raw mode on `fd` (no echo, no line editing, no signal keys, no input translation; output
// post-processing stays on so "\n" still starts a new line). Saves the original settings the
// first time; returns false when `fd` is not a terminal.
bool make_raw(int fd);
// Restores the saved settings (async-signal-safe, idempotent). Called by the handlers above.
void restore();
// True between make_raw() and restore().
bool is_raw();

}  // namespace vp::terminal
