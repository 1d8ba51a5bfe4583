package cmt.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code cmt notebook} started as a user starts it ({@code java -jar cli/target/cmt.jar notebook}, from
 * the repository root) on a workspace of the test's, with the address it printed; {@link #stop} ends it
 * with a signal and checks that it ended as a user expects.
 */
record NotebookServer(Process process, Path err, int port, String token) {
    private static final Pattern TOKEN = Pattern.compile("http://localhost:(\\d+)/\\?token=([0-9a-f]+)");
    /**
     * What may be on standard error: cmt's lines, Jupyter's log lines, the indented lines of its banner, and
     * the notice pydevd (imported by Jupyter's Python) prints when it starts.
     */
    private static final Pattern ALLOWED = Pattern.compile(
            "cmt: (your copies of the notebooks are in .*|kernelspec \"Java \\(cmt\\)\" in .*)"
                    + "|\\[[DIWC] \\d\\d:\\d\\d:\\d\\d\\.\\d+ NotebookApp\\].*|\\s.*|\\d+\\.\\d+s - .*|");

    /**
     * Removes {@code workspace}, so that the next {@link #start} copies the notebooks afresh, as for a
     * newcomer (a workspace left by an earlier run, with the notebooks changed since, makes cmt say that it
     * keeps the changed copy).
     */
    static void fresh(Path workspace) throws IOException {
        if (Files.exists(workspace)) {
            try (var all = Files.walk(workspace)) {
                all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Starts {@code cmt notebook --no-browser} on {@code workspace}; {@code name} names its stderr file in target/. */
    static NotebookServer start(String name, Path workspace) throws IOException, InterruptedException {
        Jupyter.environment();
        Path jar = Jupyter.root().resolve("cli/target/cmt.jar");
        Path err = Files.createDirectories(Path.of("target").toAbsolutePath()).resolve(name + ".err");
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-jar", jar.toString(), "notebook", "--no-browser",
                "--port=" + freePort(), "--workspace", workspace.toString(),
                "--prefix", Path.of("target/session-jupyter").toAbsolutePath().toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(Jupyter.root().toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile());
        pb.environment().put("JUPYTER_RUNTIME_DIR", Path.of("target/session-runtime").toAbsolutePath().toString());
        Process p = pb.start();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < until && p.isAlive()) {
            Matcher m = TOKEN.matcher(Files.readString(err));
            if (m.find()) {
                return new NotebookServer(p, err, Integer.parseInt(m.group(1)), m.group(2));
            }
            Thread.sleep(200);
        }
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        fail("cmt notebook did not print its address:\n" + Files.readString(err));
        return null;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The address cmt notebook printed. */
    String url() {
        return "http://localhost:" + port + "/?token=" + token;
    }

    /** Stops the server with {@code signal} (INT or TERM); asserts status 0, nothing left, and a clean stderr. */
    void stop(String signal) throws IOException, InterruptedException {
        List<ProcessHandle> children = process.descendants().toList();
        new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start().waitFor();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            fail("cmt notebook still running 60 s after SIG" + signal);
        }
        String text = Files.readString(err);
        assertEquals(0, process.exitValue(), "status after SIG" + signal + ":\n" + text);
        for (String line : text.split("\n")) {
            assertTrue(ALLOWED.matcher(line).matches(), "SIG" + signal + ": unexpected line on stderr: " + line + "\n" + text);
        }
        Thread.sleep(500);
        assertFalse(children.stream().anyMatch(ProcessHandle::isAlive), "Jupyter or a kernel left running");
    }
}
