package cmt.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Test helper: one run of the command line with its exit status and everything it wrote to stderr. */
record CommandRun(int status, String err) {
    static CommandRun of(String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream saved = System.err;
        System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        int status;
        try {
            status = Cmt.commandLine().execute(args);
        } finally {
            System.err.flush();
            System.setErr(saved);
        }
        return new CommandRun(status, bytes.toString(StandardCharsets.UTF_8));
    }
}
