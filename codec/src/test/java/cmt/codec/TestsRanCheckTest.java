package cmt.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The build's check that every test class ran ({@code .ci/tests-ran.sh}) fails when one did not. */
class TestsRanCheckTest {
    private static final Path SCRIPT = Path.of(System.getProperty("cmt.root", "..")).resolve(".ci/tests-ran.sh");

    @Test
    void aTestClassWithoutAReportFailsTheBuild(@TempDir Path module) throws Exception {
        Path test = write(module.resolve("src/test/java/x/ATest.java"), "class ATest {\n    @Test\n    void a() {}\n}\n");
        write(module.resolve("src/test/java/x/Helper.java"), "class Helper {}\n");
        write(module.resolve("src/test/java/x/Sample01_Skipped.java"), "class S {\n    @FuzzTest\n    void p(byte[] b) {}\n}\n");
        Result r = run(module, "");
        assertEquals(1, r.status);
        assertTrue(r.err.contains("x.ATest") && r.err.contains("x.Sample01_Skipped") && !r.err.contains("Helper"), r.err);

        Path reports = module.resolve("target/surefire-reports");
        write(reports.resolve("TEST-x.ATest.xml"), "<testsuite/>");
        write(reports.resolve("TEST-x.Sample01_Skipped.xml"), "<testsuite/>");
        assertEquals(0, run(module, "").status);

        // A class compiled after its report was written did not run this time.
        Path compiled = write(module.resolve("target/test-classes/x/ATest.class"), "");
        Files.setLastModifiedTime(compiled, FileTime.from(Instant.now().plusSeconds(60)));
        assertEquals(1, run(module, "").status);
        assertEquals(0, run(module, "ATest").status, "a -Dtest filter runs only some classes");
        assertTrue(Files.exists(test));
    }

    private record Result(int status, String err) {
    }

    private static Result run(Path module, String filter) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", SCRIPT.toString(), module.toString(), filter).redirectOutput(
                ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(p.getErrorStream().readAllBytes());
        return new Result(p.waitFor(), err);
    }

    private static Path write(Path p, String text) throws IOException {
        Files.createDirectories(p.getParent());
        return Files.writeString(p, text);
    }
}
