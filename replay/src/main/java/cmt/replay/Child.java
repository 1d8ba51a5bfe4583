package cmt.replay;

import java.lang.foreign.Arena;
import java.nio.file.Path;

/**
 * The main class of a replay's child process (started by {@link ChildProcess}; not for people).
 *
 * <p>Arguments: {@code CURSOR RESULT PARENT_PID SETTINGS INPUT}, each a file but the parent's process id
 * (SETTINGS holds {@link Settings} as {@link Settings#write} wrote them). The child maps the cursor file,
 * replays, writes the outcome to the result file and exits 0 (result) or 3 (a failure it could report).
 * Any other end is a crash, which the parent reads from the cursor. A watchdog thread halts the child
 * when its parent is gone, so a killed CLI or notebook kernel leaves no replay behind.
 */
public final class Child {
    static final int EXIT_REPORTED = 3;
    private static final long WATCH_MILLIS = 500;

    private Child() {
    }

    public static void main(String[] args) {
        Path cursorFile = Path.of(args[0]);
        Path resultFile = Path.of(args[1]);
        watch(Long.parseLong(args[2]));
        Settings settings = Settings.read(Path.of(args[3]));
        String input = args[4];
        // The loop writes to the cursor until exit: the mapping must outlive everything, hence global.
        Cursor cursor = Cursor.mapped(cursorFile, Arena.global(), false);
        int status = 0;
        try {
            ResultFile.write(resultFile, Engine.run(settings, input, cursor, true, null));
        } catch (Throwable t) {
            ResultFile.write(resultFile, t);
            status = EXIT_REPORTED;
        }
        System.out.flush();
        // halt, not exit: no shutdown hooks or library destructors run after the result is safe.
        Runtime.getRuntime().halt(status);
    }

    private static void watch(long parentPid) {
        ProcessHandle parent = ProcessHandle.of(parentPid).orElse(null);
        Thread t = new Thread(() -> {
            while (parent != null && parent.isAlive()) {
                try {
                    Thread.sleep(WATCH_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
            Runtime.getRuntime().halt(EXIT_REPORTED + 1);
        }, "cmt-replay-watchdog");
        t.setDaemon(true);
        t.start();
    }
}
