package cmt.replay;

import java.util.Map;

/** Names of the POSIX signals a dying process reports (Linux numbering), for messages. */
public final class Signals {
    private static final Map<Integer, String> NAMES = Map.ofEntries(Map.entry(1, "SIGHUP"), Map.entry(2, "SIGINT"),
            Map.entry(3, "SIGQUIT"), Map.entry(4, "SIGILL"), Map.entry(5, "SIGTRAP"), Map.entry(6, "SIGABRT"),
            Map.entry(7, "SIGBUS"), Map.entry(8, "SIGFPE"), Map.entry(9, "SIGKILL"), Map.entry(11, "SIGSEGV"),
            Map.entry(13, "SIGPIPE"), Map.entry(14, "SIGALRM"), Map.entry(15, "SIGTERM"), Map.entry(24, "SIGXCPU"),
            Map.entry(25, "SIGXFSZ"), Map.entry(31, "SIGSYS"));

    private Signals() {
    }

    /** {@code SIGSEGV} for 11; {@code signal 40} for a number without a name here. */
    public static String name(int signal) {
        return NAMES.getOrDefault(signal, "signal " + signal);
    }
}
