package cmt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cmt.codec.TraceReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code cmt kernel install}, and {@code cmt notebook}, which installs the same way before starting Jupyter. */
class KernelCommandTest {
    @TempDir
    Path tmp;
    List<String> files;
    final StringWriter err = new StringWriter();

    @BeforeEach
    void files() throws Exception {
        Path java = Files.writeString(tmp.resolve("java"), "#!/bin/sh\n");
        Path ijava = Files.writeString(tmp.resolve("ijava-1.3.0.jar"), "ijava");
        Path codec = Path.of(TraceReader.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        files = List.of("--java", java.toString(), "--ijava-jar", ijava.toString(), "--class-path", codec.toString());
    }

    int cmt(String... args) {
        CommandLine cl = Cmt.commandLine();
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    private String[] install(String... more) {
        List<String> args = new ArrayList<>(List.of("kernel", "install", "--prefix", tmp.resolve("p").toString()));
        args.addAll(files);
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void installsIntoAPrefix() throws IOException {
        assertEquals(0, cmt(install()), err.toString());
        Path dir = tmp.resolve("p/share/jupyter/kernels/cmt-java");
        String json = Files.readString(dir.resolve("kernel.json"));
        assertTrue(json.contains("\"display_name\": \"Java (cmt)\""), json);
        assertTrue(json.contains("\"interrupt_mode\": \"message\""), json);
        assertTrue(json.contains("\"" + tmp.resolve("java") + "\""), "the Java asked for, by absolute path: " + json);
        assertTrue(Files.readString(dir.resolve("startup.jshell")).contains("import cmt.codec.*;"));
        assertTrue(Files.isRegularFile(dir.resolve("lib/ijava-1.3.0.jar")));
        assertEquals(0, cmt(install()), "a cmt kernelspec is replaced: " + err);
    }

    @Test
    void aForeignKernelspecIsKeptUnlessForced() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("p/share/jupyter/kernels/cmt-java"));
        Files.writeString(dir.resolve("kernel.json"), "{}");
        assertEquals(Defaults.EXIT_BAD_INPUT, cmt(install()));
        assertEquals("cmt: " + dir + ": exists and is not a cmt kernelspec (use --force to replace it)",
                err.toString().strip());
        assertEquals(0, cmt(install("--force")));
    }

    @Test
    void userAndPrefixExcludeEachOther() {
        assertEquals(Defaults.EXIT_USAGE, cmt("kernel", "install", "--user", "--prefix", "x"));
        assertEquals(Defaults.EXIT_USAGE, cmt("kernel"));
    }

    @Test
    void notebookInstallsLocallyAndStartsJupyterWithItsArguments() throws Exception {
        Path notebooks = Files.createDirectories(tmp.resolve("notebooks"));
        Path seen = tmp.resolve("seen.txt");
        Path jupyter = tmp.resolve("jupyter");
        Files.writeString(jupyter, "#!/bin/sh\necho \"$JUPYTER_PATH\" > " + seen + "\necho \"$@\" >> " + seen + "\nexit 3\n");
        assertTrue(jupyter.toFile().setExecutable(true));
        List<String> args = new ArrayList<>(List.of("notebook", "--jupyter", jupyter.toString(), "--dir",
                notebooks.toString(), "--prefix", tmp.resolve("local").toString()));
        args.addAll(files);
        args.addAll(List.of("--no-browser", "--port=8899"));
        assertEquals(3, cmt(args.toArray(String[]::new)), "Jupyter's exit status: " + err);
        List<String> lines = Files.readAllLines(seen);
        assertEquals(tmp.resolve("local/share/jupyter").toString(), lines.get(0).split(":")[0]);
        String root = "root".equals(System.getProperty("user.name")) ? " --allow-root" : "";
        assertEquals("notebook --notebook-dir=" + notebooks + root + " --no-browser --port=8899", lines.get(1));
        assertTrue(Files.isRegularFile(tmp.resolve("local/share/jupyter/kernels/cmt-java/kernel.json")));
    }

    @Test
    void notebookOpensTheQuickstartAsTheFrontPageUnlessANotebookIsNamed() throws Exception {
        Path notebooks = Files.createDirectories(tmp.resolve("notebooks"));
        Path quickstart = Files.writeString(notebooks.resolve("quickstart.ipynb"), "{}");
        Path seen = tmp.resolve("seen.txt");
        Path jupyter = tmp.resolve("jupyter");
        Files.writeString(jupyter, "#!/bin/sh\necho \"$@\" > " + seen + "\n");
        assertTrue(jupyter.toFile().setExecutable(true));
        String root = "root".equals(System.getProperty("user.name")) ? " --allow-root" : "";
        List<String> args = new ArrayList<>(List.of("notebook", "--jupyter", jupyter.toString(), "--dir",
                notebooks.toString(), "--prefix", tmp.resolve("local").toString()));
        args.addAll(files);

        assertEquals(0, cmt(args.toArray(String[]::new)), err.toString());
        assertTrue(Files.isRegularFile(quickstart));
        assertEquals("notebook --notebook-dir=" + notebooks + root + " --NotebookApp.default_url=/notebooks/quickstart.ipynb",
                Files.readString(seen).strip());

        args.add("other.ipynb");
        assertEquals(0, cmt(args.toArray(String[]::new)), err.toString());
        assertEquals("notebook --notebook-dir=" + notebooks + root + " other.ipynb", Files.readString(seen).strip());
    }

    @Test
    void notebookNamesAMissingJupyter() {
        assertEquals(Defaults.EXIT_USAGE, cmt("notebook", "--jupyter", tmp.resolve("none").toString()));
        assertTrue(err.toString().contains(tmp.resolve("none") + ": not found"), err.toString());
    }
}
